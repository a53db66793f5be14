import Foundation

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
