import Foundation

/// A `/levee …` command written in a comment. Only lines that start with `/levee` count; quoted lines (`>`) and
/// lines inside fenced code blocks are someone showing a command, not giving one.
public struct CommentCommand: Sendable, Hashable {
    public enum Verb: String, Sendable, CaseIterable {
        /// `/levee vouch [@user] [note]`: writers and the managers list; without `@user`, the item's author.
        case vouch
        /// `/levee denounce [@user] reason`: the same; the reason is required.
        case denounce
        /// `/levee unvouch [@user]`: the same; removes the entry.
        case unvouch
        /// `/levee sponsor`: on a pull request waiting for a sponsor; writers and known contributors.
        case sponsor
        /// `/levee status`: anyone; Levee replies with the commenter's tier and balance.
        case status
        /// `/levee hold` and `/levee unhold`: writers; freeze or release the lifecycle's timers.
        case hold, unhold
        /// `/levee ok-to-test`: writers; approve a newcomer's pending workflow runs.
        case okToTest = "ok-to-test"
        /// `/levee appeal`: the item's author; asks a person to look again. Recorded (`ItemDecision`), answered, and
        /// the item labelled for a maintainer.
        case appeal
        /// `/levee not-slop`: writers; says Levee's flag on the item was wrong. Recorded as the project's decision,
        /// which the drift watch and `levee calibrate` count; Levee's verdict labels go.
        case notSlop = "not-slop"
    }

    public var verb: Verb
    /// The login the command is about (without `@`); nil for the issue's or pull request's author.
    public var subject: String?
    public var reason: String?

    public init(verb: Verb, subject: String? = nil, reason: String? = nil) {
        self.verb = verb
        self.subject = subject
        self.reason = reason
    }

    public enum Parsed: Sendable, Hashable {
        case command(CommentCommand)
        /// A `/levee` line that is not a valid command, and why.
        case invalid(line: String, reason: String)
    }

    /// The commands in a comment. `/levee WORD …` lines anywhere in it; with `keywords.bare`, also vouch's own
    /// syntax — the comment's first line starting with a keyword (`vouch`, `denounce @user spam`), as vouch's
    /// `parse-comment` reads it.
    public static func parse(_ body: String, keywords: CommandKeywords = CommandKeywords()) -> [Parsed] {
        var results: [Parsed] = []
        var inFence = false
        if keywords.bare, let bare = parseBare(body, keywords: keywords) { results.append(bare) }
        for raw in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            guard !inFence, line.lowercased().hasPrefix("/levee") else { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words[0].lowercased() == "/levee" else { continue }  // `/leveely` is not a command
            let usage = keywords.usage
            guard words.count > 1 else {
                results.append(.invalid(line: line, reason: "no command after /levee (\(usage))"))
                continue
            }
            let word = words[1].lowercased()
            if let verb = keywords.verb(word) {
                results.append(listCommand(verb, Array(words.dropFirst(2)), line: line, shown: "/levee \(word)"))
            } else if let verb = Verb(rawValue: word), ![.vouch, .denounce, .unvouch].contains(verb) {
                results.append(.command(CommentCommand(verb: verb)))
            } else {
                results.append(.invalid(line: line, reason: "unknown command `\(words[1])` (\(usage))"))
            }
        }
        return results
    }

    /// vouch's form: only the comment's first line, a keyword at its start, then `@user` and a reason, both
    /// optional (`unvouch` takes no reason: with more text the line is not a command). Text that does not match is
    /// conversation, not a mistake, so it gets no reply.
    static func parseBare(_ body: String, keywords: CommandKeywords) -> Parsed? {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.split(whereSeparator: \.isNewline).first else { return nil }
        let line = first.trimmingCharacters(in: .whitespaces)
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let word = words.first?.lowercased(), let verb = keywords.verb(word) else { return nil }
        let rest = Array(words.dropFirst())
        if verb == .unvouch, rest.count > 1 || rest.first.map({ !$0.hasPrefix("@") }) == true { return nil }
        // vouch's own syntax, read as vouch's parser reads it: a denouncement may come without a reason.
        return listCommand(verb, rest, line: line, shown: word, reasonRequired: false)
    }

    /// `vouch`, `denounce` or `unvouch` with its words after the keyword: `[@user] [reason…]`. Without `@user` the
    /// command is about the issue's or pull request's author (vouch's rule).
    /// `reasonRequired`: whether a denouncement needs a reason (`/levee denounce` does; vouch's bare form does not).
    static func listCommand(_ verb: Verb, _ rest: [String], line: String, shown: String, reasonRequired: Bool = true)
        -> Parsed
    {
        var subject: String?
        var reasonWords = rest
        if let first = rest.first, first.hasPrefix("@") {
            guard let handle = VouchFile.Handle(parsing: first), handle.platform == nil else {
                return .invalid(line: line, reason: "`\(first)` is not a GitHub login")
            }
            subject = handle.username
            reasonWords.removeFirst()
        }
        let reason = reasonWords.joined(separator: " ")
        if verb == .unvouch, !reason.isEmpty {
            return .invalid(line: line, reason: "`\(shown)` takes only an @user, no reason")
        }
        if verb == .denounce, reason.isEmpty, reasonRequired {
            return .invalid(line: line, reason: "`\(shown)` needs a reason (Levee keeps why someone was denounced)")
        }
        return .command(CommentCommand(verb: verb, subject: subject, reason: reason.isEmpty ? nil : reason))
    }

}

/// The words that change the vouch list in comments (`trust.commands`), as vouch's `vouch-keyword`,
/// `denounce-keyword`, `unvouch-keyword` and `allow-*` inputs: each list replaces the default word, an empty list
/// turns the command off. `bare` reads vouch's own syntax (a comment whose first line starts with a keyword) besides
/// `/levee KEYWORD`; off by default, since "vouch for this approach" in a maintainer's review would then vouch.
public struct CommandKeywords: Sendable, Hashable {
    public var vouch: [String]
    public var denounce: [String]
    public var unvouch: [String]
    public var bare: Bool

    public init(
        vouch: [String] = ["vouch"], denounce: [String] = ["denounce"], unvouch: [String] = ["unvouch"],
        bare: Bool = false
    ) {
        self.vouch = vouch
        self.denounce = denounce
        self.unvouch = unvouch
        self.bare = bare
    }

    /// The list command a keyword names, without regard to case.
    func verb(_ word: String) -> CommentCommand.Verb? {
        let word = word.lowercased()
        if vouch.contains(where: { $0.lowercased() == word }) { return .vouch }
        if denounce.contains(where: { $0.lowercased() == word }) { return .denounce }
        if unvouch.contains(where: { $0.lowercased() == word }) { return .unvouch }
        return nil
    }

    var usage: String {
        let list = [
            vouch.first.map { "\($0) [@user] [note]" }, denounce.first.map { "\($0) [@user] reason" },
            unvouch.first.map { "\($0) [@user]" },
        ]
        return "commands: "
            + (list.compactMap { $0 } + ["sponsor", "status", "hold", "unhold", "ok-to-test", "appeal", "not-slop"])
            .joined(separator: ", ")
    }
}
