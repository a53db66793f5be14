import Foundation

/// Builders for the signals' examples: contributions shaped like real ones, written briefly.
enum Example {
    static func pull(
        title: String = "Fix connection reuse after a 401", body: String = "", login: String = "octo-dev",
        association: String = "CONTRIBUTOR", files: [ChangedFile] = [], commits: [Commit] = [],
        headRef: String? = nil, createdAt: Date? = nil, linkedIssues: [LinkedIssue] = [], labels: [String] = []
    ) -> Contribution {
        var c = Contribution(
            kind: .pullRequest, number: 42, title: title, body: body,
            author: Person(login: login, type: login.hasSuffix("[bot]") ? "Bot" : "User", association: association),
            createdAt: createdAt, headRef: headRef, commits: commits, files: files, linkedIssues: linkedIssues)
        c.labels = labels
        return c
    }

    /// A commit with this message (its subject and trailers).
    static func commit(_ message: String) -> Commit { Commit(sha: "ab12cd34ef", message: message) }

    /// A pull request whose description ends in Claude Code's footer: an agent's signature.
    static let claudeFooter = "Fixes #12.\n\n🤖 Generated with [Claude Code](https://claude.ai/code)"

    static func file(_ path: String, added: Int, removed: Int = 0, status: ChangedFile.Status = .modified)
        -> ChangedFile
    {
        ChangedFile(path: path, status: status, additions: added, deletions: removed)
    }

    /// A file whose hunks come from a unified diff body (the lines after the `@@` header).
    static func patched(_ path: String, _ patch: String) -> ChangedFile {
        let diff = UnifiedDiff.parse("--- a/\(path)\n+++ b/\(path)\n" + patch)
        var file = diff.files.first?.changedFile ?? ChangedFile(path: path)
        file.path = path
        return file
    }

    static func words(_ count: Int) -> String {
        let vocabulary = ["the", "change", "updates", "parser", "so", "that", "it", "handles", "input", "correctly"]
        return (0..<count).map { vocabulary[$0 % vocabulary.count] }.joined(separator: " ")
    }

    static func report(_ text: String) -> Contribution { SecurityReportReader.read(text) }

    static let now = Date(timeIntervalSince1970: 1_750_000_000)
}
