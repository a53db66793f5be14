import Foundation

/// Flags a pull request whose change and linked issue are about different things: the words of the issue (its title
/// and description) and the words of the change (the changed paths, the identifiers on and around the diff's lines)
/// share nothing, not even a stem. "The fix doesn't match the issue" is what gave generated pull requests away to the
/// maintainers who closed them. Substance: checked against the linked issue and the diff, which the server fetches
/// (a bundle's `linked_issues` with `title` and `body`, and `files` with patches). It needs enough words on both sides
/// to say so — a short issue or a patchless change is left alone — and it weighs moderately: an issue written in a
/// user's words ("it crashes when I save") and a fix in code's (`flush_buffer`) can share nothing honestly, so it
/// orders the queue and adds to the score, and never asks or acts by itself.
public struct ChangeMissesIssueSignal: Signal {
    public static let id = "change_misses_issue"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`): no labelled set carries issues.
    public static let priorPoints: Double = 3
    /// Substance: the change checked against the issue it says it fixes.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    /// The least distinct word stems each side needs before their sharing nothing says anything.
    public static let minimumStems = 6

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, c.files.contains(where: { !$0.hunks.isEmpty }) else { return nil }
        let issues = c.linkedIssues.filter { $0.title != nil }
        guard !issues.isEmpty else { return nil }
        let change = Self.changeStems(c)
        guard change.count >= Self.minimumStems else { return nil }
        var evidence: [String] = []
        for issue in issues {
            let text = (issue.title ?? "") + "\n" + String((issue.body ?? "").prefix(4000))
            let words = Self.stems(Self.words(in: text[...]))
            // Each issue must miss: a change that matches any of them is about it.
            guard words.count >= Self.minimumStems, words.isDisjoint(with: change) else { return nil }
            evidence.append(
                "#\(issue.number) “\(TextStats.quote(issue.title ?? "", limit: 60))” shares no word with the change")
        }
        let touched = c.files.prefix(3).map { "`\($0.path)`" }.joined(separator: ", ")
        evidence.append("the change touches \(touched)\(c.files.count > 3 ? " and \(c.files.count - 3) more" : "")")
        return SignalHit(
            id: Self.id, strength: 0.6, evidence: evidence,
            message: "The linked issue and the change seem to be about different things; a maintainer may want to "
                + "check that this change fixes what the issue describes.")
    }

    /// The stems of what the change touches: its paths and the identifiers on and around its lines.
    static func changeStems(_ c: Contribution) -> Set<String> {
        var found: [Substring] = []
        for file in c.files {
            found += words(in: file.path[...])
            for hunk in file.hunks.prefix(30) {
                found += words(in: hunk.section)
                for line in hunk.lines.prefix(200) { found += words(in: line.text) }
            }
        }
        return stems(found)
    }

    /// Words of a text, identifiers split at `_`, `-`, `.` and lower-to-upper case changes (`readConfig` → `read`,
    /// `Config`).
    static func words(in text: Substring) -> [Substring] {
        var out: [Substring] = []
        for token in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            var start = token.startIndex
            var previous: Character?
            for index in token.indices {
                let char = token[index]
                if let previous, previous.isLowercase, char.isUppercase {
                    out.append(token[start..<index])
                    start = index
                }
                previous = char
            }
            out.append(token[start...])
        }
        return out
    }

    /// The first five letters of each word of four or more letters that is not too common to say anything.
    static func stems(_ words: [Substring]) -> Set<String> {
        var stems = Set<String>()
        for word in words where word.count >= 4 && word.allSatisfy(\.isLetter) {
            let lower = word.lowercased()
            guard !common.contains(lower) else { continue }
            stems.insert(String(lower.prefix(5)))
        }
        return stems
    }

    /// English and programming words that say nothing about what a change or an issue is about.
    static let common: Set<String> = [
        "this", "that", "with", "from", "when", "what", "have", "would", "should", "could", "there", "their", "which",
        "about", "into", "some", "than", "then", "them", "they", "will", "your", "just", "like", "also", "only",
        "other", "more", "most", "does", "doesn", "been", "were", "being", "because", "after", "before", "while",
        "where", "here", "using", "used", "please", "thanks", "thank", "issue", "issues", "error", "errors",
        "expected", "actual", "behavior", "behaviour", "steps", "reproduce", "version", "describe", "description",
        "problem", "feature", "request", "work", "works", "working", "need", "needs", "make", "makes", "instead",
        "still", "these", "those", "each", "every", "very", "really", "think", "want", "wants", "know", "seems",
        "return", "self", "none", "true", "false", "null", "function", "class", "import", "string", "value", "values",
        "data", "file", "files", "test", "tests", "main", "type", "list", "name", "path", "line", "lines", "code",
        "default", "const", "static", "public", "private", "void", "else", "elif", "func", "struct", "http", "https",
        "github", "com", "www", "src", "lib", "index", "init", "args", "result", "results", "case",
    ]

    static func pull(issueTitle: String, issueBody: String, path: String, patch: String) -> Contribution {
        Example.pull(
            body: "Fixes #12.", files: [Example.patched(path, patch)],
            linkedIssues: [LinkedIssue(number: 12, title: issueTitle, body: issueBody)])
    }

    static let configIssue = (
        "Crash when the configuration file is empty",
        "Starting the daemon with an empty settings file crashes while loading the configuration: the loader "
            + "expects at least one section."
    )

    public static let triggeringExamples = [
        SignalExample(
            "a configuration crash answered by a change to the README's badges",
            pull(
                issueTitle: configIssue.0, issueBody: configIssue.1, path: "README.md",
                patch: "@@ -1,2 +1,2 @@\n # Widget\n-[![Build](https://ci.example/badge.svg)](https://ci.example)\n"
                    + "+[![Build Status](https://ci.example/badge.svg?branch=main)](https://ci.example/pipelines)\n"))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "the fix touches the configuration loader",
            pull(
                issueTitle: configIssue.0, issueBody: configIssue.1, path: "src/config/loader.py",
                patch: "@@ -10,2 +10,3 @@ def load_sections(text):\n     parsed = parse(text)\n"
                    + "+    if not parsed: return {}\n     return parsed.sections\n")),
        SignalExample(
            "a short issue says too little",
            pull(issueTitle: "Typo", issueBody: "", path: "README.md", patch: "@@ -1,1 +1,1 @@\n-teh\n+the\n")),
        SignalExample("no issue text known", Example.pull(body: "Fixes #12.", linkedIssues: [LinkedIssue(number: 12)])),
    ]
}
