import Foundation
import LeveeCore
import LeveePostgres
import LeveeStore
import Testing

@testable import LeveeServer

/// Two `levee serve` replicas on one PostgreSQL database, behind one fake GitHub: every delivery is stored once and
/// processed once whichever replica receives it (GitHub may redeliver to either), and each item gets one comment.
/// Needs LEVEE_TEST_POSTGRES_URL (`.ci/run` starts a server with `scripts/test-postgres`).
@Suite(.serialized) struct ReplicaTests {
    static let url = ProcessInfo.processInfo.environment["LEVEE_TEST_POSTGRES_URL"]

    @Test(.enabled(if: url != nil, "LEVEE_TEST_POSTGRES_URL is not set (.ci/run sets it)"))
    func twoReplicasProcessEveryDeliveryExactlyOnce() async throws {
        let server = try #require(Self.url)
        let name = "levee_replicas_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let database = try await PostgresStore.createDatabase(named: name, at: server)
        // Separate pools, as separate processes would have.
        let first = try await PostgresStore(url: database)
        let second = try await PostgresStore(url: database)
        let a = try await Harness(sharedStore: first)
        let b = try await Harness(sharedStore: second, replicaOf: a)

        let deliveries = try Shared.stream()
        // Each delivery reaches both replicas at once: one stores it (202), the other finds it stored (200).
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for delivery in deliveries {
                for replica in [a, b] {
                    group.addTask {
                        let answer = try await replica.send(delivery.event, delivery.body, delivery: delivery.id)
                        return (delivery.id, answer.status)
                    }
                }
            }
            var statuses: [String: [Int]] = [:]
            for try await (id, status) in group { statuses[id, default: []].append(status) }
            return statuses
        }
        for delivery in deliveries {
            #expect(statuses[delivery.id]?.sorted() == [200, 202], "\(delivery.id)")
        }
        for delivery in deliveries {
            let item = try await a.settled(delivery.id)
            #expect(item.state == .done, "\(delivery.id): \(item.lastError ?? "")")
            #expect(item.attempts == 1, "\(delivery.id) was claimed \(item.attempts) times")
        }
        #expect(try await first.items(limit: 1000).count == deliveries.count)
        for number in [1, 2] {
            let path = "/Codertocat/Hello-World/issues/\(number)/comments"
            #expect(a.fake.writes("POST", pathSuffix: path).count == 1, "one sticky comment on #\(number)")
        }
        // The work was shared: each replica's worker finished some deliveries (its log's `done` lines).
        let doneByA = a.logs.lines.withLock { $0.filter { $0.hasPrefix("debug done") }.count }
        let doneByB = b.logs.lines.withLock { $0.filter { $0.hasPrefix("debug done") }.count }
        #expect(doneByA + doneByB == deliveries.count)
        #expect(doneByA > 0 && doneByB > 0, "a: \(doneByA), b: \(doneByB)")

        await b.stop()
        await a.stop()
        await first.shutdown()
        await second.shutdown()
        try? await PostgresStore.dropDatabase(named: name, at: server)
    }
}
