import Foundation

/// The pull request's commits break what the project asks of them: a message longer than
/// `pulls.max_commit_message_length` characters, a commit authored by someone other than the pull request's author
/// (`pulls.commit_author_match`) — another account, or a name and address with no GitHub account behind it, as an AI
/// tool commits (`Claude <noreply@anthropic.com>`) —, or one by an author the project blocks
/// (`pulls.blocked_commit_authors`: logins, git names or addresses). anti-slop's `max-commit-message-length`,
/// `require-commit-author-match` and `blocked-commit-authors`. Needs the commit list (the server and bundles carry it).
public struct CommitRule: PullCheck {
    public static let id = "commit_not_accepted"
    public static let maxLength = RuleSetting("pulls.max_commit_message_length", .count(1...1_000_000))
    public static let authorMatch = RuleSetting("pulls.commit_author_match", .flag)
    public static let blockedAuthors = RuleSetting("pulls.blocked_commit_authors", .words)
    public static let ids = [id]
    public static let settings = [maxLength, authorMatch, blockedAuthors]
    public static let keys = settings.map(\.key)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        var lines: [String] = []
        if let n = policy.count(maxLength) { lines.append("Commit messages are at most \(n) characters.") }
        if policy.flag(authorMatch) == true {
            lines.append("Every commit is authored by the person who opens the pull request.")
        }
        if let a = policy.words(blockedAuthors), !a.isEmpty {
            lines.append("Commits by \(PullChecks.list(a)) are not accepted.")
        }
        return lines
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let c = input.contribution
        guard input.isPull, !c.commits.isEmpty else { return [] }
        var found: [PolicyViolation] = []
        if let limit = input.policy.count(Self.maxLength) {
            let long = c.commits.filter { $0.message.count > limit }
            if !long.isEmpty {
                found.append(
                    input.violation(
                        Self.id, Self.maxLength.key,
                        "The project keeps commit messages to \(limit) characters; please shorten "
                            + (long.count == 1 ? "this one." : "these \(long.count)."),
                        long.map { "\(PullChecks.short($0)): \($0.message.count) characters" }))
            }
        }
        if input.policy.flag(Self.authorMatch) == true, let author = c.author?.login.lowercasedFast {
            let others = c.commits.filter { $0.authorLogin?.lowercasedFast != author }
            if !others.isEmpty {
                var seen = Set<String>()
                let names = others.map(PullChecks.author).filter { seen.insert($0).inserted }
                found.append(
                    input.violation(
                        Self.id, Self.authorMatch.key,
                        "The project asks that every commit be authored by the person opening the pull request; "
                            + "please say whose work the other commits are, or commit it as yourself.",
                        names.map { "commit by \($0), not @\(c.author?.login ?? "")" }))
            }
        }
        if let blocked = input.policy.words(Self.blockedAuthors), !blocked.isEmpty {
            let lowered = Set(blocked.map { $0.lowercasedFast })
            let hits = c.commits.filter { commit in
                [commit.authorLogin, commit.authorName, commit.authorEmail].contains {
                    $0.map { lowered.contains($0.lowercasedFast) } ?? false
                }
            }
            if !hits.isEmpty {
                found.append(
                    input.violation(
                        Self.id, Self.blockedAuthors.key,
                        "The project does not take commits by this author.",
                        hits.map { "\(PullChecks.short($0)) by \(PullChecks.author(of: $0))" }))
            }
        }
        return found
    }

    static let byClaude = Commit(
        sha: "c1a0de5", message: "Refactor parser", authorName: "Claude", authorEmail: "noreply@anthropic.com")
    static let byAuthor = Commit(sha: "ab12cd3", message: "Fix quote handling", authorLogin: "octo-dev")

    public static let triggeringExamples = [
        PolicyExample(
            "a commit by an AI tool with no GitHub account",
            Example.pull(commits: [byAuthor, byClaude]), policy: { $0.settings[authorMatch.key] = .flag(true) }),
        PolicyExample(
            "a 600-character commit message",
            Example.pull(commits: [Example.commit(String(repeating: "Improve parser robustness. ", count: 23))]),
            policy: { $0.settings[maxLength.key] = .count(500) }),
        PolicyExample(
            "a blocked commit author by address",
            Example.pull(commits: [byClaude]),
            policy: { $0.settings[blockedAuthors.key] = .words(["noreply@anthropic.com"]) }),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "the author's own short commits",
            Example.pull(commits: [byAuthor]),
            policy: {
                $0.settings[authorMatch.key] = .flag(true)
                $0.settings[maxLength.key] = .count(500)
                $0.settings[blockedAuthors.key] = .words(["spam-bot"])
            }),
        PolicyExample("not asked for", Example.pull(commits: [byClaude])),
    ]
}
