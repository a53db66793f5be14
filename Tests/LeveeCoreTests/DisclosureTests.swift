import Foundation
import Testing

@testable import LeveeCore

/// Each disclosure format the cited policies use, in the shape contributors really write it.
@Suite struct DisclosureFormatTests {
    func pull(_ body: String, commits: [String] = []) -> Contribution {
        Contribution(
            kind: .pullRequest, number: 1, title: "Fix range parsing", body: body,
            author: Person(login: "someone", type: "User", association: "CONTRIBUTOR"),
            commits: commits.enumerated().map { Commit(sha: "c0ffee\($0.offset)0000", message: $0.element) })
    }

    static let djangoTemplate = """
        #### Trac ticket number
        ticket-36512

        #### Branch description
        Fixed the admin changelist's date hierarchy for timezone-aware fields.

        #### AI Assistance Disclosure (REQUIRED)
        <!-- Please select exactly ONE of the following: -->
        - [%@] **No AI tools were used** in preparing this PR.
        - [%@] **If AI tools were used**, I have disclosed which ones, and fully reviewed and verified their output.

        #### Checklist
        - [x] This PR follows the contribution guidelines.
        """

    func django(_ first: String, _ second: String) -> Contribution {
        pull(
            Self.djangoTemplate.replacingOccurrences(of: "[%@] **No", with: "[\(first)] **No")
                .replacingOccurrences(of: "[%@] **If", with: "[\(second)] **If"))
    }

    @Test func djangoExactlyOneCheckbox() throws {
        let none = DisclosureDetector.detect(django("x", " "))
        #expect(none.present && none.statesNoAI && none.forms.contains(.checkbox))
        #expect(none.checkboxes?.ticked.count == 1 && none.checkboxes?.exactlyOne == true)
        let used = DisclosureDetector.detect(django(" ", "x"))
        #expect(used.admitsAI && !used.statesNoAI)
        let both = DisclosureDetector.detect(django("x", "x"))
        #expect(both.checkboxes?.ticked.count == 2)
        let neither = DisclosureDetector.detect(django(" ", " "))
        #expect(neither.checkboxes?.ticked.isEmpty == true)
        #expect(!neither.present, "an untouched template is no disclosure")
    }

    @Test func homebrewSingleBox() {
        let ticked = DisclosureDetector.detect(
            pull(
                """
                - [x] Have you followed the guidelines for contributing?
                - [x] AI was used to generate or assist with generating this PR. *Please specify below how you used AI to help you, and what steps you have taken to manually verify the changes*.

                Copilot autocomplete suggested the bottle block; I ran `brew test` and `brew audit --strict` locally.
                """))
        #expect(ticked.admitsAI && ticked.forms.contains(.checkbox))
        let unticked = DisclosureDetector.detect(
            pull("- [ ] AI was used to generate or assist with generating this PR. *Please specify below…*"))
        #expect(unticked.present && unticked.statesNoAI)
    }

    @Test func disclosureSectionsWithScope() {
        let section = DisclosureDetector.detect(
            pull(
                """
                ## Summary
                Handle empty ranges.

                ## AI Assistance Disclosure
                I used Claude Code to write the tests in `test_range.py`; the parser change is my own.
                """))
        #expect(section.forms.contains(.section) && section.tools == ["Claude"])
        #expect(section.describesScope)
        #expect(section.scope?.contains("test_range.py") == true)
        let none = DisclosureDetector.detect(pull("### AI Generation Disclosure\n\nNone\n\n### Tests\nAdded one."))
        #expect(none.present && none.statesNoAI)
        let bold = DisclosureDetector.detect(pull("**AI Disclosure:**\nChatGPT helped me understand the C API."))
        #expect(bold.admitsAI && bold.tools == ["ChatGPT"])
        let empty = DisclosureDetector.detect(pull("## AI usage\n<!-- say which tools -->\n\n## Tests\nran it"))
        #expect(!empty.present)
        #expect(empty.evidence.contains { $0.contains("section is empty") })
        let vague = DisclosureDetector.detect(pull("## AI Disclosure\nCopilot"))
        #expect(vague.admitsAI && !vague.describesScope)
    }

    @Test func freeTextStatements() {
        let kubernetes = DisclosureDetector.detect(
            pull("This PR was written in part with the assistance of generative AI. Fixes #1234."))
        #expect(kubernetes.admitsAI && kubernetes.forms == [.statement])
        let ghostty = DisclosureDetector.detect(pull("Fixes #8123.\n\nThis PR was written primarily by Claude Code."))
        #expect(ghostty.admitsAI && ghostty.tools == ["Claude"])
        let no = DisclosureDetector.detect(pull("Fixes #8123. No AI tools were used."))
        #expect(no.statesNoAI)
        let prose = DisclosureDetector.detect(pull("Fix the Copilot chat panel using the new API."))
        #expect(!prose.present, "naming a product is not a disclosure")
        let cursor = DisclosureDetector.detect(pull("The cursor was written by the old code path; fixed."))
        #expect(!cursor.present)
    }

    @Test func commitTrailers() throws {
        let kernel = DisclosureDetector.detect(
            pull(
                "",
                commits: [
                    "mm: fix leak\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: A Person <a@example.org>"
                ]))
        #expect(kernel.forms == [.trailer] && kernel.tools == ["Claude"])
        #expect(kernel.trailers.map(\.role) == [.attribution])
        let asf = DisclosureDetector.detect(pull("", commits: ["Fix NPE\n\nGenerated-by: GitHub Copilot"]))
        #expect(asf.forms == [.trailer] && asf.tools == ["Copilot"])
        let fedora = DisclosureDetector.detect(pull("", commits: ["Update spec\n\nAssisted-by: generic LLM chatbot"]))
        #expect(fedora.admitsAI && fedora.tools.isEmpty)
        let liberty = DisclosureDetector.detect(
            pull("", commits: ["Fix\n\nCo-authored-by-AI: GitHub Copilot (gpt-4.1)"]))
        #expect(liberty.trailers.first?.role == .attribution && liberty.tools.contains("Copilot"))
        let claude = DisclosureDetector.detect(
            pull("", commits: ["Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>"]))
        #expect(claude.trailers.first?.role == .coauthor && claude.admitsAI)
        let human = DisclosureDetector.detect(pull("", commits: ["Fix\n\nCo-authored-by: Jane Doe <jane@example.org>"]))
        #expect(human.trailers.isEmpty && !human.present)
        let madeWith = DisclosureDetector.detect(pull("", commits: ["Fix\n\nMade-with: Cursor"]))
        #expect(madeWith.trailers.first?.role == .attribution)
        let codeveloped = DisclosureDetector.detect(
            pull("", commits: ["Fix\n\nCo-developed-by: ChatGPT\nCo-developed-by: Jane Doe <jane@example.org>"]))
        #expect(codeveloped.trailers.count == 1)
        let signoff = DisclosureDetector.detect(
            pull("", commits: ["Fix\n\nSigned-off-by: Claude <noreply@anthropic.com>"]))
        #expect(signoff.trailers.first?.role == .signoff && !signoff.present)
    }

    @Test func securityReportFields() {
        let curl = DisclosureDetector.detect(
            SecurityReportReader.read(
                """
                # Heap overflow in cookie parsing

                ## Summary
                A crafted Set-Cookie header overflows a buffer.

                AI usage: I asked ChatGPT to review lib/cookie.c and then reproduced the crash under ASan myself.
                """))
        #expect(curl.forms.contains(.reportField) && curl.admitsAI && curl.tools == ["ChatGPT"])
        let hackerone = DisclosureDetector.detect(
            SecurityReportReader.read(
                """
                # Use after free in connection reuse

                | Field | Value |
                |---|---|
                | Weakness | Use After Free |
                | AI usage | No |

                ## Steps to reproduce
                1. Run the attached program under valgrind.
                """))
        #expect(hackerone.present && hackerone.statesNoAI && hackerone.forms == [.reportField])
    }

    @Test func promptsAttached() {
        #expect(
            DisclosureDetector.detect(pull("I used ChatGPT: https://chatgpt.com/share/6a1b2c3d")).promptsAttached)
        #expect(
            DisclosureDetector.detect(pull("## AI usage\nClaude.\n\nPrompt: write a parser for RFC 6265"))
                .promptsAttached)
        #expect(!DisclosureDetector.detect(pull("I used Copilot for autocomplete.")).promptsAttached)
    }

    @Test func policyHeadingsAndOptionsGuideTheReading() {
        var rules = DisclosurePolicy()
        rules.headings = ["Provenance"]
        rules.checkboxes = .init(options: ["I wrote this myself", "An assistant helped"], exactlyOne: true)
        let c = pull("## Provenance\n- [x] I wrote this myself\n- [ ] An assistant helped")
        let d = DisclosureDetector.detect(c, policy: rules)
        #expect(d.present && d.forms.contains(.checkbox) && d.checkboxes?.ticked == ["I wrote this myself"])
    }
}

/// Polarity: a statement, a ticked box or a field that says AI was *not* used is a no-AI statement; an unticked box
/// says nothing; a ticked trap box that admits unreviewed agent output is an admission; an agent's own footer is its
/// mark, not the author's disclosure. Bodies shaped like real templates and attestation checklists.
@Suite struct DisclosurePolarityTests {
    enum Reading { case noAI, aiUsed, unreviewed, nothing }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var reading: Reading
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // Django's template, both polarities, and untouched.
        Case(
            name: "Django: no-AI box ticked",
            body: "#### AI Assistance Disclosure (REQUIRED)\n- [x] **No AI tools were used** in preparing this PR.\n"
                + "- [ ] **If AI tools were used**, I have disclosed which ones, and fully reviewed and verified their "
                + "output.", reading: .noAI),
        Case(
            name: "Django: AI box ticked",
            body: "#### AI Assistance Disclosure (REQUIRED)\n- [ ] **No AI tools were used** in preparing this PR.\n"
                + "- [x] **If AI tools were used**, I have disclosed which ones, and fully reviewed and verified their "
                + "output. I used Claude for the tests.", reading: .aiUsed),
        Case(
            name: "Django: nothing ticked",
            body: "#### AI Assistance Disclosure (REQUIRED)\n- [ ] **No AI tools were used** in preparing this PR.\n"
                + "- [ ] **If AI tools were used**, I have disclosed which ones.", reading: .nothing),
        // Homebrew's single box.
        Case(
            name: "Homebrew: AI box ticked",
            body: "- [x] Have you successfully run `brew style` with your changes locally?\n"
                + "- [x] AI was used to generate or assist with generating this PR.", reading: .aiUsed),
        Case(
            name: "Homebrew: AI box unticked",
            body: "- [x] Have you successfully run `brew style` with your changes locally?\n"
                + "- [ ] AI was used to generate or assist with generating this PR.", reading: .noAI),
        // Attestation checklists of the kind anti-slop and no-autopilot ship.
        Case(
            name: "attestation: AI is NOT used",
            body: "## Checklist\n- [x] I have read CONTRIBUTING.md\n- [x] AI is NOT used in this pull request",
            reading: .noAI),
        Case(
            name: "attestation: box unticked says nothing",
            body: "## Checklist\n- [x] I have read CONTRIBUTING.md\n- [ ] AI is NOT used in this pull request",
            reading: .nothing),
        Case(
            name: "attestation: I did not use any AI tool",
            body: "- [x] I did not use any AI tool to write this code", reading: .noAI),
        Case(
            name: "trap box ticked: agent without human review",
            body: "## Checklist\n- [x] Tests pass\n- [x] This PR was submitted by an AI agent without human review",
            reading: .unreviewed),
        Case(
            name: "trap box ticked: not reviewed the AI output",
            body: "- [x] I have not reviewed the AI-generated code line by line", reading: .unreviewed),
        Case(
            name: "trap box unticked", body: "- [ ] This PR was submitted by an AI agent without human review",
            reading: .nothing),
        // Free-text statements.
        Case(name: "statement: no AI-generated boilerplate", body: "No AI-generated boilerplate here.", reading: .noAI),
        Case(
            name: "statement: I did not use any AI tool", body: "Fixes #12. I did not use any AI tool for this.",
            reading: .noAI),
        Case(name: "statement: written without AI", body: "Written without AI, by hand.", reading: .noAI),
        Case(
            name: "statement: AI was used", body: "This change was AI-assisted: I used Claude to draft the tests.",
            reading: .aiUsed),
        Case(
            name: "statement: negation elsewhere, use stated",
            body: "The parser did not handle CRLF, so I used ChatGPT to help write the fix.", reading: .aiUsed),
        Case(
            name: "statement: no problem, then use", body: "No problem, the tests were generated with ChatGPT.",
            reading: .aiUsed),
        // A policy template's own block (the default template's section), both ways.
        Case(name: "section: None", body: "## AI disclosure\nNone.\n\n## Testing\nRan the suite.", reading: .noAI),
        Case(
            name: "section: AI tools were not used", body: "## AI disclosure\nAI tools were not used.\n",
            reading: .noAI),
        Case(
            name: "section: Copilot for completion",
            body: "## AI disclosure\nCopilot autocompleted parts of the tests.\n", reading: .aiUsed),
        // An agent's footer is its mark, not the author's disclosure.
        Case(
            name: "agent footer only",
            body: "Adds retries.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)", reading: .nothing),
    ]

    @Test(arguments: cases) func reading(_ c: Case) {
        let pull = Contribution(
            kind: .pullRequest, number: 1, title: "Fix range parsing", body: c.body,
            author: Person(login: "someone", type: "User", association: "CONTRIBUTOR"))
        let d = DisclosureDetector.detect(pull)
        switch c.reading {
        case .noAI:
            #expect(d.present && d.statesNoAI && !d.admitsAI, "\(d.evidence)")
            #expect(d.admitsUnreviewed == nil)
        case .aiUsed:
            #expect(d.present && d.admitsAI && !d.statesNoAI, "\(d.evidence)")
            #expect(d.admitsUnreviewed == nil)
        case .unreviewed:
            #expect(d.admitsAI && !d.statesNoAI, "\(d.evidence)")
            #expect(d.admitsUnreviewed != nil)
        case .nothing:
            #expect(!d.admitsAI && !d.statesNoAI, "\(d.evidence)")
        }
    }

    /// Under the ghostty template (AI contributions only for accepted issues, closed otherwise), a person who ticked
    /// "AI is NOT used" is not closed, and one who says they used Claude without a linked issue is.
    @Test func ghosttyDoesNotCloseAPersonWhoSaidNoAI() throws {
        var policy = Policy.builtin
        policy.forbidden.aiWithoutLinkedIssue = true
        let said = Contribution(
            kind: .pullRequest, number: 7, title: "Fix scrollback leak",
            body: "Frees the old page list.\n\n- [x] AI is NOT used in this pull request",
            author: Person(login: "newcomer", type: "User", association: "FIRST_TIME_CONTRIBUTOR"))
        let evaluation = Evaluator().evaluate(said, in: EvaluationContext(policy: policy))
        #expect(!evaluation.violations.contains { $0.id == "ai_without_linked_issue" })
        var used = said
        used.body = "Frees the old page list. I used Claude Code to write it."
        let flagged = Evaluator().evaluate(used, in: EvaluationContext(policy: policy))
        #expect(flagged.violations.contains { $0.id == "ai_without_linked_issue" })
    }
}
