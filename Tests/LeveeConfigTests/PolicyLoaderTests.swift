import Foundation
import LeveeCore
import Testing

@testable import LeveeConfig

@Suite struct PolicyTemplateTests {
    @Test(arguments: PolicyTemplates.all.map(\.name))
    func templateLintsCleanAndRoundTrips(_ name: String) throws {
        let template = try #require(PolicyTemplates.named(name))
        let policy = try template.policy()
        #expect(policy.shadow, "\(name): templates start in shadow mode")
        if name != "default" {
            #expect(!template.sources.isEmpty, "\(name) cites no source")
            #expect(policy.source.map { template.sources.contains($0) } ?? false, "\(name): `source:` is not cited")
        }
        let emitted = PolicyDocuments.yaml(policy)
        let reloaded = try PolicyLoader.load(yaml: emitted, file: "emitted.yml")
        #expect(reloaded.rules == policy.rules, "\(name) does not round-trip:\n\(emitted)")
        // And the emitted file is itself a fixed point.
        #expect(PolicyDocuments.yaml(reloaded) == emitted)
    }

    @Test func templateNamesAreTheDocumentedSet() {
        #expect(
            PolicyTemplates.names.sorted() == [
                "asf", "ban", "cpython", "curl", "default", "django", "fedora", "ghostty", "jupyterhub", "kubernetes",
                "linux-kernel", "llvm", "numpy", "scipy", "sympy",
            ])
    }

    @Test func templateLinesCarryTheSourcePolicyWords() throws {
        let kernel = try #require(PolicyTemplates.named("linux-kernel")).policy()
        let line = try #require(kernel.lines["forbidden.ai_signed_off_by"])
        #expect(line.text == "ai_signed_off_by: true")
        #expect(line.note?.contains("MUST NOT add Signed-off-by") == true)
        #expect(line.line > 1)
    }

    @Test func generatedDocumentsFollowThePolicy() throws {
        let django = try #require(PolicyTemplates.named("django")).policy()
        let block = PolicyDocuments.pullRequestBlock(django)
        #expect(block.contains("- [ ] No AI tools were used in preparing this PR."))
        #expect(block.contains("exactly ONE"))
        let kernel = try #require(PolicyTemplates.named("linux-kernel")).policy()
        #expect(PolicyDocuments.pullRequestBlock(kernel).contains("Assisted-by: Claude:claude-3-opus"))
        let agents = PolicyDocuments.agentsMarkdown(kernel)
        #expect(agents.contains("Never add a `Signed-off-by:` line for yourself."))
        #expect(agents.contains("Never open a pull request"))
        let ban = try #require(PolicyTemplates.named("ban")).policy()
        #expect(PolicyDocuments.agentsMarkdown(ban).contains("does not accept AI-generated content"))
        let contributing = PolicyDocuments.contributingSection(try #require(PolicyTemplates.named("numpy")).policy())
        #expect(contributing.contains("except for translation") || contributing.contains("translation is fine"))
        #expect(contributing.hasPrefix(PolicyDocuments.blockStart))
    }
}

@Suite struct PolicyLoaderTests {
    func diagnostics(_ yaml: String) -> [PolicyDiagnostic] {
        do {
            _ = try PolicyLoader.load(yaml: yaml, file: ".github/levee.yml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func emptyFileIsTheDefault() throws {
        #expect(try PolicyLoader.load(yaml: "").rules == Policy().rules)
        #expect(try PolicyLoader.load(yaml: "# nothing yet\n").rules == Policy().rules)
    }

    @Test func unknownKeyNamesLineColumnPathAndSuggestion() throws {
        let found = diagnostics(
            """
            ai:
              stance: restricted
            forbidden:
              ai_coauthor_trailer: true
            """)
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect(d.line == 4 && d.column == 3)
        #expect(d.path == "forbidden.ai_coauthor_trailer")
        #expect(d.suggestion == "ai_coauthor_trailers")
        #expect(d.allowed.contains("ai_signed_off_by"))
        #expect(
            d.description.hasPrefix(
                ".github/levee.yml:4:3: `forbidden.ai_coauthor_trailer`: unknown key `ai_coauthor_trailer` in `forbidden`; did you mean `ai_coauthor_trailers`?"
            ))
    }

    /// A key a rule declares for itself (`RuleSetting`) is read like any other: accepted in its section, quoted where
    /// it was written, a bad value located, a near miss suggested.
    @Test func aRuleDeclaresItsOwnKey() throws {
        let policy = try PolicyLoader.load(
            yaml: """
                caps:
                  open_prs_per_non_writer: 3
                  max_changed_lines_per_non_writer: 2000
                """)
        #expect(policy.count(LargeChangeRule.setting) == 2000)
        #expect(policy.caps.openPRsPerNonWriter == 3)
        #expect(policy.line(for: LargeChangeRule.setting.key)?.line == 3)
        #expect(
            try PolicyLoader.load(yaml: "caps:\n  open_prs_per_non_writer: 3").count(LargeChangeRule.setting) == nil)
        let bad = diagnostics("caps:\n  max_changed_lines_per_non_writer: 0")
        #expect(bad.map(\.path) == ["caps.max_changed_lines_per_non_writer"])
        #expect(bad.first?.line == 2)
        let misspelt = diagnostics("caps:\n  max_changed_line_per_non_writer: 10")
        #expect(misspelt.first?.suggestion == "max_changed_lines_per_non_writer")
    }

    /// The pull checks' own section (`pulls:`, declared by their rules) and the exemptions of drafts and milestones:
    /// read with located errors, and written back by the policy writer.
    @Test func pullChecksAndExemptionsLoadAndRoundTrip() throws {
        let policy = try PolicyLoader.load(
            yaml: """
                pulls:
                  min_failures: 3
                  blocked_source_branches: [main, master]
                  max_emoji: 2
                  blocked_issue_numbers: [123, 456]
                  final_newline: true
                exempt:
                  drafts: true
                  milestones: ["*"]
                """)
        #expect(policy.count(PullChecks.minFailures) == 3)
        #expect(policy.words(BranchRule.blockedSource) == ["main", "master"])
        #expect(policy.numbers(HoneypotRule.issues) == [123, 456])
        #expect(policy.flag(FinalNewlineRule.setting) == true)
        #expect(policy.exempt.drafts && policy.exempt.milestones == ["*"])
        #expect(policy.line(for: DescriptionCapsRule.maxEmoji.key)?.line == 4)
        let explained = PolicyDocuments.explain(policy)
        #expect(explained.contains("Every changed file ends with a newline."))
        #expect(explained.contains("These pull-request checks are reported when at least 3 of them fail together."))
        #expect(explained.contains { $0.contains("draft pull requests") && $0.contains("items in a milestone") })
        #expect(!explained.joined().contains("123"), "a honeypot's issue numbers are not told")
        let again = try PolicyLoader.load(yaml: PolicyDocuments.yaml(policy))
        #expect(again.settings == policy.settings && again.exempt == policy.exempt)
        let bad = diagnostics(
            "pulls:\n  max_emoji: 0\n  blocked_issue_numbers: [12, twelve]\n  conventional_tittle: true")
        #expect(
            Set(bad.map(\.path)) == ["pulls.conventional_tittle", "pulls.max_emoji", "pulls.blocked_issue_numbers[1]"])
        #expect(bad.first { $0.path == "pulls.conventional_tittle" }?.suggestion == "conventional_title")
        #expect(diagnostics("exempt:\n  drafts: sometimes").map(\.path) == ["exempt.drafts"])
    }

    @Test func wrongValuesAreLocatedWithAllowedValues() throws {
        let found = diagnostics(
            """
            shadow: yes please
            ai:
              stance: disclosure-required
            disclosure:
              required_for: [pull_request, pull_requests]
              prompts: sometimes
            caps:
              open_prs_per_non_writer: 0
            thresholds:
              likely_slop_from: 1.5
            weights:
              llm_prose_marker: 3
            actions:
              needs_author: { check_run: failed }
              comment: "Hi {{autor}}"
            """)
        let byPath = Dictionary(found.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath["shadow"]?.line == 1)
        #expect(byPath["shadow"]?.allowed == ["true", "false"])
        #expect(byPath["ai.stance"]?.suggestion == "disclosure_required")
        #expect(byPath["ai.stance"]?.line == 3 && byPath["ai.stance"]?.column == 11)
        #expect(byPath["disclosure.required_for"]?.suggestion == "pull_request")
        #expect(byPath["disclosure.prompts"]?.allowed == ["allowed", "encouraged", "forbidden"])
        #expect(byPath["caps.open_prs_per_non_writer"]?.message.contains("from 1") == true)
        #expect(byPath["thresholds.likely_slop_from"]?.message.contains("0 to 1") == true)
        #expect(byPath["weights.llm_prose_marker"]?.suggestion == "llm_prose_markers")
        #expect(byPath["actions.needs_author.check_run"]?.suggestion == "failure")
        #expect(byPath["actions.comment"]?.suggestion == "{{author}}")
        #expect(found.count == 9)
    }

    @Test func malformedYAMLIsLocated() throws {
        let found = diagnostics("ai:\n  stance: [allowed\nshadow: true\n")
        let d = try #require(found.first)
        #expect(d.line >= 2)
        #expect(d.message.hasPrefix("not valid YAML"))
    }

    @Test func duplicateKeysAreErrors() throws {
        let found = diagnostics("shadow: true\nshadow: false\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("shadow") == true)
    }

    @Test func badRegexAndExampleAreReported() throws {
        let found = diagnostics(
            """
            disclosure:
              trailers:
                keys: [Assisted-by]
                format: '[unclosed'
            """)
        #expect(found.first?.path == "disclosure.trailers.format")
        let mismatch = diagnostics(
            """
            disclosure:
              trailers:
                format: '\\S+:\\S+'
                example: "Claude"
            """)
        #expect(mismatch.first?.path == "disclosure.trailers.example")
    }

    @Test func readsEveryKey() throws {
        let policy = try PolicyLoader.load(
            yaml: """
                version: 1
                name: Example
                source: https://example.org/ai
                shadow: false
                ai: { stance: restricted }
                disclosure:
                  required_for: [pull_request, issue]
                  when: always
                  accept: [section, checkbox]
                  section: { headings: ["AI use"] }
                  checkboxes: { options: ["No AI", "AI used"], exactly_one: true }
                  trailers: { keys: [Assisted-by], format: '\\S+', example: "Claude" }
                  report_fields: ["AI"]
                  must_name_tools: true
                  must_describe_scope: true
                  prompts: forbidden
                forbidden:
                  autonomous_agent_prs: true
                  fully_generated_prs: true
                  ai_written_communication: except_translation
                  agent_instruction_files: true
                  ai_media: true
                  ai_without_linked_issue: true
                  ai_on_good_first_issues: true
                  first_timer_ai_prs: true
                  ai_coauthor_trailers: true
                  ai_attribution_trailers: true
                  ai_signed_off_by: true
                zones:
                  allowed: ["Autocomplete"]
                  gray: [{ use: "Tests", examples: ["pytest fixtures"] }]
                  forbidden: []
                caps: { open_prs_per_non_writer: 3, open_ai_prs_per_author: 1 }
                thresholds: { welcome_below: 0.1, security_report: { likely_slop_from: 0.5 } }
                weights: { size: 5 }
                exempt: { writers: false, bots: ["*[bot]"], users: [octocat], vouched: false }
                actions:
                  likely_slop: { labels: [slop], close: true, lock: true, check_run: failure }
                  violations:
                    default: { labels: [policy], verdict: likely_slop }
                  comment: "{{greeting}} {{violations}}"
                """)
        #expect(policy.name == "Example" && !policy.shadow && policy.stance == .restricted)
        #expect(policy.disclosure.requiredFor == [.pullRequest, .issue] && policy.disclosure.when == .always)
        #expect(policy.disclosure.accept == [.section, .checkbox])
        #expect(policy.disclosure.checkboxes?.exactlyOne == true && policy.disclosure.prompts == .forbidden)
        #expect(policy.forbidden.aiWrittenCommunication && policy.forbidden.translationExempt)
        #expect(policy.forbidden.aiWithoutLinkedIssue && policy.forbidden.aiSignedOffBy)
        #expect(policy.zones.allowed.map(\.use) == ["Autocomplete"] && policy.zones.gray.first?.examples.count == 1)
        #expect(policy.caps.openPRsPerNonWriter == 3 && policy.caps.openAIPRsPerAuthor == 1)
        #expect(policy.thresholds.general.welcomeBelow == 0.1 && policy.thresholds.securityReport.likelySlopFrom == 0.5)
        #expect(policy.scoring(base: .default).weights["size"] == 5)
        #expect(!policy.exempt.writers && policy.exempt.bots == ["*[bot]"] && policy.exempt.users == ["octocat"])
        #expect(policy.actions.actions(for: .likelySlop).close && policy.actions.actions(for: .likelySlop).lock)
        #expect(policy.actions.actions(forViolation: "ai_media").verdict == .likelySlop)
        #expect(policy.lines["forbidden.ai_media"]?.line == 22)
        let emitted = PolicyDocuments.yaml(policy)
        #expect(try PolicyLoader.load(yaml: emitted).rules == policy.rules)
    }
}

/// One pull request, four policies: a first-time contributor's small fix, written with Claude Code (its footer
/// in the description, its co-author trailer in the commit), with no disclosure of its own.
@Suite struct SamePullRequestUnderFourPoliciesTests {
    static let pull = Contribution(
        kind: .pullRequest, number: 7, title: "Fix off-by-one in range parser",
        body: "Fixes #12.\n\n🤖 Generated with [Claude Code](https://claude.ai/code)",
        author: Person(login: "newcomer", type: "User", association: "FIRST_TIME_CONTRIBUTOR"),
        commits: [
            Commit(
                sha: "a1b2c3d4e5f6",
                message: "Fix off-by-one in range parser\n\nCo-Authored-By: Claude <noreply@anthropic.com>")
        ],
        files: [ChangedFile(path: "src/range.c", status: .modified, additions: 4, deletions: 2)])

    func evaluate(_ template: String) throws -> Evaluation {
        let policy = try #require(PolicyTemplates.named(template)).policy()
        return Evaluator().evaluate(Self.pull, in: EvaluationContext(policy: policy))
    }

    func labels(_ e: Evaluation) -> [String] { e.actions.filter { $0.kind == .label }.map(\.value) }

    @Test func defaultAcceptsTheTrailerAsDisclosure() throws {
        let e = try evaluate("default")
        #expect(e.violations.isEmpty)
        #expect(e.disclosure.required && e.disclosure.forms == [.trailer])
        #expect(e.verdict == .review)
        #expect(e.actions.isEmpty)
    }

    @Test func banClosesIt() throws {
        let e = try evaluate("ban")
        #expect(e.violations.map(\.id) == ["ai_use_banned", "ai_coauthor_trailer"])
        #expect(e.verdict == .likelySlop)
        #expect(labels(e).contains("ai-generated"))
        #expect(e.actions.contains { $0.kind == .close && $0.shadow })
        #expect(e.violations.first?.policyLine?.note?.contains("expressly forbidden") == true)
    }

    @Test func cpythonFlagsAFullyGeneratedPullRequest() throws {
        let e = try evaluate("cpython")
        #expect(e.violations.map(\.id) == ["fully_generated_pr"])
        #expect(e.verdict == .needsAuthor)
        #expect(labels(e) == ["levee:needs-author", "ai-generated"])
        #expect(!e.actions.contains { $0.kind == .close }, "CPython: maintainers may close; Levee does not")
        #expect(!e.disclosure.required)
    }

    @Test func linuxKernelWantsAssistedByNotCoAuthor() throws {
        let e = try evaluate("linux-kernel")
        #expect(e.violations.map(\.id) == ["disclosure_missing", "ai_coauthor_trailer"])
        #expect(e.verdict == .needsAuthor)
        #expect(labels(e).contains("needs-disclosure"))
        let comment = try #require(e.actions.first { $0.kind == .comment }?.value)
        #expect(comment.contains("Assisted-by: Claude:claude-3-opus coccinelle sparse"))
        #expect(comment.contains("`template:linux-kernel` line"))
    }

    @Test func withAKernelStyleTrailerTheKernelIsSatisfied() throws {
        var fixed = Self.pull
        fixed.commits = [
            Commit(
                sha: "b2c3d4e5f6a7",
                message:
                    "Fix off-by-one\n\nAssisted-by: Claude:claude-opus-4 sparse\nSigned-off-by: New Comer <n@example.org>"
            )
        ]
        let policy = try #require(PolicyTemplates.named("linux-kernel")).policy()
        let e = Evaluator().evaluate(fixed, in: EvaluationContext(policy: policy))
        #expect(e.violations.isEmpty)
        #expect(e.verdict == .review)
    }
}

@Suite struct SignalSwitchLoadingTests {
    @Test func readsSwitchesAndLocatesBadOnes() throws {
        let policy = try PolicyLoader.load(yaml: "signals:\n  vague_title: off\n  default_title: strict\n")
        #expect(policy.signals == ["vague_title": .off, "default_title": .strict])
        do {
            _ = try PolicyLoader.load(yaml: "signals:\n  vague_titel: off\n")
            Issue.record("an unknown signal was accepted")
        } catch {
            #expect(error.description.contains("did you mean `vague_title`"), "\(error.description)")
        }
        do {
            _ = try PolicyLoader.load(yaml: "signals:\n  vague_title: loud\n")
            Issue.record("an unknown mode was accepted")
        } catch {
            #expect(error.description.contains("signals.vague_title") && error.description.contains("strict"))
        }
    }
}

/// The `template:` keys: where the template is, and the sections a pull request must answer.
@Suite struct TemplatePolicyTests {
    static func pull(_ body: String, association: String = "CONTRIBUTOR") -> Contribution {
        Contribution(
            kind: .pullRequest, number: 1, title: "Fix range parsing", body: body,
            author: Person(login: "someone", type: "User", association: association))
    }

    /// `template.required_sections` (no-autopilot's `template-sections`): a required section left out, holding only
    /// hidden hints, or only the template's own lines is the quoted violation; a filled one is not, and a pull request
    /// by a writer is exempt.
    @Test func requiredTemplateSectionsMustBeAnswered() throws {
        let policy = try PolicyLoader.load(
            yaml: "template:\n  required_sections: [What this changes, \"## How I tested this\"]\n", file: "levee.yml")
        #expect(policy.template.requiredSections == ["What this changes", "How I tested this"])
        let template = """
            ## What this changes
            <!-- One or two sentences. -->

            ## How I tested this
            - [ ] Unit tests
            - [ ] By hand
            """
        func found(_ body: String, association: String = "CONTRIBUTOR") -> [String] {
            let evaluation = Evaluator().evaluate(
                Self.pull(body, association: association),
                in: EvaluationContext(pullRequestTemplate: template, policy: policy))
            return evaluation.violations.filter { $0.id == "template_section_empty" }.flatMap(\.evidence)
        }
        let filled = "## What this changes\nStops the parser at NUL (#12).\n\n## How I tested this\n- [x] Unit tests"
        #expect(found(filled).isEmpty)
        #expect(found(filled, association: "MEMBER").isEmpty)
        #expect(found(template) == ["“What this changes” is empty", "“How I tested this” is empty"])
        #expect(found("## What this changes\nStops the parser at NUL (#12).") == ["“How I tested this” is missing"])
        #expect(
            found("## what this changes:\nStops the parser at NUL.\n\n## How I tested this\nRan `make test`.").isEmpty)
        let evaluation = Evaluator().evaluate(
            Self.pull(template), in: EvaluationContext(pullRequestTemplate: template, policy: policy))
        let violation = try #require(evaluation.violations.first { $0.id == "template_section_empty" })
        #expect(violation.policyLine?.text.contains("required_sections") == true)
        #expect(evaluation.verdict >= .needsAuthor)
    }

    @Test func templateKeysAreCheckedWhereTheyAreWritten() {
        for (yaml, message) in [
            ("template:\n  path: ../outside.md\n", "expected a path inside the repository"),
            ("template:\n  required_sections: [\"##\"]\n", "expected section headings"),
            ("template:\n  requried_sections: [A]\n", "required_sections"),
        ] {
            do {
                _ = try PolicyLoader.load(yaml: yaml, file: "levee.yml")
                Issue.record("accepted \(yaml)")
            } catch {
                #expect(error.diagnostics.first?.description.contains(message) == true, "\(error)")
                #expect(error.diagnostics.first?.line == 2)
            }
        }
        let policy = try? PolicyLoader.load(yaml: "template:\n  path: .github/PULL_REQUEST_TEMPLATE/default.md\n")
        #expect(policy?.template.paths == [".github/PULL_REQUEST_TEMPLATE/default.md"])
        #expect(Policy.builtin.template.paths.first == ".github/pull_request_template.md")
    }
}
