import Foundation

public struct DiffLine: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case context, added, removed }
    public var kind: Kind
    public var text: Substring

    public init(kind: Kind, text: Substring) {
        self.kind = kind
        self.text = text
    }
}

public struct DiffHunk: Sendable, Hashable {
    public var oldStart: Int
    public var oldCount: Int
    public var newStart: Int
    public var newCount: Int
    /// The text after the second `@@`, usually the enclosing function.
    public var section: Substring
    /// The text the lines are slices of, and each line's kind and byte range in it. A parsed hunk keeps one
    /// reference to the diff's text and a plain array of offsets, however many lines it has: the parser makes no
    /// `Substring` (and takes no reference) per line; `lines` makes them when they are read.
    var text: Substring
    var marks: [Mark]
    /// A `\ No newline at end of file` follows a line of the new side (added or context): the file as changed ends
    /// without a newline.
    public var newSideLacksFinalNewline = false

    struct Mark: Sendable, Hashable {
        var kind: DiffLine.Kind
        /// Byte offsets from `text.startIndex`.
        var start: Int
        var end: Int
    }

    public init(
        oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, section: Substring = "", lines: [DiffLine] = []
    ) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.section = section
        self.text = ""
        self.marks = []
        self.lines = lines
    }

    /// The hunk's lines, in order.
    public var lines: [DiffLine] {
        get { marks.map { DiffLine(kind: $0.kind, text: slice($0)) } }
        set {
            var joined = ""
            marks = newValue.map { line in
                let start = joined.utf8.count
                joined += line.text
                return Mark(kind: line.kind, start: start, end: joined.utf8.count)
            }
            text = joined[...]
        }
    }

    public var added: [Substring] { marks.compactMap { $0.kind == .added ? slice($0) : nil } }
    public var removed: [Substring] { marks.compactMap { $0.kind == .removed ? slice($0) : nil } }
    var addedCount: Int { marks.count(where: { $0.kind == .added }) }
    var removedCount: Int { marks.count(where: { $0.kind == .removed }) }

    func slice(_ mark: Mark) -> Substring {
        let utf8 = text.utf8
        return text[utf8.index(text.startIndex, offsetBy: mark.start)..<utf8.index(text.startIndex, offsetBy: mark.end)]
    }

    public static func == (a: DiffHunk, b: DiffHunk) -> Bool {
        a.oldStart == b.oldStart && a.oldCount == b.oldCount && a.newStart == b.newStart && a.newCount == b.newCount
            && a.section == b.section && a.lines == b.lines
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(oldStart)
        hasher.combine(oldCount)
        hasher.combine(newStart)
        hasher.combine(newCount)
        hasher.combine(section)
        hasher.combine(lines)
    }
}

/// One file of a unified diff.
public struct FileDiff: Sendable, Hashable {
    public var oldPath: String?
    public var newPath: String?
    public var oldMode: String?
    public var newMode: String?
    public var isBinary = false
    public var isRename = false
    public var isCopy = false
    public var similarity: Int?
    public var hunks: [DiffHunk] = []
    /// `\ No newline at end of file` was seen.
    public var missingNewlineAtEnd = false

    public init(oldPath: String? = nil, newPath: String? = nil) {
        self.oldPath = oldPath
        self.newPath = newPath
    }

    public var path: String { newPath ?? oldPath ?? "" }
    public var additions: Int { hunks.reduce(0) { $0 + $1.addedCount } }
    public var deletions: Int { hunks.reduce(0) { $0 + $1.removedCount } }

    public var status: ChangedFile.Status {
        if oldPath == nil { return .added }
        if newPath == nil { return .removed }
        if isRename { return .renamed }
        if isCopy { return .copied }
        return .modified
    }

    public var changedFile: ChangedFile {
        ChangedFile(
            path: path, previousPath: isRename || isCopy ? oldPath : nil, status: status,
            additions: additions, deletions: deletions, isBinary: isBinary, hunks: hunks)
    }
}

/// A parsed unified diff: `git diff`, `git format-patch` (with mail headers), or plain `diff -u`.
public struct UnifiedDiff: Sendable, Hashable {
    public var files: [FileDiff]
    /// `Subject:` of a format-patch mail, without the `[PATCH n/m]` prefix.
    public var subject: String?
    public var from: String?

    public var additions: Int { files.reduce(0) { $0 + $1.additions } }
    public var deletions: Int { files.reduce(0) { $0 + $1.deletions } }

    /// Parses bytes of any encoding and shape. It never traps and runs in time linear in the input:
    /// what it cannot read as a diff it skips.
    public static func parse(_ data: Data) -> UnifiedDiff {
        parse(String(decoding: data, as: UTF8.self))
    }

    public static func parse(_ text: String) -> UnifiedDiff {
        var text = text
        text.makeContiguousUTF8()
        var parser = Parser(text: text[...])
        // Lines are found on the bytes. A hunk's lines, nearly all of a diff, are read there too and kept as offsets
        // (`DiffHunk.marks`); other lines are handed on as slices of the text itself. A line ends at `\n`, an ASCII
        // byte, so every slice starts and ends on a character boundary.
        let utf8 = text.utf8
        let base = utf8.startIndex
        _ = utf8.withContiguousStorageIfAvailable { buffer in
            let count = buffer.count
            var start = 0
            while start < count {
                let end =
                    memchr(buffer.baseAddress! + start, 0x0A, count - start).map {
                        buffer.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                    } ?? count
                var lineEnd = end
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if !parser.inHunk || !parser.consumeHunkLine(buffer, start, lineEnd) {
                    parser.feed(text[utf8.index(base, offsetBy: start)..<utf8.index(base, offsetBy: lineEnd)])
                }
                start = end + 1
            }
        }
        return parser.finish()
    }
}

private struct Parser {
    var files: [FileDiff] = []
    var current: FileDiff?
    /// `current != nil`, kept apart (as `inHunk` is `hunk != nil`): comparing an optional of an `Equatable` struct
    /// with nil copied the whole value (every path and hunk retained and released) on every line.
    var inFile = false
    /// The current file began with `diff --git`, so `---`/`+++` belong to it rather than starting a new one.
    var currentFromGitHeader = false
    var sawMinusHeader = false
    /// The whole diff's text, which every hunk's lines are offsets into.
    let text: Substring
    /// The open hunk's header; its lines gather in `marks`.
    var hunk: DiffHunk?
    var inHunk = false
    var marks: [DiffHunk.Mark] = []
    /// The current file's closed hunks, given to it when it ends.
    var hunks: [DiffHunk] = []
    var oldLeft = 0
    var newLeft = 0
    var subject: String?
    var from: String?
    var inMailHeader = true
    var mailHeaderEnded = false

    /// A line that is not part of the open hunk (if any): a header, a commit message, anything else.
    mutating func feed(_ line: Substring) {
        if inHunk { closeHunk() }
        // Most lines outside hunks (commit messages in `git log -p`) start with none of the header letters.
        switch line.utf8.first {
        case UInt8(ascii: "d"), UInt8(ascii: "@"), UInt8(ascii: "-"), UInt8(ascii: "+"): break
        default:
            if !inFile {
                if inMailHeader { readMailHeader(line) }
            } else {
                readExtendedHeader(line)
            }
            return
        }
        if line.starts("diff --git ") {
            startFile(fromGitHeader: true)
            let (old, new) = Self.gitHeaderPaths(line.dropFirst("diff --git ".count))
            current?.oldPath = old
            current?.newPath = new
            inMailHeader = false
            return
        }
        if line.starts("@@ ") || line.utf8.elementsEqual("@@".utf8) {
            openHunk(line)
            return
        }
        if line.starts("--- ") {
            if !inFile || !currentFromGitHeader || !hunks.isEmpty || sawMinusHeader {
                startFile(fromGitHeader: false)
            }
            sawMinusHeader = true
            current?.oldPath = Self.headerPath(line.dropFirst(4))
            inMailHeader = false
            return
        }
        if line.starts("+++ "), inFile, sawMinusHeader {
            current?.newPath = Self.headerPath(line.dropFirst(4))
            return
        }
        guard inFile else {
            if inMailHeader { readMailHeader(line) }
            return
        }
        readExtendedHeader(line)
    }

    /// Reads the line `bytes[start..<end]` into the open hunk; false when it does not belong there (the hunk's
    /// counts are used up, or it is malformed or truncated), and `feed` must read it.
    mutating func consumeHunkLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard oldLeft > 0 || newLeft > 0 else {
            // After the last line, only a "\ No newline at end of file" still belongs to the hunk.
            guard start < end, bytes[start] == UInt8(ascii: "\\") else { return false }
            markMissingNewline()
            return true
        }
        guard start < end else {
            // Some tools strip the single space of an empty context line.
            guard oldLeft > 0, newLeft > 0 else { return false }
            marks.append(DiffHunk.Mark(kind: .context, start: start, end: start))
            oldLeft -= 1
            newLeft -= 1
            return true
        }
        // The marker is one ASCII byte: the text is what follows it.
        switch bytes[start] {
        case UInt8(ascii: " ") where oldLeft > 0 && newLeft > 0:
            marks.append(DiffHunk.Mark(kind: .context, start: start + 1, end: end))
            oldLeft -= 1
            newLeft -= 1
        case UInt8(ascii: "-") where oldLeft > 0:
            marks.append(DiffHunk.Mark(kind: .removed, start: start + 1, end: end))
            oldLeft -= 1
        case UInt8(ascii: "+") where newLeft > 0:
            marks.append(DiffHunk.Mark(kind: .added, start: start + 1, end: end))
            newLeft -= 1
        case UInt8(ascii: "\\"):
            markMissingNewline()
        default:
            return false
        }
        return true
    }

    /// A `\ No newline at end of file`: it belongs to the line before it, of the old side after a removed line.
    mutating func markMissingNewline() {
        current?.missingNewlineAtEnd = true
        if marks.last?.kind != .removed { hunk?.newSideLacksFinalNewline = true }
    }

    mutating func openHunk(_ line: Substring) {
        guard inFile, let header = Self.hunkHeader(line) else { return }
        hunk = header
        inHunk = true
        oldLeft = header.oldCount
        newLeft = header.newCount
    }

    mutating func closeHunk() {
        if var hunk = hunk.take() {
            hunk.text = text
            hunk.marks = marks
            if inFile { hunks.append(hunk) }
            marks = []
        }
        hunk = nil
        inHunk = false
        oldLeft = 0
        newLeft = 0
    }

    mutating func startFile(fromGitHeader: Bool) {
        closeHunk()
        if var current = current.take() {
            current.hunks = hunks
            files.append(current)
        }
        hunks = []
        current = FileDiff()
        inFile = true
        currentFromGitHeader = fromGitHeader
        sawMinusHeader = false
    }

    mutating func readExtendedHeader(_ line: Substring) {
        // Every extended header starts with one of these letters; a commit message line mostly does not.
        switch line.utf8.first {
        case UInt8(ascii: "n"), UInt8(ascii: "d"), UInt8(ascii: "o"), UInt8(ascii: "r"), UInt8(ascii: "c"),
            UInt8(ascii: "s"), UInt8(ascii: "B"), UInt8(ascii: "G"):
            break
        default: return
        }
        func rest(_ prefix: StaticString) -> String? {
            line.starts(prefix) ? String(line.utf8.dropFirst(prefix.utf8CodeUnitCount))! : nil
        }
        if let mode = rest("new file mode ") {
            current?.newMode = mode
            current?.oldPath = nil
        } else if let mode = rest("deleted file mode ") {
            current?.oldMode = mode
            current?.newPath = nil
        } else if let mode = rest("old mode ") {
            current?.oldMode = mode
        } else if let mode = rest("new mode ") {
            current?.newMode = mode
        } else if let path = rest("rename from ") {
            current?.isRename = true
            current?.oldPath = Self.unquote(path)
        } else if let path = rest("rename to ") {
            current?.isRename = true
            current?.newPath = Self.unquote(path)
        } else if let path = rest("copy from ") {
            current?.isCopy = true
            current?.oldPath = Self.unquote(path)
        } else if let path = rest("copy to ") {
            current?.isCopy = true
            current?.newPath = Self.unquote(path)
        } else if let value = rest("similarity index ") {
            current?.similarity = Int(value.trimmingCharacters(in: CharacterSet(charactersIn: "%")))
        } else if line.starts("Binary files ") || line.utf8.elementsEqual("GIT binary patch".utf8) {
            current?.isBinary = true
        }
    }

    mutating func readMailHeader(_ line: Substring) {
        if mailHeaderEnded { return }
        if line.isEmpty {
            if subject != nil || from != nil { mailHeaderEnded = true }
            return
        }
        if let value = line.dropPrefix("Subject: ") {
            var subject = value.trimmed
            if subject.hasPrefix("["), let close = subject.firstIndex(of: "]") {
                subject = subject[subject.index(after: close)...].trimmed
            }
            self.subject = subject
        } else if let value = line.dropPrefix("From: ") {
            from = value.trimmed
        } else if line.hasPrefix(" "), let subject {
            self.subject = subject + " " + line.trimmed  // folded header line
        }
    }

    mutating func finish() -> UnifiedDiff {
        closeHunk()
        if var current = current.take() {
            current.hunks = hunks
            files.append(current)
        }
        hunks = []
        return UnifiedDiff(files: files, subject: subject, from: from)
    }

    static func hunkHeader(_ line: Substring) -> DiffHunk? {
        // @@ -l[,s] +l[,s] @@ section — read on the bytes: every character that matters is ASCII, and a range
        // holding anything else is no number.
        var scratch = line
        return scratch.withUTF8 { bytes -> DiffHunk? in
            let body = 2  // after the opening "@@"
            guard
                let closeAt = ("@@" as StaticString).withUTF8Buffer({
                    TextSearch.firstOffset($0, in: bytes, from: body)
                })
            else { return nil }
            // The ranges: exactly two words separated by spaces, "-…" then "+…".
            var words = (0..<0, 0..<0)
            var count = 0
            var i = body
            while i < closeAt {
                while i < closeAt && bytes[i] == 0x20 { i += 1 }
                guard i < closeAt else { break }
                let start = i
                while i < closeAt && bytes[i] != 0x20 { i += 1 }
                count += 1
                if count == 1 { words.0 = start..<i } else if count == 2 { words.1 = start..<i } else { return nil }
            }
            guard count == 2, bytes[words.0.lowerBound] == UInt8(ascii: "-"),
                bytes[words.1.lowerBound] == UInt8(ascii: "+"),
                let old = range(bytes, words.0.dropFirst()), let new = range(bytes, words.1.dropFirst())
            else { return nil }
            let sectionStart = line.utf8.index(line.startIndex, offsetBy: closeAt + 2)
            let section = line[sectionStart...].drop(while: { $0 == " " })
            return DiffHunk(
                oldStart: old.0, oldCount: old.1, newStart: new.0, newCount: new.1, section: section)
        }
    }

    /// `l` or `l,s` (as `Int` reads each part: an optional sign, then digits), from bytes.
    static func range(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> (Int, Int)? {
        let comma = word.firstIndex { bytes[$0] == UInt8(ascii: ",") }
        guard let start = integer(bytes, word.lowerBound..<(comma ?? word.upperBound)), start >= 0 else { return nil }
        guard let comma else { return (start, 1) }
        guard let count = integer(bytes, (comma + 1)..<word.upperBound), count >= 0, count < 100_000_000 else {
            return nil
        }
        return (start, count)
    }

    /// A decimal integer with an optional sign, as `Int(_:)` reads one; nil on anything else or on overflow.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        var negative = false
        if i < range.upperBound, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < range.upperBound else { return nil }
        var value = 0
        while i < range.upperBound {
            let digit = Int(bytes[i]) - 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return value
    }

    /// `--- a/path\t2024-01-01 …` → `path`; `/dev/null` → nil.
    static func headerPath(_ text: Substring) -> String? {
        var path = text
        if let tab = path.utf8.firstIndex(of: 0x09) { path = path[..<tab] }
        let trimmed = path.trimmed
        let name = trimmed.utf8.first == UInt8(ascii: "\"") ? unquote(trimmed) : trimmed
        if name == "/dev/null" { return nil }
        return stripPrefix(name)
    }

    static func gitHeaderPaths(_ text: Substring) -> (String?, String?) {
        let text = String(text)
        if text.hasPrefix("\"") {
            // Quoted paths: "a/x y" "b/x y"
            let parts = text.components(separatedBy: "\" \"")
            if parts.count == 2 {
                return (stripPrefix(unquote(parts[0] + "\"")), stripPrefix(unquote("\"" + parts[1])))
            }
        }
        if let split = TextSearch.lastOffset(of: " b/", in: text) {
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: split)
            let upper = utf8.index(lower, offsetBy: 3)
            return (stripPrefix(String(text[..<lower])), String(text[upper...]))
        }
        let parts = text.split(separator: " ", maxSplits: 1)
        return (parts.first.map { stripPrefix(String($0)) }, parts.count > 1 ? stripPrefix(String(parts[1])) : nil)
    }

    static func stripPrefix(_ path: String) -> String {
        if path.hasPrefix("a/") || path.hasPrefix("b/") { return String(path.dropFirst(2)) }
        return path
    }

    static func unquote(_ path: String) -> String {
        guard path.count >= 2, path.hasPrefix("\""), path.hasSuffix("\"") else { return path }
        return String(path.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            .replacingOccurrences(of: "\\t", with: "\t").replacingOccurrences(of: "\\\\", with: "\\")
    }
}

extension Substring {
    func dropPrefix(_ prefix: String) -> Substring? { hasPrefix(prefix) ? dropFirst(prefix.count) : nil }

    /// A byte-for-byte prefix test (no Unicode normalisation): diff headers are ASCII.
    @inline(__always)
    func starts(_ prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { utf8.starts(with: $0) }
    }
}
