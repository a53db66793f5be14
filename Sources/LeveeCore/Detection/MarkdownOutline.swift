import Foundation

/// The parts of a Markdown description that policies refer to: headed sections and task-list checkboxes.
/// Not a Markdown parser — fenced code is skipped, everything else is read line by line.
public struct MarkdownOutline: Sendable {
    public struct Section: Sendable, Hashable {
        /// The heading's text without `#`, emphasis or a trailing colon.
        public var heading: String
        /// 1–6 for ATX and setext headings; 7 for a line that is only bold text (`**AI Disclosure**`).
        public var level: Int
        /// The section's lines, up to the next heading of the same or a higher level.
        public var lines: [Substring]
    }

    public struct Checkbox: Sendable, Hashable {
        public var checked: Bool
        /// The item's text with emphasis removed.
        public var label: String
    }

    public init(_ markdown: String) {
        self.init(lines: TextStats.lines(TextStats.stripHTMLComments(markdown)))
    }

    /// The outline of lines already found (and freed of HTML comments).
    init(lines: [Substring]) {
        var headings: [(index: Int, text: String, level: Int)] = []
        var inFence = false
        for (index, raw) in lines.enumerated() {
            // Fences, headings and setext underlines all begin with one of these; most lines are skipped here.
            let scalars = raw.unicodeScalars
            guard let start = raw.textStart, Self.markupStarts.contains(scalars[start])
            else { continue }
            // A line opening with "-", "*" or "_" matters only doubled: a setext underline ("---"), bold ("**")
            // or underscored ("__") heading. List items, the most common such lines, end here.
            let first = scalars[start]
            if first == "-" || first == "*" || first == "_" {
                let next = scalars.index(after: start)
                guard next < scalars.endIndex, scalars[next] == first else { continue }
            }
            let line = raw.trimmed
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            if let heading = Self.heading(line) {
                headings.append((index, heading.text, heading.level))
            } else if index > 0, !lines[index - 1].trimmed.isEmpty, Self.isSetextUnderline(line),
                Self.heading(lines[index - 1].trimmed) == nil
            {
                headings.append((index - 1, Self.clean(lines[index - 1].trimmed), line.hasPrefix("=") ? 1 : 2))
            }
        }
        self.lines = lines
        self.headings = headings
    }

    /// The lines the outline was read from, and where each heading is among them.
    let lines: [Substring]
    let headings: [(index: Int, text: String, level: Int)]

    /// The headed sections in order. Each section's lines are gathered when asked for: a description is most often
    /// asked for one section (the disclosure's), not all of them.
    public var sections: [Section] { headings.indices.map(section(at:)) }

    /// The section of the `position`th heading: its lines up to the next heading of the same or a higher level.
    func section(at position: Int) -> Section {
        let heading = headings[position]
        var end = lines.count
        for later in headings[(position + 1)...] where later.level <= heading.level || heading.level == 7 {
            end = later.index
            break
        }
        let start = heading.index + 1
        let body =
            start < end
            ? lines[start..<end].filter { line in
                !(line.hasByte(0x3D) || line.hasByte(0x2D)) || !Self.isSetextUnderline(line.trimmed)
            } : []
        return Section(heading: heading.text, level: heading.level, lines: body)
    }

    static let markupStarts: Set<Unicode.Scalar> = ["`", "~", "#", "*", "_", "=", "-"]

    /// The first section whose heading contains one of `names` (case, punctuation and emoji ignored).
    public func section(named names: [String]) -> Section? {
        section(normalizedNames: names.map(Self.normalized))
    }

    /// The first section whose heading is `heading` (case, punctuation and emoji ignored), not merely contains it:
    /// how a description's sections are matched to its template's.
    public func section(titled heading: String) -> Section? {
        let wanted = Self.normalized(heading)
        return headings.indices.first { Self.normalized(headings[$0].text) == wanted }.map(section(at:))
    }

    /// `section(named:)` with the names already normalized.
    func section(normalizedNames names: [String]) -> Section? {
        let wanted = names.filter { !$0.isEmpty }
        return headings.indices.first { position in
            let heading = Self.normalized(headings[position].text)
            return wanted.contains { heading.has($0) }
        }.map(section(at:))
    }

    /// Task-list items (`- [x] text`) in `text`.
    public static func checkboxes(in text: String) -> [Checkbox] {
        TextStats.lines(TextStats.stripHTMLComments(text)).compactMap(checkbox(in:))
    }

    /// The task-list item on one line (`- [x] text`), if the line is one.
    public static func checkbox(in raw: some StringProtocol) -> Checkbox? {
        guard raw.hasByte(0x5B), let start = raw.textStart, case let first = raw.unicodeScalars[start],
            first == "-" || first == "*" || first == "+"
        else { return nil }
        var line = Substring(raw.trimmed)
        guard let bullet = line.first, bullet == "-" || bullet == "*" || bullet == "+" else { return nil }
        line = line.dropFirst().drop(while: { $0 == " " })
        guard line.count >= 3, line.first == "[", line.dropFirst(2).first == "]" else { return nil }
        let mark = line.dropFirst().first!
        guard mark == " " || mark == "x" || mark == "X" else { return nil }
        return Checkbox(checked: mark != " ", label: clean(String(line.dropFirst(3)).trimmed))
    }

    /// An unticked task-list item (`- [ ] text`): cheaper than `checkbox(in:)`, which cleans the label.
    static func isUntickedBox(_ raw: some StringProtocol) -> Bool {
        guard let start = raw.textStart else { return false }
        var line = raw.unicodeScalars[start...]
        guard let bullet = line.first, bullet == "-" || bullet == "*" || bullet == "+" else { return false }
        line = line.dropFirst().drop(while: { $0 == " " })
        return line.starts(with: ["[", " ", "]"])
    }

    /// Lowercased letters and digits separated by single spaces: `**AI Assistance Disclosure (REQUIRED)**:` →
    /// `ai assistance disclosure required`.
    public static func normalized(_ text: String) -> String {
        // ASCII text, nearly always: lowercased and filtered in one pass. Never longer than the text: each space
        // written stands for at least one byte dropped.
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                        if pendingSpace && count > 0 {
                            out[count] = 0x20
                            count += 1
                        }
                        pendingSpace = false
                        out[count] = lower
                        count += 1
                    } else {
                        pendingSpace = true
                    }
                }
                return count
            }
        }
        if let ascii = ascii ?? nil { return ascii }
        var out: [UInt8] = []
        var pendingSpace = false
        for byte in text.lowercasedFast.utf8 {
            if (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func heading(_ line: String) -> (text: String, level: Int)? {
        if line.hasPrefix("#") {
            let level = line.prefix(while: { $0 == "#" }).count
            let rest = line.dropFirst(level)
            guard level <= 6, rest.isEmpty || rest.first == " " else { return nil }
            return (clean(String(rest)), level)
        }
        for mark in ["**", "__"] where line.count > 4 && line.hasPrefix(mark) {
            var inner = line.dropFirst(2)
            if inner.hasSuffix(":") { inner = inner.dropLast() }
            guard inner.hasSuffix(mark) else { continue }
            inner = inner.dropLast(2)
            guard !inner.contains("*"), !inner.contains("_") || mark == "**" else { continue }
            return (clean(String(inner)), 7)
        }
        return nil
    }

    static func isSetextUnderline(_ line: String) -> Bool {
        line.count >= 3 && (line.allSatisfy { $0 == "=" } || line.allSatisfy { $0 == "-" })
    }

    /// Removes emphasis markers, trailing `#`s and colons.
    static func clean(_ text: String) -> String {
        var out = TextSearch.removingAll("__", from: TextSearch.removingAll("**", from: text))
        while let last = out.last, last == "#" || last == " " { out.removeLast() }
        out = out.trimmed
        while out.hasSuffix(":") { out.removeLast() }
        return out.trimmed
    }
}
