import AsyncHTTPClient
import Foundation
import LeveeConfig
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import LeveeSQLite
import LeveeServer
import LeveeStore
import Logging
import NIOCore
import Synchronization
import Testing

/// The recorded GitHub payloads in the repository (`Tests/Fixtures/github`, see its README).
enum Shared {
    static let webhooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/github/webhooks")

    static func payload(_ event: String, _ name: String) throws -> Data {
        try Data(contentsOf: webhooks.appendingPathComponent("\(event)/\(name)"))
    }

    /// GitHub's recorded `pull_request.opened` example with the fields a test changes: a first-timer's pull request
    /// titled by the web editor with an empty body (asked for more by default) unless told otherwise.
    static func pullRequest(
        action: String = "opened", title: String = "Update README.md", body: String = "",
        association: String = "FIRST_TIME_CONTRIBUTOR"
    ) throws -> Data {
        var json = try #require(
            try JSONSerialization.jsonObject(with: payload("pull_request", "opened.payload.json")) as? [String: Any])
        var pull = try #require(json["pull_request"] as? [String: Any])
        pull["title"] = title
        pull["body"] = body
        pull["author_association"] = association
        json["pull_request"] = pull
        json["action"] = action
        return try JSONSerialization.data(withJSONObject: json)
    }

    /// Every recorded payload of the events Levee evaluates, as a stream of deliveries with stable ids
    /// (`<event>/<file>`), for the replica, restart and crash tests.
    static func stream() throws -> [(id: String, event: String, body: Data)] {
        try ["pull_request", "issues", "issue_comment"].flatMap { event in
            try payloads(event).map { ("\(event)/\($0.name)", event, $0.body) }
        }
    }

    static func payloads(_ event: String) throws -> [(name: String, body: Data)] {
        let folder = webhooks.appendingPathComponent(event).resolvingSymlinksInPath()
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted().map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }
}

/// Every log line of a test's server, kept to be searched.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    var logger: Logger {
        var logger = Logger(label: "levee-test") { _ in Handler(capture: self) }
        logger.logLevel = .debug
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.lines.withLock { $0.append("\(event.level) \(event.message) \(fields)") }
        }
    }
}

/// A running server on loopback with a temporary database, a fake GitHub, a clock the test moves and a captured log.
final class Harness: Sendable {
    static let secret = "It's a Secret to Everybody"
    /// How long a test's request to the server may take before the test fails (see `send`).
    static let requestDeadline: TimeAmount = .seconds(300)
    static let token = "ghp_testtoken0123456789"
    static let policy = """
        name: End-to-end test policy
        shadow: false
        actions:
          welcome: { labels: ["levee:welcome"], comment: true }
          review: { labels: ["levee:review"], comment: true }
          needs_author: { labels: ["levee:needs-author"], comment: true }
          likely_slop: { labels: ["levee:likely-slop"], comment: true, close: true }
        """

    let fake: FakeGitHub
    let store: SQLiteStore
    /// The store the server runs on: `store`, or a shared PostgreSQL store (replica tests).
    let serverStore: any ServerStore
    /// A replica shares another harness's fake GitHub and clock, and stops only its own server.
    let isReplica: Bool
    let clock: TestClock
    let logs = LogCapture()
    let url: String
    let databasePath: String
    let task: Task<Void, any Error>

    /// `credentials: false` runs without any GitHub credentials (shadow mode, nothing sent). `restarting` starts a new
    /// server on another harness's database, fake GitHub and clock, as after a restart.
    init(
        credentials: Bool = true, repositoryPolicy: String? = Harness.policy, maxBodyBytes: Int? = nil,
        sourceIndexFolder: String? = nil, sharedStore: (any ServerStore)? = nil, replicaOf: Harness? = nil,
        restarting previous: Harness? = nil, githubTimeout: Duration = .seconds(300), dashboardToken: String? = nil,
        host: String = "127.0.0.1", oauthApp: (id: String, secret: String)? = nil, reportSources: [ReportSource] = []
    ) async throws {
        let fake = previous?.fake ?? replicaOf?.fake ?? FakeGitHub(acceptedTokens: [Self.token])
        isReplica = replicaOf != nil
        if previous == nil, replicaOf == nil {
            if let repositoryPolicy {
                for repo in ["Codertocat/Hello-World", "Octocoders/Hello-World"] {
                    fake.setContents(repo, path: ".github/levee.yml", repositoryPolicy)
                }
            }
            try await fake.start()
        }
        self.fake = fake
        let clock = previous?.clock ?? replicaOf?.clock ?? TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        self.clock = clock
        databasePath =
            previous?.databasePath
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "levee-server-\(UUID().uuidString).sqlite"
            ).path
        store = try SQLiteStore(path: databasePath)
        serverStore = sharedStore ?? store
        var configuration = ServerConfiguration()
        configuration.httpPort = 0
        configuration.httpHost = host
        configuration.dashboardToken = dashboardToken
        if let oauthApp {
            // GitHub sends the browser back to the public URL, which must name the port before the server starts.
            configuration.httpPort = try Self.freePort()
            fake.registerOAuthApp(clientID: oauthApp.id, secret: oauthApp.secret)
            configuration.dashboardGitHubClientID = oauthApp.id
            configuration.dashboardGitHubClientSecret = oauthApp.secret
            configuration.dashboardGitHubURL = fake.baseURL
            configuration.githubAPIURL = fake.baseURL
            configuration.dashboardPublicURL = "http://127.0.0.1:\(configuration.httpPort)"
        }
        configuration.shadow = !credentials
        configuration.workerConcurrency = 1
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        configuration.claimsIndexFolder = sourceIndexFolder
        configuration.reportSources = reportSources
        let github = await GitHubClient(
            baseURL: fake.baseURL, credentials: credentials ? .token(Self.token) : .none,
            retry: RetryPolicy(timeout: githubTimeout), now: clock.now, sleep: clock.sleep)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try await buildApplication(
            configuration: configuration, webhookSecret: Self.secret,
            dependencies: ServerDependencies(
                store: serverStore, github: github, now: clock.now, logger: logs.logger,
                onListening: { continuation.yield($0) }, pollInterval: .milliseconds(50),
                timerInterval: .milliseconds(50)))
        // The stream ends with the server, so a server that cannot start (its port taken) fails the test instead of
        // leaving it waiting for good.
        let task = Task {
            defer { continuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        self.task = task
        var port = 0
        for await value in ports {
            port = value
            break
        }
        if port == 0 { throw HarnessError("the server did not start: \(await task.result)") }
        url = "http://127.0.0.1:\(port)"
    }

    /// A port nothing listens on now (the kernel's choice for a socket bound to port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw HarnessError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops the server only (the fake GitHub and the database stay), as a crash or restart would.
    func stopServer() async {
        task.cancel()
        _ = await task.result
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        if isReplica { return }
        await fake.stop()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
    }

    struct Answer {
        var status: Int
        var text: String
    }

    /// Sends a delivery signed with the server's secret (or the given signature header).
    func send(
        _ event: String, _ body: Data, delivery: String = UUID().uuidString, signature: String?? = nil,
        chunked: Bool = false
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url + "/webhooks/github")
        request.method = .POST
        request.headers.add(name: "X-GitHub-Event", value: event)
        request.headers.add(name: "X-GitHub-Delivery", value: delivery)
        let header = signature ?? WebhookSignature(secret: Self.secret).header(for: body)
        if let header { request.headers.add(name: "X-Hub-Signature-256", value: header) }
        if chunked {
            let chunks = stride(from: 0, to: body.count, by: 1024).map {
                ByteBuffer(bytes: body[$0..<min($0 + 1024, body.count)])
            }
            request.body = .stream(chunks.async, length: .unknown)
        } else {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        // A bound on a hung server, not a speed check: in the full suite on two cores the CPU-bound evaluation tests can
        // hold the cooperative threads for a minute, and a request waits that long for its answer.
        let response = try await HTTPClient.shared.execute(request, timeout: Self.requestDeadline)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Answer(status: Int(response.status.code), text: text)
    }

    func get(_ path: String) async throws -> Answer {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: url + path), timeout: Self.requestDeadline)
        return Answer(
            status: Int(response.status.code), text: String(buffer: try await response.body.collect(upTo: 1 << 22)))
    }

    /// Waits (up to ten seconds) until the delivery is no longer pending or processing, or is pending with an error.
    @discardableResult
    func settled(_ delivery: String, retrying: Bool = false) async throws -> InboxItem {
        for _ in 0..<1000 {
            if let item = try await serverStore.item(deliveryID: delivery) {
                if item.state == .done || item.state == .dead { return item }
                if retrying, item.state == .pending, item.lastError != nil { return item }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("delivery \(delivery) was not processed within ten seconds")
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element: Sendable {
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}

/// A clock the test moves; sleeps requested by the GitHub client are recorded, not slept.
final class TestClock: Sendable {
    let date: Mutex<Date>
    let sleeps = Mutex<[Duration]>([])

    init(_ date: Date) { self.date = Mutex(date) }

    var now: @Sendable () -> Date { { self.date.withLock { $0 } } }
    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.sleeps.withLock { $0.append(duration) } }
    }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
