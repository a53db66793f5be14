import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import LeveeSQLite
import LeveeStore
import Logging
import Testing

@testable import LeveeServer

/// The existing backlog brought in on installation or `levee sync`: evaluated and stored a page at a time, what shadow
/// mode would do rehearsed once, resumable after a failure, and nothing sent to GitHub.
@Suite(.serialized) struct BackfillTests {
    static let token = "ghp_backfilltoken0123456789"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let day: TimeInterval = 86_400

    /// 120 open pull requests (every tenth "Update README.md" with no description, from a first-timer), 30 open issues,
    /// five pull requests merged in the last month and two merged a year ago.
    static func entries() -> [FakeGitHub.BacklogEntry] {
        var entries: [FakeGitHub.BacklogEntry] = (1...120).map { n in
            let drive = n % 10 == 0
            return FakeGitHub.BacklogEntry(
                number: n, isPullRequest: true, title: drive ? "Update README.md" : "parser: handle case \(n)",
                body: drive ? "" : "Fixes #\(1000 + n). Adds a test for it.", author: "dev\(n)",
                association: drive ? "FIRST_TIME_CONTRIBUTOR" : "CONTRIBUTOR",
                createdAt: now.addingTimeInterval(-Double(n) * 3600), additions: drive ? 1 : 20, deletions: 2,
                changedFiles: drive ? 1 : 2)
        }
        entries += (1...30).map { n in
            FakeGitHub.BacklogEntry(
                number: 500 + n, isPullRequest: false, title: "crash on input \(n)",
                body: "Run `tool \(n)`: it crashes.",
                author: "user\(n)", createdAt: now.addingTimeInterval(-Double(n) * 7200))
        }
        entries += (1...5).map { n in
            FakeGitHub.BacklogEntry(
                number: 700 + n, isPullRequest: true, title: "merged change \(n)", author: "dev\(n)", state: "MERGED",
                createdAt: now.addingTimeInterval(-40 * day), closedAt: now.addingTimeInterval(-Double(n) * day))
        }
        entries += (1...2).map { n in
            FakeGitHub.BacklogEntry(
                number: 800 + n, isPullRequest: true, title: "old change \(n)", author: "dev\(n)", state: "MERGED",
                createdAt: now.addingTimeInterval(-400 * day), closedAt: now.addingTimeInterval(-380 * day))
        }
        return entries
    }

    struct Setup {
        let fake: FakeGitHub
        let store: SQLiteStore
        let backfill: Backfill
        let path: String
    }

    func setup() async throws -> Setup {
        let fake = FakeGitHub(acceptedTokens: [Self.token])
        fake.addBacklog("acme/widget", Self.entries())
        try await fake.start()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("levee-backfill-\(UUID()).sqlite").path
        let store = try SQLiteStore(path: path)
        // A long timeout: on a loaded machine a retried request would be counted twice by the fake.
        let client = await GitHubClient(
            baseURL: fake.baseURL, credentials: .token(Self.token), retry: RetryPolicy(timeout: .seconds(300)))
        let context = ServerContext(
            settings: .init(), client: client, store: store, metrics: ServerMetrics(), now: { Self.now })
        return Setup(fake: fake, store: store, backfill: Backfill(context: context, client: client), path: path)
    }

    /// Once the backlog is read, the private vulnerability reports waiting in triage are read too (the REST list,
    /// written from GitHub's documentation), each a private item once; a published advisory is not a report.
    @Test func privateReportsInTriageAreReadOnceAfterTheBacklog() async throws {
        let s = try await setup()
        defer { Task { await s.fake.stop() } }
        let payload = try JSONValue.parse(
            try Data(contentsOf: ReportIntakeTests.advisory), source: "advisory")
        let triage = try #require(payload["repository_advisory"])
        guard case .object(var published) = triage else { throw HarnessError("not an object") }
        published["ghsa_id"] = "GHSA-aaaa-bbbb-cccc"
        published["state"] = "published"
        s.fake.setAdvisories("acme/widget", [triage, .object(published)])
        let state = try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        #expect(state.isDone && state.reports == 1)
        let stored = try #require(try await s.store.storedEvaluation(source: "acme/widget#GHSA-h7x2-9q4m-3v8c"))
        #expect(stored.evaluation.kind == .securityReport && stored.evaluation.actions.isEmpty)
        #expect(try await s.store.storedEvaluation(source: "acme/widget#GHSA-aaaa-bbbb-cccc") == nil)
        #expect(s.fake.writes.isEmpty)
        // Read again (a second sync): already an item, not evaluated twice.
        #expect(
            try await s.backfill.privateReports(
                RepositoryRef(fullName: "acme/widget", installationID: nil), logger: Logger(label: "test")) == 0)
    }

    @Test func aBacklogIsEvaluatedStoredAndRehearsedOnce() async throws {
        let s = try await setup()
        defer { Task { await s.fake.stop() } }
        let state = try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        #expect(state.isDone && state.reports == 0)  // private reporting off here: GitHub answers 404
        #expect(state.items == 155)  // 120 + 30 open, 5 closed in the last 90 days; not the two from last year
        // Three pages of open pull requests, one of issues, one of closed pull requests (it stops at the first one
        // last updated before the window), one of closed issues (none).
        #expect(state.requests == 6)
        let graphQL = s.fake.requests.filter { $0.path == "/graphql" }.count
        // Besides the six pages, each stranger's activity once (`AuthorFacts`): the 12 first-timers and the 30 issue
        // authors; the contributors are never looked up.
        #expect(s.fake.activitySearches == 42)
        // And one request per page of open pull requests for the issues they name (`Fixes #N`; none exists here).
        #expect(graphQL == 6 + 3 + 42)
        #expect(s.fake.writes.isEmpty, "a backfill sends nothing")

        let stamps = try await s.store.evaluationStamps(limit: 1000)
        #expect(stamps.count == 150)
        #expect(
            !stamps.contains { $0.source == "acme/widget#701" }, "a closed item is a fingerprint, not a queue entry")
        // ... and an outcome, with the verdict Levee gives it.
        let outcomes = try await s.store.outcomes(repository: "acme/widget", since: .distantPast)
        #expect(outcomes.map(\.number).sorted() == [701, 702, 703, 704, 705])
        #expect(outcomes.allSatisfy { $0.kind == .merged && $0.verdict != nil && $0.slopScore != nil })
        let drive = try #require(try await s.store.storedEvaluation(source: "acme/widget#10"))
        #expect(drive.evaluation.verdict >= .needsAuthor)
        let actions = try await s.store.actions(repository: "acme/widget", number: 10)
        #expect(actions.map(\.kind.rawValue).sorted() == ["comment", "label"])
        #expect(actions.allSatisfy { $0.status == .shadow && $0.reason.hasSuffix("(backfill)") })
        let fingerprints = try await s.store.fingerprints(repository: "acme/widget", since: Self.now - 90 * Self.day)
        #expect(fingerprints.count == 155)

        // Run again: done, nothing read, nothing recorded twice.
        let again = try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        #expect(again.requests == 6)
        #expect(s.fake.requests.filter { $0.path == "/graphql" }.count == graphQL)
        #expect(try await s.store.actions(repository: "acme/widget", number: 10).count == 2)
    }

    /// Each open item's author gets a tier as a delivery's gather gives it (`RepositoryFacts.trustInputs`): here from
    /// vouch's own `VOUCHED.td` at the root, the repository's lists read once for the whole run.
    @Test func authorsGetTheirTierFromTheListsReadOnceARun() async throws {
        let s = try await setup()
        defer { Task { await s.fake.stop() } }
        s.fake.setContents("acme/widget", path: "VOUCHED.td", "dev10\n-dev20 Sprayed generated pull requests\n")
        _ = try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        let vouched = try #require(try await s.store.storedEvaluation(source: "acme/widget#10"))
        #expect(vouched.evaluation.trust?.tier == .vouched)
        let denounced = try #require(try await s.store.storedEvaluation(source: "acme/widget#20"))
        #expect(denounced.evaluation.trust?.tier == .denounced)
        #expect(denounced.evaluation.violations.contains { $0.id == "denounced_author" })
        let reads = s.fake.requests.filter { $0.method == "GET" && $0.path.hasSuffix("/contents/VOUCHED.td") }
        #expect(reads.count == 1)
    }

    /// A list the policy inherits from another repository counts in the backfill as in a delivery (the backfill used
    /// to read only this repository's), read once for the whole run; the contributors' records are GitHub's
    /// association, as a delivery without the search would take them (`ContextGatherer.Reach.backlog`).
    @Test func anInheritedListCountsAndIsReadOnceARun() async throws {
        let s = try await setup()
        defer { Task { await s.fake.stop() } }
        s.fake.setContents(
            "acme/widget", path: ".github/levee.yml", "trust:\n  inherit: [\"acme/.github:VOUCHED.td\"]\n")
        s.fake.setContents("acme/.github", path: "VOUCHED.td", "dev30\n")
        _ = try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        let vouched = try #require(try await s.store.storedEvaluation(source: "acme/widget#30"))
        #expect(vouched.evaluation.trust?.tier == .vouched)
        #expect(vouched.evaluation.trust?.reason.contains("acme/.github:VOUCHED.td") == true)
        let other = try #require(try await s.store.storedEvaluation(source: "acme/widget#31"))
        #expect(other.evaluation.trust?.record?.merged == 1, "a contributor, by GitHub's association")
        let reads = s.fake.requests.filter { $0.method == "GET" && $0.path.contains("/repos/acme/.github/contents/") }
        #expect(reads.count == 1, "\(reads)")
    }

    /// An open pull request's linked issues are read as a delivery reads them — the issues it names, with their
    /// author and time — one GraphQL request for the page: #1 names #1001, which its own author opened ten minutes
    /// before it, and the backfilled evaluation says so (`issue_opened_just_before`, a behaviour signal); #2's issue
    /// does not exist and is left out.
    @Test func linkedIssuesAreReadForAPageAtOnce() async throws {
        let s = try await setup()
        defer { Task { await s.fake.stop() } }
        s.fake.setIssue(
            "acme/widget", number: 1001, title: "Parser rejects case 1", body: "Input `1` makes the parser fail.",
            author: "dev1", createdAt: Self.now.addingTimeInterval(-3600 - 600))
        _ = try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        let first = try #require(try await s.store.storedEvaluation(source: "acme/widget#1"))
        let signal = try #require(first.evaluation.signals.first { $0.id == "issue_opened_just_before" })
        #expect(signal.evidence == ["issue #1001 was opened by @dev1 10 minutes before this pull request"])
        let second = try #require(try await s.store.storedEvaluation(source: "acme/widget#2"))
        #expect(!second.evaluation.signals.contains { $0.id == "issue_opened_just_before" })
        let issueQueries = s.fake.requests.filter { $0.path == "/graphql" }.compactMap { $0.body?["query"]?.string }
            .filter { $0.contains("issueOrPullRequest(") }
        #expect(issueQueries.count == 3, "one per page of open pull requests")
        #expect(issueQueries.first?.contains("issueOrPullRequest(number: 1001)") == true)
    }

    @Test func aBackfillCutShortResumesAtTheNextPage() async throws {
        let s = try await setup()
        defer { Task { await s.fake.stop() } }
        // Three points: the first page, the issues its pull requests name, then the first stranger's activity (#10's
        // author); the next strangers' look-ups fail and say so, and the second page is refused.
        s.fake.setGraphQLBudget(3, resetAt: Self.now.addingTimeInterval(1800))
        await #expect(throws: GitHubError.self) {
            try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        }
        let stopped = try #require(try await Backfill.state("acme/widget", in: s.store))
        #expect(stopped.items == 50)
        #expect(stopped.position == "open-pull-requests cursor:50")
        #expect(try await s.store.storedEvaluation(source: "acme/widget#10")?.evaluation.unchecked == nil)
        let limited = try #require(try await s.store.storedEvaluation(source: "acme/widget#20")).evaluation
        #expect(limited.unchecked?.first?.contains("GitHub's rate limit") == true)
        #expect(stopped.error?.contains("RATE_LIMITED") == true)
        #expect(stopped.retryAfter == Self.now.addingTimeInterval(1800))

        s.fake.setGraphQLBudget(100, resetAt: Self.now.addingTimeInterval(1800))
        let done = try await s.backfill.run("acme/widget", installationID: nil, logger: Logger(label: "test"))
        #expect(done.isDone)
        #expect(done.items == 155)
        #expect(done.requests == 6, "the page read before the stop is not read again")
        #expect(try await s.store.evaluationStamps(limit: 1000).count == 150)
        #expect(try await s.store.actions(repository: "acme/widget", number: 10).count == 2)
    }

    /// Installing the App on a repository queues its backfill; the server's backfill service reads it and the
    /// dashboard's queue shows the old items.
    @Test func anInstallationFillsTheDashboard() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        harness.fake.addBacklog(
            "Codertocat/Hello-World",
            [
                FakeGitHub.BacklogEntry(
                    number: 41, isPullRequest: true, title: "Update README.md", author: "drive-by",
                    association: "FIRST_TIME_CONTRIBUTOR", createdAt: harness.clock.now(), additions: 1, deletions: 1,
                    changedFiles: 1),
                FakeGitHub.BacklogEntry(
                    number: 42, isPullRequest: false, title: "Build fails on FreeBSD 14",
                    body: "`make` stops at src/io.c:88 with: error: unknown type name 'off64_t'.", author: "porter",
                    createdAt: harness.clock.now()),
            ])
        let answer = try await harness.send(
            "installation", try Shared.payload("installation", "created.payload.json"), delivery: "install-1")
        #expect(answer.status == 202)
        let item = try await harness.settled("install-1")
        #expect(item.outcome == "backfill queued: Codertocat/Hello-World")
        var state: BackfillState?
        for _ in 0..<500 {
            state = try await Backfill.state("Codertocat/Hello-World", in: harness.store)
            if state?.isDone == true { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(state?.isDone == true, "\(String(describing: state))")
        #expect(state?.items == 2)
        let queue = try await harness.get("/")
        #expect(queue.text.contains("Build fails on FreeBSD 14"))
        #expect(queue.text.contains("Update README.md"))
        #expect(queue.text.contains("Backlog of Codertocat/Hello-World: 2 items read in 4 requests, done"))
        let metrics = try await harness.get("/metrics")
        #expect(metrics.text.contains("levee_backfill_items_total 2"))
        #expect(harness.fake.writes.isEmpty, "the backlog is rehearsed, never acted on")
    }
}
