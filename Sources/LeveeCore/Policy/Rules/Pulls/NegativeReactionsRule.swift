import Foundation

/// More 👎 and 😕 reactions on the pull request than the project tolerates (`pulls.max_negative_reactions`,
/// anti-slop's `max-negative-reactions`): the community has already said what it thinks. Read from the reactions
/// GitHub reports on the item (`reactions` in an issue payload or a bundle); silent when they are not at hand.
public struct NegativeReactionsRule: SingleKeyPullCheck {
    public static let id = "negative_reactions"
    public static let setting = RuleSetting("pulls.max_negative_reactions", .count(1...100_000))
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.count(setting).map { ["A pull request with more than \($0) 👎 or 😕 reactions waits for a maintainer."] }
            ?? []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, let limit = input.policy.count(Self.setting),
            let count = input.contribution.negativeReactions, count > limit
        else { return [] }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "This pull request has \(count) 👎 or 😕 reactions; a maintainer will read the discussion before "
                    + "going further.", ["\(count) negative reactions, limit \(limit)"])
        ]
    }

    static func pull(reactions: Int?) -> Contribution {
        var c = Example.pull(body: "Fixes #12.", association: "NONE")
        c.negativeReactions = reactions
        return c
    }
    static func capped(_ policy: inout Policy) { policy.settings[setting.key] = .count(2) }

    public static let triggeringExamples = [PolicyExample("three thumbs down", pull(reactions: 3), policy: capped)]
    public static let nonTriggeringExamples = [
        PolicyExample("within the limit", pull(reactions: 2), policy: capped),
        PolicyExample("reactions not at hand", pull(reactions: nil), policy: capped),
    ]
}
