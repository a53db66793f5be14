import Foundation

/// A pull request of any size that names no issue while the project asks every one to (`pulls.linked_issue`,
/// anti-slop's `require-linked-issue`): `#12`, `owner/repo#12`, `GH-12`, an issue link, or an issue GitHub links.
/// Levee's `no_linked_issue` signal weighs only changes of 50 lines or more; this is the project's own rule for all.
public struct IssueLinkRule: SingleKeyPullCheck {
    public static let id = "issue_link_missing"
    public static let setting = RuleSetting("pulls.linked_issue", .flag)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.flag(setting) == true ? ["Every pull request names the issue it addresses (`Fixes #123`)."] : []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let c = input.contribution
        guard input.isPull, input.policy.flag(Self.setting) == true, c.linkedIssues.isEmpty,
            NoLinkedIssueSignal.issueReferences(in: c.title + "\n" + c.body).isEmpty
        else { return [] }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "The project asks every pull request to name the issue it addresses (`Fixes #123`); please add it, or "
                    + "open an issue first.", ["no `#N`, `GH-N` or issue link in the title or description"])
        ]
    }

    static func on(_ policy: inout Policy) { policy.settings[setting.key] = .flag(true) }

    public static let triggeringExamples = [
        PolicyExample("a three-line fix naming no issue", Example.pull(body: "Stops at the closing quote."), policy: on)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("Fixes #12", Example.pull(body: "Fixes #12: stops at the closing quote."), policy: on),
        PolicyExample("not asked for", Example.pull(body: "Stops at the closing quote.")),
    ]
}
