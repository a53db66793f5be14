import Foundation
import LeveeCore
import LeveeStore
import PostgresNIO

/// Outcomes of closed items and decisions said on open ones.
extension PostgresStore {
    public func saveOutcome(_ outcome: ItemOutcome) async throws {
        let body = try StoredJSON.text(outcome)
        _ = try await rows(
            "save the outcome of \(outcome.repository)#\(outcome.number)",
            """
            INSERT INTO outcome (repository, number, closed_at, body)
            VALUES (\(outcome.repository), \(outcome.number), \(outcome.closedAt.timeIntervalSince1970), \(body))
            ON CONFLICT (repository, number) DO UPDATE SET closed_at = EXCLUDED.closed_at, body = EXCLUDED.body
            """)
    }

    public func outcomes(repository: String?, since: Date) async throws -> [ItemOutcome] {
        let query: PostgresQuery =
            repository.map {
                "SELECT body FROM outcome WHERE repository = \($0) AND closed_at >= \(since.timeIntervalSince1970) ORDER BY closed_at, repository, number"
            }
            ?? "SELECT body FROM outcome WHERE closed_at >= \(since.timeIntervalSince1970) ORDER BY closed_at, repository, number"
        return try await rows("list outcomes", query).map {
            try StoredJSON.value(ItemOutcome.self, from: try $0.makeRandomAccess().value("body", as: String.self))
        }
    }

    public func saveDecision(_ decision: ItemDecision) async throws {
        let body = try StoredJSON.text(decision)
        _ = try await rows(
            "save the \(decision.kind.rawValue) decision on \(decision.repository)#\(decision.number)",
            """
            INSERT INTO decision (repository, number, kind, at, body)
            VALUES (\(decision.repository), \(decision.number), \(decision.kind.rawValue), \(decision.at.timeIntervalSince1970), \(body))
            ON CONFLICT (repository, number, kind) DO UPDATE SET at = EXCLUDED.at, body = EXCLUDED.body
            """)
    }

    public func decisions(repository: String?, since: Date) async throws -> [ItemDecision] {
        let query: PostgresQuery =
            repository.map {
                "SELECT body FROM decision WHERE repository = \($0) AND at >= \(since.timeIntervalSince1970) ORDER BY at, repository, number, kind"
            }
            ?? "SELECT body FROM decision WHERE at >= \(since.timeIntervalSince1970) ORDER BY at, repository, number, kind"
        return try await rows("list decisions", query).map {
            try StoredJSON.value(ItemDecision.self, from: try $0.makeRandomAccess().value("body", as: String.self))
        }
    }
}
