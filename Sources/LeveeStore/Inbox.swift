import Foundation
import LeveeCore

/// A webhook delivery as the server received it, before anything is done with it.
public struct InboundDelivery: Sendable, Hashable {
    /// GitHub's `X-GitHub-Delivery` GUID: the inbox stores each one once.
    public var deliveryID: String
    /// `X-GitHub-Event`.
    public var event: String
    public var action: String?
    /// `owner/name`, when the payload names a repository.
    public var repository: String?
    public var installationID: Int?
    public var receivedAt: Date
    /// The exact body bytes that were signed.
    public var body: Data

    public init(
        deliveryID: String, event: String, action: String? = nil, repository: String? = nil,
        installationID: Int? = nil, receivedAt: Date, body: Data
    ) {
        self.deliveryID = deliveryID
        self.event = event
        self.action = action
        self.repository = repository
        self.installationID = installationID
        self.receivedAt = receivedAt
        self.body = body
    }
}

/// Where a delivery stands in the inbox.
public enum InboxState: String, Sendable, Codable, CaseIterable {
    /// Stored, waiting for a worker (or for its retry time).
    case pending
    /// Claimed by a worker whose lease has not run out.
    case processing
    /// Processed; `outcome` says what came of it.
    case done
    /// Failed too often; kept with its last error for a person to look at.
    case dead
}

/// A delivery in the inbox with its processing state.
public struct InboxItem: Sendable, Hashable {
    public var id: Int64
    public var delivery: InboundDelivery
    public var state: InboxState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var leaseUntil: Date?
    public var lastError: String?
    public var outcome: String?
    public var processedAt: Date?

    public init(
        id: Int64, delivery: InboundDelivery, state: InboxState, attempts: Int, nextAttemptAt: Date,
        leaseUntil: Date? = nil, lastError: String? = nil, outcome: String? = nil, processedAt: Date? = nil
    ) {
        self.id = id
        self.delivery = delivery
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.leaseUntil = leaseUntil
        self.lastError = lastError
        self.outcome = outcome
        self.processedAt = processedAt
    }
}

/// What `enqueue` did with a delivery.
public enum EnqueueResult: Sendable, Equatable {
    case stored(id: Int64)
    /// The same `X-GitHub-Delivery` was stored before; nothing was written.
    case duplicate(id: Int64)
}

/// The durable inbox between the webhook route and the worker. A delivery is acknowledged only after `enqueue`
/// returns; a worker claims it with a lease, and either completes it or records the failure and a retry time.
public protocol InboxStore: Sendable {
    /// Stores the delivery, committed, unless its delivery id is already there.
    func enqueue(_ delivery: InboundDelivery) async throws -> EnqueueResult
    /// Takes the oldest delivery that is due (pending and past its retry time, or processing with a lease that ran
    /// out) and leases it to `owner` until `now + lease`. Nil when nothing is due.
    func claim(owner: String, now: Date, lease: TimeInterval) async throws -> InboxItem?
    /// Marks a claimed delivery processed. Does nothing unless `owner` still holds its lease.
    @discardableResult
    func complete(id: Int64, owner: String, outcome: String, now: Date) async throws -> Bool
    /// Records a failure: back to pending until `retryAt`, or dead when `retryAt` is nil.
    @discardableResult
    func fail(id: Int64, owner: String, error: String, retryAt: Date?, now: Date) async throws -> Bool
    /// Puts a claimed delivery back to wait until `until`, without counting the attempt (its item was busy).
    @discardableResult
    func postpone(id: Int64, owner: String, until: Date) async throws -> Bool
    /// Gives back every lease held by `owner` (a worker stopping cleanly), or every lease when `owner` is nil
    /// (a single-process server starting: nobody else can hold one).
    func releaseLeases(owner: String?) async throws -> Int
    /// Deliveries not yet done or dead.
    func depth() async throws -> Int
    func item(deliveryID: String) async throws -> InboxItem?
    /// The latest deliveries, newest first.
    func items(limit: Int) async throws -> [InboxItem]
}

/// What happened to a planned action.
public enum ActionStatus: String, Sendable, Codable, CaseIterable {
    /// Shadow mode: recorded with its reason, nothing sent.
    case shadow
    /// Sent to GitHub and accepted.
    case sent
    /// Already so on GitHub (the label was there, the comment unchanged): nothing sent.
    case unchanged
    /// GitHub refused it; `detail` says why.
    case failed
}

/// The action log's kinds are the effects' kinds (`Effect.Kind`, LeveeCore): exactly the values of the
/// `action_log.kind` CHECK on both backends.
public typealias ActionLogKind = Effect.Kind

extension Effect.Kind {
    /// The kind a stored row names; an error naming the value when it is none of them.
    public init(stored: String) throws {
        guard let kind = Effect.Kind(rawValue: stored) else {
            throw StoreError(database: "action_log", reason: "unknown action kind `\(stored)`")
        }
        self = kind
    }
}

/// One line of the action log: what Levee did, or would have done, about one contribution, and why.
public struct ActionRecord: Sendable, Hashable, Codable {
    public var deliveryID: String
    public var repository: String
    public var number: Int?
    public var kind: ActionLogKind
    public var value: String
    public var reason: String
    public var status: ActionStatus
    public var detail: String?
    public var at: Date

    public init(
        deliveryID: String, repository: String, number: Int?, kind: ActionLogKind, value: String, reason: String,
        status: ActionStatus, detail: String? = nil, at: Date
    ) {
        self.deliveryID = deliveryID
        self.repository = repository
        self.number = number
        self.kind = kind
        self.value = value
        self.reason = reason
        self.status = status
        self.detail = detail
        self.at = at
    }

    /// The record of one effect.
    public init(
        deliveryID: String, repository: String, number: Int?, effect: Effect, reason: String, status: ActionStatus,
        detail: String? = nil, at: Date
    ) {
        self.init(
            deliveryID: deliveryID, repository: repository, number: number, kind: effect.kind, value: effect.value,
            reason: reason, status: status, detail: detail, at: at)
    }
}

/// The record of every action, sent or shadowed. `levee actions` and the dashboard read it.
public protocol ActionLogStore: Sendable {
    /// Appends the records of one delivery, replacing any earlier records of the same delivery, so that a
    /// delivery processed again after a crash leaves one set of lines.
    func replaceActions(deliveryID: String, with records: [ActionRecord]) async throws
    /// Records since `since` (all when nil), oldest first.
    func actions(since: Date?, limit: Int) async throws -> [ActionRecord]
}
