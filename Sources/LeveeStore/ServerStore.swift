import Foundation
import GRDB

/// Evaluations as the server keeps them: asynchronous, so a networked database never blocks a worker thread.
/// `EvaluationStore` is the synchronous form the command line uses on SQLite.
public protocol ItemEvaluationStore: Sendable {
    /// Records the latest evaluation of a source, replacing an earlier one of the same source.
    func saveEvaluation(_ item: StoredEvaluation) async throws
    func storedEvaluation(source: String) async throws -> StoredEvaluation?
}

/// Named leases for work only one replica may do at a time (the lifecycle timers): a lease is held by one owner until
/// it runs out; its holder may renew it.
public protocol LeaseStore: Sendable {
    /// Whether other processes may use the same database (PostgreSQL): then no process may take back every lease at
    /// start, only those that ran out.
    var sharedByReplicas: Bool { get }
    /// Takes or renews the lease `name` for `seconds`; true when `owner` holds it afterwards.
    func acquireLease(name: String, owner: String, now: Date, seconds: TimeInterval) async throws -> Bool
    /// Gives the lease up, if `owner` holds it.
    func releaseLease(name: String, owner: String) async throws
}

/// Everything the server stores. SQLite (one process) and PostgreSQL (several replicas) both provide it, and both run
/// the same contract tests.
public typealias ServerStore =
    InboxStore & ActionLogStore & TrustStore & LifecycleStore & FingerprintStore & ItemEvaluationStore & LeaseStore
    & DashboardStore & OutcomeStore

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
