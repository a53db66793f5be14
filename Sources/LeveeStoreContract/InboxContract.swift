import Foundation
import LeveeStore
import Testing

/// The contract every inbox and action-log backend must meet; `StoreContractTests` runs it on SQLite and PostgreSQL.
public enum InboxContract {
    /// A delivery of `issues.opened` to `o/r` received at `seconds` after 1970, its body naming its id.
    public static func delivery(_ id: String, at seconds: Double = 100, event: String = "issues") -> InboundDelivery {
        InboundDelivery(
            deliveryID: id, event: event, action: "opened", repository: "o/r", installationID: 7,
            receivedAt: Date(timeIntervalSince1970: seconds), body: Data("{\"id\":\"\(id)\"}".utf8))
    }

    static func storesEachDeliveryOnce(_ store: some InboxStore) async throws {
        let first = try await store.enqueue(delivery("a"))
        guard case .stored(let id) = first else {
            Issue.record("expected stored, got \(first)")
            return
        }
        #expect(try await store.enqueue(delivery("a", at: 999)) == .duplicate(id: id))
        #expect(try await store.depth() == 1)
        let item = try #require(try await store.item(deliveryID: "a"))
        #expect(item.delivery == delivery("a"))  // the first copy, byte for byte
        #expect(item.state == .pending)
        #expect(item.attempts == 0)
    }

    /// Many acknowledgements at once (a backend may commit them together): each delivery is stored once, its copy
    /// sent again at the same moment is a duplicate naming the same row, and every stored row can be read back.
    static func concurrentDeliveriesAreEachStoredOnce(_ store: some InboxStore) async throws {
        let ids = (0..<60).map { "burst-\($0)" }
        let results = try await withThrowingTaskGroup(of: (String, EnqueueResult).self) { group in
            for id in ids + ids { group.addTask { (id, try await store.enqueue(delivery(id))) } }
            return try await group.reduce(into: [(String, EnqueueResult)]()) { $0.append($1) }
        }
        for id in ids {
            let mine = results.filter { $0.0 == id }.map(\.1)
            let stored = mine.compactMap { if case .stored(let row) = $0 { row } else { nil } }
            let duplicates = mine.compactMap { if case .duplicate(let row) = $0 { row } else { nil } }
            #expect(stored.count == 1 && duplicates == stored, "\(id): \(mine)")
            #expect(try await store.item(deliveryID: id)?.delivery == delivery(id))
        }
        #expect(try await store.depth() == ids.count)
    }

    static func claimsOldestDueWithALease(_ store: some InboxStore) async throws {
        _ = try await store.enqueue(delivery("old", at: 100))
        _ = try await store.enqueue(delivery("new", at: 200))
        let now = Date(timeIntervalSince1970: 300)
        let first = try #require(try await store.claim(owner: "w1", now: now, lease: 60))
        #expect(first.delivery.deliveryID == "old")
        #expect(first.state == .processing)
        #expect(first.attempts == 1)
        let second = try #require(try await store.claim(owner: "w2", now: now, lease: 60))
        #expect(second.delivery.deliveryID == "new")
        #expect(try await store.claim(owner: "w3", now: now, lease: 60) == nil)

        // Only the lease holder can complete; a lease that ran out may be taken over.
        #expect(try await store.complete(id: first.id, owner: "w2", outcome: "x", now: now) == false)
        let takenOver = try #require(
            try await store.claim(owner: "w3", now: now.addingTimeInterval(61), lease: 60))
        #expect(takenOver.delivery.deliveryID == "old")
        #expect(takenOver.attempts == 2)
        #expect(try await store.complete(id: first.id, owner: "w1", outcome: "late", now: now) == false)
        #expect(try await store.complete(id: first.id, owner: "w3", outcome: "done", now: now) == true)
        let done = try #require(try await store.item(deliveryID: "old"))
        #expect(done.state == .done)
        #expect(done.outcome == "done")
        #expect(try await store.depth() == 1)
    }

    /// Pending deliveries and processing ones whose lease ran out are taken in one order, by due time: whichever
    /// kind is earlier goes first.
    static func pendingAndExpiredAreTakenInDueOrder(_ store: some InboxStore) async throws {
        _ = try await store.enqueue(delivery("x", at: 200))
        let t0 = Date(timeIntervalSince1970: 300)
        #expect(try await store.claim(owner: "lost", now: t0, lease: 60)?.delivery.deliveryID == "x")
        _ = try await store.enqueue(delivery("y", at: 150))
        _ = try await store.enqueue(delivery("z", at: 250))
        let later = t0.addingTimeInterval(100)  // x's lease ran out at 360
        let order = [
            try await store.claim(owner: "w", now: later, lease: 600)?.delivery.deliveryID,
            try await store.claim(owner: "w", now: later, lease: 600)?.delivery.deliveryID,
            try await store.claim(owner: "w", now: later, lease: 600)?.delivery.deliveryID,
        ]
        #expect(order == ["y", "x", "z"])
        #expect(try await store.claim(owner: "w", now: later, lease: 600) == nil)
    }

    static func failureWaitsForItsRetryTimeThenDies(_ store: some InboxStore) async throws {
        _ = try await store.enqueue(delivery("f"))
        let t0 = Date(timeIntervalSince1970: 1000)
        let item = try #require(try await store.claim(owner: "w", now: t0, lease: 60))
        #expect(
            try await store.fail(id: item.id, owner: "w", error: "502", retryAt: t0.addingTimeInterval(30), now: t0))
        #expect(try await store.claim(owner: "w", now: t0.addingTimeInterval(29), lease: 60) == nil)
        let pending = try #require(try await store.item(deliveryID: "f"))
        #expect(pending.state == .pending)
        #expect(pending.lastError == "502")
        let again = try #require(try await store.claim(owner: "w", now: t0.addingTimeInterval(30), lease: 60))
        #expect(again.attempts == 2)
        #expect(try await store.fail(id: again.id, owner: "w", error: "gone", retryAt: nil, now: t0))
        let dead = try #require(try await store.item(deliveryID: "f"))
        #expect(dead.state == .dead)
        #expect(dead.lastError == "gone")
        #expect(try await store.depth() == 0)
        #expect(try await store.claim(owner: "w", now: t0.addingTimeInterval(99_999), lease: 60) == nil)
    }

    static func releasingLeasesMakesDeliveriesDueAgain(_ store: some InboxStore) async throws {
        _ = try await store.enqueue(delivery("r1"))
        _ = try await store.enqueue(delivery("r2"))
        let now = Date(timeIntervalSince1970: 500)
        _ = try await store.claim(owner: "a", now: now, lease: 600)
        _ = try await store.claim(owner: "b", now: now, lease: 600)
        #expect(try await store.releaseLeases(owner: "a") == 1)
        #expect(try await store.claim(owner: "c", now: now, lease: 600)?.delivery.deliveryID == "r1")
        #expect(try await store.releaseLeases(owner: nil) == 2)
        #expect(try await store.items(limit: 10).allSatisfy { $0.state == .pending })
    }

    static func actionLogReplacesPerDelivery(_ store: some ActionLogStore) async throws {
        func record(_ delivery: String, _ value: String, at seconds: Double) -> ActionRecord {
            ActionRecord(
                deliveryID: delivery, repository: "o/r", number: 1, kind: .label, value: value, reason: "verdict",
                status: .shadow, at: Date(timeIntervalSince1970: seconds))
        }
        try await store.replaceActions(deliveryID: "d1", with: [record("d1", "a", at: 10), record("d1", "b", at: 10)])
        try await store.replaceActions(deliveryID: "d2", with: [record("d2", "c", at: 20)])
        // Processing d1 again (after a crash) leaves one set of lines.
        try await store.replaceActions(deliveryID: "d1", with: [record("d1", "a", at: 30)])
        #expect(try await store.actions(since: nil, limit: 10).map(\.value) == ["c", "a"])
        #expect(try await store.actions(since: Date(timeIntervalSince1970: 25), limit: 10).map(\.value) == ["a"])
    }
}

/// The contract's checks by name, so one parameterised test runs each on a fresh store.
/// One check of the inbox and action-log contract, for a parameterised test: `check.run(freshStore)`.
public enum ContractCheck: String, CaseIterable, Sendable {
    case storesEachDeliveryOnce, claimsOldestDueWithALease, failureWaitsForItsRetryTimeThenDies
    case releasingLeasesMakesDeliveriesDueAgain, actionLogReplacesPerDelivery, pendingAndExpiredAreTakenInDueOrder
    case concurrentDeliveriesAreEachStoredOnce

    /// Runs the check on an empty store; failures are recorded as Swift Testing issues.
    public func run(_ store: some InboxStore & ActionLogStore) async throws {
        switch self {
        case .storesEachDeliveryOnce: try await InboxContract.storesEachDeliveryOnce(store)
        case .claimsOldestDueWithALease: try await InboxContract.claimsOldestDueWithALease(store)
        case .failureWaitsForItsRetryTimeThenDies: try await InboxContract.failureWaitsForItsRetryTimeThenDies(store)
        case .releasingLeasesMakesDeliveriesDueAgain:
            try await InboxContract.releasingLeasesMakesDeliveriesDueAgain(store)
        case .actionLogReplacesPerDelivery: try await InboxContract.actionLogReplacesPerDelivery(store)
        case .pendingAndExpiredAreTakenInDueOrder: try await InboxContract.pendingAndExpiredAreTakenInDueOrder(store)
        case .concurrentDeliveriesAreEachStoredOnce:
            try await InboxContract.concurrentDeliveriesAreEachStoredOnce(store)
        }
    }
}
