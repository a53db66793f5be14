import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeStore
import Testing

/// Trust through the server: `/levee` commands in comments change VOUCHED.td in the fake GitHub, the ledger follows
/// pull requests as they open and close, a denounced author is flagged.
@Suite(.serialized) struct TrustEndToEndTests {
    static let repo = "Codertocat/Hello-World"
    static let reputationPolicy =
        Harness.policy + """

            trust:
              reputation:
                enabled: true
                starting_balance: 0
            """

    /// A recorded payload with some fields changed for the scenario (the rest is GitHub's own).
    func payload(_ event: String, _ name: String, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        var json = try #require(
            try JSONSerialization.jsonObject(with: Shared.payload(event, name)) as? [String: Any])
        edit(&json)
        return try JSONSerialization.data(withJSONObject: json)
    }

    func comment(_ body: String, association: String = "OWNER", id: Int = 492_700_400, onPull: Bool = false) throws
        -> Data
    {
        try payload("issue_comment", "created.payload.json") { json in
            var comment = json["comment"] as! [String: Any]
            comment["body"] = body
            comment["author_association"] = association
            comment["id"] = id
            json["comment"] = comment
            if onPull {
                var issue = json["issue"] as! [String: Any]
                issue["pull_request"] = ["url": "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"]
                json["issue"] = issue
            }
        }
    }

    @Test func aWriterVouchesAndTheCommitLandsOnce() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        harness.fake.setContents(Self.repo, path: ".github/VOUCHED.td", "# ours\naliceh\nzoe\n")
        _ = try await harness.send(
            "issue_comment", try comment("LGTM.\n/levee vouch @newcomer met at the sprint"),
            delivery: "v1")
        #expect(try await harness.settled("v1").state == .done)
        #expect(
            harness.fake.contents(Self.repo, path: ".github/VOUCHED.td")
                == "# ours\naliceh\nnewcomer met at the sprint\nzoe\n")
        let puts = harness.fake.writes("PUT", pathSuffix: "/contents/.github/VOUCHED.td")
        #expect(puts.count == 1)
        #expect(puts.first?.body?["message"]?.string == "Levee: vouch @newcomer (asked by @Codertocat in #1)")
        let audit = try await harness.store.audit(limit: 5)
        #expect(audit.map(\.status) == [.applied])
        #expect(audit.first?.subject == "newcomer")
        let replies = harness.fake.comments(Self.repo, number: 1)
        #expect(replies.count == 1)
        #expect(replies.first?.body.contains("vouch @newcomer: committed to .github/VOUCHED.td") == true)

        // The same comment delivered again: no second commit, no second reply.
        _ = try await harness.send(
            "issue_comment", try comment("LGTM.\n/levee vouch @newcomer met at the sprint"),
            delivery: "v2")
        try await harness.settled("v2")
        #expect(harness.fake.writes("PUT", pathSuffix: "/contents/.github/VOUCHED.td").count == 1)
        #expect(harness.fake.comments(Self.repo, number: 1).count == 1)
        #expect(try await harness.store.audit(limit: 5).first?.detail?.contains("already so") == true)

        // Denounce then unvouch: each a commit, the file still in order.
        _ = try await harness.send(
            "issue_comment", try comment("/levee denounce @zoe bulk generated PRs", id: 7),
            delivery: "v3")
        try await harness.settled("v3")
        #expect(
            harness.fake.contents(Self.repo, path: ".github/VOUCHED.td")
                == "# ours\naliceh\nnewcomer met at the sprint\n-zoe bulk generated PRs\n")
        _ = try await harness.send("issue_comment", try comment("/levee unvouch @aliceh", id: 8), delivery: "v4")
        try await harness.settled("v4")
        #expect(
            harness.fake.contents(Self.repo, path: ".github/VOUCHED.td")
                == "# ours\nnewcomer met at the sprint\n-zoe bulk generated PRs\n")
    }

    @Test func aNonWriterIsRefusedAndNothingIsCommitted() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        _ = try await harness.send(
            "issue_comment", try comment("/levee vouch @myself\n/levee frobnicate", association: "NONE"), delivery: "n1"
        )
        try await harness.settled("n1")
        #expect(harness.fake.writes("PUT", pathSuffix: "/contents/.github/VOUCHED.td").isEmpty)
        #expect(try await harness.store.audit(limit: 5).map(\.status) == [.refused])
        let reply = try #require(harness.fake.comments(Self.repo, number: 1).first?.body)
        #expect(reply.contains("only maintainers can `/levee vouch`"))
        #expect(reply.contains("unknown command `frobnicate`"))
    }

    @Test func inShadowModeTheChangeIsOnlyAudited() async throws {
        let harness = try await Harness(credentials: false)
        defer { Task { await harness.stop() } }
        _ = try await harness.send("issue_comment", try comment("/levee denounce @spammer spam"), delivery: "s1")
        try await harness.settled("s1")
        #expect(harness.fake.requests.isEmpty)
        let audit = try #require(try await harness.store.audit(limit: 5).first)
        #expect(audit.status == .shadow)
        #expect(audit.command == "denounce" && audit.reason == "spam")
        #expect(try await harness.store.actions(since: nil, limit: 5).map(\.status) == [.shadow])
    }

    @Test func aDenouncedAuthorsPullRequestIsFlaggedQuotingTheVouchList() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        harness.fake.setContents(Self.repo, path: ".github/VOUCHED.td", "# ours\n-Codertocat spam campaign\n")
        let body = try payload("pull_request", "opened.payload.json") { json in
            var pull = json["pull_request"] as! [String: Any]
            pull["author_association"] = "NONE"
            json["pull_request"] = pull
        }
        _ = try await harness.send("pull_request", body, delivery: "d1")
        try await harness.settled("d1")
        let evaluation = try #require(try harness.store.evaluation(source: "\(Self.repo)#2")?.evaluation)
        #expect(evaluation.trust?.tier == .denounced)
        #expect(evaluation.violations.first?.id == "denounced_author")
        #expect(evaluation.violations.first?.policyLine?.text == "-Codertocat spam campaign")
        #expect(evaluation.verdict >= .needsAuthor)
        #expect(harness.fake.labels(Self.repo, number: 2).contains("levee:denounced"))
    }

    @Test func ledgerFollowsAPullRequestFromNeedsSponsorToMerged() async throws {
        let harness = try await Harness(repositoryPolicy: Self.reputationPolicy)
        defer { Task { await harness.stop() } }
        let opened = try payload("pull_request", "opened.payload.json") { json in
            var pull = json["pull_request"] as! [String: Any]
            pull["author_association"] = "NONE"
            json["pull_request"] = pull
        }
        _ = try await harness.send("pull_request", opened, delivery: "l1")
        try await harness.settled("l1")
        // Starting balance 0: the stake cannot be covered.
        #expect(harness.fake.labels(Self.repo, number: 2).contains("levee:needs-sponsor"))
        let sticky = try #require(harness.fake.comments(Self.repo, number: 2).first?.body)
        #expect(sticky.contains("This pull request waits for a sponsor"))
        var account = LedgerAccount(author: "Codertocat", entries: try await harness.store.ledger(author: "Codertocat"))
        #expect(account.waiting.keys.sorted() == ["\(Self.repo)#2"])

        // A maintainer sponsors it from a comment on the pull request.
        let sponsor = try payload("issue_comment", "created.payload.json") { json in
            var comment = json["comment"] as! [String: Any]
            comment["body"] = "/levee sponsor"
            comment["id"] = 99
            comment["user"] = ["login": "maintainer-mia", "type": "User"]
            json["comment"] = comment
            var issue = json["issue"] as! [String: Any]
            issue["number"] = 2
            issue["pull_request"] = ["url": "https://api.github.com/repos/Codertocat/Hello-World/pulls/2"]
            json["issue"] = issue
        }
        _ = try await harness.send("issue_comment", sponsor, delivery: "l2")
        try await harness.settled("l2")
        #expect(!harness.fake.labels(Self.repo, number: 2).contains("levee:needs-sponsor"))
        account = LedgerAccount(author: "Codertocat", entries: try await harness.store.ledger(author: "Codertocat"))
        #expect(account.held["\(Self.repo)#2"]?.sponsor == "maintainer-mia")

        // Merged: the reward is the author's.
        let merged = try payload("pull_request", "closed.payload.json") { json in
            var pull = json["pull_request"] as! [String: Any]
            pull["merged"] = true
            pull["author_association"] = "NONE"
            json["pull_request"] = pull
        }
        _ = try await harness.send("pull_request", merged, delivery: "l3")
        let item = try await harness.settled("l3")
        #expect(item.outcome?.contains("ledger merged for Codertocat") == true)
        account = LedgerAccount(author: "Codertocat", entries: try await harness.store.ledger(author: "Codertocat"))
        #expect(account.held.isEmpty && account.waiting.isEmpty)
        #expect(account.balance > 0)
        #expect(account.entries.map(\.kind) == [.start, .needsSponsor, .sponsored, .returned, .reward])
    }
}
