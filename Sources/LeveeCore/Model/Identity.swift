import Foundation

/// A GitHub login. GitHub treats logins without regard to case (`Alice` and `alice` are one account), so two logins
/// are equal when they are equal ignoring case; the text keeps the spelling it came with, for display.
public struct Login: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    public init(_ text: some StringProtocol) { self.text = String(text) }
    public init(stringLiteral value: String) { text = value }

    /// The form logins are compared and stored by.
    public var key: String { text.lowercasedFast }
    public var description: String { text }

    public static func == (a: Login, b: Login) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// Whether a list of logins (a policy's, CODEOWNERS', an exemption list) names this one.
    public func isListed(in logins: some Sequence<String>) -> Bool { logins.contains { Login($0) == self } }
}

/// GitHub's `author_association` of a person with the repository.
public enum AuthorAssociation: String, Sendable, Hashable, Codable, CaseIterable {
    case owner = "OWNER"
    case member = "MEMBER"
    case collaborator = "COLLABORATOR"
    /// Has had a contribution merged before.
    case contributor = "CONTRIBUTOR"
    /// Opening a first contribution to this repository.
    case firstTimeContributor = "FIRST_TIME_CONTRIBUTOR"
    /// Opening a first contribution on GitHub.
    case firstTimer = "FIRST_TIMER"
    /// A placeholder account of an import.
    case mannequin = "MANNEQUIN"
    case none = "NONE"

    /// GitHub's value in any case; nil for a value GitHub does not send.
    public init?(github: String?) {
        guard let github, let value = Self(rawValue: github.uppercased()) else { return nil }
        self = value
    }

    /// Owners, members and collaborators: the people with write access.
    public var hasWriteAccess: Bool { self == .owner || self == .member || self == .collaborator }
    /// Writers and earlier contributors: the people the credit-farming and first-timer checks leave alone.
    public var isEstablished: Bool { hasWriteAccess || self == .contributor }
    /// New to the repository: no contribution merged here yet.
    public var isNewcomer: Bool { self == .firstTimeContributor || self == .firstTimer || self == .none }
}

/// GitHub's account `type`.
public enum AccountType: String, Sendable, Hashable, Codable, CaseIterable {
    case user = "User"
    case bot = "Bot"
    case organization = "Organization"

    /// GitHub's value in any case; nil for a value GitHub does not send.
    public init?(github: String?) {
        guard let github else { return nil }
        guard let value = Self.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(github) == .orderedSame })
        else { return nil }
        self = value
    }
}
