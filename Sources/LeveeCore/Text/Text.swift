import Foundation

extension StringProtocol {
    /// The text without leading and trailing white space and newlines. Native: Foundation's `trimmingCharacters`
    /// bridges through NSString on Linux, which was a quarter of an evaluation's time. When the text is contiguous
    /// UTF-8 — native strings and their substrings always are — the ends are found on the bytes, Unicode white
    /// space included (`spaceLength`); otherwise the scalars are read.
    public var trimmed: String { String(trimmedSlice) }

    /// `trimmed` as a slice of the text, copying nothing.
    public var trimmedSlice: SubSequence {
        let utf8 = self.utf8
        if let (start, end) = utf8.withContiguousStorageIfAvailable({ bytes -> (Int, Int) in
            var start = 0
            while start < bytes.count, case let length = Self.spaceLength(bytes, at: start), length > 0 {
                start += length
            }
            var end = bytes.count
            while end > start {
                var last = end - 1
                while last > start, bytes[last] & 0xC0 == 0x80 { last -= 1 }
                guard Self.spaceLength(bytes, at: last) == end - last else { break }
                end = last
            }
            return (start, end)
        }) {
            return self[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return self[endIndex...] }
        return self[start...scalars.lastIndex(where: { !$0.properties.isWhitespace })!]
    }

    /// The text without the leading and trailing scalars `drop` accepts (Foundation's `trimmingCharacters(in:)`,
    /// natively).
    func trimmingScalars(where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !drop($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !drop($0) })!
        return String(self[start...end])
    }

    /// Unicode's punctuation (general category P*), Foundation's `CharacterSet.punctuationCharacters`.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// The length in bytes of the white-space scalar (Unicode's White_Space property, as
    /// `Unicode.Scalar.Properties.isWhitespace`) that starts at `i` of valid UTF-8, or 0 when none does:
    /// U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b0 = bytes[i]
        if b0 < 0x80 { return isASCIISpace(b0) ? 1 : 0 }
        guard b0 == 0xC2 || (b0 >= 0xE1 && b0 <= 0xE3), i + 1 < bytes.count else { return 0 }
        let b1 = bytes[i + 1]
        if b0 == 0xC2 { return b1 == 0x85 || b1 == 0xA0 ? 2 : 0 }
        guard i + 2 < bytes.count else { return 0 }
        let b2 = bytes[i + 2]
        switch (b0, b1) {
        case (0xE1, 0x9A): return b2 == 0x80 ? 3 : 0
        case (0xE2, 0x80): return b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF ? 3 : 0
        case (0xE2, 0x81): return b2 == 0x9F ? 3 : 0
        case (0xE3, 0x80): return b2 == 0x80 ? 3 : 0
        default: return 0
        }
    }

    static func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// Where the text starts after its leading white space (nil when it is all white space). The bytes are read
    /// while the indent is ASCII; a non-ASCII scalar sends the rest to the scalars' Unicode white-space property.
    var textStart: String.Index? {
        let utf8 = self.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let byte = utf8[i]
            if byte >= 0x80 { return unicodeScalars[i...].firstIndex { !$0.properties.isWhitespace } }
            if !Self.isASCIISpace(byte) { return i }
            utf8.formIndex(after: &i)
        }
        return nil
    }

    /// The text lowercased, as `lowercased()` would (its mapping is per scalar, `lowercaseMapping`): ASCII bytes
    /// directly, a scalar that lowercasing leaves alone copied as it is, the others through their mapping, all in one
    /// pass into one buffer. `lowercased()` alone spent most of its time on the ASCII.
    public var lowercasedFast: String {
        utf8.withContiguousStorageIfAvailable(lowercased(utf8:)) ?? lowercased()
    }
}

/// `lowercasedFast` on valid UTF-8. A scalar's lowercase mapping is at most three times its UTF-8 length (U+0130,
/// two bytes, becomes three), so the buffer reserves two more bytes for every non-ASCII byte.
private func lowercased(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
    var nonASCII = 0
    for byte in bytes where byte >= 0x80 { nonASCII += 1 }
    return String(unsafeUninitializedCapacity: bytes.count + 2 * nonASCII) { out in
        var o = 0
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            if b0 < 0x80 {
                out[o] = b0 >= 0x41 && b0 <= 0x5A ? b0 | 0x20 : b0
                o += 1
                i += 1
                continue
            }
            let (scalar, length) = TextStats.scalar(in: bytes, at: i)
            if let scalar, scalar.properties.changesWhenLowercased {
                for byte in scalar.properties.lowercaseMapping.utf8 {
                    out[o] = byte
                    o += 1
                }
            } else {
                for k in 0..<length { out[o + k] = bytes[i + k] }
                o += length
            }
            i += length
        }
        return o
    }
}

/// One contribution's text in the views several signals read, made once per evaluation by the `Evaluator`
/// (`EvaluationContext.text`) instead of once per signal.
public struct TextScan: Sendable {
    /// The description without HTML comments (`TextStats.stripHTMLComments`): what a reader sees rendered.
    public let withoutComments: String
    /// The description without fenced code and HTML comments (`TextStats.prose`).
    public let prose: String
    /// The title, a newline and the prose, lowercased: what phrase lists are matched against.
    public let loweredTitleAndProse: String
    /// The prose's lines as `TextStats.lines` finds them, and the same trimmed (slices of `prose`).
    public let untrimmedProseLines: [Substring]
    public let proseLines: [Substring]
    /// The prose's Markdown headings, lowercased (`TextStats.headings`).
    public let headings: [String]
    /// The whole description lowercased (`lowercasedFast`), code and comments included.
    public let loweredBody: String

    public init(title: String, body: String) {
        loweredBody = body.lowercasedFast
        withoutComments = TextStats.stripHTMLComments(body)
        prose = TextStats.prose(body, withoutComments: withoutComments)
        loweredTitleAndProse = (title + "\n" + prose).lowercasedFast
        untrimmedProseLines = TextStats.lines(prose)
        proseLines = untrimmedProseLines.map(\.trimmedSlice)
        headings = TextStats.headings(trimmedLines: proseLines)
    }

    public init(_ contribution: Contribution) { self.init(title: contribution.title, body: contribution.body) }
}

/// Small, allocation-light text measures shared by the signals.
public enum TextStats {
    /// Words as a reader counts them: runs of letters or digits.
    public static func wordCount(_ text: some StringProtocol) -> Int {
        if let count = text.utf8.withContiguousStorageIfAvailable(wordCount(utf8:)) { return count }
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar = isWordScalar(scalar)
            if isWordScalar && !inWord { count += 1 }
            inWord = isWordScalar
        }
        return count
    }

    /// `wordCount` on valid UTF-8: ASCII bytes are classified directly, other scalars decoded in place.
    /// Without a branch on the words themselves: a word begins where a word byte follows a byte that is not one.
    static func wordCount(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var inWord = 0
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let isWord: Int
            if b0 < 0x80 {
                isWord = isASCIIWordByte(b0)
                i += 1
            } else {
                let (scalar, length) = scalar(in: bytes, at: i)
                isWord = scalar.map(Self.isWordScalar) == true ? 1 : 0
                i += length
            }
            count &+= isWord & (inWord ^ 1)
            inWord = isWord
        }
        return count
    }

    /// The non-ASCII scalar that starts at `i` of valid UTF-8, and its length in bytes.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = bytes[i]
        let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
        var value = UInt32(b0) & (0x7F >> UInt32(length))
        for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return (Unicode.Scalar(value), length)
    }

    /// 1 when the ASCII byte `b` is a letter or a digit, else 0, read from two constant masks: bits 48–57 of the
    /// first are `0`–`9`; bits 1–26 and 33–58 of the second are `A`–`Z` and `a`–`z` (bytes 65–90 and 97–122).
    @inline(__always)
    static func isASCIIWordByte(_ b: UInt8) -> Int {
        let mask: UInt64 = b < 64 ? 0x03FF_0000_0000_0000 : 0x07FF_FFFE_07FF_FFFE
        return Int(truncatingIfNeeded: (mask >> UInt64(b & 63)) & 1)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            ? (scalar.value | 0x20 >= 0x61 && scalar.value | 0x20 <= 0x7A)
                || (scalar.value >= 0x30 && scalar.value <= 0x39)
            : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether `words(text)` has at least `n` words, reading only as far as it takes.
    public static func hasWords(_ text: some StringProtocol, atLeast n: Int) -> Bool {
        var count = 0
        var inWord = false
        for character in text {
            let isWord = character.isLetter || character == "'"
            if isWord && !inWord {
                count += 1
                if count >= n { return true }
            }
            inWord = isWord
        }
        return false
    }

    /// Lowercased words of letters only, for phrase and vocabulary checks.
    public static func words(_ text: some StringProtocol) -> [Substring] {
        text.lowercasedFast.split(whereSeparator: { !($0.isLetter || $0 == "'") }).map { Substring($0) }
    }

    /// The text with fenced code blocks and HTML comments removed: what the author wrote as prose.
    /// `withoutComments`: `stripHTMLComments(text)` when the caller has it already.
    public static func prose(_ text: String, withoutComments: String? = nil) -> String {
        // Without a fence or a carriage return, splitting into lines and joining them again changes nothing.
        if !text.hasByte(0x0D), !text.has("```"), !text.has("~~~") { return withoutComments ?? stripHTMLComments(text) }
        var out: [Substring] = []
        var inFence = false
        for line in lines(text) {
            let t = line.drop(while: { $0 == " " })
            if t.hasPrefix("```") || t.hasPrefix("~~~") {
                // ```inline``` on one line opens and closes nothing.
                if !(t.count > 6 && t.dropFirst(3).contains("```")) { inFence.toggle() }
                continue
            }
            if !inFence { out.append(line) }
        }
        return stripHTMLComments(out.joined(separator: "\n"))
    }

    /// Removes `<!-- … -->` comments, which templates use for instructions the author never sees rendered.
    public static func stripHTMLComments(_ text: String) -> String {
        guard text.has("<!--") else { return text }
        let bytes = Array(text.utf8)
        let opens = TextSearch.offsets(of: "<!--", in: text)
        let closes = TextSearch.offsets(of: "-->", in: text)
        var result: [UInt8] = []
        var position = 0
        var closeIndex = 0
        for open in opens where open >= position {
            result += bytes[position..<open]
            while closeIndex < closes.count, closes[closeIndex] < open + 4 { closeIndex += 1 }
            guard closeIndex < closes.count else { return String(decoding: result, as: UTF8.self) }
            position = closes[closeIndex] + 3
        }
        result += bytes[min(position, bytes.count)...]
        return String(decoding: result, as: UTF8.self)
    }

    /// Lines of a text, with a trailing carriage return removed: `\n` and `\r\n` both end a line. Found on the
    /// UTF-8 bytes — splitting on the `Character` "\n" is slower and never splits at `\r\n`, which Swift reads as
    /// one grapheme, so a description typed in a browser (CRLF) would have been one line.
    public static func lines(_ text: String) -> [Substring] {
        var text = text
        let ends: [(Int, Int)] = text.withUTF8 { bytes in
            var ends: [(Int, Int)] = []
            var start = 0
            for offset in bytes.indices where bytes[offset] == 0x0A {
                ends.append((start, offset > start && bytes[offset - 1] == 0x0D ? offset - 1 : offset))
                start = offset + 1
            }
            let count = bytes.count
            ends.append((start, count > start && bytes[count - 1] == 0x0D ? count - 1 : count))
            return ends
        }
        let utf8 = text.utf8
        return ends.map { start, end in
            text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
        }
    }

    /// Each line of `lines(text)`, in order, until `body` returns false: a reader that stops early reads no further.
    public static func forEachLine(of text: String, _ body: (Substring) -> Bool) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                var end = index
                if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
                guard body(text[start..<end]) else { return }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        var end = utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
        _ = body(text[start..<end])
    }

    /// Markdown headings (`## Summary`, `**Impact:**` on a line of its own) with their text, lowercased.
    public static func headings(_ text: String) -> [String] {
        headings(trimmedLines: lines(prose(text)).map(\.trimmedSlice))
    }

    /// The headings among lines already trimmed (`TextScan.proseLines`).
    static func headings(trimmedLines: [Substring]) -> [String] {
        var result: [String] = []
        for t in trimmedLines {
            if t.hasPrefix("#") {
                let title = t.drop(while: { $0 == "#" }).trimmed
                if !title.isEmpty { result.append(title.lowercasedFast) }
            } else if t.hasPrefix("**"), t.hasSuffix("**") || t.hasSuffix("**:") || t.hasSuffix(":**"), t.count < 60 {
                let title = t.trimmingScalars { $0 == "*" || $0 == ":" || $0 == " " }
                if !title.isEmpty { result.append(title.lowercasedFast) }
            }
        }
        return result
    }

    /// Shortens a quotation for evidence, on one line.
    public static func quote(_ text: some StringProtocol, limit: Int = 80) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmed
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    /// The day of a date in UTC, `2026-12-07`.
    public static func day(_ date: Date) -> String {
        ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate])
    }

    /// Parses an ISO 8601 timestamp as GitHub writes it.
    public static func date(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        return try? Date(text, strategy: .iso8601)
    }
}
