import Foundation

/// A pull request from someone without write access that changes more lines than the project reviews in one piece
/// (`caps.max_changed_lines_per_non_writer`): the 13,000-line pull request nobody asked for. Changed lines are
/// additions plus deletions, from the file list or, without one, from GitHub's own count. Off unless the policy sets a
/// number; writers are never capped.
public struct LargeChangeRule: PolicyRule {
    public static let id = "change_too_large"
    public static let setting = RuleSetting("caps.max_changed_lines_per_non_writer", .count(1...10_000_000))
    public static let ids = [id]
    public static let keys = [setting.key]
    public static let settings = [setting]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let c = input.contribution
        guard input.isPull, let limit = input.policy.count(Self.setting), c.author?.hasWriteAccess != true else {
            return []
        }
        let changed =
            c.files.isEmpty
            ? (c.reportedAdditions ?? 0) + (c.reportedDeletions ?? 0)
            : c.files.reduce(0) { $0 + $1.additions + $1.deletions }
        guard changed > limit else { return [] }
        let files = c.files.isEmpty ? c.reportedChangedFiles : c.files.count
        return [
            input.violation(
                Self.id, Self.setting.key,
                "This pull request changes \(changed) lines; the project reviews at most \(limit) in one pull request "
                    + "from a contributor without write access. Please split it, or open an issue to agree on the plan "
                    + "first.",
                ["\(changed) changed lines" + (files.map { " in \($0) files" } ?? "") + ", limit \(limit)"])
        ]
    }

    static func limited(_ policy: inout Policy) { policy.settings[setting.key] = .count(500) }

    public static let triggeringExamples = [
        PolicyExample(
            "a newcomer's 900-line rewrite",
            Example.pull(
                body: "Refactored the parser.", association: "FIRST_TIME_CONTRIBUTOR",
                files: [Example.file("lib/parse.c", added: 700, removed: 200)]), policy: limited),
        PolicyExample(
            "GitHub's count when the file list is missing",
            {
                var c = Example.pull(body: "Big cleanup.", association: "NONE")
                c.reportedAdditions = 12_800
                c.reportedDeletions = 200
                return c
            }(), policy: limited),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "within the limit",
            Example.pull(body: "Fixes #12.", files: [Example.file("lib/parse.c", added: 300, removed: 200)]),
            policy: limited),
        PolicyExample(
            "a maintainer's large change",
            Example.pull(
                body: "Vendored the new release.", association: "MEMBER",
                files: [Example.file("vendor/zlib.c", added: 9000)]), policy: limited),
        PolicyExample(
            "no limit set", Example.pull(body: "Rewrote it.", files: [Example.file("lib/parse.c", added: 9000)])),
    ]
}
