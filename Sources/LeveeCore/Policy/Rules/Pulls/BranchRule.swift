import Foundation

/// The pull request's target (base) or source (head) branch is outside what the project accepts
/// (`pulls.allowed_target_branches`, `pulls.blocked_target_branches`, `pulls.allowed_source_branches`,
/// `pulls.blocked_source_branches`; anti-slop's four branch lists). Patterns take `*` within a `/`-separated part and
/// `**` across parts; a branch both allowed and blocked is blocked. A fork's `main` as the source branch is the classic
/// case: the author pushed to their default branch instead of a branch of its own.
public struct BranchRule: PullCheck {
    public static let id = "branch_not_allowed"
    public static let allowedTarget = RuleSetting("pulls.allowed_target_branches", .words)
    public static let blockedTarget = RuleSetting("pulls.blocked_target_branches", .words)
    public static let allowedSource = RuleSetting("pulls.allowed_source_branches", .words)
    public static let blockedSource = RuleSetting("pulls.blocked_source_branches", .words)
    public static let ids = [id]
    public static let settings = [allowedTarget, blockedTarget, allowedSource, blockedSource]
    public static let keys = settings.map(\.key)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        var lines: [String] = []
        if let p = policy.words(allowedTarget), !p.isEmpty {
            lines.append("Pull requests target \(PullChecks.list(p)).")
        }
        if let p = policy.words(blockedTarget), !p.isEmpty {
            lines.append("Pull requests do not target \(PullChecks.list(p)).")
        }
        if let p = policy.words(allowedSource), !p.isEmpty {
            lines.append("Pull requests come from branches named \(PullChecks.list(p)).")
        }
        if let p = policy.words(blockedSource), !p.isEmpty {
            lines.append("Pull requests do not come from the branches \(PullChecks.list(p)); use a branch of its own.")
        }
        return lines
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull else { return [] }
        let c = input.contribution
        return [
            finding(input, side: "target", branch: c.baseRef, allowed: Self.allowedTarget, blocked: Self.blockedTarget),
            finding(input, side: "source", branch: c.headRef, allowed: Self.allowedSource, blocked: Self.blockedSource),
        ].compactMap { $0 }
    }

    func finding(
        _ input: PolicyInput, side: String, branch: String?, allowed: RuleSetting, blocked: RuleSetting
    ) -> PolicyViolation? {
        guard let branch else { return nil }
        if let pattern = input.policy.words(blocked)?.first(where: { PullChecks.glob($0, matches: branch) }) {
            return input.violation(
                Self.id, blocked.key,
                side == "source"
                    ? "This pull request comes from the branch `\(branch)`, which the project does not take pull requests "
                        + "from; please push the change to a branch of its own and open the pull request from there."
                    : "This pull request targets `\(branch)`, which the project does not take pull requests into.",
                ["\(side) branch `\(branch)` matches `\(pattern)`"])
        }
        if let patterns = input.policy.words(allowed), !patterns.isEmpty,
            !patterns.contains(where: { PullChecks.glob($0, matches: branch) })
        {
            return input.violation(
                Self.id, allowed.key,
                "This pull request's \(side) branch `\(branch)` is not one the project accepts ("
                    + patterns.map { "`\($0)`" }.joined(separator: ", ") + ").",
                ["\(side) branch `\(branch)` matches none of the allowed patterns"])
        }
        return nil
    }

    public static let triggeringExamples = [
        PolicyExample(
            "a pull request from the fork's main",
            Example.pull(body: "Fixes #12.", association: "NONE", headRef: "main"),
            policy: { $0.settings[blockedSource.key] = .words(["main", "master"]) }),
        PolicyExample(
            "a target outside the allowed release branches",
            {
                var c = Example.pull(body: "Fixes #12.", association: "NONE", headRef: "fix-parse")
                c.baseRef = "gh-pages"
                return c
            }(), policy: { $0.settings[allowedTarget.key] = .words(["main", "release/*"]) }),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "a feature branch into an allowed release branch",
            {
                var c = Example.pull(body: "Fixes #12.", association: "NONE", headRef: "fix/parse-crash")
                c.baseRef = "release/2.1"
                return c
            }(),
            policy: {
                $0.settings[allowedTarget.key] = .words(["main", "release/*"])
                $0.settings[blockedSource.key] = .words(["main", "master"])
            }),
        PolicyExample(
            "no branch lists set", Example.pull(body: "Fixes #12.", association: "NONE", headRef: "main")),
    ]
}
