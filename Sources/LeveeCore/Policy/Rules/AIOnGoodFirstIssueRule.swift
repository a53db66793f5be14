import Foundation

/// An AI-assisted pull request for a good first issue (labelled so itself, or linking an issue so labelled), where the
/// project keeps those for people learning the codebase (`forbidden.ai_on_good_first_issues`).
public struct AIOnGoodFirstIssueRule: ForbiddingRule {
    public static let id = "ai_on_good_first_issue"
    public static let key = "forbidden.ai_on_good_first_issues"
    public static let ids = [id]
    public static let keys = [key]
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.aiOnGoodFirstIssues }
    public init() {}

    static let labels: Set<String> = ["good first issue", "good-first-issue", "beginner", "easy"]

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let c = input.contribution
        guard input.isPull, input.policy.forbidden[keyPath: Self.flag], input.aiUsed else { return [] }
        let labelled = c.labels.contains { Self.labels.contains($0.lowercasedFast) }
        let linked = c.linkedIssues.filter { issue in issue.labels.contains { Self.labels.contains($0.lowercasedFast) }
        }
        guard labelled || !linked.isEmpty else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "Good first issues are kept for people learning the codebase; please solve them without AI.",
                linked.map { "#\($0.number) is labelled as a good first issue" } + input.aiEvidence.prefix(2))
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.forbidden[keyPath: flag] = true }
    static let goodFirstIssue = LinkedIssue(number: 12, labels: ["good first issue"])

    public static let triggeringExamples = [
        PolicyExample(
            "links a good first issue",
            Example.pull(body: "Fixes #12. I used ChatGPT to write this.", linkedIssues: [goodFirstIssue]),
            policy: forbidden),
        PolicyExample(
            "labelled beginner",
            Example.pull(body: "Fixes #12. I used ChatGPT to write this.", labels: ["Beginner"]), policy: forbidden),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "a good first issue solved by hand",
            Example.pull(body: "Fixes #12.", linkedIssues: [goodFirstIssue]), policy: forbidden),
        PolicyExample(
            "AI-assisted, another issue",
            Example.pull(body: "Fixes #12. I used ChatGPT to write this.", linkedIssues: [LinkedIssue(number: 12)]),
            policy: forbidden),
    ]
}
