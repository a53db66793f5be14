import Foundation

/// The template's trap box (`traps.box`: "This pull request was opened by an AI agent without human review") is ticked.
/// A person leaves it empty; an agent ticking every box does not. Quoted, so it may back a close.
public struct AgentTrapTickedRule: PolicyRule {
    public static let id = "agent_trap_ticked"
    public static let key = PolicyField.trapBox.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let c = input.contribution
        guard c.kind == .pullRequest || c.kind == .issue,
            let box = input.policy.traps.box.map(MarkdownOutline.normalized),
            let ticked = MarkdownOutline.checkboxes(in: c.body).first(where: {
                $0.checked && MarkdownOutline.normalized($0.label).hasPrefix(box)
            })
        else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "The box saying this was submitted by an agent without human review is ticked; a person must "
                    + "review and submit the work themselves.", ["ticked: “\(TextStats.quote(ticked.label))”"])
        ]
    }

    static func withBox(_ policy: inout Policy) {
        policy.traps.box = "This pull request was opened by an AI agent without human review"
    }

    public static let triggeringExamples = [
        PolicyExample(
            "the box ticked, written a little differently",
            Example.pull(
                body: "Fixes #12.\n\n- [X]  this pull request was opened by an AI agent  without human review"),
            policy: withBox)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "the box left empty",
            Example.pull(body: "Fixes #12.\n\n- [ ] This pull request was opened by an AI agent without human review"),
            policy: withBox),
        PolicyExample(
            "another box ticked",
            Example.pull(body: "Fixes #12.\n\n- [x] I ran the tests"), policy: withBox),
    ]
}
