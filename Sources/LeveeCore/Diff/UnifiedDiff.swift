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
    public var lines: [DiffLine]

    public init(
        oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, section: Substring = "", lines: [DiffLine] = []
    ) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.section = section
        self.lines = lines
    }

    public var added: [Substring] { lines.compactMap { $0.kind == .added ? $0.text : nil } }
    public var removed: [Substring] { lines.compactMap { $0.kind == .removed ? $0.text : nil } }
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
    public var additions: Int { hunks.reduce(0) { $0 + $1.lines.count(where: { $0.kind == .added }) } }
    public var deletions: Int { hunks.reduce(0) { $0 + $1.lines.count(where: { $0.kind == .removed }) } }

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
        var parser = Parser()
        var text = text
        text.makeContiguousUTF8()
        // Lines are found on the bytes and handed on as slices of the text itself: no copy, no allocation per line.
        // A line ends at `\n`, an ASCII byte, so every slice starts and ends on a character boundary.
        let utf8 = text.utf8
        _ = utf8.withContiguousStorageIfAvailable { buffer in
            let count = buffer.count
            var start = 0
            var lineStart = utf8.startIndex
            while start < count {
                var end = start
                while end < count && buffer[end] != 0x0A { end += 1 }
                var lineEnd = end
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let sliceEnd = utf8.index(lineStart, offsetBy: lineEnd - start)
                parser.feed(text[lineStart..<sliceEnd])
                lineStart = utf8.index(lineStart, offsetBy: min(end + 1, count) - start)
                start = end + 1
            }
        }
        return parser.finish()
    }
}

private struct Parser {
    var files: [FileDiff] = []
    var current: FileDiff?
    /// The current file began with `diff --git`, so `---`/`+++` belong to it rather than starting a new one.
    var currentFromGitHeader = false
    var sawMinusHeader = false
    var hunk: DiffHunk?
    var oldLeft = 0
    var newLeft = 0
    var subject: String?
    var from: String?
    var inMailHeader = true
    var mailHeaderEnded = false

    mutating func feed(_ line: Substring) {
        if hunk != nil {
            if oldLeft > 0 || newLeft > 0 {
                if consumeHunkLine(line) { return }
            } else if line.utf8.first == UInt8(ascii: "\\") {
                current?.missingNewlineAtEnd = true
                return
            }
            closeHunk()
        }
        // Most lines outside hunks (commit messages in `git log -p`) start with none of the header letters.
        switch line.utf8.first {
        case UInt8(ascii: "d"), UInt8(ascii: "@"), UInt8(ascii: "-"), UInt8(ascii: "+"): break
        default:
            if current == nil {
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
            if current == nil || !currentFromGitHeader || !(current?.hunks.isEmpty ?? true) || sawMinusHeader {
                startFile(fromGitHeader: false)
            }
            sawMinusHeader = true
            current?.oldPath = Self.headerPath(line.dropFirst(4))
            inMailHeader = false
            return
        }
        if line.starts("+++ "), current != nil, sawMinusHeader {
            current?.newPath = Self.headerPath(line.dropFirst(4))
            return
        }
        guard current != nil else {
            if inMailHeader { readMailHeader(line) }
            return
        }
        readExtendedHeader(line)
    }

    /// Returns false when the line does not belong to the hunk (a malformed or truncated hunk).
    mutating func consumeHunkLine(_ line: Substring) -> Bool {
        let bytes = line.utf8
        guard let first = bytes.first else {
            // Some tools strip the single space of an empty context line.
            guard oldLeft > 0, newLeft > 0 else { return false }
            hunk?.lines.append(DiffLine(kind: .context, text: ""))
            oldLeft -= 1
            newLeft -= 1
            return true
        }
        // The marker is one ASCII byte: the text is the slice after it.
        let text = line[bytes.index(after: bytes.startIndex)...]
        switch first {
        case UInt8(ascii: " ") where oldLeft > 0 && newLeft > 0:
            hunk?.lines.append(DiffLine(kind: .context, text: text))
            oldLeft -= 1
            newLeft -= 1
        case UInt8(ascii: "-") where oldLeft > 0:
            hunk?.lines.append(DiffLine(kind: .removed, text: text))
            oldLeft -= 1
        case UInt8(ascii: "+") where newLeft > 0:
            hunk?.lines.append(DiffLine(kind: .added, text: text))
            newLeft -= 1
        case UInt8(ascii: "\\"):
            current?.missingNewlineAtEnd = true
        default:
            return false
        }
        return true
    }

    mutating func openHunk(_ line: Substring) {
        guard current != nil, let header = Self.hunkHeader(line) else { return }
        hunk = header
        oldLeft = header.oldCount
        newLeft = header.newCount
    }

    mutating func closeHunk() {
        if let hunk { current?.hunks.append(hunk) }
        hunk = nil
        oldLeft = 0
        newLeft = 0
    }

    mutating func startFile(fromGitHeader: Bool) {
        closeHunk()
        if let current { files.append(current) }
        current = FileDiff()
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
        func rest(_ prefix: String) -> String? { line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil }
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
        } else if line.hasPrefix("Binary files ") || line == "GIT binary patch" {
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
        if let current { files.append(current) }
        return UnifiedDiff(files: files, subject: subject, from: from)
    }

    static func hunkHeader(_ line: Substring) -> DiffHunk? {
        // @@ -l[,s] +l[,s] @@ section
        let body = line.dropFirst(2)
        guard let close = body.range(of: "@@") else { return nil }
        let ranges = body[..<close.lowerBound].split(separator: " ")
        guard ranges.count == 2, ranges[0].first == "-", ranges[1].first == "+",
            let old = range(ranges[0].dropFirst()), let new = range(ranges[1].dropFirst())
        else { return nil }
        let section = body[close.upperBound...].drop(while: { $0 == " " })
        return DiffHunk(oldStart: old.0, oldCount: old.1, newStart: new.0, newCount: new.1, section: section)
    }

    static func range(_ text: Substring) -> (Int, Int)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2, let start = Int(parts[0]), start >= 0 else { return nil }
        guard parts.count == 2 else { return (start, 1) }
        guard let count = Int(parts[1]), count >= 0, count < 100_000_000 else { return nil }
        return (start, count)
    }

    /// `--- a/path\t2024-01-01 …` → `path`; `/dev/null` → nil.
    static func headerPath(_ text: Substring) -> String? {
        var path = text
        if let tab = path.firstIndex(of: "\t") { path = path[..<tab] }
        let name = unquote(String(path).trimmed)
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
        if let split = text.range(of: " b/", options: .backwards) {
            return (stripPrefix(String(text[..<split.lowerBound])), String(text[split.upperBound...]))
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
