import Foundation

/// An author has more open AI-assisted pull requests in the repository than the project allows at a time
/// (`caps.open_ai_prs_per_author`). Needs the author's record.
public struct AIPRCapRule: PolicyRule {
    public static let id = "ai_pr_cap"
    public static let key = PolicyField.openAIPRsPerAuthor.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.aiUsed, let cap = input.policy.caps.openAIPRsPerAuthor,
            let open = input.author?.openAIPullRequests, open > cap
        else { return [] }
        return [
            input.violation(
                Self.id, Self.key, "You have \(open) open AI-assisted pull requests here; the cap is \(cap) at a time.",
                ["\(open) open AI-assisted pull requests, cap \(cap)"])
        ]
    }

    static func capped(_ policy: inout Policy) { policy.caps.openAIPRsPerAuthor = 1 }

    public static let triggeringExamples = [
        PolicyExample(
            "a second open AI-assisted pull request", Example.pull(body: Example.claudeFooter),
            author: AuthorRecord(openPullRequests: 2, openAIPullRequests: 2), policy: capped)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "the first", Example.pull(body: Example.claudeFooter),
            author: AuthorRecord(openPullRequests: 1, openAIPullRequests: 1), policy: capped),
        PolicyExample(
            "no AI seen", Example.pull(body: "Fixes #12."),
            author: AuthorRecord(openPullRequests: 3, openAIPullRequests: 2), policy: capped),
    ]
}
