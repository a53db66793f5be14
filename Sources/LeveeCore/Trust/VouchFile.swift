import Foundation

/// A `VOUCHED.td` file in the format of mitchellh/vouch ("Trustdown"): one handle a line, `#` comments, an optional
/// `platform:` prefix, `-handle` to denounce, and details (a reason) after the first space.
///
/// Every line keeps its exact text, so a file that is read and written without a change comes out byte for byte
/// the same — line endings, trailing spaces, comments, order, and lines Levee does not understand. A change touches
/// only the lines of the handle it is about: the old entry goes, the new one is inserted where the alphabetical order
/// of the entries puts it (vouch keeps its entries sorted).
public struct VouchFile: Sendable, Hashable {
    public struct Handle: Sendable, Hashable, CustomStringConvertible {
        public var platform: String?
        public var username: String

        public init(platform: String? = nil, username: String) {
            self.platform = platform
            self.username = username
        }

        /// The handle as vouch writes it: platform and user in lower case (matching ignores case anyway).
        public var asVouchWrites: Handle { Handle(platform: platform?.lowercased(), username: username.lowercased()) }

        /// `user`, `@user` or `platform:user`.
        public init?(parsing text: some StringProtocol) {
            var text = Substring(text)
            if text.hasPrefix("@") { text = text.dropFirst() }
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let username = parts.count == 2 ? parts[1] : parts[0]
            // Service bots' logins end in `[bot]`; no other bracket belongs in a handle.
            let name = username.hasSuffix("[bot]") ? username.dropLast(5) : username
            guard !name.isEmpty, name.allSatisfy(Self.isHandleCharacter) else { return nil }
            if parts.count == 2 {
                guard !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                    return nil
                }
                platform = String(parts[0])
            }
            self.username = String(username)
        }

        static func isHandleCharacter(_ c: Character) -> Bool {
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")
        }

        public var description: String { platform.map { "\($0):\(username)" } ?? username }

        /// Same user: usernames without regard to case; platforms only when both name one, after a handle without a
        /// platform takes `defaultPlatform` (vouch's rule: with no default, an entry without a platform matches a
        /// check on any platform, and a check without one matches an entry on any platform).
        func matches(_ other: Handle, defaultPlatform: String?) -> Bool {
            guard Login(username) == Login(other.username) else { return false }
            let mine = (platform ?? defaultPlatform)?.lowercased()
            let theirs = (other.platform ?? defaultPlatform)?.lowercased()
            return mine == nil || theirs == nil || mine == theirs
        }
    }

    /// The platform of GitHub logins: what the server checks and changes entries as (vouch's GitHub actions pass
    /// `--default-platform github`).
    public static let gitHub = "github"

    public enum Kind: String, Sendable, Hashable, Codable { case vouch, denounce }

    public struct Entry: Sendable, Hashable {
        public var kind: Kind
        public var handle: Handle
        /// What follows the handle: a note for a vouch, the reason for a denouncement.
        public var details: String?

        var text: String {
            (kind == .denounce ? "-" : "") + handle.description + (details.map { " " + $0 } ?? "")
        }
    }

    public enum Line: Sendable, Hashable {
        case blank(String)
        case comment(String)
        case entry(Entry, raw: String)
        /// Text that is neither a comment nor a valid entry; kept as it is.
        case other(String)

        var isComment: Bool { if case .comment = self { return true } else { return false } }

        var raw: String {
            switch self {
            case .blank(let raw), .comment(let raw), .other(let raw), .entry(_, let raw): return raw
            }
        }
    }

    /// The first lines of a vouch list Levee creates.
    public static let newFileHeader = """
        # Vouched contributors for this project, in the format of https://github.com/mitchellh/vouch.
        #
        # One handle per line (without @), sorted alphabetically; an optional platform prefix (github:user);
        # a minus denounces (-user reason). Levee reads it to decide who skips the newcomer checks.

        """

    public var lines: [Line]
    /// `\n` or `\r\n`, as the file had it.
    public var lineEnding: String
    /// Whether the last line ended with a line ending.
    public var endsWithNewline: Bool

    public init(lines: [Line] = [], lineEnding: String = "\n", endsWithNewline: Bool = true) {
        self.lines = lines
        self.lineEnding = lineEnding
        self.endsWithNewline = endsWithNewline
    }

    public init(parsing text: String) {
        // Split on the byte: in Swift "\r\n" is one Character, so Character-level splitting would miss it.
        let bytes = Array(text.utf8)
        lineEnding = text.hasByte(0x0D) && text.contains("\r\n") ? "\r\n" : "\n"
        var pieces = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        endsWithNewline = bytes.last == 0x0A
        if endsWithNewline { pieces.removeLast() }
        if bytes.isEmpty { pieces = [] }
        lines = pieces.map(Self.parse)
    }

    static func parse(_ raw: String) -> Line {
        var line = raw
        if line.hasSuffix("\r") { line.removeLast() }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .blank(raw) }
        if trimmed.hasPrefix("#") { return .comment(raw) }
        let denounce = trimmed.hasPrefix("-")
        let rest = denounce ? trimmed.dropFirst() : Substring(trimmed)
        let parts = rest.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let handle = Handle(parsing: first), !first.hasPrefix("@") else {
            return .other(raw)
        }
        let details = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : nil
        return .entry(
            Entry(
                kind: denounce ? .denounce : .vouch, handle: handle, details: details?.isEmpty == true ? nil : details),
            raw: raw)
    }

    /// The file's text; unchanged lines are written exactly as they were read.
    /// Each line keeps its own `\r`, so a file mixing line endings is written back as it was (a new line takes the
    /// file's CRLF ending if it has any).
    public func render() -> String {
        lines.map(\.raw).joined(separator: "\n") + (endsWithNewline && !lines.isEmpty ? "\n" : "")
    }

    public var entries: [Entry] {
        lines.compactMap { if case .entry(let entry, _) = $0 { return entry } else { return nil } }
    }

    public enum Status: Sendable, Hashable {
        case vouched(details: String?)
        case denounced(reason: String?)
        case unknown
    }

    /// The first entry for the handle decides, as in vouch. `defaultPlatform` is the platform of handles without one
    /// (the server passes `github`, as vouch's GitHub actions do; the command line none, as vouch's CLI).
    public func status(of handle: Handle, defaultPlatform: String? = nil) -> Status {
        for entry in entries where entry.handle.matches(handle, defaultPlatform: defaultPlatform) {
            return entry.kind == .vouch ? .vouched(details: entry.details) : .denounced(reason: entry.details)
        }
        return .unknown
    }

    /// Where the handle's deciding entry is, as a policy line (1-based), for findings to quote.
    public func line(of handle: Handle, file: String, defaultPlatform: String? = nil) -> PolicyLine? {
        for (index, line) in lines.enumerated() {
            if case .entry(let entry, let raw) = line, entry.handle.matches(handle, defaultPlatform: defaultPlatform) {
                return PolicyLine(
                    file: file, line: index + 1, text: raw.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return nil
    }

    public func adding(_ handle: Handle, details: String? = nil, defaultPlatform: String? = nil) -> VouchFile {
        removing(handle, defaultPlatform: defaultPlatform).inserting(
            Entry(kind: .vouch, handle: handle, details: details))
    }

    public func denouncing(_ handle: Handle, reason: String? = nil, defaultPlatform: String? = nil) -> VouchFile {
        removing(handle, defaultPlatform: defaultPlatform).inserting(
            Entry(kind: .denounce, handle: handle, details: reason))
    }

    public func removing(_ handle: Handle, defaultPlatform: String? = nil) -> VouchFile {
        var copy = self
        copy.lines.removeAll { line in
            if case .entry(let entry, _) = line {
                return entry.handle.matches(handle, defaultPlatform: defaultPlatform)
            }
            return false
        }
        return copy
    }

    /// The file as vouch's own commands write it (`to td` after `sort-table`): comments and blank lines first, in
    /// their order, then the entries sorted by username without regard to case (ties keep their order), every line
    /// re-written from its parts (`[-][platform:]username[ details]`, no indentation) and ended with `\n`. For a
    /// project that wants vouch's exact bytes; Levee's own edits otherwise leave every other line as it was.
    public func sortedLikeVouch() -> VouchFile {
        var others: [Line] = []
        var entries: [Entry] = []
        for line in lines {
            switch line {
            case .entry(let entry, _): entries.append(entry)
            case .blank: others.append(.blank(""))
            case .comment(let raw): others.append(.comment(Self.withoutCR(raw)))
            case .other(let raw): others.append(.other(Self.withoutCR(raw)))
            }
        }
        let sorted = entries.enumerated().sorted {
            let (a, b) = ($0.element.handle.username.lowercased(), $1.element.handle.username.lowercased())
            return a == b ? $0.offset < $1.offset : a < b
        }
        return VouchFile(
            lines: others + sorted.map { .entry($0.element, raw: $0.element.text) }, lineEnding: "\n",
            endsWithNewline: true)
    }

    /// Whether the file is already in vouch's own order and form (`sortedLikeVouch` would not change a byte): a
    /// list vouch wrote, which vouch re-sorts on every change.
    public var isSortedLikeVouch: Bool { sortedLikeVouch().render() == render() }

    /// This file, changed from `before`, as it is written: in vouch's own order and form when `before` already was
    /// (vouch wrote it, and re-sorts it on every change), else as it is, only the changed handle's lines different.
    public func keepingForm(of before: VouchFile) -> VouchFile { before.isSortedLikeVouch ? sortedLikeVouch() : self }

    static func withoutCR(_ raw: String) -> String { raw.hasSuffix("\r") ? String(raw.dropLast()) : raw }

    /// Puts the entry before the first entry that sorts after it (case-insensitively by username, as vouch sorts),
    /// else after the last entry, else at the end.
    func inserting(_ entry: Entry) -> VouchFile {
        var copy = self
        let line = Line.entry(entry, raw: entry.text + (lineEnding == "\r\n" ? "\r" : ""))
        let key = entry.handle.username.lowercased()
        if let index = lines.firstIndex(where: {
            if case .entry(let other, _) = $0 { return other.handle.username.lowercased() > key }
            return false
        }) {
            copy.lines.insert(line, at: index)
        } else if let last = lines.lastIndex(where: { if case .entry = $0 { return true } else { return false } }) {
            copy.lines.insert(line, at: last + 1)
        } else {
            copy.lines.append(line)
        }
        // A line added at the very end ends with a line ending, as every entry vouch writes does.
        if copy.lines.last == line { copy.endsWithNewline = true }
        return copy
    }
}
