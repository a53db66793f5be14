import Foundation

/// Flags a pull request whose title GitHub wrote, not its author: the web editor's commit messages ("Update
/// README.md", "Create foo.py", "Delete bar.txt", "Update and rename a.md to b.md"), the upload page's "Add files via
/// upload", a branch merged into itself ("Merge pull request #1 from fork/branch", "Merge branch 'main' of …"), or the
/// head branch's name ("Octocat patch 1" from `octocat-patch-1`); or a head branch that is the fork's own default
/// branch. These are how accidental pull requests and edits made in the browser arrive: nobody described the change.
/// Evidence, never a verdict on its own — a maintainer's quick fix in the web editor has the same title, so people
/// with write access are left alone.
public struct DefaultTitleSignal: Signal {
    public static let id = "default_title"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds): never shipped as points, set as if it had been.
    public static let priorPoints: Double = 3
    /// Behaviour: GitHub wrote the title (the web editor, the upload page), so it tells how the change was made.
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, c.author?.hasWriteAccess != true else { return nil }
        var evidence: [String] = []
        var strength = 0.0
        if let (what, weight) = Self.defaultTitle(c.title) {
            evidence.append("the title “\(TextStats.quote(c.title))” is \(what)")
            strength = weight
        }
        if let head = c.headRef?.lowercasedFast, ["main", "master"].contains(head) {
            evidence.append("the head branch is `\(head)`, the fork's own default branch")
            strength = max(strength, 0.5)
        }
        guard !evidence.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: strength, evidence: evidence,
            message: "The title is one GitHub writes by itself (an edit in the web editor, an upload or a branch "
                + "merge); please say in the title and description what this changes and why.")
    }

    /// What wrote the title and how sure that is, or nil for a title a person wrote.
    static func defaultTitle(_ raw: String) -> (String, Double)? {
        let title = raw.trimmed
        let words = title.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first?.lowercasedFast else { return nil }
        if title.lowercasedFast == "add files via upload" { return ("the upload page's default", 1) }
        if first == "merge", words.count >= 3 {
            let second = words[1].lowercasedFast
            if second == "pull", words.count >= 6, words[2].lowercasedFast == "request", words[3].hasPrefix("#"),
                words[4].lowercasedFast == "from"
            {
                return ("GitHub's message for merging a pull request: a fork's history opened as a new one", 1)
            }
            if second == "branch", words[2].hasPrefix("'") || words[2].hasPrefix("\"") {
                return ("git's message for merging a branch: a fork's history opened as a pull request", 1)
            }
            if second == "remote-tracking" { return ("git's message for merging a remote-tracking branch", 1) }
        }
        if ["update", "create", "delete"].contains(first), words.count == 2 {
            let name = words[1]
            let verb = ["update": "editing", "create": "creating", "delete": "deleting"][first] ?? first
            if isFileName(name) { return ("the web editor's default for \(verb) `\(name)`", 1) }
            if first == "create" { return ("the web editor's default for creating `\(name)`", 0.6) }
        }
        if first == "rename" || (first == "update" && words.count > 3 && words[1] == "and" && words[2] == "rename") {
            let rest = Array(words.drop(while: { $0.lowercasedFast != "rename" }).dropFirst())
            if rest.count == 3, rest[1] == "to", isFileName(rest[0]), isFileName(rest[2]) {
                return ("the web editor's default for renaming `\(rest[0])`", 1)
            }
        }
        // `octocat-patch-1` becomes "Octocat patch 1" when a branch of several commits is opened from the web.
        if words.count >= 2, words[words.count - 2].lowercasedFast == "patch",
            let last = words.last, last.allSatisfy({ $0.isASCII && $0.isNumber }), words.count <= 4
        {
            return ("the name of a branch the web editor created (`…-patch-\(last)`)", 1)
        }
        return nil
    }

    /// A path or file name as the web editor writes it: with an extension, a directory, an underscore, or one of the
    /// files that have no extension by convention.
    static func isFileName(_ word: Substring) -> Bool {
        let lowered = word.lowercasedFast
        if conventionalNames.contains(lowered) { return true }
        guard !word.hasSuffix("."), word.count >= 3 else { return false }
        if word.contains("/") || word.contains("_") { return true }
        if let dot = word.lastIndex(of: "."), dot != word.startIndex {
            let ext = word[word.index(after: dot)...]
            return (1...8).contains(ext.count) && ext.allSatisfy { $0.isLetter || $0.isNumber }
        }
        return false
    }

    static let conventionalNames: Set<String> = [
        "readme", "license", "licence", "makefile", "dockerfile", "contributing", "codeowners", "authors",
        "changelog", "gemfile", "procfile", "notice", "copying", "contributors",
    ]

    public static let triggeringExamples = [
        SignalExample(
            "web-editor edit with no description", Example.pull(title: "Update README.md", association: "NONE")),
        SignalExample(
            "upload page", Example.pull(title: "Add files via upload", association: "FIRST_TIME_CONTRIBUTOR")),
        SignalExample(
            "a fork's merge opened upstream by mistake",
            Example.pull(title: "Merge pull request #1 from octocat/main", association: "NONE", headRef: "main")),
        SignalExample(
            "git merge of a fork's branch",
            Example.pull(title: "Merge branch 'master' of https://github.com/octocat/hello")),
        SignalExample("rename in the web editor", Example.pull(title: "Update and rename README.md to docs/README.md")),
        SignalExample("branch name as title", Example.pull(title: "Octocat patch 3", headRef: "octocat-patch-3")),
        SignalExample("new file in the browser", Example.pull(title: "Create fibonacci.py")),
        SignalExample(
            "fork's default branch as head", Example.pull(title: "Fix the parser on empty input", headRef: "master")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("a described change", Example.pull(title: "Update README.md install steps for Debian 12")),
        SignalExample("a rename of a type", Example.pull(title: "Rename MutedTopic to UserTopic")),
        SignalExample("a word, not a file", Example.pull(title: "Update dependencies")),
        SignalExample(
            "a maintainer's quick edit", Example.pull(title: "Update README.md", association: "MEMBER")),
        SignalExample("a topic branch", Example.pull(title: "Fix the parser on empty input", headRef: "fix-parser")),
    ]
}
