import Foundation
import LeveeConfig
import LeveeCore
import LeveeFakeGitHub
import LeveeStore
import Testing

@testable import LeveeServer

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

    /// `json[object].user.login = login`: who wrote the comment, the issue or the discussion.
    static func setLogin(_ json: inout [String: Any], of object: String, _ login: String) {
        var part = json[object] as! [String: Any]
        var user = part["user"] as! [String: Any]
        user["login"] = login
        part["user"] = user
        json[object] = part
    }

    /// Codertocat, without write access this time, opens pull request #2; returns its stored evaluation.
    func outsiderOpensAPullRequest(_ harness: Harness, delivery: String) async throws -> Evaluation {
        let body = try payload("pull_request", "opened.payload.json") { json in
            var pull = json["pull_request"] as! [String: Any]
            pull["author_association"] = "NONE"
            json["pull_request"] = pull
        }
        _ = try await harness.send("pull_request", body, delivery: delivery)
        try await harness.settled(delivery)
        return try #require(try harness.store.evaluation(source: "\(Self.repo)#2")?.evaluation)
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
        #expect(reply.contains("only maintainers can vouch here"))
        #expect(reply.contains("unknown command `frobnicate`"))
    }

    /// vouch's setup carried over: its own comment syntax (`trust.commands.bare`) with a custom keyword, acting on
    /// the issue's author when no @user is named, by someone on a managers list kept in another repository; and an
    /// organisation-wide list (`trust.inherit`) that denounces a pull request's author.
    @Test func vouchsCommentsManagersAndInheritedListsWork() async throws {
        let policy =
            Harness.policy + """

                trust:
                  managers_file: Octocoders/.github:MANAGERS.td
                  inherit: ["Octocoders/.github:VOUCHED.td"]
                  commands: { vouch: [lgtm], bare: true }
                """
        let harness = try await Harness(repositoryPolicy: policy)
        defer { Task { await harness.stop() } }
        harness.fake.setContents("Octocoders/.github", path: "MANAGERS.td", "helper\n")
        harness.fake.setContents("Octocoders/.github", path: "VOUCHED.td", "-Codertocat spam campaign\n")
        harness.fake.setContents(Self.repo, path: ".github/VOUCHED.td", "zoe\n")
        func byHelper(_ body: String, id: Int) throws -> Data {
            try payload("issue_comment", "created.payload.json") { json in
                var comment = json["comment"] as! [String: Any]
                comment["body"] = body
                comment["author_association"] = "NONE"
                comment["id"] = id
                json["comment"] = comment
                Self.setLogin(&json, of: "comment", "helper")
                Self.setLogin(&json, of: "issue", "first-timer")
            }
        }
        _ = try await harness.send("issue_comment", try byHelper("LGTM great first issue", id: 11), delivery: "m1")
        try await harness.settled("m1")
        #expect(
            harness.fake.contents(Self.repo, path: ".github/VOUCHED.td") == "first-timer great first issue\nzoe\n")
        // Plain conversation is not a command, and gets no reply; `/levee vouch` is not this project's word.
        _ = try await harness.send("issue_comment", try byHelper("Looks good to me", id: 12), delivery: "m2")
        try await harness.settled("m2")
        #expect(try await harness.store.audit(limit: 5).count == 1)

        // Someone on neither list is refused.
        _ = try await harness.send(
            "issue_comment", try comment("lgtm @someone", association: "NONE", id: 13), delivery: "m3")
        try await harness.settled("m3")
        #expect(try await harness.store.audit(limit: 5).first?.status == .refused)

        // The inherited list denounces the pull request's author; the local list does not name them.
        let evaluation = try await outsiderOpensAPullRequest(harness, delivery: "m4")
        #expect(evaluation.trust?.tier == .denounced)
        #expect(evaluation.trust?.reason == "Codertocat is denounced in Octocoders/.github:VOUCHED.td: spam campaign")
    }

    /// vouch's manage-by-discussion: a maintainer's `vouch` in a discussion (GitHub's recorded
    /// `discussion_comment.created`, its body changed) vouches for the discussion's author, and the reply goes under
    /// the comment through GraphQL, once even when the delivery comes again.
    @Test func aVouchInADiscussionIsCommittedAndAnsweredThere() async throws {
        let harness = try await Harness(
            repositoryPolicy: Harness.policy + "\ntrust:\n  commands: { bare: true }\n")
        defer { Task { await harness.stop() } }
        let discussion = "MDEwOkRpc2N1c3Npb24zMjk5NjE0"  // the recording's node id
        harness.fake.addDiscussion(Self.repo, number: 4, nodeID: discussion)
        harness.fake.setContents(Self.repo, path: ".github/VOUCHED.td", "zoe\n")
        func comment(_ body: String, id: Int) throws -> Data {
            try payload("discussion_comment", "created.payload.json") { json in
                var comment = json["comment"] as! [String: Any]
                comment["body"] = body
                comment["id"] = id
                json["comment"] = comment
                Self.setLogin(&json, of: "discussion", "asker")
            }
        }
        _ = try await harness.send("discussion_comment", try comment("vouch helpful answers", id: 1), delivery: "q1")
        #expect(try await harness.settled("q1").state == .done)
        #expect(harness.fake.contents(Self.repo, path: ".github/VOUCHED.td") == "asker helpful answers\nzoe\n")
        let puts = harness.fake.writes("PUT", pathSuffix: "/contents/.github/VOUCHED.td")
        #expect(puts.first?.body?["message"]?.string == "Levee: vouch @asker (asked by @Codertocat in discussion #4)")
        let replies = harness.fake.discussionComments(nodeID: discussion)
        #expect(replies.count == 1)
        #expect(replies.first?.contains("vouch @asker: committed to .github/VOUCHED.td") == true)
        #expect(harness.fake.comments(Self.repo, number: 4).isEmpty)  // not through the issues API

        // The same comment again: no second commit, no second reply. Other comments, and commands that mean nothing
        // in a discussion, are left alone.
        _ = try await harness.send("discussion_comment", try comment("vouch helpful answers", id: 1), delivery: "q2")
        try await harness.settled("q2")
        _ = try await harness.send("discussion_comment", try comment("ANSWER", id: 2), delivery: "q3")
        try await harness.settled("q3")
        _ = try await harness.send("discussion_comment", try comment("/levee sponsor", id: 3), delivery: "q4")
        try await harness.settled("q4")
        #expect(harness.fake.writes("PUT", pathSuffix: "/contents/.github/VOUCHED.td").count == 1)
        #expect(harness.fake.discussionComments(nodeID: discussion).count == 1)
        #expect(try await harness.store.audit(limit: 10).count == 2)  // the vouch and its repeat ("already so")
    }

    /// `/levee not-slop` by a maintainer on pull request #1, whose payload shows it labelled `levee:likely-slop` and
    /// `bug`.
    func notSlop(id: Int) throws -> Data {
        try payload("issue_comment", "created.payload.json") { json in
            var comment = json["comment"] as! [String: Any]
            comment["body"] = "/levee not-slop"
            comment["author_association"] = "OWNER"
            comment["id"] = id
            json["comment"] = comment
            var issue = json["issue"] as! [String: Any]
            issue["pull_request"] = ["url": "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"]
            issue["labels"] = [["name": "levee:likely-slop"], ["name": "bug"]]
            json["issue"] = issue
        }
    }

    /// A comment's commands join the delivery's one executor pass: `/levee not-slop` reads the item's labels once,
    /// removes only the verdict label that is there and posts one reply; the same comment delivered again (a
    /// redelivery) writes nothing more on GitHub.
    @Test func aCommandsReplyAndLabelsAreCarriedOutOnceInTheDeliverysPass() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        harness.fake.setItem(Self.repo, number: 1, labels: ["levee:likely-slop", "bug"])
        _ = try await harness.send("issue_comment", try notSlop(id: 7001), delivery: "n1")
        try await harness.settled("n1")
        let seen = harness.fake.requests.map(\.description)
        #expect(seen.filter { $0.hasPrefix("GET /repos/\(Self.repo)/issues/1/labels") }.count == 1, "\(seen)")
        #expect(seen.filter { $0.hasPrefix("DELETE /repos/\(Self.repo)/issues/1/labels/") }.count == 1, "\(seen)")
        #expect(harness.fake.writes("POST", pathSuffix: "/issues/1/comments").count == 1)
        #expect(harness.fake.labels(Self.repo, number: 1) == ["bug"])
        let reply = try #require(harness.fake.comments(Self.repo, number: 1).last?.body)
        #expect(reply.contains("recorded, Levee's flag was wrong"))
        let logged = try await harness.store.actions(repository: Self.repo, number: 1)
        #expect(logged.filter { $0.deliveryID == "n1" }.map(\.kind.rawValue).sorted() == ["reply", "unlabel"])

        _ = try await harness.send("issue_comment", try notSlop(id: 7001), delivery: "n2")
        try await harness.settled("n2")
        let again = harness.fake.requests.map(\.description).dropFirst(seen.count)
        #expect(
            !again.contains { $0.hasPrefix("DELETE ") || $0.hasPrefix("POST ") || $0.hasPrefix("PATCH ") }, "\(again)")
        #expect(harness.fake.comments(Self.repo, number: 1).filter { $0.body.contains("flag was wrong") }.count == 1)
    }

    /// In shadow mode the same command's reply and label removal are each recorded once, as would-be actions.
    @Test func inShadowModeACommandsEffectsAreRecordedOnce() async throws {
        let harness = try await Harness(credentials: false)
        defer { Task { await harness.stop() } }
        _ = try await harness.send("issue_comment", try notSlop(id: 7002), delivery: "n3")
        try await harness.settled("n3")
        #expect(harness.fake.requests.isEmpty)
        let logged = try await harness.store.actions(repository: Self.repo, number: 1)
        #expect(logged.map(\.kind.rawValue).sorted() == ["reply", "unlabel"])
        #expect(logged.allSatisfy { $0.status == .shadow })
        #expect(logged.first { $0.kind == .unlabel }?.value == "levee:likely-slop")
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
        let evaluation = try await outsiderOpensAPullRequest(harness, delivery: "d1")
        #expect(evaluation.trust?.tier == .denounced)
        #expect(evaluation.violations.first?.id == "denounced_author")
        #expect(evaluation.violations.first?.policyLine?.text == "-Codertocat spam campaign")
        #expect(evaluation.verdict >= .needsAuthor)
        #expect(harness.fake.labels(Self.repo, number: 2).contains("levee:denounced"))
    }

    /// The stake is planned with the delivery and written when it records: a delivery that fails on GitHub stakes
    /// nothing, and its retry stakes once.
    @Test func theStakeIsWrittenWhenTheDeliveryRecords() async throws {
        let harness = try await Harness(repositoryPolicy: Self.reputationPolicy)
        defer { Task { await harness.stop() } }
        harness.fake.failNext(2, method: "POST", pathContains: "/comments", status: 500)
        let opened = try payload("pull_request", "opened.payload.json") { json in
            var pull = json["pull_request"] as! [String: Any]
            pull["author_association"] = "NONE"
            json["pull_request"] = pull
        }
        _ = try await harness.send("pull_request", opened, delivery: "k1")
        let failed = try await harness.settled("k1", retrying: true)
        #expect(failed.state != .done)
        #expect(try await harness.store.ledger(author: "Codertocat").isEmpty)
        var item = failed
        for _ in 0..<50 where item.state != .done {
            harness.clock.advance(600)
            try await Task.sleep(for: .milliseconds(100))
            item = try await harness.settled("k1", retrying: true)
        }
        #expect(item.state == .done)
        let entries = try await harness.store.ledger(author: "Codertocat")
        #expect(entries.map(\.kind) == [.start, .needsSponsor], "the starting balance and the wait, once")
        #expect(LedgerAccount(author: "Codertocat", entries: entries).waiting.keys.sorted() == ["\(Self.repo)#2"])
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

/// Imported statements are verified once each and their expiry read on every use: a statement counts until it
/// expires, a tampered one never.
@Suite struct VerifiedStatementsTests {
    @Test func aStatementCountsUntilItExpiresAndATamperedOneNever() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let key = TrustKey.generate()
        let signed = try SignedTrustStatement.sign(
            TrustStatement(
                issuer: "github.com/example/project", vouchFile: VouchFile(parsing: "aliceh\n"), merged: [:],
                issuedAt: now, lifetime: 10 * 86400), with: key)
        let stored = StoredStatement(
            issuer: "github.com/example/project", publicKey: TrustKey.publicKey(of: key), weight: 1,
            signed: signed.encoded(), expiresAt: now.addingTimeInterval(10 * 86400), importedAt: now)
        let cache = VerifiedStatements()
        #expect(await cache.statement(stored, now: now)?.about("aliceh", weight: 1).count == 1)
        #expect(await cache.statement(stored, now: now.addingTimeInterval(5 * 86400)) != nil)
        #expect(await cache.statement(stored, now: now.addingTimeInterval(11 * 86400)) == nil)  // expired since
        var tampered = signed
        tampered.payload = signed.payload.replacingOccurrences(of: "aliceh", with: "mallory")
        var forged = stored
        forged.signed = tampered.encoded()
        #expect(await cache.statement(forged, now: now) == nil)
    }
}
