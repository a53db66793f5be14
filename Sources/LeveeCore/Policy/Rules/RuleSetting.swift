import Foundation

/// A policy key a rule declares for itself (`caps.max_changed_lines_per_non_writer`). The loader accepts it in its
/// section and reads it with a located error for a bad value; the rule reads its value back from the policy
/// (`policy.count(setting)`). So a new key takes the rule's file and its line in `PolicyRules.all`, nothing else.
public struct RuleSetting: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `true` or `false`.
        case flag
        /// A whole number in a range; `null` leaves it unset.
        case count(ClosedRange<Int>)
        /// One word or a list of them.
        case words
        /// A list of whole numbers in a range (issue numbers).
        case numbers(ClosedRange<Int>)
    }

    /// The dotted key, its section first (`caps.max_changed_lines_per_non_writer`); a key without a dot is top-level.
    public let key: String
    public let kind: Kind

    public init(_ key: String, _ kind: Kind) {
        self.key = key
        self.kind = kind
    }

    /// Where the key is written: everything before its last dot (`caps`), or "" at the top level.
    public var section: String {
        guard let dot = key.lastIndex(of: ".") else { return "" }
        return String(key[..<dot])
    }

    /// The key's own name within its section (`max_changed_lines_per_non_writer`).
    public var name: String {
        guard let dot = key.lastIndex(of: ".") else { return key }
        return String(key[key.index(after: dot)...])
    }
}

/// A value of a rule's own setting, as the policy file gave it.
public enum RuleValue: Sendable, Hashable {
    case flag(Bool)
    case count(Int)
    case words([String])
    case numbers([Int])
}

extension Policy {
    /// A rule's flag; nil when the policy does not set it.
    public func flag(_ setting: RuleSetting) -> Bool? {
        if case .flag(let value) = settings[setting.key] { return value }
        return nil
    }

    /// A rule's count; nil when the policy does not set it.
    public func count(_ setting: RuleSetting) -> Int? {
        if case .count(let value) = settings[setting.key] { return value }
        return nil
    }

    /// A rule's numbers; nil when the policy does not set them.
    public func numbers(_ setting: RuleSetting) -> [Int]? {
        if case .numbers(let value) = settings[setting.key] { return value }
        return nil
    }

    /// A rule's words; nil when the policy does not set them.
    public func words(_ setting: RuleSetting) -> [String]? {
        if case .words(let value) = settings[setting.key] { return value }
        return nil
    }
}
