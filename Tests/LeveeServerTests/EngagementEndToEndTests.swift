import Foundation
import LeveeCore
import LeveeFakeGitHub
import Testing

@testable import LeveeServer

/// The author's answer when asked, end to end: a pull request at `needs_author`, then its author's comment — in their
/// own words, naming the change — lifts it at once and the sticky comment says so; a generated reply is shown as
/// such; someone else's comment is not an answer.
@Suite struct EngagementEndToEndTests {
    /// Asks the author when no issue is linked (`no_linked_issue: strict`).
    static let policy = Harness.policy + "\nsignals:\n  no_linked_issue: strict\n"
    static let repo = "Codertocat/Hello-World"

    /// The recorded `pull_request.opened`, by a stranger.
    static func opened() throws -> Data {
        var json = try JSONValue.parse(try Shared.payload("pull_request", "opened.payload.json"), source: "opened")
        guard case .object(var root) = json, case .object(var pull)? = root["pull_request"] else {
            throw HarnessError("the recorded payload has no pull_request")
        }
        pull["author_association"] = "NONE"
        root["pull_request"] = .object(pull)
        json = .object(root)
        return try JSONEncoder().encode(json)
    }

    /// The recorded `issue_comment.created`, moved to pull request #2 and written by `login` with `body`.
    static func comment(_ body: String, by login: String = "Codertocat", id: Int) throws -> Data {
        var json = try JSONValue.parse(
            try Shared.payload("issue_comment", "created.payload.json"), source: "comment")
        guard case .object(var root) = json, case .object(var issue)? = root["issue"],
            case .object(var comment)? = root["comment"], case .object(var user)? = comment["user"]
        else { throw HarnessError("the recorded payload has no issue and comment") }
        issue["number"] = 2
        issue["author_association"] = "NONE"
        issue["title"] = "Update the README with new information."
        issue["pull_request"] = .object(["url": .string("https://api.github.com/repos/\(repo)/pulls/2")])
        user["login"] = .string(login)
        comment["user"] = .object(user)
        comment["body"] = .string(body)
        comment["id"] = .number(Double(id))
        comment["author_association"] = "NONE"
        root["issue"] = .object(issue)
        root["comment"] = .object(comment)
        json = .object(root)
        return try JSONEncoder().encode(json)
    }

    static func item(_ harness: Harness) throws -> Evaluation {
        try #require(try harness.store.evaluation(source: "\(repo)#2")).evaluation
    }

    @Test func anAnswerInOwnWordsLiftsTheItemAndAGeneratedOneIsShown() async throws {
        let harness = try await Harness(repositoryPolicy: Self.policy)
        defer { Task { await harness.stop() } }
        harness.fake.setFiles(
            Self.repo, pull: 2,
            [
                .object([
                    "filename": "src/settings_reader.py", "status": "modified", "additions": 60, "deletions": 0,
                    "patch": "@@ -1,1 +1,2 @@\n def read_config(path):\n+    return load(path) or {}\n",
                ])
            ])
        _ = try await harness.send("pull_request", try Self.opened(), delivery: "opened")
        try await harness.settled("opened")
        #expect(try Self.item(harness).verdict == .needsAuthor)

        // Someone else's comment is not the author's answer.
        _ = try await harness.send(
            "issue_comment",
            try Self.comment("read_config looks fine to me, the change is small", by: "octocat", id: 11),
            delivery: "other")
        try await harness.settled("other")
        #expect(try Self.item(harness).verdict == .needsAuthor)
        #expect(try Self.item(harness).engagement == nil)

        let answer =
            "read_config returned None when the settings file was empty and the reader crashed on startup; I tried "
            + "it with an empty file and with the sample one."
        _ = try await harness.send("issue_comment", try Self.comment(answer, id: 12), delivery: "answer")
        try await harness.settled("answer")
        let lifted = try Self.item(harness)
        #expect(lifted.verdict == .review)
        #expect(lifted.engagement?.contains("`read_config`") == true)
        let sticky = harness.fake.comments(Self.repo, number: 2).map(\.body).last { $0.contains("levee") } ?? ""
        #expect(sticky.contains("Answered: the author answered in their own words"), "\(sticky)")

        _ = try await harness.send(
            "issue_comment",
            try Self.comment(
                "You're absolutely right! I apologize for the confusion. I have updated the code accordingly.", id: 13),
            delivery: "generated")
        try await harness.settled("generated")
        let after = try Self.item(harness)
        #expect(after.verdict == .needsAuthor, "the latest answer is the one read")
        #expect(after.signals.contains { $0.id == "generated_reply" })
        #expect(try await harness.store.setting("replies:\(Self.repo)#2")?.contains("absolutely right") == true)
    }
}
