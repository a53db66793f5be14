import Foundation

/// Someone without write access has more open pull requests in the repository than the project reviews at a time
/// (`caps.open_prs_per_non_writer`). Needs the author's record (the server's; `levee check` has none and stays
/// silent).
public struct OpenPRCapRule: PolicyRule {
    public static let id = "open_pr_cap"
    public static let key = PolicyField.openPRsPerNonWriter.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, let cap = input.policy.caps.openPRsPerNonWriter, let open = input.author?.openPullRequests,
            open > cap, input.contribution.author?.hasWriteAccess != true
        else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "You have \(open) open pull requests here; the project reviews at most \(cap) per contributor at a time.",
                ["\(open) open pull requests, cap \(cap)"])
        ]
    }

    static func capped(_ policy: inout Policy) { policy.caps.openPRsPerNonWriter = 2 }

    public static let triggeringExamples = [
        PolicyExample(
            "a third open pull request", Example.pull(body: "Fixes #12."),
            author: AuthorRecord(openPullRequests: 3), policy: capped)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "at the cap", Example.pull(body: "Fixes #12."), author: AuthorRecord(openPullRequests: 2),
            policy: capped),
        PolicyExample("the count unknown", Example.pull(body: "Fixes #12."), policy: capped),
    ]
}
