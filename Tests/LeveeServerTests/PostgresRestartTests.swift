import Foundation
import LeveeCore
import LeveePostgres
import LeveeStore
import Testing

/// PostgreSQL restarted (`pg_ctl restart -m immediate`, a crash of the database) while two replicas receive a stream
/// of recorded deliveries: the replicas reconnect by themselves, every delivery GitHub was told was received is
/// processed, none twice, and each item still has one sticky comment. The database is a cluster of its own
/// (`scripts/test-postgres` on another port and folder), so the restart does not disturb the other PostgreSQL tests.
@Suite(.serialized) struct PostgresRestartTests {
    static let available = ProcessInfo.processInfo.environment["LEVEE_TEST_POSTGRES_URL"] != nil
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/test-postgres").path

    struct Cluster {
        let folder = "/tmp/levee-restart-\(UUID().uuidString.prefix(8))"
        let port = "55433"

        var url: String { "postgres://levee@127.0.0.1:\(port)/postgres?sslmode=disable" }

        /// Runs `scripts/test-postgres <command>` for this cluster. Its output goes nowhere: the server it starts
        /// would hold a pipe open, and reading one to its end would never finish.
        func run(_ command: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: PostgresRestartTests.script)
            process.arguments = [command]
            var environment = ProcessInfo.processInfo.environment
            environment["LEVEE_PG_DIR"] = folder
            environment["LEVEE_PG_PORT"] = port
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw HarnessError("scripts/test-postgres \(command) exited with \(process.terminationStatus)")
            }
        }
    }

    @Test(
        .enabled(if: available, "LEVEE_TEST_POSTGRES_URL is not set (.ci/run sets it)"),
        // Alone it takes about 12 s; inside the whole parallel run on a 2-core machine about 160 s (measured
        // 2026-12-07), which a three-minute limit made a coin toss.
        .timeLimit(.minutes(10)))
    func replicasReconnectAfterARestartAndLoseNothing() async throws {
        let cluster = Cluster()
        try cluster.run("start")
        let url = cluster.url
        defer {
            _ = try? cluster.run("stop")
            try? FileManager.default.removeItem(atPath: cluster.folder)
        }
        let first = try await PostgresStore(url: url)
        let second = try await PostgresStore(url: url)
        let a = try await Harness(sharedStore: first)
        let b = try await Harness(sharedStore: second, replicaOf: a)

        let deliveries = try Shared.stream()
        // GitHub's side: a delivery not acknowledged with a 2xx (an error, a refused connection) is sent again.
        var restart: Task<Void, any Error>?
        for (index, delivery) in deliveries.enumerated() {
            // The restart starts a third of the way in and is over before the last third is sent.
            if index == deliveries.count / 3 {
                restart = Task.detached { try cluster.run("restart") }
            }
            if index == deliveries.count * 2 / 3 { try await restart?.value }
            let replica = index.isMultiple(of: 2) ? a : b
            var acknowledged = false
            for _ in 0..<150 where !acknowledged {
                if let answer = try? await replica.send(delivery.event, delivery.body, delivery: delivery.id),
                    (200..<300).contains(answer.status)
                {
                    acknowledged = true
                } else {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(acknowledged, "\(delivery.id) was never acknowledged")
        }

        // Work interrupted by the restart is taken up again when its lease runs out (the test's clock moves). The
        // clock moves only after ten real seconds: moving it ten minutes while a delivery is still being worked on
        // would expire a live lease, which no real outage of seconds does.
        var items: [InboxItem] = []
        // Up to five minutes: the whole parallel run on two cores can hold the replicas' workers back for a long
        // while; a finished run leaves the loop at once.
        for round in 0..<1500 {
            items = try await first.items(limit: 1000)
            if items.count == deliveries.count, items.allSatisfy({ $0.state == .done }) { break }
            if round >= 50 { a.clock.advance(600) }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(items.count == deliveries.count, "every acknowledged delivery is stored once")
        let unfinished = items.filter { $0.state != .done }.map {
            "\($0.delivery.deliveryID): \($0.state) \($0.lastError ?? "")"
        }
        #expect(unfinished.isEmpty, "\(unfinished)")
        for number in [1, 2] {
            let path = "/Codertocat/Hello-World/issues/\(number)/comments"
            #expect(
                a.fake.comments("Codertocat/Hello-World", number: number).count == 1, "one sticky comment on #\(number)"
            )
            #expect(a.fake.writes("POST", pathSuffix: path).count == 1, "one comment posted on #\(number)")
        }

        await b.stop()
        await a.stop()
        await first.shutdown()
        await second.shutdown()
    }
}
