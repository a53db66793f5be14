import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveePostgres
import LeveeStore
import LeveeTestSupport
import Testing

/// PostgreSQL restarted (`pg_ctl restart -m immediate`, a crash of the database) while two replicas — two `levee serve`
/// processes on one database, as deployed — receive a stream of recorded deliveries: the replicas reconnect by
/// themselves, every delivery GitHub was told was received is processed, none twice, and each item still has one sticky
/// comment. The database is a cluster of its own (`scripts/test-postgres` on another port and folder), so the restart
/// does not disturb the other PostgreSQL tests. The replicas run as processes, not inside the test process: stopping a
/// replica then is a signal; in-process replicas stopped by cancelling their service group hung this test now and then
/// after the restart (a service's round with a PostgreSQL query in flight never ended, 2026-12-07).
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
        func run(_ command: String) async throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: PostgresRestartTests.script)
            process.arguments = [command]
            var environment = ProcessInfo.processInfo.environment
            environment["LEVEE_PG_DIR"] = folder
            environment["LEVEE_PG_PORT"] = port
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            let status = try await ChildProcess.run(process)
            guard status == 0 else { throw HarnessError("scripts/test-postgres \(command) exited with \(status)") }
        }

        /// Stops the cluster and removes its folder (the end of the test, whatever it came to).
        func remove() async {
            try? await run("stop")
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test(
        .enabled(if: available, "LEVEE_TEST_POSTGRES_URL is not set (.ci/run sets it)"),
        // Alone it takes about 12 s; inside the whole parallel run on a 2-core machine about 160 s (measured
        // 2026-12-07), which a three-minute limit made a coin toss.
        .timeLimit(.minutes(10)))
    func replicasReconnectAfterARestartAndLoseNothing() async throws {
        let cluster = Cluster()
        try await cluster.run("start")
        do {
            try await replicasReconnect(to: cluster)
        } catch {
            await cluster.remove()
            throw error
        }
        await cluster.remove()
    }

    func replicasReconnect(to cluster: Cluster) async throws {
        let binary = try #require(CrashRecoveryTests.binary, "build levee first: swift build")
        let fake = FakeGitHub(acceptedTokens: [Harness.token])
        fake.setContents("Codertocat/Hello-World", path: ".github/levee.yml", Harness.policy)
        try await fake.start()
        // A lease of five seconds: work a replica was doing when the database went away is taken up again soon after.
        func replica() async throws -> CrashRecoveryTests.Server {
            try await CrashRecoveryTests.Server.start(
                binary: binary, database: cluster.url, github: fake.baseURL,
                environment: ["LEVEE_LOG_LEVEL": "info", "LEVEE_WORKER_LEASE_SECONDS": "5"])
        }
        let a = try await replica()
        defer { a.stop() }
        let b = try await replica()
        defer { b.stop() }

        let deliveries = try Shared.stream()
        // GitHub's side: a delivery not acknowledged with a 2xx within ten seconds (an error, a refused connection, no
        // answer) is sent again. A request a replica received while the database was restarting has been seen to get
        // no answer at all (its PostgreSQL query never ended), so waiting longer would only hold the test.
        var restart: Task<Void, any Error>?
        for (index, delivery) in deliveries.enumerated() {
            // The restart starts a third of the way in and is over before the last third is sent.
            if index == deliveries.count / 3 {
                restart = Task { try await cluster.run("restart") }
            }
            if index == deliveries.count * 2 / 3 { try await restart?.value }
            let port = index.isMultiple(of: 2) ? a.port : b.port
            var acknowledged = false
            for _ in 0..<150 where !acknowledged {
                if let status = try? await CrashRecoveryTests.send(
                    port: port, body: delivery.body, delivery: delivery.id, event: delivery.event, timeout: .seconds(10)
                ),
                    (200..<300).contains(status)
                {
                    acknowledged = true
                } else {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(acknowledged, "\(delivery.id) was never acknowledged")
        }

        // Up to five minutes: the whole parallel run on two cores can hold the replicas' workers back for a long
        // while; a finished run leaves the loop at once. The store is opened after the restart.
        let store = try await PostgresStore(url: cluster.url)
        var items: [InboxItem] = []
        for _ in 0..<1500 {
            items = try await store.items(limit: 1000)
            if items.count == deliveries.count, items.allSatisfy({ $0.state == .done }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        await store.shutdown()
        #expect(items.count == deliveries.count, "every acknowledged delivery is stored once")
        let unfinished = items.filter { $0.state != .done }.map {
            "\($0.delivery.deliveryID): \($0.state) \($0.lastError ?? "")"
        }
        #expect(unfinished.isEmpty, "\(unfinished)\n\(a.output)\n\(b.output)")
        for number in [1, 2] {
            let path = "/Codertocat/Hello-World/issues/\(number)/comments"
            #expect(
                fake.comments("Codertocat/Hello-World", number: number).count == 1, "one sticky comment on #\(number)")
            #expect(fake.writes("POST", pathSuffix: path).count == 1, "one comment posted on #\(number)")
        }

        await a.kill()
        await b.kill()
        await fake.stop()
    }
}
