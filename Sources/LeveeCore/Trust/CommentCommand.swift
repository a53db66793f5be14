import Foundation

/// A `/levee …` command written in a comment. Only lines that start with `/levee` count; quoted lines (`>`) and
/// lines inside fenced code blocks are someone showing a command, not giving one.
public struct CommentCommand: Sendable, Hashable {
    public enum Verb: String, Sendable, CaseIterable {
        /// `/levee vouch @user [note]`: writers only.
        case vouch
        /// `/levee denounce @user reason`: writers only; the reason is required.
        case denounce
        /// `/levee unvouch @user`: writers only; removes the entry.
        case unvouch
        /// `/levee sponsor`: on a pull request waiting for a sponsor; writers and known contributors.
        case sponsor
        /// `/levee status`: anyone; Levee replies with the commenter's tier and balance.
        case status
        /// `/levee hold` and `/levee unhold`: writers; freeze or release the lifecycle's timers.
        case hold, unhold
        /// `/levee ok-to-test`: writers; approve a newcomer's pending workflow runs.
        case okToTest = "ok-to-test"
    }

    public var verb: Verb
    /// The login the command is about (without `@`).
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

    public static func parse(_ body: String) -> [Parsed] {
        var results: [Parsed] = []
        var inFence = false
        for raw in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            guard !inFence, line.lowercased().hasPrefix("/levee") else { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words[0].lowercased() == "/levee" else { continue }  // `/leveely` is not a command
            guard words.count > 1 else {
                results.append(.invalid(line: line, reason: "no command after /levee (\(usage))"))
                continue
            }
            guard let verb = Verb(rawValue: words[1].lowercased()) else {
                results.append(.invalid(line: line, reason: "unknown command `\(words[1])` (\(usage))"))
                continue
            }
            let rest = Array(words.dropFirst(2))
            switch verb {
            case .vouch, .denounce, .unvouch:
                guard let first = rest.first, first.hasPrefix("@"), let handle = VouchFile.Handle(parsing: first),
                    handle.platform == nil
                else {
                    results.append(.invalid(line: line, reason: "`/levee \(verb.rawValue)` needs an @user"))
                    continue
                }
                let reason = rest.dropFirst().joined(separator: " ")
                if verb == .denounce, reason.isEmpty {
                    results.append(.invalid(line: line, reason: "`/levee denounce @user` needs a reason"))
                    continue
                }
                results.append(
                    .command(
                        CommentCommand(
                            verb: verb, subject: handle.username, reason: reason.isEmpty ? nil : reason)))
            case .sponsor, .status, .hold, .unhold, .okToTest:
                results.append(.command(CommentCommand(verb: verb)))
            }
        }
        return results
    }

    static let usage =
        "commands: vouch @user, denounce @user reason, unvouch @user, sponsor, status, hold, unhold, ok-to-test"
}
