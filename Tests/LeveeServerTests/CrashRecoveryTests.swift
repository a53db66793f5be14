import AsyncHTTPClient
import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeSQLite
import LeveeStore
import LeveeTestSupport
import NIOCore
import Testing

/// `levee serve` as a separate process, killed with SIGKILL in the middle of its work and started again on the same
/// database: every delivery that got its 202 is processed, and GitHub sees each write once.
@Suite(.serialized) struct CrashRecoveryTests {
    static var binary: URL? {
        // The tests run from .build/<configuration>/; `swift test` builds `levee` beside them.
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("levee")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
            ".build/debug/levee")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }

    /// A running `levee serve` child process and everything it printed (to a file, read as it grows).
    final class Server: Sendable {
        let child: ChildProcess
        let outputFile: URL
        let port: Int

        /// What the server printed so far.
        var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

        /// `levee serve` on `database` (an SQLite path, or a `postgres://` URL) with the loopback GitHub at `github`,
        /// real actions on; `environment` adds to or replaces its `LEVEE_*` settings.
        static func start(
            binary: URL, database: String, github: String, environment: [String: String] = [:]
        ) async throws -> Server {
            let postgres = database.hasPrefix("postgres://")
            var settings = [
                "LEVEE_GITHUB_API_URL": github, "LEVEE_GITHUB_TOKEN": Harness.token,
                "LEVEE_GITHUB_WEBHOOK_SECRET": Harness.secret, "LEVEE_LOG_LEVEL": "debug",
                "LEVEE_WORKER_LEASE_SECONDS": "600",
            ]
            if postgres { settings["LEVEE_DATABASE_URL"] = database }
            settings.merge(environment) { _, new in new }
            return try await start(
                binary: binary,
                arguments: ["serve", "--port", "0"] + (postgres ? [] : ["--database", database]) + ["--no-shadow"],
                environment: settings)
        }

        /// Starts `levee` with `arguments` and waits (up to 30 s) until it says where it listens.
        static func start(
            binary: URL, arguments: [String], environment extra: [String: String], directory: URL? = nil
        ) async throws -> Server {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LEVEE_") }
            environment.merge(extra) { _, new in new }
            process.environment = environment
            let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent(
                "levee-serve-\(UUID().uuidString).log")
            let child = try ChildProcess(process, output: outputFile)
            for _ in 0..<3000 {
                let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
                if let found = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression)
                    .flatMap({ Int(text[$0].split(separator: ":").last ?? "") })
                {
                    return Server(child: child, outputFile: outputFile, port: found)
                }
                if !child.isRunning { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            child.signal(SIGKILL)
            throw HarnessError(
                "levee serve did not start:\n" + ((try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""))
        }

        private init(child: ChildProcess, outputFile: URL, port: Int) {
            self.child = child
            self.outputFile = outputFile
            self.port = port
        }

        /// SIGKILL, and the wait until the process is gone (its database is then free for the next one).
        func kill() async {
            child.signal(SIGKILL)
            _ = await child.exit()
        }

        /// SIGTERM, as a service manager stops it; the end is not awaited (a test's cleanup).
        func stop() { child.signal(SIGTERM) }

        deinit { try? FileManager.default.removeItem(at: outputFile) }
    }

    @Test(arguments: ["/contents/", "/comments"])
    func aDeliveryAcknowledgedBeforeSIGKILLIsProcessedExactlyOnce(stuckAt: String) async throws {
        let binary = try #require(Self.binary, "build levee first: swift build")
        let fake = FakeGitHub(acceptedTokens: [Harness.token])
        fake.setContents("Codertocat/Hello-World", path: ".github/levee.yml", Harness.policy)
        try await fake.start()
        defer { Task { await fake.stop() } }
        let database = FileManager.default.temporaryDirectory.appendingPathComponent(
            "levee-crash-\(UUID().uuidString).sqlite"
        ).path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }

        // GitHub hangs at one point of the work, so the kill lands in the middle of it.
        fake.delay(pathContains: stuckAt, seconds: 30)
        let first = try await Server.start(binary: binary, database: database, github: fake.baseURL)
        let body = try Shared.payload("issues", "opened.payload.json")
        let answer = try await Self.send(port: first.port, body: body, delivery: "crash-1")
        #expect(answer == 202)
        for _ in 0..<1000 where !fake.requests.contains(where: { $0.path.contains(stuckAt) }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(fake.requests.contains { $0.path.contains(stuckAt) })
        await first.kill()
        let writesBeforeRestart = fake.writes.count

        fake.clearDelays()
        let second = try await Server.start(binary: binary, database: database, github: fake.baseURL)
        defer { second.stop() }
        let store = try SQLiteStore(path: database)
        var item: InboxItem?
        for _ in 0..<1000 {
            item = try await store.item(deliveryID: "crash-1")
            if item?.state == .done { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(item?.state == .done)
        #expect(item?.attempts == 2)  // the killed attempt and the one that finished
        #expect(fake.comments("Codertocat/Hello-World", number: 1).count == 1)
        #expect(fake.writes("POST", pathSuffix: "/issues/1/comments").count == 1)
        #expect(fake.writes("POST", pathSuffix: "/issues/1/labels").count == 1)
        #expect(fake.labels("Codertocat/Hello-World", number: 1) == ["levee:welcome"])
        #expect(writesBeforeRestart <= 1)
        #expect(try await store.actions(since: nil, limit: 10).count == 2)  // one set of lines, not two

        let log = first.output + second.output
        #expect(log.contains("delivery=crash-1"))
        #expect(log.contains("took back deliveries left in processing"))
        #expect(!log.contains(Harness.token))
        #expect(!log.contains(Harness.secret))
    }

    /// SIGKILL at a random moment while a stream of recorded deliveries arrives and is worked on, then a restart and
    /// GitHub's redelivery of what was not acknowledged. `LEVEE_CRASH_TRIALS` sets the number of trials (default 10;
    /// `scripts/crash-trials` runs 100), `LEVEE_CRASH_SEED` replays a failed run's kill times.
    @Test func randomKillsLoseNothingAndRepeatNothing() async throws {
        let binary = try #require(Self.binary, "build levee first: swift build")
        let environment = ProcessInfo.processInfo.environment
        let trials = environment["LEVEE_CRASH_TRIALS"].flatMap { Int($0) } ?? 10
        let seed = environment["LEVEE_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        var random = SplitMix(seed: seed)
        let stream = try Shared.stream()
        for trial in 1...trials {
            let killAfter = Double(random.next() % 1500) / 1000
            let context = "trial \(trial) of \(trials), LEVEE_CRASH_SEED=\(seed), kill after \(killAfter)s"
            let fake = FakeGitHub(acceptedTokens: [Harness.token])
            fake.setContents("Codertocat/Hello-World", path: ".github/levee.yml", Harness.policy)
            try await fake.start()
            let database = FileManager.default.temporaryDirectory.appendingPathComponent(
                "levee-crash-\(UUID().uuidString).sqlite"
            ).path

            let first = try await Server.start(binary: binary, database: database, github: fake.baseURL)
            let port = first.port
            let sender = Task { [stream] in
                var acknowledged: Set<String> = []
                for delivery in stream {
                    guard
                        let status = try? await Self.send(
                            port: port, body: delivery.body, delivery: delivery.id, event: delivery.event)
                    else { break }
                    if (200..<300).contains(status) { acknowledged.insert(delivery.id) }
                }
                return acknowledged
            }
            try await Task.sleep(for: .milliseconds(Int(killAfter * 1000)))
            await first.kill()
            let acknowledged = await sender.value

            // After the restart GitHub redelivers whatever was not acknowledged (a redelivery keeps its id).
            let second = try await Server.start(binary: binary, database: database, github: fake.baseURL)
            let missed = stream.filter { !acknowledged.contains($0.id) }
            for delivery in missed {
                let status = try await Self.send(
                    port: second.port, body: delivery.body, delivery: delivery.id, event: delivery.event)
                #expect((200..<300).contains(status), "\(context): \(delivery.id) answered \(status)")
            }
            let store = try SQLiteStore(path: database)
            var items: [InboxItem] = []
            for _ in 0..<2000 {
                items = try await store.items(limit: 1000)
                if items.count == stream.count, items.allSatisfy({ $0.state == .done }) { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(items.count == stream.count, "\(context): \(items.count) deliveries stored")
            let unfinished = items.filter { $0.state != .done }.map(\.delivery.deliveryID)
            #expect(unfinished.isEmpty, "\(context): not done \(unfinished)")
            for number in [1, 2] {
                let comments = fake.comments("Codertocat/Hello-World", number: number)
                #expect(comments.count == 1, "\(context): \(comments.count) comments on #\(number)")
                let labels = fake.labels("Codertocat/Hello-World", number: number)
                #expect(Set(labels).count == labels.count, "\(context): labels \(labels) on #\(number)")
            }
            // A delivery worked on twice (killed in the middle) records its actions once.
            let actions = try await store.actions(since: nil, limit: 10_000)
            let lines = actions.map { "\($0.deliveryID) \($0.kind) \($0.value)" }
            #expect(Set(lines).count == lines.count, "\(context): an action was recorded twice")

            // A graceful stop waits for idle keep-alive connections; nothing is left to finish here.
            await second.kill()
            await fake.stop()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
    }

    /// A small seedable generator (SplitMix64), so a failing trial's kill times can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func send(
        port: Int, body: Data, delivery: String, event: String = "issues", timeout: TimeAmount = Harness.requestDeadline
    ) async throws -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/github")
        request.method = .POST
        request.headers.add(name: "X-GitHub-Event", value: event)
        request.headers.add(name: "X-GitHub-Delivery", value: delivery)
        request.headers.add(
            name: "X-Hub-Signature-256", value: WebhookSignatureHelper.header(secret: Harness.secret, body: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        return Int(try await HTTPClient.shared.execute(request, timeout: timeout).status.code)
    }
}
