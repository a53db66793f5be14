import Foundation

/// What the author of a pull request or issue answered after Levee or a maintainer asked them something (the sticky
/// comment at `needs_author`, a maintainer's question, the awaiting-author or close-by-default lifecycle): evidence of
/// engagement (`Engagement`). The server keeps the latest few per item; a bundle carries them as `author_replies`:
/// `[{"body": "...", "created_at": "2026-08-04T10:00:00Z"}]`, oldest first.
public struct AuthorReply: Sendable, Hashable, Codable {
    public var body: String
    public var at: Date?

    public init(body: String, at: Date? = nil) {
        self.body = body
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case body
        case at = "created_at"
    }

    /// `author_replies` from a bundle: a list of objects with a `body`; anything else is an error naming the entry.
    static func read(_ json: JSONValue?, source: String) throws -> [AuthorReply] {
        guard let json, json != .null else { return [] }
        guard let list = json.array else {
            throw ContributionError(source: source, reason: "author_replies: expected a list, got \(json.typeName)")
        }
        return try list.enumerated().map { index, entry in
            guard let body = entry["body"]?.string else {
                throw ContributionError(source: source, reason: "author_replies[\(index)]: no `body` string")
            }
            return AuthorReply(body: body, at: TextStats.date(entry["created_at"]?.string))
        }
    }
}

/// How the author answered when asked, read from their latest reply. An answer in their own words that names what the
/// change touches (a file, an identifier of the diff, the subject) is engagement: the question is answered.
/// A reply with the marks of generated text — the stock apology and praise of assistants ("You're absolutely right!",
/// "I apologize for the confusion"), a bulleted restatement of the change — is not, and is shown as such. Pure and
/// plain rules; silence is the lifecycle's business, not this.
public enum Engagement {
    public struct Reading: Sendable, Hashable {
        /// The words of the change the reply names, when it is an answer in the author's own words.
        public var refersTo: [String]
        /// The marks of generated text found, quoted.
        public var generatedMarks: [String]
        public var answered: Bool { !refersTo.isEmpty && generatedMarks.isEmpty }
    }

    /// The least words an answer has.
    public static let minimumWords = 12

    /// The latest reply of the contribution's author, read; nil when there is none.
    public static func latest(_ c: Contribution) -> Reading? {
        guard c.kind.isItem, let reply = c.authorReplies.last else { return nil }
        return read(reply.body, for: c)
    }

    public static func read(_ reply: String, for c: Contribution) -> Reading {
        let lowered = reply.lowercasedFast
        var marks = stockPhrases.filter { lowered.contains($0) }.map { "“\($0)”" }
        let lines = reply.split(separator: "\n").map { $0.drop { $0 == " " || $0 == "\t" } }
        let bullets = lines.filter { $0.hasPrefix("- ") || $0.hasPrefix("* ") || $0.hasPrefix("• ") || isNumbered($0) }
        if bullets.count >= 3, !marks.isEmpty || bullets.count * 2 >= lines.count {
            marks.append("a bulleted restatement (\(bullets.count) points)")
        }
        let words = ExplanationCheck.words(reply)
        var refersTo: [String] = []
        if marks.isEmpty, words.count >= minimumWords,
            ExplanationCheck.copiedShare(reply: words, source: ExplanationCheck.words(c.body)) < 0.5
        {
            let said = Set(tokens(reply))
            refersTo = changeWords(c).filter { said.contains($0) }
            if c.files.isEmpty, refersTo.count < 2 { refersTo = [] }  // the title's words alone need two
        }
        return Reading(refersTo: Array(refersTo.prefix(4)), generatedMarks: marks)
    }

    /// What the change is about, as words a reply may name: the changed files' names and stems, the identifiers on
    /// the diff's lines and around them (the hunk's context and enclosing function), and — with no files known — the title's longer words.
    static func changeWords(_ c: Contribution) -> [String] {
        var words: [String] = []
        var seen = Set<String>()
        func add(_ word: String) {
            let word = word.lowercasedFast
            guard word.count >= 4, !common.contains(word), seen.insert(word).inserted else { return }
            words.append(word)
        }
        for file in c.files {
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            for part in tokens(name) { add(part) }
            for hunk in file.hunks.prefix(20) {
                for line in [hunk.section] + hunk.lines.prefix(60).map(\.text) {
                    for token in line.split(whereSeparator: isSeparator)
                    where token.contains("_") || token.dropFirst().contains(where: \.isUppercase) {
                        add(String(token))
                    }
                }
            }
        }
        if c.files.isEmpty {
            for word in tokens(c.title) where word.count >= 5 { add(word) }
        }
        return words
    }

    /// Words and identifiers, lowercased: `parse_document` stays one token.
    static func tokens(_ text: String) -> [String] {
        text.split(whereSeparator: isSeparator).map { String($0).lowercasedFast }
    }

    static func isSeparator(_ c: Character) -> Bool { !c.isLetter && !c.isNumber && c != "_" }

    static func isNumbered(_ line: Substring) -> Bool {
        guard let dot = line.firstIndex(of: "."), dot > line.startIndex, line[..<dot].allSatisfy(\.isNumber) else {
            return false
        }
        return line[line.index(after: dot)...].hasPrefix(" ")
    }

    /// What assistants write when told they were wrong, and people rarely do.
    static let stockPhrases = [
        "you're absolutely right", "you are absolutely right", "you’re absolutely right", "i apologize for",
        "apologies for the confusion", "sorry for the confusion", "great catch", "great question",
        "thank you for your feedback", "thank you for pointing", "thanks for pointing that out!",
        "i hope this helps", "i have updated the", "i've updated the", "let me know if you'd like",
        "let me know if you need", "here's a summary", "here is a summary", "certainly!", "as an ai",
    ]

    /// Words too common to show that a reply is about this change.
    static let common: Set<String> = [
        "test", "tests", "main", "index", "init", "readme", "file", "this", "that", "with", "from", "have", "self",
        "none", "true", "false", "null", "return", "value", "data", "config", "utils", "update", "fixes", "added",
        "python", "swift", "json", "yaml", "html", "java",
    ]
}
