import Foundation

/// Prompts or chat transcripts pasted into the contribution where the policy forbids them (`disclosure.prompts:
/// forbidden`).
public struct PromptsAttachedRule: PolicyRule {
    public static let id = "prompts_attached"
    public static let key = PolicyField.prompts.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.policy.disclosure.prompts == .forbidden, input.disclosure.promptsAttached else { return [] }
        return [
            input.violation(
                Self.id, Self.key, "Please do not paste prompts or chat transcripts into the contribution.", [])
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.disclosure.prompts = .forbidden }

    public static let triggeringExamples = [
        PolicyExample("a prompt pasted in", Example.pull(body: "Prompt: fix it"), policy: forbidden)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("no prompt", Example.pull(body: "Fixes #12."), policy: forbidden),
        PolicyExample("prompts allowed", Example.pull(body: "Prompt: fix it")),
    ]
}
