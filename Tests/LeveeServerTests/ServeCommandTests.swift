import AsyncHTTPClient
import Foundation
import LeveeTestSupport
import NIOCore
import Testing

/// The README's flow with the real binary: `levee serve` with nothing configured, `levee replay` of recorded
/// payloads, `levee actions` listing what would have been done.
@Suite(.serialized) struct ServeCommandTests {
    struct Run {
        var status: Int32
        var output: String
    }

    /// vouch's tests/cli.nu "defaults vouched file path": without --file, `levee vouch` works on VOUCHED.td in the
    /// current folder, else .github/VOUCHED.td (vouch's default-path); when neither exists it refuses as vouch does
    /// ("no VOUCHED file found"), and `--create` starts .github/VOUCHED.td.
    @Test func vouchFindsTheListInTheCurrentFolder() async throws {
        let dir = try temporaryDirectory()
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(".github"), withIntermediateDirectories: true)
        try "# Comment\nmitchellh\n".write(
            to: dir.appendingPathComponent(".github/VOUCHED.td"), atomically: true, encoding: .utf8)
        #expect(try await run(["vouch", "add", "newuser"], in: dir).status == 0)
        #expect(
            try String(contentsOf: dir.appendingPathComponent(".github/VOUCHED.td"), encoding: .utf8)
                == "# Comment\nmitchellh\nnewuser\n")
        try "alice\n".write(to: dir.appendingPathComponent("VOUCHED.td"), atomically: true, encoding: .utf8)
        #expect(try await run(["vouch", "check", "alice"], in: dir).status == 0)  // the root file comes first
        #expect(try await run(["vouch", "check", "newuser"], in: dir).status == 2)
        let empty = try temporaryDirectory()
        #expect(try await run(["vouch", "check", "alice"], in: empty).status == 2)
        let refused = try await run(["vouch", "add", "alice"], in: empty)
        #expect(refused.status == 2 && refused.output.contains("no VOUCHED.td or .github/VOUCHED.td here"))
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent(".github/VOUCHED.td").path))
        #expect(try await run(["vouch", "add", "alice", "--create"], in: empty).status == 0)
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent(".github/VOUCHED.td").path))
    }

    func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws -> Run {
        let process = Process()
        let binary: URL = try #require(CrashRecoveryTests.binary, "build levee first: swift build")
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LEVEE_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        let (status, output) = try await ChildProcess.runCapturingOutput(process)
        return Run(status: status, output: output)
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("levee-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The README's first-run deliveries.
    static let firstRun = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/webhooks")

    func listActions(in directory: URL) async throws -> [[String: Any]] {
        let listed = try await run(["actions", "--format", "json"], in: directory)
        #expect(listed.status == 0, "\(listed.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
    }

    /// Waits (up to twenty seconds) until the server's `/metrics` counts `count` deliveries processed or ignored.
    static func waitProcessed(_ count: Int, at url: String) async throws {
        var processed = 0
        for _ in 0..<1000 {
            let metrics = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: url + "/metrics"), timeout: .seconds(10))
            let text = String(buffer: try await metrics.body.collect(upTo: 1 << 20))
            processed = text.split(separator: "\n").filter {
                $0.hasPrefix("levee_deliveries_total")
                    && ($0.contains("outcome=\"processed\"") || $0.contains("outcome=\"ignored\""))
            }.compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
            if processed >= count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(processed) deliveries processed, expected \(count)")
    }

    @Test func serveReplayAndActionsWithNothingConfigured() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try #require(CrashRecoveryTests.binary, "build levee first: swift build")
        let server = try await CrashRecoveryTests.Server.start(
            binary: binary, arguments: ["serve", "--port", "0"], environment: [:], directory: directory)
        defer { server.stop() }
        let startup = server.output
        #expect(startup.contains("shadow mode (no GitHub credentials: nothing is sent)"))
        #expect(startup.contains("webhook secret from levee.webhook-secret (new)"))
        let secret = try String(contentsOf: directory.appendingPathComponent("levee.webhook-secret"), encoding: .utf8)
        #expect(secret.trimmingCharacters(in: .whitespacesAndNewlines).count == 64)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: directory.appendingPathComponent("levee.webhook-secret").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        // The README's first run: replay finds ./levee.webhook-secret by itself.
        let url = "http://127.0.0.1:\(server.port)"
        let replay = try await run(["replay", Self.firstRun.path, "--url", url + "/webhooks/github"], in: directory)
        #expect(replay.status == 0, "\(replay.output)")
        #expect(replay.output.contains("12 accepted, 0 refused"))
        try await Self.waitProcessed(12, at: url)
        let actions = try await listActions(in: directory)
        // Two items are asked for more under the built-in policy (the web editor's "Update README.md", the untouched
        // template): a label and a comment each, once. Welcome and review items get nothing; the fork's merge is
        // reviewed (GitHub's own title is behaviour, but it links an issue and the score stays below needs_author).
        #expect(actions.count == 4, "\(actions)")
        #expect(actions.allSatisfy { $0["status"] as? String == "shadow" })
        #expect(actions.allSatisfy { $0["repository"] as? String == "parsely-dev/parsely" })
        #expect(actions.allSatisfy { ($0["reason"] as? String)?.hasPrefix("verdict ") == true })
        #expect(Set(actions.compactMap { $0["number"] as? Int }) == [103, 105])
        #expect(!actions.contains { ($0["value"] as? String)?.contains("welcome") == true })
        let text = try await run(["actions", "--since", "1h"], in: directory)
        #expect(text.output.contains("parsely-dev/parsely#103  label levee:needs-author"), "\(text.output)")

        // The same flood again, new delivery ids: a rehearsal has already "done" all of it, so nothing is added.
        let again = try await run(["replay", Self.firstRun.path, "--url", url + "/webhooks/github"], in: directory)
        #expect(again.output.contains("12 accepted, 0 refused"))
        try await Self.waitProcessed(24, at: url)
        #expect(try await listActions(in: directory).count == 4)
        let future = try await run(["actions", "--since", "2999-01-01"], in: directory)
        #expect(future.output.contains("No actions recorded since 2999-01-01."))

        // Sent again with a wrong secret: refused, exit 1.
        let wrong = try await run(
            [
                "replay", Self.firstRun.appendingPathComponent("08-plain-bug-report.json").path, "--url",
                url + "/webhooks/github", "--secret", "wrong",
            ], in: directory)
        #expect(wrong.status == 1)
        #expect(wrong.output.contains("401 issues"))
        #expect(wrong.output.contains("0 accepted, 1 refused"))
    }

    /// SIGTERM (systemd's stop, `docker stop`) ends the server without waiting out the lifecycle timers' and the
    /// backfill's 30-second sleep: it used to take 28 s to exit.
    @Test func sigtermStopsTheServerWithoutWaitingForTheTimers() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try #require(CrashRecoveryTests.binary, "build levee first: swift build")
        let server = try await CrashRecoveryTests.Server.start(
            binary: binary, arguments: ["serve", "--port", "0"], environment: [:], directory: directory)
        server.child.signal(SIGTERM)
        // Half the timers' interval: a server still sleeping through it has not stopped by then.
        for _ in 0..<150 where server.child.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!server.child.isRunning, "still running 15 s after SIGTERM")
        if server.child.isRunning { await server.kill() }
        #expect(await server.child.exit() == 0, "\(server.output)")
    }

    @Test func badInputExitsTwoNamingThePlace() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("levee-server.yml")
        try "http:\n  prot: 1\n".write(to: config, atomically: true, encoding: .utf8)
        let serve = try await run(["serve", "--config", config.path], in: directory)
        #expect(serve.status == 2)
        #expect(
            serve.output.contains("\(config.path):2:3: `http.prot`: not a Levee setting; did you mean `http.port`?"))

        let env = try await run(["serve"], in: directory, environment: ["LEVEE_HTTP_PORT": "eighty"])
        #expect(env.status == 2)
        #expect(env.output.contains("LEVEE_HTTP_PORT: `http.port`: expected a whole number from 0 to 65535"))

        let key = directory.appendingPathComponent("key.pem")
        try "not a key".write(to: key, atomically: true, encoding: .utf8)
        let app = try await run(
            ["serve"], in: directory,
            environment: ["LEVEE_GITHUB_APP_ID": "1", "LEVEE_GITHUB_PRIVATE_KEY_FILE": key.path])
        #expect(app.status == 2)
        #expect(app.output.contains("not an RSA private key in PEM form"))

        let since = try await run(["actions", "--since", "yesterday-ish"], in: directory)
        #expect(since.status == 2)
        #expect(since.output.contains("--since yesterday-ish"))
        let noDatabase = try await run(["actions"], in: directory)
        #expect(noDatabase.status == 2)
        #expect(noDatabase.output.contains("levee.sqlite: no such database"))
        let replay = try await run(["replay", "/nonexistent", "--secret", "x"], in: directory)
        #expect(replay.status == 2)
        #expect(replay.output.contains("/nonexistent: no such file or directory"))
        let noSecret = try await run(["replay", config.path], in: directory)
        #expect(noSecret.status == 2)
        #expect(noSecret.output.contains("no webhook secret"))
    }
}

extension ServeCommandTests {
    @Test func lifecycleSimulatePrintsTheTimeline() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let examples = DeploymentFilesTests.repository.appendingPathComponent("examples/lifecycle")
        let result = try await run(
            [
                "lifecycle", "simulate", "--events", examples.appendingPathComponent("awaiting-author.jsonl").path,
                "--now", "2026-12-31T00:00:00Z", "--policy", examples.appendingPathComponent("policy.yml").path,
            ], in: directory)
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "2026-11-01T09:00:00Z  opened → open: +label needs-ok-to-test")
        // Stale 14 days after the question; the bystander's comment did not reset it; the author's did.
        #expect(lines.contains { $0.hasPrefix("2026-11-16T10:00:00Z  timer → stale: +label levee:stale") })
        #expect(!lines.contains { $0.contains("comment by bystander") })
        #expect(lines.contains { $0.hasPrefix("2026-11-20T08:00:00Z  comment by new-contributor → open") })
        #expect(lines.contains { $0.hasPrefix("2026-12-19T10:00:00Z  timer → closed: close") })
        #expect(lines.last == "at 2026-12-31T00:00:00Z: closed")

        let bad = directory.appendingPathComponent("bad.jsonl")
        try "{\"at\": \"2026-11-01T09:00:00Z\", \"event\": \"exploded\"}\n".write(
            to: bad, atomically: true, encoding: .utf8)
        let refused = try await run(
            ["lifecycle", "simulate", "--events", bad.path, "--now", "2026-12-31T00:00:00Z"], in: directory)
        #expect(refused.status == 2)
        #expect(refused.output.contains("\(bad.path):1: unknown event `exploded`"))
    }
}
