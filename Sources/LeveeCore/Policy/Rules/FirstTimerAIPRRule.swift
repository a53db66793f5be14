import Foundation

/// An AI-assisted pull request by someone contributing for the first time (GitHub's author association
/// `FIRST_TIME_CONTRIBUTOR`, `FIRST_TIMER` or `NONE`) who is not vouched for, where first contributions should be
/// written without AI (`forbidden.first_timer_ai_prs`).
public struct FirstTimerAIPRRule: ForbiddingRule {
    public static let id = "first_timer_ai_pr"
    public static let key = "forbidden.first_timer_ai_prs"
    public static let ids = [id]
    public static let keys = [key]
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.firstTimerAIPRs }
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.forbidden[keyPath: Self.flag], input.aiUsed, input.author?.vouched != true,
            let association = input.contribution.author?.association, association.isNewcomer
        else { return [] }
        return [
            input.violation(
                Self.id, Self.key, "First contributions should be written without AI assistance.",
                ["author association \(association.rawValue)"] + input.aiEvidence.prefix(2))
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.forbidden[keyPath: flag] = true }
    static let firstTimer = Example.pull(
        body: "Fixes #12. I used ChatGPT to write this.", association: "FIRST_TIME_CONTRIBUTOR")

    public static let triggeringExamples = [
        PolicyExample("a first-timer's AI-assisted pull request", firstTimer, policy: forbidden)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("a vouched first-timer", firstTimer, author: AuthorRecord(vouched: true), policy: forbidden),
        PolicyExample(
            "a first-timer without AI",
            Example.pull(body: "Fixes #12.", association: "FIRST_TIME_CONTRIBUTOR"), policy: forbidden),
    ]
}
