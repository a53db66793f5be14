import Foundation

/// A CODEOWNERS file as GitHub reads it: `pattern owner…` a line, `#` comments. Owners are `@user`, `@org/team` or
/// an e-mail address; only `@user` names a login Levee can vouch for without asking the organisation's API.
public struct CodeOwners: Sendable, Hashable {
    /// GitHub's places for the file, in the order it looks.
    public static let paths = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

    /// Every `@user` named, in the order of first appearance, once each (without regard to case).
    public var users: [String]
    /// Every `@org/team` named: listed, not expanded.
    public var teams: [String]

    public init(parsing text: String) {
        var users: [String] = []
        var teams: [String] = []
        var seen = Set<String>()
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for owner in line.split(whereSeparator: \.isWhitespace).dropFirst() where owner.hasPrefix("@") {
                let name = String(owner.dropFirst())
                guard seen.insert(name.lowercased()).inserted else { continue }
                if name.contains("/") {
                    teams.append(name)
                } else if VouchFile.Handle(parsing: name) != nil {
                    users.append(name)
                }
            }
        }
        self.users = users
        self.teams = teams
    }
}
