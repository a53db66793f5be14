import Foundation

extension StringProtocol {
    /// The text without leading and trailing white space and newlines. Native: Foundation's `trimmingCharacters`
    /// bridges through NSString on Linux, which was a quarter of an evaluation's time.
    public var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

/// Small, allocation-light text measures shared by the signals.
public enum TextStats {
    /// Words as a reader counts them: runs of letters or digits.
    public static func wordCount(_ text: some StringProtocol) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar =
                scalar.isASCII
                ? (scalar.value | 0x20 >= 0x61 && scalar.value | 0x20 <= 0x7A)
                    || (scalar.value >= 0x30 && scalar.value <= 0x39)
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordScalar && !inWord { count += 1 }
            inWord = isWordScalar
        }
        return count
    }

    /// Lowercased words of letters only, for phrase and vocabulary checks.
    public static func words(_ text: some StringProtocol) -> [Substring] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "'") }).map { Substring($0) }
    }

    /// The text with fenced code blocks and HTML comments removed: what the author wrote as prose.
    public static func prose(_ text: String) -> String {
        var out: [Substring] = []
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
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

    /// Lines of a text, with a trailing carriage return removed.
    public static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// Markdown headings (`## Summary`, `**Impact:**` on a line of its own) with their text, lowercased.
    public static func headings(_ text: String) -> [String] {
        var result: [String] = []
        for line in lines(prose(text)) {
            let t = line.trimmed
            if t.hasPrefix("#") {
                let title = t.drop(while: { $0 == "#" }).trimmed
                if !title.isEmpty { result.append(title.lowercased()) }
            } else if t.hasPrefix("**"), t.hasSuffix("**") || t.hasSuffix("**:") || t.hasSuffix(":**"), t.count < 60 {
                let title = t.trimmingCharacters(in: CharacterSet(charactersIn: "*: "))
                if !title.isEmpty { result.append(title.lowercased()) }
            }
        }
        return result
    }

    /// Shortens a quotation for evidence, on one line.
    public static func quote(_ text: some StringProtocol, limit: Int = 80) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmed
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    /// Parses an ISO 8601 timestamp as GitHub writes it.
    public static func date(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        return try? Date(text, strategy: .iso8601)
    }
}
