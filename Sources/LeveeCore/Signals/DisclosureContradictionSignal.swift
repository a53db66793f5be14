import Foundation

/// Flags a contribution whose disclosure says no AI was used while a coding agent's own signature is on it
/// (its account, footer, task link, branch or co-author trailer). An honest "no" next to an agent's trace is
/// rare; a copied "No AI tools were used" box under a Claude Code footer is the pattern. A habitual layout alone
/// is not enough to contradict a person's word.
public struct DisclosureContradictionSignal: Signal {
    public static let id = "disclosure_contradiction"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 8
    /// Substance: the disclosure contradicted by the commits' trailers and the agent's own signature.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        let disclosure = context.observed.disclosure
        guard disclosure.statesNoAI else { return nil }
        let said = disclosure.evidence.first ?? "the disclosure says no AI was used"
        let agent = context.observed.agent
        if agent.detected, agent.strength == .signature, let name = agent.name {
            return SignalHit(
                id: Self.id, evidence: [said] + agent.evidence.prefix(3),
                message: "The disclosure says no AI was used, but \(name)'s signature is on this contribution.",
                asksAuthor: true)
        }
        guard let trailer = disclosure.trailers.first else { return nil }
        return SignalHit(
            id: Self.id, evidence: [said, "commit \(trailer.commit): “\(trailer.key): \(trailer.value)”"],
            message: "The disclosure says no AI was used, but a commit trailer names an AI.", asksAuthor: true)
    }

    public static let triggeringExamples = [
        SignalExample(
            "Django box ticked under a Claude Code footer",
            Example.pull(
                body: """
                    #### AI Assistance Disclosure (REQUIRED)
                    - [x] **No AI tools were used** in preparing this PR.
                    - [ ] **If AI tools were used**, I have disclosed which ones, and fully reviewed and verified their output.

                    🤖 Generated with [Claude Code](https://claude.ai/code)
                    """)),
        SignalExample(
            "no-AI statement with an Assisted-by trailer",
            Example.pull(
                body: "Fixes #17. I did not use AI for this.",
                commits: [Commit(sha: "0a1b2c3d", message: "Fix\n\nAssisted-by: ChatGPT")])),
        SignalExample(
            "no-AI statement with an agent co-author trailer",
            Example.pull(
                body: "Fixes #881. No AI was used.",
                commits: [Commit(sha: "9f8e7d6c", message: "Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>")])),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "no-AI statement, no agent trace",
            Example.pull(body: "#### AI Assistance Disclosure\n- [x] **No AI tools were used** in preparing this PR.")),
        SignalExample(
            "agent footer with an honest disclosure",
            Example.pull(
                body: "I used Claude Code for the tests.\n\n🤖 Generated with [Claude Code](https://claude.ai/code)")),
        SignalExample(
            "no-AI statement next to a Codex-like layout only",
            Example.pull(body: "## Summary\n- add `retry` option\n\n## Testing\n- `npm test`\n\nNo AI was used.")),
    ]
}
