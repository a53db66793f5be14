import Foundation

/// An AI-assisted pull request that links no issue, where the project takes AI-assisted work only for an existing,
/// accepted issue (`forbidden.ai_without_linked_issue`).
public struct AIWithoutLinkedIssueRule: ForbiddingRule {
    public static let id = "ai_without_linked_issue"
    public static let key = "forbidden.ai_without_linked_issue"
    public static let ids = [id]
    public static let keys = [key]
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.aiWithoutLinkedIssue }
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let c = input.contribution
        guard input.isPull, input.policy.forbidden[keyPath: Self.flag], input.aiUsed, c.linkedIssues.isEmpty,
            NoLinkedIssueSignal.issueReferences(in: c.title + "\n" + c.body).isEmpty
        else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "AI-assisted pull requests are accepted only for an existing, accepted issue; please link it.",
                input.aiEvidence)
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.forbidden[keyPath: flag] = true }

    public static let triggeringExamples = [
        PolicyExample("AI-assisted, no issue", Example.pull(body: "I used ChatGPT to write this."), policy: forbidden)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "AI-assisted, for #12", Example.pull(body: "Fixes #12. I used ChatGPT to write this."),
            policy: forbidden),
        PolicyExample("no AI, no issue", Example.pull(body: "Small cleanup of the parser."), policy: forbidden),
    ]
}
