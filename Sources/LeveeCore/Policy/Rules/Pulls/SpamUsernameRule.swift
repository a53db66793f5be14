import Foundation

/// The author's login has the shape of mass-made accounts while the project checks for it (`pulls.spam_usernames`,
/// anti-slop's `detect-spam-usernames`): all digits, four or more digits in a row, or an `ai` part (`-ai`, `ai-`).
/// Off by default and a weak test — `maria1987` and `openai-fan` are people too —, so the finding only asks; it says
/// what matched so a maintainer can wave it through.
public struct SpamUsernameRule: SingleKeyPullCheck {
    public static let id = "spam_username"
    public static let setting = RuleSetting("pulls.spam_usernames", .flag)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.flag(setting) == true ? ["Pull requests from logins shaped like mass-made accounts are read twice."] : []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.flag(Self.setting) == true, let login = input.contribution.author?.login,
            let why = Self.shape(of: login)
        else { return [] }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "The project looks twice at pull requests from accounts named like mass-made ones; a maintainer will "
                    + "read this one.", ["@\(login): \(why)"])
        ]
    }

    /// Why a login looks mass-made, or nil.
    static func shape(of login: String) -> String? {
        let name = login.lowercasedFast
        if !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isNumber }) { return "all digits" }
        var run = 0
        for character in name {
            run = character.isASCII && character.isNumber ? run + 1 : 0
            if run >= 4 { return "four or more digits in a row" }
        }
        if name.hasPrefix("ai-") || name.hasSuffix("-ai") || name.contains("-ai-") { return "an `ai` part" }
        return nil
    }

    static func on(_ policy: inout Policy) { policy.settings[setting.key] = .flag(true) }

    public static let triggeringExamples = [
        PolicyExample("four digits in a row", Example.pull(login: "nylyy0325", association: "NONE"), policy: on),
        PolicyExample("an ai part", Example.pull(login: "patch-ai-bot", association: "NONE"), policy: on),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("an ordinary login", Example.pull(login: "maria-k", association: "NONE"), policy: on),
        PolicyExample("ai inside a word", Example.pull(login: "aidan-m", association: "NONE"), policy: on),
        PolicyExample("not asked for", Example.pull(login: "12345678", association: "NONE")),
    ]
}
