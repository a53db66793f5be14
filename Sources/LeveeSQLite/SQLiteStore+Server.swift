import Foundation
import GRDB
import LeveeStore

extension SQLiteStore: ItemEvaluationStore, LeaseStore {
    /// One SQLite database serves one process.
    public var sharedByReplicas: Bool { false }

    public func saveEvaluation(_ item: StoredEvaluation) async throws { try record(item) }

    public func storedEvaluation(source: String) async throws -> StoredEvaluation? { try evaluation(source: source) }

    public func releaseLease(name: String, owner: String) async throws {
        try await wrap("release the lease \(name)") {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM lease WHERE name = ? AND owner = ?", arguments: [name, owner])
            }
        }
    }

    public func acquireLease(name: String, owner: String, now: Date, seconds: TimeInterval) async throws -> Bool {
        let t = now.timeIntervalSince1970
        return try await wrap("take the lease \(name)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO lease (name, owner, until) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
                        WHERE lease.owner = excluded.owner OR lease.until < ?
                        """,
                    arguments: [name, owner, t + seconds, t])
                return try String.fetchOne(db, sql: "SELECT owner FROM lease WHERE name = ?", arguments: [name])
                    == owner
            }
        }
    }
}
