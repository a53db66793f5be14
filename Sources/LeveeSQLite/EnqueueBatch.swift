import Foundation
import LeveeStore
import Synchronization

/// Group commit for the inbox. A webhook is acknowledged only once its delivery is committed, and under load most
/// of a commit's cost is the commit itself (the write-ahead log's pages, and a sync with `durability: full`), not the
/// row. So while one transaction is being written, the deliveries that arrive wait together and go in the next one:
/// one commit for many acknowledgements, each still answered only after its own row is on disk. When a shared
/// transaction fails, each of its deliveries is tried again alone, so one bad row never costs the others theirs.
final class EnqueueBatch: Sendable {
    typealias Waiter = (delivery: InboundDelivery, continuation: CheckedContinuation<EnqueueResult, any Error>)
    private struct State {
        var waiting: [Waiter] = []
        var writing = false
    }
    private let state = Mutex(State())
    private let store: @Sendable ([InboundDelivery]) async throws -> [EnqueueResult]
    private let failure: @Sendable (InboundDelivery, any Error) -> any Error

    /// `store` writes a batch in one transaction; `failure` names the delivery in the error a caller sees.
    init(
        store: @escaping @Sendable ([InboundDelivery]) async throws -> [EnqueueResult],
        failure: @escaping @Sendable (InboundDelivery, any Error) -> any Error
    ) {
        self.store = store
        self.failure = failure
    }

    func enqueue(_ delivery: InboundDelivery) async throws -> EnqueueResult {
        try await withCheckedThrowingContinuation { continuation in
            let startWriting = state.withLock { state in
                state.waiting.append((delivery, continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startWriting { Task { await self.write() } }
        }
    }

    /// Writes what is waiting, batch after batch, until nothing is.
    private func write() async {
        while true {
            let batch = state.withLock { state in
                let batch = state.waiting
                state.waiting = []
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let results = try await store(batch.map(\.delivery))
                for (waiter, result) in zip(batch, results) { waiter.continuation.resume(returning: result) }
            } catch {
                for waiter in batch {
                    do {
                        let result = try await store([waiter.delivery])
                        waiter.continuation.resume(returning: result[0])
                    } catch {
                        waiter.continuation.resume(throwing: failure(waiter.delivery, error))
                    }
                }
            }
        }
    }
}
