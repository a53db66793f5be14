import Foundation

/// A box of the pull request's checklist is left unticked while the policy asks for every one
/// (`template.every_box_ticked`, no-autopilot's "unchecked items in the PR checklist"): each box is an attestation the
/// author signs. The trap box (`traps.box`) is the one a person leaves empty and is never counted; boxes in hidden
/// comments are not boxes.
public struct UntickedBoxRule: PolicyRule {
    public static let id = "unticked_box"
    public static let key = PolicyField.everyBoxTicked.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.template.everyBoxTicked else { return [] }
        let trap = input.policy.traps.box.map(MarkdownOutline.normalized)
        let unticked = MarkdownOutline.checkboxes(in: input.contribution.body).filter { box in
            !box.checked && trap.map { !MarkdownOutline.normalized(box.label).hasPrefix($0) } ?? true
        }
        guard !unticked.isEmpty else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "Each box of the checklist is something you confirm; please tick the ones that are true and say in "
                    + "the description why any other does not apply.",
                unticked.map { "unticked: “\(TextStats.quote($0.label, limit: 80))”" })
        ]
    }

    static func requiring(_ policy: inout Policy) { policy.template.everyBoxTicked = true }
    static func requiringWithTrap(_ policy: inout Policy) {
        policy.template.everyBoxTicked = true
        policy.traps.box = "I did not answer truthfully"
    }

    public static let triggeringExamples = [
        PolicyExample(
            "one attestation left empty",
            Example.pull(body: "Fixes #12.\n\n- [x] I ran the tests\n- [ ] I read CONTRIBUTING.md\n"),
            policy: requiring)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "every box ticked, the trap box left empty as a person leaves it",
            Example.pull(
                body:
                    "Fixes #12.\n\n- [x] I ran the tests\n- [X] I read CONTRIBUTING.md\n- [ ] I did not answer truthfully\n"
            ),
            policy: requiringWithTrap),
        PolicyExample(
            "the policy does not ask for it",
            Example.pull(body: "Fixes #12.\n\n- [ ] I read CONTRIBUTING.md\n")),
        PolicyExample(
            "a box in a hidden comment",
            Example.pull(body: "Fixes #12.\n\n<!-- - [ ] I read CONTRIBUTING.md -->\n- [x] I ran the tests\n"),
            policy: requiring),
    ]
}
