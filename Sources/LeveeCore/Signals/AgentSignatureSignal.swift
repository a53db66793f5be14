import Foundation

/// Flags contributions that carry a coding agent's identity, trailer, footer, task link or
/// branch prefix (Copilot coding agent, OpenAI Codex, Claude Code, Devin, Cursor, Jules, …),
/// naming the tool. Agent-written code is not bad by itself; the project's policy decides
/// (disclosure, no autonomous PRs). A habitual layout alone counts for half.
public struct AgentSignatureSignal: Signal {
    public static let id = "agent_signature"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 4
    /// Behaviour: an agent's identity, trailer or branch on the contribution tells how it was made.
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        let detection = context.observed.agent
        guard detection.detected, let name = detection.name else { return nil }
        let isStyle = detection.strength == .style
        return SignalHit(
            id: Self.id, strength: isStyle ? 0.5 : 1, evidence: detection.evidence,
            message: isStyle
                ? "The description follows \(name)'s habitual layout; it may have been written by that agent."
                : "This was written or opened by \(name).")
    }

    public static let triggeringExamples = [
        SignalExample(
            "Devin session link",
            Example.pull(
                body: "Updates the retry logic.\n\nLink to Devin run: https://app.devin.ai/sessions/0123456789abcdef\n"
                    + "Requested by: Jane")),
        SignalExample(
            "Claude Code footer and trailer",
            Example.pull(
                body: "## Summary\n- Fix flaky test\n\n🤖 Generated with [Claude Code](https://claude.ai/code)",
                commits: [
                    Commit(sha: "a1b2c3d4", message: "Fix flaky test\n\nCo-Authored-By: Claude <noreply@anthropic.com>")
                ])),
        SignalExample(
            "Copilot account", Example.pull(body: "Fixes #15903.", login: "Copilot", headRef: "copilot/fix-15903")),
        SignalExample(
            "Codex task link",
            Example.pull(body: "## Summary\n- add retries\n\nhttps://chatgpt.com/codex/tasks/task_e_684")),
        SignalExample("Cursor branch", Example.pull(body: "Refactor.", headRef: "cursor/refactor-session-store-1a2b")),
        SignalExample(
            "Codex layout only",
            Example.pull(body: "## Summary\n- add `retry` option\n- document it\n\n## Testing\n- `npm test`\n")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("plain human description", Example.pull(body: "Fixes #12. Tested with `make check`.")),
        SignalExample(
            "human co-author",
            Example.pull(commits: [Commit(sha: "ffee", message: "Fix\n\nCo-authored-by: Jane Doe <jane@example.org>")])),
        SignalExample(
            "mentions Copilot in prose", Example.pull(body: "This fixes the Copilot extension's settings page.")),
    ]
}
