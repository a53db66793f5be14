import Foundation

/// The pull request does not let maintainers push to its branch while the project asks for it
/// (`pulls.maintainer_can_modify`, anti-slop's `require-maintainer-can-modify`): maintainers cannot finish a change
/// they are asked to review. Read from `maintainer_can_modify` of the pull request; silent when the payload does not
/// say. A pull request from a branch of the repository itself comes from someone with write access, who is exempt.
public struct MaintainerAccessRule: SingleKeyPullCheck {
    public static let id = "maintainer_cannot_modify"
    public static let setting = RuleSetting("pulls.maintainer_can_modify", .flag)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.flag(setting) == true ? ["Pull requests allow edits by maintainers."] : []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.flag(Self.setting) == true,
            input.contribution.maintainerCanModify == false
        else { return [] }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "Please tick “Allow edits by maintainers” on this pull request, so that maintainers can push small "
                    + "fixes to it instead of asking you for each one.", ["maintainer_can_modify: false"])
        ]
    }

    static func on(_ policy: inout Policy) { policy.settings[setting.key] = .flag(true) }
    static func pull(canModify: Bool?) -> Contribution {
        var c = Example.pull(body: "Fixes #12.", association: "NONE")
        c.maintainerCanModify = canModify
        return c
    }

    public static let triggeringExamples = [
        PolicyExample("edits by maintainers turned off", pull(canModify: false), policy: on)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("edits allowed", pull(canModify: true), policy: on),
        PolicyExample("the payload does not say", pull(canModify: nil), policy: on),
        PolicyExample("not asked for", pull(canModify: false)),
    ]
}
