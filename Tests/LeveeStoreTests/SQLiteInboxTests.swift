import Foundation
import LeveeSQLite
import LeveeStore
import LeveeStoreContract
import Testing

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
