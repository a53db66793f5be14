import Foundation

/// The author's pull requests to this repository were mostly closed without merging, below the share the project sets
/// (`pulls.min_repo_merge_ratio`, a percentage; anti-slop's `min-repo-merge-ratio`). Behaviour in this project, read
/// from the author's track record here (merged against closed unmerged); an author with no closed pull request here —
/// every first-timer — is never judged by it. Needs the record the server reads for people without write access.
public struct RepositoryRecordRule: SingleKeyPullCheck {
    public static let id = "low_merge_ratio_here"
    public static let setting = RuleSetting("pulls.min_repo_merge_ratio", .count(1...100))
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.count(setting).map {
            [
                "An author most of whose pull requests here were closed unmerged (under \($0)% merged) waits for a maintainer."
            ]
        } ?? []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, let minimum = input.policy.count(Self.setting), let record = input.record else { return [] }
        let closed = record.merged + record.closedUnmerged
        guard closed > 0, record.merged * 100 < minimum * closed else { return [] }
        let percent = Int((Double(record.merged) * 100 / Double(closed)).rounded())
        return [
            input.violation(
                Self.id, Self.setting.key,
                "Most of your earlier pull requests here were closed without being merged; a maintainer will look at "
                    + "this one before it goes further.",
                ["\(record.merged) merged of \(closed) closed here (\(percent)%), the project asks for \(minimum)%"])
        ]
    }

    static func decision(merged: Int, closedUnmerged: Int) -> TierDecision {
        var decision = TierDecision(tier: .newcomer, reason: "no merged pull request here")
        decision.record = TrackRecord(merged: merged, closedUnmerged: closedUnmerged)
        return decision
    }
    static func half(_ policy: inout Policy) { policy.settings[setting.key] = .count(50) }

    public static let triggeringExamples = [
        PolicyExample(
            "one merged of six closed", Example.pull(body: "Fixes #12.", association: "NONE"),
            trust: decision(merged: 1, closedUnmerged: 5), policy: half)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "a first-timer, nothing closed yet", Example.pull(body: "Fixes #12.", association: "NONE"),
            trust: decision(merged: 0, closedUnmerged: 0), policy: half),
        PolicyExample(
            "three merged of four", Example.pull(body: "Fixes #12."), trust: decision(merged: 3, closedUnmerged: 1),
            policy: half),
    ]
}
