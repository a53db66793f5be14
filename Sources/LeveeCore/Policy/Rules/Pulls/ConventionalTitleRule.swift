import Foundation

/// The title does not follow Conventional Commits (`type: subject`, `type(scope): subject`, `type!: subject`) while
/// the project asks for it (`pulls.conventional_title`, anti-slop's `require-conventional-title`). Any type word is
/// accepted, as anti-slop accepts any.
public struct ConventionalTitleRule: SingleKeyPullCheck {
    public static let id = "unconventional_title"
    public static let setting = RuleSetting("pulls.conventional_title", .flag)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.flag(setting) == true
            ? ["Pull-request titles follow Conventional Commits (`fix: …`, `feat(scope): …`)."] : []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let title = input.contribution.title
        guard input.isPull, input.policy.flag(Self.setting) == true, !PullChecks.isConventional(title) else {
            return []
        }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "The project writes pull-request titles as Conventional Commits (`fix: …`, `feat(parser): …`); "
                    + "please retitle this one.", ["title: “\(TextStats.quote(title, limit: 80))”"])
        ]
    }

    static func on(_ policy: inout Policy) { policy.settings[setting.key] = .flag(true) }

    public static let triggeringExamples = [
        PolicyExample("a plain title", Example.pull(title: "Fixed the parser crash"), policy: on),
        PolicyExample("a type without the space", Example.pull(title: "fix:parser crash"), policy: on),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("type and scope", Example.pull(title: "fix(parser): stop at the closing quote"), policy: on),
        PolicyExample("a breaking change", Example.pull(title: "feat!: drop Python 3.8"), policy: on),
        PolicyExample("not asked for", Example.pull(title: "Fixed the parser crash")),
    ]
}
