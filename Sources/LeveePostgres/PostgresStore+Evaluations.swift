import Foundation
import LeveeCore
import LeveeStore
import PostgresNIO

/// Evaluations and leases.
extension PostgresStore {
    public func saveEvaluation(_ item: StoredEvaluation) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = String(decoding: try encoder.encode(item.evaluation), as: UTF8.self)
        let e = item.evaluation
        _ = try await rows(
            "record \(item.source)",
            """
            INSERT INTO evaluation
                (source, kind, number, verdict, slop_score, review_minutes, evaluated_at, body, queued)
            VALUES (\(item.source), \(e.kind.rawValue), \(e.number), \(e.verdict.rawValue), \(e.slopScore),
                    \(e.reviewMinutes), \(item.evaluatedAt.timeIntervalSince1970), \(body), \(Int16(item.queued ? 1 : 0)))
            ON CONFLICT (source) DO UPDATE SET kind = excluded.kind, number = excluded.number,
                verdict = excluded.verdict, slop_score = excluded.slop_score, review_minutes = excluded.review_minutes,
                evaluated_at = excluded.evaluated_at, body = excluded.body, queued = excluded.queued
            """)
    }

    public func storedEvaluation(source: String) async throws -> StoredEvaluation? {
        try await rows(
            "read the evaluation of \(source)",
            "SELECT source, queued, evaluated_at, body FROM evaluation WHERE source = \(source)"
        ).first.map(decodeEvaluation)
    }

    public func releaseLease(name lease: String, owner: String) async throws {
        _ = try await rows(
            "release the lease \(lease)", "DELETE FROM lease WHERE name = \(lease) AND owner = \(owner)")
    }

    public func acquireLease(name lease: String, owner: String, now: Date, seconds: TimeInterval) async throws -> Bool {
        let t = now.timeIntervalSince1970
        return try await !rows(
            "take the lease \(lease)",
            """
            INSERT INTO lease (name, owner, until) VALUES (\(lease), \(owner), \(t + seconds))
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
            WHERE lease.owner = excluded.owner OR lease.until < \(t)
            RETURNING owner
            """
        ).isEmpty
    }
}
