import Foundation
import LeveeCLI
import LeveeConfig
import LeveeCore
import Testing

/// `levee policy import` on workflow files of the shapes the tools' READMEs show (`Tests/Fixtures/peers`): each
/// input lands on the key it should, the policy loads, and the file is never written over without --force.
@Suite struct PolicyImportTests {
    static func imported(_ tool: PeerTool) throws -> (PolicyImport, Policy) {
        let file = Paths.repository.appendingPathComponent("Tests/Fixtures/peers/\(tool.rawValue).yml")
        let result = try PolicyImport.read(
            tool, workflow: try String(contentsOf: file, encoding: .utf8), file: file.path)
        return (result, try PolicyLoader.load(yaml: result.yaml, file: "imported.yml"))
    }

    static func outcome(_ result: PolicyImport, _ input: String) -> PolicyImport.Outcome? {
        result.lines.first { $0.input == input }?.outcome
    }

    @Test func antiSlop() throws {
        let (result, policy) = try Self.imported(.antiSlop)
        #expect(policy.shadow)
        #expect(policy.exempt.users == ["release-bot", "trusted-friend"])
        #expect(policy.exempt.labels == ["skip-slop-check"])
        #expect(policy.exempt.writers)
        #expect(policy.exempt.bots.contains("dependabot[bot]"))  // the action's default, since the workflow left it
        #expect(policy.flag(IssueLinkRule.setting) == true)
        #expect(policy.signals["unfilled_template"] == .strict)
        #expect(policy.actions.actions(for: .needsAuthor).labels == ["needs-work"])
        // Closing after N failed checks is not carried over: Levee's gates decide.
        #expect(!policy.actions.actions(for: .likelySlop).close)
        #expect(Self.outcome(result, "close-pr") == .differs)
        // The pull checks, from the workflow and the action's defaults; reported when 4 of them fail.
        #expect(policy.count(PullChecks.minFailures) == 4)
        #expect(policy.words(HoneypotRule.terms) == ["As an AI language model"])
        #expect(policy.words(BranchRule.blockedSource) == ["main", "master"])
        #expect(policy.words(FilesRule.blockedPaths) == ["README.md", "SECURITY.md", "LICENSE", "CODE_OF_CONDUCT.md"])
        #expect(policy.flag(MaintainerAccessRule.setting) == true && policy.flag(CommitRule.authorMatch) == true)
        #expect(policy.flag(FinalNewlineRule.setting) == true && policy.flag(SpamUsernameRule.setting) == true)
        #expect(policy.count(DescriptionCapsRule.maxEmoji) == 2 && policy.count(CommitRule.maxLength) == 500)
        #expect(policy.count(DescriptionCapsRule.maxCodeReferences) == nil)  // 0: off
        #expect(policy.exempt.milestones == ["v2.0"] && policy.exempt.drafts)
        #expect(Self.outcome(result, "blocked-terms") == .mapped)
        #expect(Self.outcome(result, "min-profile-completeness") == .differs)
        #expect(Self.outcome(result, "max-code-references") == .off)  // 0 in the action's defaults
        #expect(Self.outcome(result, "exempt-pr-milestones") == .mapped)
        // Every input of the action is accounted for, once.
        let inputs = result.lines.map(\.input)
        #expect(Set(inputs).isSuperset(of: PeerTool.antiSlop.inputs.map(\.name)))
        #expect(inputs.count == Set(inputs).count)
        #expect(!inputs.contains("github-token"))
    }

    @Test func noAutopilot() throws {
        let (result, policy) = try Self.imported(.noAutopilot)
        #expect(policy.traps.box == "This PR was authored and submitted by an AI agent without human review")
        #expect(policy.actions.violations["agent_trap_ticked"]?.close == true)
        #expect(policy.forbidden.aiCoauthorTrailers && policy.forbidden.fullyGeneratedPRs)
        #expect(policy.lifecycle.newcomerLane.enabled)
        // The action's default sections, left out of the workflow, become the policy's required sections.
        #expect(policy.template.requiredSections == ["What this changes", "How I tested this"])
        #expect(Self.outcome(result, "contributing-url") == PolicyImport.Outcome.none)  // a URL, not a path
    }

    @Test func stale() throws {
        let (result, policy) = try Self.imported(.stale)
        let waiting = policy.lifecycle.awaitingAuthor
        #expect(waiting.enabled && waiting.staleAfterDays == 45 && waiting.closeAfterDays == 10)
        #expect(waiting.staleLabel == "no-pr-activity")
        #expect(waiting.holdLabels == ["levee:hold", "awaiting-approval", "work-in-progress"])
        #expect(Self.outcome(result, "stale-pr-message") == .differs)
        #expect(Self.outcome(result, "days-before-stale") == .seeAbove)
    }

    @Test func vouch() throws {
        let (result, policy) = try Self.imported(.vouch)
        #expect(result.steps.count == 3)
        #expect(policy.trust.commands == CommandKeywords(vouch: ["lgtm", "vouch"], denounce: [], bare: true))
        #expect(policy.trust.codeowners)
        #expect(Self.outcome(result, "auto-close") == .differs)
        #expect(!result.lines.contains { $0.input == "vouched-managers" })
    }

    @Test func aWorkflowWithoutTheToolIsAClearError() {
        #expect(throws: PolicyImport.ImportError.self) {
            try PolicyImport.read(
                .stale, workflow: "jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n", file: "ci.yml")
        }
        do {
            _ = try PolicyImport.read(.vouch, workflow: "jobs: [unclosed", file: "bad.yml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("bad.yml: not a YAML workflow"))
        }
    }

    @Test func theCommandWritesOnceAndNeverOverwritesWithoutForce() async throws {
        let dir = try Paths.temporaryDirectory()
        let output = dir.appendingPathComponent(".github/levee.yml").path
        let workflow = Paths.repository.appendingPathComponent("Tests/Fixtures/peers/stale.yml").path
        #expect(await LeveeCommand.run(arguments: ["policy", "import", "stale", workflow, "--output", output]) == 0)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written.contains("stale_after_days: 45"))
        try "# ours\n".write(toFile: output, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["policy", "import", "stale", workflow, "--output", output]) != 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "# ours\n")
        #expect(
            await LeveeCommand.run(arguments: ["policy", "import", "stale", workflow, "--output", output, "--force"])
                == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == written)
        #expect(await LeveeCommand.run(arguments: ["policy", "import", "renovate", workflow]) != 0)
    }
}
