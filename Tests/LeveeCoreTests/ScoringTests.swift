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
        #expect(ScoringModel.score(logit: 0) == 0.5)
        var last = 0.0
        for logit in stride(from: -30.0, through: 30, by: 0.5) {
            let score = ScoringModel.score(logit: logit)
            #expect(score > last && score < 1 || (score == last && score >= 1 - 1e-12))
            last = score
        }
        #expect(abs(ScoringModel.score(logit: log(3)) - 0.75) < 1e-12)
    }

    /// The score is σ(sum of the terms), and every term is value × weight: a maintainer can add it up.
    @Test func everyTermIsShownAndAddsUpToTheScore() throws {
        let pull = Contribution(
            kind: .pullRequest, title: "Rewrite engine", body: "Rewrites the engine.",
            author: Person(login: "stranger", association: "NONE"),
            files: [ChangedFile(path: "src/engine.rs", additions: 13_000)])
        let evaluation = Evaluator().evaluate(pull)
        let terms = try #require(evaluation.scoreTerms)
        #expect(terms.first?.id == ScoreTerm.baseline)
        for term in terms { #expect(abs(term.points - term.value * term.weight) < 0.01, "\(term.id)") }
        let logit = terms.reduce(0) { $0 + $1.points }
        #expect(abs(ScoringModel.score(logit: logit) - evaluation.slopScore) < 0.01)
        for signal in evaluation.signals {
            #expect(terms.contains { $0.id == signal.id && abs($0.points - signal.points) < 0.011 }, "\(signal.id)")
        }
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
        // By default nothing is done to a welcome item: no label on every good pull request.
        #expect(evaluation.actions.isEmpty)
    }

    /// The score alone asks the author to explain: size and a six-word description are evidence no labelled set
    /// measures (their weights are priors), so they do not reach `likely_slop`, which no human pull request may.
    @Test func hugeUndescribedAgentDropAsksTheAuthor() {
        let pull = Contribution(
            kind: .pullRequest, title: "Rewrite engine", body: "Rewrites the engine.",
            author: Person(login: "stranger", association: "NONE"), headRef: "codex/rewrite-engine",
            files: [
                ChangedFile(path: "src/engine.rs", additions: 13_000),
                ChangedFile(path: ".github/workflows/ci.yml", additions: 4),
            ])
        let evaluation = Evaluator().evaluate(pull)
        #expect(evaluation.verdict == .needsAuthor)
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
        #expect(zeroed.signals.first { $0.id == "agent_signature" }?.points == 0)
        // The shipped model does not score an agent's signature (ScoreFeatures.notScored): a weight of 0 changes
        // nothing, and a project that sets one scores it.
        #expect(normal.slopScore == zeroed.slopScore)
        model.weights["agent_signature"] = 5
        #expect(Evaluator().evaluate(pull, in: EvaluationContext(scoring: model)).slopScore > zeroed.slopScore)
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

    /// What may back a close, a lock or a forfeited stake: a quoted violation that is not style alone, or a score of
    /// measured precision ≥ 0.99 — not the shipped score (no kind reaches 0.99), not how the text sounds.
    @Test func onlyQuotedViolationsBackIrreversibleActions() throws {
        let pull = Contribution(
            kind: .pullRequest, title: "Rewrite engine", body: "Rewrites it.",
            files: [ChangedFile(path: "src/engine.rs", additions: 13_000)])
        var evaluation = Evaluator().evaluate(pull)
        evaluation.verdict = .likelySlop
        evaluation.violations = []
        #expect(!ActionPlanner.backsIrreversibleAction(evaluation, scoring: .default))
        func violation(_ id: String, _ evidence: [String]) -> PolicyViolation {
            PolicyViolation(id: id, rule: "forbidden.x", message: "m", evidence: evidence, policyLine: nil)
        }
        evaluation.violations = [violation("ai_written_communication", ["stock phrase “delve”"])]
        #expect(!ActionPlanner.backsIrreversibleAction(evaluation, scoring: .default))
        evaluation.violations = [violation("ai_coauthor_trailer", [])]
        #expect(!ActionPlanner.backsIrreversibleAction(evaluation, scoring: .default))
        evaluation.violations = [violation("ai_coauthor_trailer", ["commit abc1234: “Co-Authored-By: Claude”"])]
        #expect(ActionPlanner.backsIrreversibleAction(evaluation, scoring: .default))
        evaluation.violations = []
        var measured = ScoringModel.default
        measured.kinds[.pullRequest]?.measuredPrecision = 1
        measured.kinds[.pullRequest]?.flagged = 3
        #expect(!ActionPlanner.backsIrreversibleAction(evaluation, scoring: measured), "1.0 on three items")
        measured.kinds[.pullRequest]?.flagged = 400
        #expect(ActionPlanner.backsIrreversibleAction(evaluation, scoring: measured))
        measured.weights["size"] = 2
        #expect(!ActionPlanner.backsIrreversibleAction(evaluation, scoring: measured), "a policy override")
    }
}

/// Commit identities as the tools write them (their public docs and the trailers projects ask for), read as the
/// agent's mark: each names its agent, and a person's own co-author does not.
@Suite struct CommitIdentityTests {
    static let trailers: [(String, String)] = [
        ("Co-Authored-By: Claude <noreply@anthropic.com>", "Claude Code"),
        ("Co-authored-by: Cursor Agent <cursoragent@cursor.com>", "Cursor agent"),
        ("Co-authored-by: Amp <amp@ampcode.com>\nAmp-Thread-ID: https://ampcode.com/threads/T-1", "Amp"),
        ("Co-Authored-By: opencode <noreply@opencode.ai>", "OpenCode"),
        ("Co-authored-by: Codex <codex@openai.com>", "OpenAI Codex"),
        ("Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>", "GitHub Copilot coding agent"),
        // no-autopilot's list: Goose and Windsurf.
        ("Co-authored-by: Goose <opensource@block.xyz>", "Goose"),
        ("Co-authored-by: Windsurf <noreply@windsurf.com>", "Windsurf"),
    ]

    /// no-autopilot's footer checks: any AI tool's "Generated with/by" footer or a co-author line in the description
    /// is the tool's mark, detected as such and never read as the person's own disclosure; a version or an everyday
    /// word after "generated by" is not one.
    @Test func anAIToolsFooterInTheDescriptionIsItsMark() {
        for body in [
            "Fixes the off-by-one.\n\nGenerated with ChatGPT", "Fixes the off-by-one.\n\n🤖 Generated by Cursor",
            "Fixes the off-by-one.\n\nGenerated with [Windsurf](https://windsurf.com)",
            "Fixes the off-by-one.\n\nCo-authored-by: Gemini <gemini@google.com>",
        ] {
            let pull = Contribution(kind: .pullRequest, title: "Fix range parsing", body: body)
            let detection = AgentDetector.detect(pull)
            #expect(detection.detected && detection.strength == .signature, "\(body): \(detection)")
            #expect(!DisclosureDetector.detect(pull).forms.contains(.statement), "\(body)")
        }
        for body in [
            "The parser is generated with v0.3 of the grammar tool.", "Docs generated by Sphinx.",
            "I used ChatGPT to draft the tests and checked each one.", "Co-authored-by: Ana Lima <ana@example.org>",
        ] {
            #expect(!AgentDetector.detect(Contribution(kind: .pullRequest, title: "t", body: body)).detected, "\(body)")
        }
        let said = DisclosureDetector.detect(
            Contribution(kind: .pullRequest, title: "t", body: "I used ChatGPT to draft the tests."))
        #expect(said.present && said.forms.contains(.statement) && !said.statesNoAI)
    }

    @Test(arguments: trailers) func trailerNamesTheAgent(_ trailer: String, _ agent: String) {
        let pull = Contribution(
            kind: .pullRequest, title: "Fix range parsing", body: "Fixes #12.",
            author: Person(login: "someone", association: "CONTRIBUTOR"),
            commits: [Commit(sha: "abc1234", message: "Fix range parsing\n\n" + trailer)])
        let detection = AgentDetector.detect(pull)
        #expect(detection.detected && detection.name == agent, "\(detection)")
    }

    @Test func aPersonAsCoAuthorIsNoAgent() {
        let pull = Contribution(
            kind: .pullRequest, title: "Fix range parsing", body: "Fixes #12.",
            commits: [
                Commit(sha: "abc1234", message: "Fix range parsing\n\nCo-authored-by: Ana Lima <ana@example.org>")
            ])
        #expect(!AgentDetector.detect(pull).detected)
    }
}

@Suite struct SignalSwitchTests {
    /// `signals.<id>: off` removes a signal from the evaluation and the score; `strict` makes it ask the author; either
    /// way the score alone may no longer act irreversibly, `off` being an override of what was measured.
    @Test func offAndStrictDoWhatTheySay() throws {
        let pull = Contribution(
            kind: .pullRequest, title: "Update README.md", body: "Adds the Debian install steps and the apt command.",
            author: Person(login: "someone", association: "NONE"))
        let plain = Evaluator().evaluate(pull)
        let hit = try #require(plain.signals.first { $0.id == "default_title" })
        #expect(hit.points > 0)

        var policy = Policy.builtin
        policy.signals = ["default_title": .off]
        let off = Evaluator().evaluate(pull, in: EvaluationContext(policy: policy))
        #expect(!off.signals.contains { $0.id == "default_title" })
        #expect(!(off.scoreTerms ?? []).contains { $0.id == "default_title" })
        #expect(off.slopScore < plain.slopScore)
        #expect(policy.scoring(base: .default).weights["default_title"] == 0)

        policy.signals = ["default_title": .strict]
        let strict = Evaluator().evaluate(pull, in: EvaluationContext(policy: policy))
        #expect(strict.verdict == .needsAuthor)
        #expect(strict.slopScore == plain.slopScore)
    }
}
