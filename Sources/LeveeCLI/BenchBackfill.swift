import ArgumentParser
import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import LeveeSQLite
import LeveeServer
import LeveeStore
import Logging
import Synchronization

/// A clock that runs with real time and jumps over every wait: a rate limit's hour passes at once, and is counted.
final class VirtualClock: Sendable {
    let base: Date
    let started = ContinuousClock.now
    let waitedSeconds = Mutex<Double>(0)

    init(base: Date = Date()) { self.base = base }

    var now: @Sendable () -> Date {
        { self.base.addingTimeInterval((ContinuousClock.now - self.started).seconds + self.waited) }
    }
    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.waitedSeconds.withLock { $0 += duration.seconds } }
    }
    var waited: Double { waitedSeconds.withLock { $0 } }
    func wait(until date: Date) { waitedSeconds.withLock { $0 += max(date.timeIntervalSince(now()), 0) } }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension BenchCommand {
    /// The backfill of a large backlog against the fake GitHub with GitHub's documented rate limits, beside a naive
    /// REST walk of the same backlog.
    struct Backfill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backfill",
            abstract: "Backfill a made-up backlog from the fake GitHub, rate limits modelled; print requests and time.",
            discussion: """
                The fake GitHub holds --items open items (60% pull requests, each with 3 files and 2 commits; 40% \
                issues) and enforces GitHub's documented limits: 5,000 REST requests and 5,000 GraphQL points an \
                hour per token, 900 REST and 2,000 GraphQL points a minute. Levee's backfill (GraphQL pages, every \
                item evaluated and stored in a fresh SQLite database) runs against one copy; a naive REST walk (list \
                the pull requests, then each one's files and commits, then the issues; fetching only) against \
                another. Waits the limits impose are skipped on a virtual clock and counted: "wall" is the real time \
                plus the waits.
                """)

        @Option(help: "Open items in the backlog.") var items = 4000
        @Option(help: "Also write the JSON line to this file.") var output: String?

        func run() async throws {
            let pulls = items * 6 / 10
            let levee = try await Self.measure(pulls: pulls, issues: items - pulls, naive: false)
            let naive = try await Self.measure(pulls: pulls, issues: items - pulls, naive: true)
            var line = "{\"bench\":\"backfill\",\"items\":\(items),\"pull_requests\":\(pulls)"
            for (name, m) in [("levee_graphql", levee), ("naive_rest", naive)] {
                line +=
                    ",\"\(name)\":{\"requests\":\(m.requests),\"per_item\":\(Self.round(Double(m.requests) / Double(items), 4))"
                line +=
                    ",\"real_seconds\":\(Self.round(m.real, 2)),\"rate_limit_wait_seconds\":\(Self.round(m.waited, 1))"
                line +=
                    ",\"wall_seconds\":\(Self.round(m.real + m.waited, 1)),\"refused_primary\":\(m.refusals.primary)"
                line += ",\"refused_secondary\":\(m.refusals.secondary),\"items_read\":\(m.items)"
                line += ",\"authors_looked_up\":\(m.authorsLookedUp)"
                line +=
                    ",\"by_kind\":{"
                    + m.byKind.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
                    + "}}"
            }
            line += "}"
            print(line)
            if let output { try (line + "\n").write(toFile: output, atomically: true, encoding: .utf8) }
        }

        struct Measurement {
            var requests: Int
            var real: Double
            var waited: Double
            var refusals: (primary: Int, secondary: Int)
            var items: Int
            /// Strangers whose activity the backfill looked up (one GraphQL search each, `AuthorFacts`).
            var authorsLookedUp = 0
            /// The requests by what they asked for (`kind(of:)`).
            var byKind: [String: Int] = [:]
        }

        /// What a request asked for: a backlog page, the issues a page names, an author's activity (GraphQL); an
        /// account, a file, the advisories (REST); or else the pull-request and issue lists of the REST walk.
        static func kind(of request: FakeGitHub.Seen) -> String {
            if request.path == "/graphql" {
                let query = request.body?["query"]?.string ?? ""
                if query.contains("issueOrPullRequest(") { return "graphql_linked_issues" }
                if query.contains("search(") { return "graphql_author_activity" }
                return query.contains("pullRequests(") || query.contains("issues(")
                    ? "graphql_backlog_pages" : "graphql_other"
            }
            if request.path.hasPrefix("/users/") { return "rest_accounts" }
            if request.path.contains("/contents/") { return "rest_files" }
            if request.path.contains("/security-advisories") { return "rest_advisories" }
            return "rest_lists"
        }

        static func round(_ value: Double, _ places: Int) -> Double {
            let scale = pow(10, Double(places))
            return (value * scale).rounded() / scale
        }

        static let token = "ghp_benchbackfill000000000000"
        static let repository = "bench/backlog"

        /// A fake GitHub holding the backlog, with the limits on the given clock.
        static func fake(pulls: Int, issues: Int, clock: VirtualClock) async throws -> FakeGitHub {
            let fake = FakeGitHub(acceptedTokens: [token])
            let start = clock.base
            var entries: [FakeGitHub.BacklogEntry] = []
            for n in 1...max(pulls, 1) where pulls > 0 {
                let drive = n % 9 == 0
                entries.append(
                    FakeGitHub.BacklogEntry(
                        number: n, isPullRequest: true, title: drive ? "Update README.md" : "parser: handle case \(n)",
                        body: drive ? "" : "Fixes #\(n + 100_000). Adds a regression test for the case.",
                        author: "dev\(n % 300)", association: drive ? "FIRST_TIME_CONTRIBUTOR" : "CONTRIBUTOR",
                        createdAt: start.addingTimeInterval(-Double(n) * 600), additions: 40, deletions: 5,
                        changedFiles: 3))
                fake.setFiles(
                    repository, pull: n,
                    (1...3).map { f in
                        .object(["filename": .string("src/module\(f).c"), "additions": 13, "deletions": 2])
                    })
                fake.setCommits(
                    repository, pull: n,
                    (1...2).map { c in
                        .object([
                            "sha": .string(String(format: "%07x%033d", n, c)),
                            "commit": .object([
                                "message": .string("parser: step \(c) of case \(n)"),
                                "author": .object(["name": "Dev", "email": "dev@example.com"]),
                            ]),
                        ])
                    })
            }
            for n in 1...max(issues, 1) where issues > 0 {
                entries.append(
                    FakeGitHub.BacklogEntry(
                        number: 200_000 + n, isPullRequest: false, title: "crash on input \(n)",
                        body: "Running `tool --input \(n)` crashes with SIGSEGV.", author: "user\(n % 500)",
                        createdAt: start.addingTimeInterval(-Double(n) * 900)))
            }
            fake.addBacklog(repository, entries)
            // Every author's account exists, so a stranger's look-up costs what it costs on GitHub (`AuthorFacts`).
            for login in Set(entries.map(\.author)) { fake.setAccount(login, createdAt: "2020-01-02T03:04:05Z") }
            fake.enableRateLimits(now: clock.now)
            try await fake.start()
            return fake
        }

        static func measure(pulls: Int, issues: Int, naive: Bool) async throws -> Measurement {
            let clock = VirtualClock()
            let fake = try await fake(pulls: pulls, issues: issues, clock: clock)
            defer { Task { await fake.stop() } }
            let client = await GitHubClient(
                baseURL: fake.baseURL, credentials: .token(token), now: clock.now, sleep: clock.sleep)
            let started = ContinuousClock.now
            var read = 0
            if naive {
                read = try await naiveWalk(client, clock: clock)
            } else {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "levee-bench-backfill-\(UUID().uuidString).sqlite"
                ).path
                defer {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
                let store = try SQLiteStore(path: path, durability: .normal)
                let context = ServerContext(
                    settings: .init(), client: client, store: store, metrics: ServerMetrics(), now: clock.now)
                let backfill = LeveeServer.Backfill(context: context, client: client, closedDays: 0)
                while true {
                    do {
                        read = try await backfill.run(repository, installationID: nil, logger: Logger(label: "bench"))
                            .items
                        break
                    } catch let error as GitHubError where error.retryAt != nil {
                        clock.wait(until: error.retryAt!)
                    }
                }
            }
            return Measurement(
                requests: fake.requests.count, real: (ContinuousClock.now - started).seconds, waited: clock.waited,
                refusals: fake.refusals, items: read, authorsLookedUp: fake.activitySearches,
                byKind: Dictionary(grouping: fake.requests, by: kind(of:)).mapValues(\.count))
        }

        /// The REST way: list pages, then files and commits of each pull request, then the issue pages (which hold the
        /// pull requests too). A request refused for a long wait waits on the virtual clock and is sent again.
        static func naiveWalk(_ client: GitHubClient, clock: VirtualClock) async throws -> Int {
            func get(_ path: String) async throws -> GitHubResponse {
                while true {
                    do {
                        return try await client.send(GitHubRequest("GET", path))
                    } catch let error as GitHubError where error.retryAt != nil {
                        clock.wait(until: error.retryAt!)
                    }
                }
            }
            func list(_ path: String) async throws -> [JSONValue] {
                var items: [JSONValue] = []
                var next: String? = path
                while let current = next {
                    let response = try await get(current)
                    items += try response.json(current).array ?? []
                    next = GitHubClient.links(response.headers["link"])["next"]
                }
                return items
            }
            let pulls = try await list("/repos/\(repository)/pulls?state=open&per_page=100")
            for pull in pulls {
                let number = pull["number"]?.int ?? 0
                _ = try await list("/repos/\(repository)/pulls/\(number)/files?per_page=100")
                _ = try await list("/repos/\(repository)/pulls/\(number)/commits?per_page=100")
            }
            let issues = try await list("/repos/\(repository)/issues?state=open&per_page=100").filter {
                $0["pull_request"] == nil
            }
            return pulls.count + issues.count
        }
    }
}
