import Foundation
import Testing

@testable import LeveeCore

@Suite struct PolicyCheckerTests {
    func pull(
        _ body: String = "Fixes #12.", login: String = "someone", association: String = "CONTRIBUTOR",
        commits: [String] = [], files: [ChangedFile] = [], labels: [String] = [], linked: [LinkedIssue] = []
    ) -> Contribution {
        var c = Contribution(
            kind: .pullRequest, number: 1, title: "Fix range parsing", body: body,
            author: Person(login: login, type: login.hasSuffix("[bot]") ? "Bot" : "User", association: association),
            commits: commits.enumerated().map { Commit(sha: "ab\($0.offset)cdef00", message: $0.element) },
            files: files, linkedIssues: linked)
        c.labels = labels
        return c
    }

    func ids(_ c: Contribution, _ policy: Policy, author: AuthorRecord? = nil) -> [String] {
        Evaluator().evaluate(c, in: EvaluationContext(policy: policy, author: author)).violations.map(\.id)
    }

    static let claudeFooter = "Fixes #12.\n\n🤖 Generated with [Claude Code](https://claude.ai/code)"

    /// The canary counts wherever an agent writes it, never in the template's hidden comment that plants it; the trap
    /// box counts only ticked. Both quote where, and both may close (quoted, not style).
    @Test func trapsAreSprungOnlyByWhatAnAgentWrites() {
        var policy = Policy.builtin
        policy.traps = Traps(canary: "🤖🤖🤖", box: "This pull request was opened by an AI agent without human review")
        let planted =
            "<!-- " + Traps.canaryInstruction("🤖🤖🤖") + " -->\nFixes #12.\n\n- [ ] "
            + (policy.traps.box ?? "")
        #expect(ids(pull(planted), policy).isEmpty, "the template as planted springs nothing")
        var titled = pull(planted)
        titled.title = "Fix range parsing 🤖🤖🤖"
        let evaluation = Evaluator().evaluate(titled, in: EvaluationContext(policy: policy))
        #expect(evaluation.violations.map(\.id) == ["agent_canary"])
        #expect(evaluation.violations.first?.evidence.first?.contains("the title") == true)
        #expect(ActionPlanner.backsIrreversibleAction(evaluation, scoring: .default))
        #expect(ids(pull("Fixes #12.", commits: ["Fix parsing 🤖🤖🤖"]), policy) == ["agent_canary"])
        let ticked = "Fixes #12.\n\n- [X]  this pull request was opened by an AI agent  without human review"
        #expect(ids(pull(ticked), policy) == ["agent_trap_ticked"])
        #expect(ids(pull(ticked, association: "MEMBER"), policy).isEmpty, "writers are exempt")
    }

    @Test func anExemptLabelSkipsTheChecks() {
        var policy = Policy.builtin
        policy.stance = .banned
        policy.exempt.labels = ["levee-skip"]
        let footer = pull(Self.claudeFooter, association: "NONE")
        #expect(ids(footer, policy) == ["ai_use_banned"])
        let evaluation = Evaluator().evaluate(
            pull(Self.claudeFooter, association: "NONE", labels: ["Levee-Skip"]), in: EvaluationContext(policy: policy))
        #expect(evaluation.violations.isEmpty)
        #expect(evaluation.exempt == "labelled `Levee-Skip` (exempt.labels)")
    }

    @Test func builtinPolicyEnforcesNothing() {
        #expect(
            ids(pull(Self.claudeFooter, commits: ["x\n\nSigned-off-by: Claude <noreply@anthropic.com>"]), .builtin)
                .isEmpty)
    }

    @Test func disclosureAlwaysVersusWhenAIUsed() {
        var policy = Policy(stance: .disclosureRequired)
        policy.disclosure.when = .always
        #expect(ids(pull("Fixes #12."), policy) == ["disclosure_missing"])
        #expect(ids(pull("Fixes #12.\n\n## AI Disclosure\nNo AI was used."), policy).isEmpty)
        policy.disclosure.when = .aiUsed
        #expect(ids(pull("Fixes #12."), policy).isEmpty, "no AI seen, nothing owed")
        #expect(ids(pull(Self.claudeFooter), policy) == ["disclosure_missing"])
        #expect(ids(pull(Self.claudeFooter + "\n\nI used Claude Code to write the tests."), policy).isEmpty)
        #expect(ids(pull("Fixes #12.", login: "octocat"), policy).isEmpty)
        policy.stance = .allowed
        #expect(ids(pull(Self.claudeFooter), policy).isEmpty, "the stance decides whether anything is owed")
    }

    @Test func incompleteAndMalformedDisclosures() {
        var policy = Policy(stance: .disclosureRequired)
        policy.disclosure.mustNameTools = true
        policy.disclosure.mustDescribeScope = true
        #expect(
            ids(pull("## AI Disclosure\nAn assistant was used."), policy) == [
                "disclosure_incomplete", "disclosure_incomplete",
            ])
        #expect(ids(pull("## AI Disclosure\nCopilot wrote the tests for the parser."), policy).isEmpty)
        policy.disclosure.checkboxes = .init(options: ["No AI", "AI was used"], exactlyOne: true)
        #expect(
            ids(pull("- [x] No AI\n- [x] AI was used, Copilot wrote the tests"), policy).contains(
                "disclosure_malformed"))
        var kernel = Policy(stance: .disclosureRequired)
        kernel.disclosure.accept = [.trailer]
        kernel.disclosure.trailers = .init(keys: ["Assisted-by"], format: #"[^\s:]+:[^\s:]+( \S+)*"#, example: "A:B")
        #expect(ids(pull("", commits: ["x\n\nAssisted-by: Claude:claude-3-opus coccinelle"]), kernel).isEmpty)
        #expect(ids(pull("", commits: ["x\n\nAssisted-by: Claude"]), kernel) == ["disclosure_malformed"])
        kernel.disclosure.prompts = .forbidden
        #expect(
            ids(pull("Prompt: fix it", commits: ["x\n\nAssisted-by: Claude:opus"]), kernel) == ["prompts_attached"])
    }

    @Test func forbiddenUses() {
        var f = ForbiddenUses()
        f.autonomousAgentPRs = true
        f.fullyGeneratedPRs = true
        f.agentInstructionFiles = true
        f.aiMedia = true
        f.aiOnGoodFirstIssues = true
        f.firstTimerAIPRs = true
        f.aiCoauthorTrailers = true
        f.aiAttributionTrailers = true
        f.aiSignedOffBy = true
        f.aiWithoutLinkedIssue = true
        let policy = Policy(stance: .allowed, forbidden: f)
        #expect(
            ids(pull("Fixes #15903.", login: "Copilot", association: "NONE"), policy).starts(with: [
                "autonomous_agent_pr"
            ]))
        #expect(ids(pull(Self.claudeFooter), policy) == ["fully_generated_pr"])
        #expect(
            ids(pull(files: [ChangedFile(path: "CLAUDE.md", status: .added, additions: 40)]), policy) == [
                "agent_instruction_files"
            ])
        let logo = ChangedFile(path: "docs/logo.png", status: .added, isBinary: true)
        #expect(ids(pull("New logo made with Midjourney.", files: [logo]), policy).contains("ai_media"))
        #expect(ids(pull("New logo I drew.", files: [logo]), policy).isEmpty)
        let gfi = LinkedIssue(number: 12, labels: ["good first issue"])
        #expect(
            ids(pull("Fixes #12. I used ChatGPT to write this.", linked: [gfi]), policy).contains(
                "ai_on_good_first_issue"))
        #expect(
            ids(pull("Fixes #12. I used ChatGPT to write this.", association: "FIRST_TIME_CONTRIBUTOR"), policy)
                .contains("first_timer_ai_pr"))
        #expect(
            ids(pull("Fixes #12.", commits: ["x\n\nCo-authored-by: Claude <noreply@anthropic.com>"]), policy).contains(
                "ai_coauthor_trailer"))
        #expect(ids(pull("Fixes #12.", commits: ["x\n\nAssisted-by: Cursor"]), policy) == ["ai_attribution_trailer"])
        #expect(
            ids(pull("Fixes #12.", commits: ["x\n\nSigned-off-by: Claude <noreply@anthropic.com>"]), policy) == [
                "ai_signed_off_by"
            ])
        #expect(ids(pull("I used ChatGPT to write this."), policy) == ["ai_without_linked_issue"])
    }

    @Test func aiWrittenCommunicationAndTranslation() throws {
        var policy = Policy()
        policy.forbidden.aiWrittenCommunication = true
        policy.forbidden.translationExempt = true
        let example = try #require(LLMProseMarkersSignal.triggeringExamples.first)
        #expect(ids(example.contribution, policy) == ["ai_written_communication"])
        var translated = example.contribution
        translated.body += "\n\n(English is not my first language; I used DeepL to translate this.)"
        #expect(ids(translated, policy).isEmpty)
        policy.forbidden.translationExempt = false
        #expect(ids(translated, policy) == ["ai_written_communication"])
    }

    @Test func capsNeedTheAuthorRecord() {
        var policy = Policy()
        policy.caps = Caps(openPRsPerNonWriter: 2, openAIPRsPerAuthor: 1)
        #expect(ids(pull(), policy).isEmpty, "unknown counts: no cap finding")
        #expect(ids(pull(), policy, author: AuthorRecord(openPullRequests: 3)) == ["open_pr_cap"])
        #expect(ids(pull(), policy, author: AuthorRecord(openPullRequests: 2)).isEmpty)
        #expect(
            ids(pull(Self.claudeFooter), policy, author: AuthorRecord(openPullRequests: 1, openAIPullRequests: 2)) == [
                "ai_pr_cap"
            ])
    }

    @Test func exemptionsSkipThePolicy() {
        let policy = Policy(stance: .banned)
        let c = pull(Self.claudeFooter)
        #expect(ids(c, policy) == ["ai_use_banned"])
        let member = pull(Self.claudeFooter, association: "MEMBER")
        let evaluation = Evaluator().evaluate(member, in: EvaluationContext(policy: policy))
        #expect(evaluation.violations.isEmpty && evaluation.exempt?.contains("write access") == true)
        #expect(evaluation.verdict <= .review)
        #expect(ids(pull(Self.claudeFooter, login: "renovate[bot]"), policy).isEmpty)
        #expect(ids(c, policy, author: AuthorRecord(vouched: true)).isEmpty)
        var strict = policy
        strict.exempt = Exemptions(writers: false, bots: ["*[bot]"], users: [], vouched: false)
        #expect(ids(member, strict) == ["ai_use_banned"])
        #expect(ids(pull(Self.claudeFooter, login: "some-app[bot]"), strict).isEmpty)
    }

    @Test func actionsMergeVerdictAndViolations() throws {
        var policy = Policy(name: "Example", source: "https://example.org/ai", shadow: false, stance: .banned)
        policy.actions.violations["ai_use_banned"] = ActionSet(
            labels: ["ai-generated"], comment: true, close: true, lock: true, checkRun: .failure, verdict: .likelySlop)
        policy.actions.verdicts[.likelySlop] = ActionSet(labels: ["levee:likely-slop"], checkRun: .neutral)
        policy.lines["ai.stance"] = PolicyLine(
            file: ".github/levee.yml", line: 4, text: "stance: banned", note: "\"No AI.\"")
        let evaluation = Evaluator().evaluate(pull(Self.claudeFooter), in: EvaluationContext(policy: policy))
        #expect(evaluation.verdict == .likelySlop)
        let kinds = evaluation.actions.map(\.kind)
        #expect(kinds == [.label, .label, .comment, .close, .lock, .checkRun])
        #expect(evaluation.actions.allSatisfy { !$0.shadow })
        #expect(evaluation.actions.last?.value == "failure", "the worst check-run conclusion wins")
        let comment = try #require(evaluation.actions.first { $0.kind == .comment }?.value)
        #expect(comment.hasPrefix(StickyComment.marker))
        #expect(comment.contains("From [Example's AI policy](https://example.org/ai)"))
        #expect(comment.contains("> \"No AI.\" — `.github/levee.yml` line 4"))
        let violation = try #require(evaluation.violations.first)
        #expect(violation.policyLine?.line == 4 && violation.rule == "ai.stance")
    }

    /// What Levee quotes from a contribution cannot ping people from Levee's account or hide the comment's rest.
    @Test func quotedTextIsInert() {
        let quoted = StickyComment.inert("Assisted-by: @octo-org/security-team <!-- hidden -->")
        #expect(!quoted.contains("@octo-org"))
        #expect(!quoted.contains("<!--"))
        #expect(quoted.replacingOccurrences(of: "\u{2060}", with: "").hasPrefix("Assisted-by: @octo-org/security-team"))
    }

    @Test func customCommentTemplate() throws {
        var policy = Policy(stance: .disclosureRequired)
        policy.disclosure.when = .always
        policy.actions.commentTemplate = "Hello {{author}}! {{disclosure_help}}\n\n{{violations}}"
        let evaluation = Evaluator().evaluate(pull(), in: EvaluationContext(policy: policy))
        let comment = try #require(evaluation.actions.first { $0.kind == .comment }?.value)
        #expect(comment.hasPrefix(StickyComment.marker + "\nHello @someone! To disclose AI use here, use"))
        #expect(comment.contains("**disclosure_missing**"))
        #expect(!comment.contains("{{"))
    }

    /// The template is filled in one pass: text a value brings in is not read for placeholders (a title quoting
    /// `{{author}}` stays as written), and a name the template invents is left as written.
    @Test func commentTemplateIsFilledOnce() {
        let filled = StickyComment.fill(
            "{{a}} {{b}} {{{a}} {{c}} {{a", with: ["a": "{{b}}", "b": "B"])
        #expect(filled == "{{b}} B {{{b}} {{c}} {{a")
        #expect(StickyComment.fill("no placeholders", with: ["a": "x"]) == "no placeholders")
        #expect(StickyComment.fill("é{{a}}é", with: ["a": "ü"]) == "éüé")
    }
}
