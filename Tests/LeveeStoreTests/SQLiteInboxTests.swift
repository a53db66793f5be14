import Foundation
import LeveeStore
import LeveeStoreContract
import Synchronization
import Testing

@testable import LeveeSQLite

@Suite struct SQLiteInboxTests {
    func temporaryStore() throws -> (SQLiteStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("levee-\(UUID().uuidString).sqlite")
            .path
        return (try SQLiteStore(path: path), path)
    }

    func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func storedDeliveriesSurviveReopening() async throws {
        let (store, path) = try temporaryStore()
        defer { remove(path) }
        _ = try await store.enqueue(InboxContract.delivery("kept"))
        let reopened = try SQLiteStore(path: path, durability: .normal)
        #expect(try await reopened.item(deliveryID: "kept")?.delivery.body == Data(#"{"id":"kept"}"#.utf8))
        #expect(try await reopened.synchronousMode() == 1)  // NORMAL
        #expect(try await store.synchronousMode() == 2)  // FULL, the default
    }

    @Test func schemaRefusesAnEmptyDeliveryID() async throws {
        let (store, path) = try temporaryStore()
        defer { remove(path) }
        await #expect(throws: StoreError.self) { try await store.enqueue(InboxContract.delivery("")) }
        #expect(try await store.depth() == 0)
    }
}

/// The inbox's group commit on its own, with a stand-in for the transaction.
@Suite struct EnqueueBatchTests {
    /// Records each batch it is given and refuses any batch holding `refused`, as a transaction would fail.
    final class Recorder: Sendable {
        let batches = Mutex<[[String]]>([])
        let refused: String
        init(refusing refused: String = "") { self.refused = refused }

        func store(_ deliveries: [InboundDelivery]) async throws -> [EnqueueResult] {
            batches.withLock { $0.append(deliveries.map(\.deliveryID)) }
            try await Task.sleep(for: .milliseconds(20))  // a commit being written while more arrive
            if deliveries.contains(where: { $0.deliveryID == refused }) { throw CancellationError() }
            return deliveries.map { .stored(id: Int64($0.deliveryID.dropFirst())!) }
        }
    }

    struct Refused: Error, Equatable { var deliveryID: String }

    func batch(_ recorder: Recorder) -> EnqueueBatch {
        EnqueueBatch(
            store: { try await recorder.store($0) },
            failure: { delivery, _ in Refused(deliveryID: delivery.deliveryID) })
    }

    @Test func deliveriesArrivingDuringACommitShareTheNextOne() async throws {
        let recorder = Recorder()
        let batch = batch(recorder)
        let results = try await withThrowingTaskGroup(of: EnqueueResult.self) { group in
            for n in 1...40 { group.addTask { try await batch.enqueue(InboxContract.delivery("d\(n)")) } }
            return try await group.reduce(into: [EnqueueResult]()) { $0.append($1) }
        }
        #expect(
            results.compactMap { if case .stored(let id) = $0 { id } else { nil } }.sorted() == (1...40).map(Int64.init)
        )
        let batches = recorder.batches.withLock { $0 }
        #expect(batches.flatMap { $0 }.count == 40, "each delivery written once")
        #expect(batches.count < 40 && batches.contains { $0.count > 1 }, "\(batches.map(\.count))")
    }

    @Test func aRefusedDeliveryFailsAloneAndTheOthersAreStored() async throws {
        let recorder = Recorder(refusing: "d7")
        let batch = batch(recorder)
        let outcomes = await withTaskGroup(of: (Int, Result<EnqueueResult, Refused>).self) { group in
            for n in 1...12 {
                group.addTask {
                    do { return (n, .success(try await batch.enqueue(InboxContract.delivery("d\(n)")))) } catch {
                        return (n, .failure(error as! Refused))
                    }
                }
            }
            return await group.reduce(into: [Int: Result<EnqueueResult, Refused>]()) { $0[$1.0] = $1.1 }
        }
        for n in 1...12 {
            #expect(outcomes[n] == (n == 7 ? .failure(Refused(deliveryID: "d7")) : .success(.stored(id: Int64(n)))))
        }
    }
}
