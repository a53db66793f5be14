import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeStore
import Testing

/// The lifecycle through the server, with the fake GitHub and a clock the test moves (no sleeping for days).
@Suite(.serialized) struct LifecycleEndToEndTests {
    static let repo = "Codertocat/Hello-World"
    static let day = 86400.0

    func payload(_ event: String, _ name: String, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var json = try #require(try JSONSerialization.jsonObject(with: Shared.payload(event, name)) as? [String: Any])
        edit(&json)
        return try JSONSerialization.data(withJSONObject: json)
    }

    /// A comment by `login` on issue or pull request `number`.
    func comment(_ body: String, by login: String, association: String, on number: Int = 1, pull: Bool = false, id: Int)
        throws -> Data
    {
        try payload("issue_comment", "created.payload.json") { json in
            var comment = json["comment"] as! [String: Any]
            comment["body"] = body
            comment["id"] = id
            comment["author_association"] = association
            comment["user"] = ["login": login, "type": "User"]
            json["comment"] = comment
            var issue = json["issue"] as! [String: Any]
            issue["number"] = number
            if pull { issue["pull_request"] = ["url": "https://api.github.com/repos/\(Self.repo)/pulls/\(number)"] }
            json["issue"] = issue
        }
    }

    func newcomerPullRequest(number: Int = 2, body: String? = nil) throws -> Data {
        try payload("pull_request", "opened.payload.json") { json in
            var pull = json["pull_request"] as! [String: Any]
            pull["author_association"] = "NONE"
            pull["number"] = number
            if let body { pull["body"] = body }
            json["pull_request"] = pull
            json["number"] = number
        }
    }

    func policy(_ lifecycle: String) -> String { Harness.policy + "\n" + lifecycle }

    /// One plan per delivery: a newcomer's pull request that the evaluation comments on and the lifecycle welcomes
    /// reads the item's comments once and writes the sticky comment once, with the welcome in its status line (the
    /// lifecycle used to read and write it a second time).
    @Test func aWelcomedPullRequestReadsAndWritesTheStickyCommentOnce() async throws {
        let harness = try await Harness(
            repositoryPolicy: policy("lifecycle:\n  newcomer_lane: { enabled: true }\n"))
        defer { Task { await harness.stop() } }
        _ = try await harness.send("pull_request", try newcomerPullRequest(), delivery: "welcome")
        try await harness.settled("welcome")
        let requests = harness.fake.requests
        let commentReads = requests.filter {
            $0.method == "GET" && $0.path.hasPrefix("/repos/\(Self.repo)/issues/2/comments")
        }
        let commentWrites = requests.filter {
            ($0.method == "POST" && $0.path == "/repos/\(Self.repo)/issues/2/comments")
                || ($0.method == "PATCH" && $0.path.hasPrefix("/repos/\(Self.repo)/issues/comments/"))
        }
        #expect(commentReads.count == 1, "\(requests.map { "\($0.method) \($0.path)" })")
        #expect(commentWrites.count == 1)
        let sticky = try #require(harness.fake.comments(Self.repo, number: 2).first)
        #expect(sticky.body.contains("Welcome, and thank you for your first contribution"))
        let item = try #require(try await harness.store.lifecycleItem(repository: Self.repo, number: 2))
        #expect(item.status?.hasPrefix("Welcome") == true)
    }

    @Test func staleAfterFourteenDaysResetOnlyByTheAuthorClosedOnceAcrossARestart() async throws {
        let first = try await Harness(
            repositoryPolicy: policy("lifecycle:\n  awaiting_author: { enabled: true }\n"))
        _ = try await first.send("issues", try Shared.payload("issues", "opened.payload.json"), delivery: "o")
        try await first.settled("o")
        _ = try await first.send(
            "issue_comment", try comment("Could you add a test?", by: "maintainer-mia", association: "MEMBER", id: 1),
            delivery: "ask")
        try await first.settled("ask")
        #expect(first.fake.labels(Self.repo, number: 1).contains("levee:awaiting-author"))
        var item = try #require(try await first.store.lifecycleItem(repository: Self.repo, number: 1))
        #expect(item.phase == .awaitingAuthor)

        // Someone else answering does not reset the clock; the author does.
        _ = try await first.send(
            "issue_comment", try comment("Same problem here!", by: "bystander", association: "NONE", id: 2),
            delivery: "other")
        try await first.settled("other")
        #expect(try await first.store.lifecycleItem(repository: Self.repo, number: 1)?.phase == .awaitingAuthor)
        _ = try await first.send(
            "issue_comment", try comment("Added one.", by: "Codertocat", association: "OWNER", id: 3), delivery: "ans")
        try await first.settled("ans")
        item = try #require(try await first.store.lifecycleItem(repository: Self.repo, number: 1))
        #expect(item.phase == .open)
        #expect(!first.fake.labels(Self.repo, number: 1).contains("levee:awaiting-author"))

        // Asked again; 13 days: nothing; 14 days: stale, the status line says so.
        _ = try await first.send(
            "issue_comment", try comment("And docs?", by: "maintainer-mia", association: "MEMBER", id: 4),
            delivery: "ask2")
        try await first.settled("ask2")
        first.clock.advance(13 * Self.day)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await first.store.lifecycleItem(repository: Self.repo, number: 1)?.phase == .awaitingAuthor)
        first.clock.advance(1 * Self.day)
        try await waitFor { try await first.store.lifecycleItem(repository: Self.repo, number: 1)?.phase == .stale }
        #expect(first.fake.labels(Self.repo, number: 1).contains("levee:stale"))
        let sticky = try #require(
            first.fake.comments(Self.repo, number: 1).first { $0.body.contains(StickyComment.marker) })
        #expect(sticky.body.contains("**Status:** Stale: no answer from @Codertocat in 14 days"))

        // A restart: the new server fires the close timer once, and never the stale one again.
        await first.stopServer()
        first.clock.advance(14 * Self.day)
        let second = try await Harness(restarting: first)
        defer { Task { await second.stop() } }
        try await waitFor { try await second.store.lifecycleItem(repository: Self.repo, number: 1)?.phase == .closed }
        try await Task.sleep(for: .milliseconds(300))  // more ticks pass; nothing more may happen
        #expect(
            second.fake.writes("PATCH", pathSuffix: "/issues/1").filter { $0.body?["state"]?.string == "closed" }.count
                == 1)
        #expect(
            second.fake.writes("POST", pathSuffix: "/issues/1/labels").filter {
                $0.body?["labels"]?.array?.first?.string == "levee:stale"
            }.count == 1)
        #expect(second.fake.itemState(Self.repo, number: 1).state == "closed")
    }

    @Test func closedByDefaultReopensOnAGoodExplanationNotOnThePastedBody() async throws {
        let harness = try await Harness(
            repositoryPolicy: policy("lifecycle:\n  close_by_default: { enabled: true, tiers: [newcomer] }\n"))
        defer { Task { await harness.stop() } }
        let description = "This is a pretty simple change that we need to pull into master."
        _ = try await harness.send("pull_request", try newcomerPullRequest(body: description), delivery: "p")
        try await harness.settled("p")
        #expect(harness.fake.itemState(Self.repo, number: 2).state == "closed")
        #expect(harness.fake.labels(Self.repo, number: 2).contains("levee:explain-to-reopen"))

        _ = try await harness.send(
            "issue_comment", try comment(description, by: "Codertocat", association: "NONE", on: 2, pull: true, id: 10),
            delivery: "paste")
        try await harness.settled("paste")
        #expect(harness.fake.itemState(Self.repo, number: 2).state == "closed")
        let status = try #require(try await harness.store.lifecycleItem(repository: Self.repo, number: 2)?.status)
        #expect(status.contains("repeats the pull request's description"))

        let explanation = """
            The README said the project builds with make, but the Makefile was removed last spring. I changed the \
            two lines to the swift build command we actually use and checked that it runs from a clean clone.
            """
        _ = try await harness.send(
            "issue_comment", try comment(explanation, by: "Codertocat", association: "NONE", on: 2, pull: true, id: 11),
            delivery: "explain")
        try await harness.settled("explain")
        #expect(harness.fake.itemState(Self.repo, number: 2).state == "open")
        #expect(!harness.fake.labels(Self.repo, number: 2).contains("levee:explain-to-reopen"))
        #expect(try await harness.store.lifecycleItem(repository: Self.repo, number: 2)?.phase == .open)
    }

    @Test func aParkedPullRequestIsUnparkedWhenASlotFrees() async throws {
        let harness = try await Harness(repositoryPolicy: policy("caps:\n  open_prs_per_non_writer: 1\n"))
        defer { Task { await harness.stop() } }
        harness.fake.setOpenPullRequests("Codertocat", 2)
        _ = try await harness.send("pull_request", try newcomerPullRequest(), delivery: "p")
        try await harness.settled("p")
        #expect(harness.fake.labels(Self.repo, number: 2).contains("levee:parked"))
        #expect(try await harness.store.lifecycleItem(repository: Self.repo, number: 2)?.phase == .parked)

        // The author's other pull request (#7) closes.
        let closed = try payload("pull_request", "closed.payload.json") { json in
            var pull = json["pull_request"] as! [String: Any]
            pull["number"] = 7
            json["pull_request"] = pull
            json["number"] = 7
        }
        _ = try await harness.send("pull_request", closed, delivery: "c")
        let outcome = try await harness.settled("c")
        #expect(outcome.outcome?.contains("unparked #2") == true)
        #expect(!harness.fake.labels(Self.repo, number: 2).contains("levee:parked"))
        #expect(try await harness.store.lifecycleItem(repository: Self.repo, number: 2)?.phase == .open)
    }

    @Test func okToTestFromAWriterApprovesTheWaitingRuns() async throws {
        let harness = try await Harness(repositoryPolicy: policy("lifecycle:\n  first_timer_gate: { enabled: true }\n"))
        defer { Task { await harness.stop() } }
        let pr = try newcomerPullRequest()
        let sha =
            try #require(
                ((try JSONSerialization.jsonObject(with: pr) as? [String: Any])?["pull_request"] as? [String: Any])?[
                    "head"]
                    as? [String: Any])["sha"] as? String
        harness.fake.setPendingRuns(Self.repo, sha: try #require(sha), [111, 112])
        _ = try await harness.send("pull_request", pr, delivery: "p")
        try await harness.settled("p")
        #expect(harness.fake.labels(Self.repo, number: 2).contains("needs-ok-to-test"))

        // The author cannot approve their own runs.
        _ = try await harness.send(
            "issue_comment",
            try comment("/levee ok-to-test", by: "Codertocat", association: "NONE", on: 2, pull: true, id: 20),
            delivery: "self")
        try await harness.settled("self")
        #expect(harness.fake.approvedRuns.isEmpty)

        _ = try await harness.send(
            "issue_comment",
            try comment("/levee ok-to-test", by: "maintainer-mia", association: "MEMBER", on: 2, pull: true, id: 21),
            delivery: "ok")
        try await harness.settled("ok")
        #expect(harness.fake.approvedRuns == [111, 112])
        #expect(!harness.fake.labels(Self.repo, number: 2).contains("needs-ok-to-test"))
    }

    @Test func aNewcomerIsWelcomedAndGetsAMentor() async throws {
        let harness = try await Harness(
            repositoryPolicy: policy(
                "lifecycle:\n  newcomer_lane: { enabled: true, guide: CONTRIBUTING.md, mentors: [mentor-a, mentor-b] }\n"
            ))
        defer { Task { await harness.stop() } }
        _ = try await harness.send("pull_request", try newcomerPullRequest(), delivery: "p")
        try await harness.settled("p")
        #expect(harness.fake.assignees(Self.repo, number: 2) == ["mentor-a"])
        let sticky = try #require(harness.fake.comments(Self.repo, number: 2).first)
        #expect(sticky.body.contains("Please read CONTRIBUTING.md; @mentor-a will help you"))
        _ = try await harness.send("pull_request", try newcomerPullRequest(number: 3), delivery: "p3")
        try await harness.settled("p3")
        #expect(harness.fake.assignees(Self.repo, number: 3) == ["mentor-b"])  // round robin by load
    }

    @Test func flaggedPullRequestsGoOnlyToOptedInTriagers() async throws {
        let harness = try await Harness(
            repositoryPolicy: policy("lifecycle:\n  triagers: [{ login: triager-t, capacity: 1 }]\n"))
        defer { Task { await harness.stop() } }
        // A passing pull request: nobody is asked.
        _ = try await harness.send("pull_request", try newcomerPullRequest(), delivery: "fine")
        try await harness.settled("fine")
        #expect(harness.fake.reviewers(Self.repo, number: 2).isEmpty)
        // A flagged one (a denounced author): the triager is asked; the next flagged one finds them at capacity.
        harness.fake.setContents(Self.repo, path: ".github/VOUCHED.td", "-Codertocat spam\n")
        _ = try await harness.send("pull_request", try newcomerPullRequest(number: 3), delivery: "flagged")
        try await harness.settled("flagged")
        #expect(harness.fake.reviewers(Self.repo, number: 3) == ["triager-t"])
        _ = try await harness.send("pull_request", try newcomerPullRequest(number: 4), delivery: "flagged2")
        try await harness.settled("flagged2")
        #expect(harness.fake.reviewers(Self.repo, number: 4).isEmpty)
    }

    @Test func aRepostedIssueIsLinkedToTheFirst() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let body = """
            Setting the proxy to a host without a scheme crashes the transfer in the proxy setup code. It started             with the last release and happens on Linux and macOS; giving the scheme explicitly avoids it.
            """
        func issue(_ number: Int) throws -> Data {
            try payload("issues", "opened.payload.json") { json in
                var issue = json["issue"] as! [String: Any]
                issue["number"] = number
                issue["body"] = body
                json["issue"] = issue
            }
        }
        _ = try await harness.send("issues", try issue(30), delivery: "first")
        try await harness.settled("first")
        _ = try await harness.send("issues", try issue(31), delivery: "again")
        try await harness.settled("again")
        let evaluation = try #require(try harness.store.evaluation(source: "\(Self.repo)#31")?.evaluation)
        #expect(evaluation.duplicateOf?.number == 30)
        #expect(harness.fake.labels(Self.repo, number: 31).contains("levee:possible-duplicate"))
        #expect(try harness.store.evaluation(source: "\(Self.repo)#30")?.evaluation.duplicateOf == nil)
    }

    func waitFor(_ condition: () async throws -> Bool) async throws {
        // Counted in polls, not seconds: a loaded machine stretches the wait instead of failing the test.
        for _ in 0..<3000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HarnessError("condition not met within 3,000 polls (30 seconds on an idle machine)")
    }
}
