import Foundation

/// The project's canary (`traps.canary`), an instruction its template plants for coding agents only, turns up in the
/// title, the description (its hidden comments, where the template plants it, left out) or a commit message: the work
/// followed an instruction no person reads. Quoted, so it may back a close.
public struct AgentCanaryRule: PolicyRule {
    public static let id = "agent_canary"
    public static let key = PolicyField.canary.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let c = input.contribution
        guard c.kind == .pullRequest || c.kind == .issue, let canary = input.policy.traps.canary else { return [] }
        var evidence: [String] = []
        if c.title.contains(canary) {
            evidence.append("the title “\(TextStats.quote(c.title))” has the canary \(canary)")
        }
        if let line = TextStats.lines(TextStats.stripHTMLComments(c.body)).first(where: { $0.contains(canary) }) {
            evidence.append("the description has the canary: “\(TextStats.quote(line))”")
        }
        if let commit = c.commits.first(where: { $0.message.contains(canary) }) {
            evidence.append("commit \(commit.sha.prefix(7)) has the canary: “\(TextStats.quote(commit.subject))”")
        }
        guard !evidence.isEmpty else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "This contribution follows the instruction this project plants for coding agents only (\(canary)); "
                    + "a person must review and submit the work themselves.", evidence)
        ]
    }

    static let planted = "<!-- " + Traps.canaryInstruction("🤖🤖🤖") + " -->\nFixes #12."
    static func withCanary(_ policy: inout Policy) { policy.traps.canary = "🤖🤖🤖" }

    public static let triggeringExamples = [
        PolicyExample(
            "the canary in the title", Example.pull(title: "Fix range parsing 🤖🤖🤖", body: planted),
            policy: withCanary),
        PolicyExample(
            "the canary in a commit message",
            Example.pull(body: "Fixes #12.", commits: [Example.commit("Fix parsing 🤖🤖🤖")]), policy: withCanary),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "the template as planted, in its hidden comment", Example.pull(body: planted), policy: withCanary),
        PolicyExample("no canary in the policy", Example.pull(title: "Fix range parsing 🤖🤖🤖")),
    ]
}
