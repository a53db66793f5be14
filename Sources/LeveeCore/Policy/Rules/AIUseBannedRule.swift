import Foundation

/// The project does not accept AI-generated or AI-assisted work (`ai.stance: banned`) and this contribution discloses
/// AI use or carries an agent's signature.
public struct AIUseBannedRule: PolicyRule {
    public static let id = "ai_use_banned"
    public static let key = PolicyField.stance.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.policy.stance == .banned, input.aiUsed else { return [] }
        return [
            input.violation(
                Self.id, Self.key, "This project does not accept AI-generated or AI-assisted contributions.",
                input.aiEvidence)
        ]
    }

    static func banned(_ policy: inout Policy) { policy.stance = .banned }

    public static let triggeringExamples = [
        PolicyExample(
            "an agent's footer", Example.pull(body: Example.claudeFooter, association: "NONE"), policy: banned),
        PolicyExample("a disclosure", Example.pull(body: "Fixes #12. I used ChatGPT to write this."), policy: banned),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("no AI seen", Example.pull(body: "Fixes #12."), policy: banned),
        PolicyExample("AI allowed", Example.pull(body: Example.claudeFooter)),
    ]
}
