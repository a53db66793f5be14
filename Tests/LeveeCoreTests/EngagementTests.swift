import Foundation
import Testing

@testable import LeveeCore

/// The author's answer when asked: own words naming the change lift an item that waited for it; generated marks are
/// shown as style; a quoted policy violation is not lifted by any answer.
@Suite struct EngagementTests {
    /// A pull request that asks its author (an unfilled checklist the template wants), with a reply.
    static func asked(_ reply: String?, body: String = "Fixes #12.") -> Contribution {
        var c = Example.pull(
            body: body, association: "NONE",
            files: [GeneratedReplySignal.parser, Example.file("src/reader.py", added: 60)])
        if let reply { c.authorReplies = [AuthorReply(body: reply)] }
        return c
    }

    static let ownWords =
        "parse_document returned None for an empty string and the caller in cli.py crashed on it; I ran the old "
        + "tests plus the new empty case locally before pushing."

    @Test func theBundleCarriesReplies() throws {
        let json = """
            {"issue": {"number": 3, "title": "Crash on empty input", "body": "It crashes.", "user": {"login": "x"}},
             "author_replies": [{"body": "first", "created_at": "2026-08-04T10:00:00Z"}, {"body": "second"}]}
            """
        let c = try #require(try ContributionDecoder.decode(Data(json.utf8), source: "b.json").contribution)
        #expect(c.authorReplies.map(\.body) == ["first", "second"])
        #expect(c.authorReplies.first?.at == TextStats.date("2026-08-04T10:00:00Z"))
        #expect(throws: ContributionError.self) {
            try ContributionDecoder.decode(
                Data(#"{"issue": {"title": "t", "user": {"login": "x"}}, "author_replies": [{}]}"#.utf8),
                source: "b.json")
        }
    }

    @Test func ownWordsNamingTheChangeAnswerTheQuestion() {
        let reading = Engagement.read(Self.ownWords, for: Self.asked(nil))
        #expect(reading.answered)
        #expect(reading.refersTo == ["parse_document"], "the identifier of the diff; cli.py is not in the change")
        let copied = Engagement.read(
            "Fixes #12. " + String(repeating: "The parser now accepts empty input. ", count: 3),
            for: Self.asked(
                nil,
                body:
                    "Fixes #12. The parser now accepts empty input. The parser now accepts empty input. The parser now accepts empty input."
            ))
        #expect(!copied.answered, "the description pasted back is no answer")
        #expect(
            !Engagement.read("ok thanks, will look at the parser later", for: Self.asked(nil)).answered, "too short")
        #expect(
            !Engagement.read(
                Self.ownWords.replacingOccurrences(of: "parse_document", with: "the function").replacingOccurrences(
                    of: "cli.py", with: "the caller"), for: Self.asked(nil)
            ).answered, "names nothing of the change")
    }

    @Test func anAnswerLiftsAnItemThatWaitedForItAndGeneratedMarksDoNot() throws {
        var strict = Policy.builtin
        strict.signals = ["no_linked_issue": .strict]  // asks the author when no issue is linked
        let context = EvaluationContext(policy: strict)
        let waiting = Evaluator().evaluate(Self.asked(nil, body: "Small fix."), in: context)
        #expect(waiting.verdict == .needsAuthor)
        var answered = Self.asked(Self.ownWords, body: "Small fix.")
        let lifted = Evaluator().evaluate(answered, in: context)
        #expect(lifted.verdict == .review)
        #expect(lifted.engagement?.contains("`parse_document`") == true)
        answered.authorReplies = [
            AuthorReply(body: "You're absolutely right! I apologize for the oversight. I have updated the parser.")
        ]
        let generated = Evaluator().evaluate(answered, in: context)
        #expect(generated.verdict == .needsAuthor)
        #expect(generated.engagement == nil)
        let hit = try #require(generated.signals.first { $0.id == "generated_reply" })
        #expect(hit.evidenceClass == .style)
        #expect(hit.evidence.first?.contains("“you're absolutely right”") == true)
    }

    @Test func aQuotedViolationIsNotLiftedByAnAnswer() {
        var policy = Policy.builtin
        policy.forbidden.fullyGeneratedPRs = true
        var c = Self.asked(Self.ownWords, body: "Small fix.\n\n🤖 Generated with [Claude Code](https://claude.ai/code)")
        c.commits = [Example.commit("Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>")]
        let evaluation = Evaluator().evaluate(c, in: EvaluationContext(policy: policy))
        #expect(!evaluation.violations.isEmpty)
        #expect(evaluation.verdict >= .needsAuthor, "the policy's own rule stands whatever the answer")
    }
}
