import Foundation
import Testing

@testable import LeveeCore

@Suite struct ScoringTests {
    @Test func verdictOrder() {
        #expect(Verdict.welcome < .review)
        #expect(Verdict.review < .needsAuthor)
        #expect(Verdict.needsAuthor < .likelySlop)
    }

    @Test func scoreIsBoundedAndMonotonic() {
        let model = ScoringModel.default
        #expect(model.score(points: 0) == 0)
        #expect(model.score(points: -3) == 0)
        var last = 0.0
        for points in stride(from: 0.5, through: 80, by: 0.5) {
            let score = model.score(points: points)
            #expect(score > last && score < 1)
            last = score
        }
        #expect(abs(model.score(points: model.scale) - (1 - exp(-1))) < 1e-9)
    }

    @Test func reviewMinutesFollowTheModel() {
        let model = ReviewCostModel.default
        // 5 base + 2 files × 1.5 + 100 code lines × 0.2 + 50 test lines × 0.08; lock file free; 0 words.
        let pull = Contribution(
            kind: .pullRequest,
            files: [
                ChangedFile(path: "src/a.c", additions: 80, deletions: 20),
                ChangedFile(path: "tests/test_a.py", additions: 50),
                ChangedFile(path: "package-lock.json", additions: 5000),
            ])
        #expect(model.minutes(for: pull) == 32)
        let report = Contribution(
            kind: .securityReport, body: Array(repeating: "word", count: 400).joined(separator: " "))
        #expect(model.minutes(for: report) == 23)
    }

    @Test func cleanSmallPullRequestIsWelcome() {
        let pull = Contribution(
            kind: .pullRequest, title: "Fix off-by-one in the URL parser", body: "Fixes #12. Added test 1560.",
            author: Person(login: "ana", association: "FIRST_TIME_CONTRIBUTOR"),
            files: [ChangedFile(path: "lib/urlapi.c", additions: 2, deletions: 2)])
        let evaluation = Evaluator().evaluate(pull)
        #expect(evaluation.verdict == .welcome)
        #expect(evaluation.signals.isEmpty)
        #expect(evaluation.actions.map(\.value) == ["levee:welcome"])
        #expect(evaluation.actions.allSatisfy { $0.shadow })
    }

    @Test func hugeUndescribedAgentDropIsLikelySlop() {
        let pull = Contribution(
            kind: .pullRequest, title: "Rewrite engine", body: "Rewrites the engine.",
            author: Person(login: "stranger", association: "NONE"), headRef: "codex/rewrite-engine",
            files: [
                ChangedFile(path: "src/engine.rs", additions: 13_000),
                ChangedFile(path: ".github/workflows/ci.yml", additions: 4),
            ])
        let evaluation = Evaluator().evaluate(pull)
        #expect(evaluation.verdict == .likelySlop)
        #expect(evaluation.agent.name == "OpenAI Codex")
        let ids = evaluation.signals.map(\.id)
        #expect(ids.contains("size") && ids.contains("description_effort_mismatch") && ids.contains("no_linked_issue"))
        #expect(evaluation.actions.contains { $0.kind == .comment && $0.value.contains(StickyComment.marker) })
    }

    @Test func weightsAreData() {
        var model = ScoringModel.default
        model.weights["agent_signature"] = 0
        let pull = Contribution(
            kind: .pullRequest, title: "x", body: "Link to Devin run: https://app.devin.ai/sessions/1")
        let zeroed = Evaluator().evaluate(pull, in: EvaluationContext(scoring: model))
        let normal = Evaluator().evaluate(pull)
        #expect(zeroed.slopScore == 0)
        #expect(normal.slopScore > 0)
    }

    @Test func disclosureFromTrailersAndProse() {
        let pull = Contribution(
            kind: .pullRequest, body: "## AI Assistance Disclosure\nI used Claude to draft the tests.",
            commits: [Commit(sha: "abc", message: "Add tests\n\nAssisted-by: Claude:claude-sonnet-4 [pytest]")])
        let disclosure = DisclosureDetector.detect(pull)
        #expect(disclosure.present)
        #expect(disclosure.tools == ["Claude"])
        #expect(!disclosure.statesNoAI)
        let none = DisclosureDetector.detect(
            Contribution(kind: .pullRequest, body: "AI disclosure: no AI tools were used."))
        #expect(none.statesNoAI)
        #expect(!DisclosureDetector.detect(Contribution(kind: .pullRequest, body: "Fixes the parser.")).present)
    }
}
