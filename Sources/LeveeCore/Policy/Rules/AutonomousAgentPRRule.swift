import Foundation

/// A pull request opened by a coding agent's own account (Copilot, Devin, a bot whose work carries an agent's
/// signature) with no person submitting it, where the policy forbids that (`forbidden.autonomous_agent_prs`).
public struct AutonomousAgentPRRule: ForbiddingRule {
    public static let id = "autonomous_agent_pr"
    public static let key = "forbidden.autonomous_agent_prs"
    public static let ids = [id]
    public static let keys = [key]
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.autonomousAgentPRs }
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let author = input.contribution.author
        guard input.isPull, input.policy.forbidden[keyPath: Self.flag], let login = author?.login,
            AgentDetector.isAgentAccount(login) || author?.isBot == true && input.agent.detected
        else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "Pull requests opened by a coding agent without a person submitting them are not accepted.",
                ["opened by @\(login)"] + input.agent.evidence.prefix(2))
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.forbidden[keyPath: flag] = true }

    public static let triggeringExamples = [
        PolicyExample(
            "opened by Copilot's account",
            Example.pull(body: "Fixes #15903.", login: "Copilot", association: "NONE"), policy: forbidden)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "a person submitting an agent's work", Example.pull(body: Example.claudeFooter),
            policy: forbidden),
        PolicyExample("not forbidden", Example.pull(body: "Fixes #15903.", login: "Copilot", association: "NONE")),
    ]
}
