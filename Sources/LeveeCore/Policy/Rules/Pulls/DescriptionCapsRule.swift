import Foundation

/// The description (and, for emoji, the title) goes past a cap the project sets: its length in characters
/// (`pulls.max_description_length`), emoji (`pulls.max_emoji`: pictographs and `:shortcode:`s), or references to code
/// — file paths, function and method calls (`pulls.max_code_references`). anti-slop's `max-description-length`,
/// `max-emoji-count` and `max-code-references`. Each cap is its own finding, with the count and the limit; hidden
/// comments (a template's instructions) are not counted.
public struct DescriptionCapsRule: PullCheck {
    public static let id = "description_over_cap"
    public static let maxLength = RuleSetting("pulls.max_description_length", .count(1...1_000_000))
    public static let maxEmoji = RuleSetting("pulls.max_emoji", .count(1...1000))
    public static let maxCodeReferences = RuleSetting("pulls.max_code_references", .count(1...1000))
    public static let ids = [id]
    public static let settings = [maxLength, maxEmoji, maxCodeReferences]
    public static let keys = settings.map(\.key)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        var lines: [String] = []
        if let n = policy.count(maxLength) { lines.append("Descriptions are at most \(n) characters.") }
        if let n = policy.count(maxEmoji) { lines.append("Titles and descriptions carry at most \(n) emoji.") }
        if let n = policy.count(maxCodeReferences) {
            lines.append("Descriptions name at most \(n) files or functions: say why, the diff shows what.")
        }
        return lines
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull else { return [] }
        let c = input.contribution
        let body = TextStats.stripHTMLComments(c.body)
        var found: [PolicyViolation] = []
        if let limit = input.policy.count(Self.maxLength), body.count > limit {
            found.append(
                input.violation(
                    Self.id, Self.maxLength.key,
                    "The description is \(body.count) characters long; the project asks for at most \(limit). Please "
                        + "say what the change does and why, in your own words, and leave the rest out.",
                    ["\(body.count) characters, limit \(limit)"]))
        }
        if let limit = input.policy.count(Self.maxEmoji) {
            let emoji = Self.emoji(in: c.title + "\n" + body)
            if emoji.count > limit {
                found.append(
                    input.violation(
                        Self.id, Self.maxEmoji.key,
                        "The title and description carry \(emoji.count) emoji; the project asks for at most \(limit).",
                        ["\(emoji.count) emoji (" + emoji.prefix(8).joined(separator: " ") + "), limit \(limit)"]))
            }
        }
        if let limit = input.policy.count(Self.maxCodeReferences) {
            let references = Self.codeReferences(in: body)
            if references.count > limit {
                found.append(
                    input.violation(
                        Self.id, Self.maxCodeReferences.key,
                        "The description names \(references.count) files and functions; the project asks for at "
                            + "most \(limit). The diff shows what changed: please say why, briefly.",
                        [
                            "\(references.count) code references ("
                                + references.prefix(6).map { "`\($0)`" }.joined(separator: ", ") + "), limit \(limit)"
                        ]))
            }
        }
        return found
    }

    /// Each emoji of the text, in order: a character drawn as a pictograph (or asked to be, with U+FE0F), and each
    /// `:shortcode:` GitHub renders as one.
    static func emoji(in text: String) -> [String] {
        var found: [String] = []
        for character in text where character.unicodeScalars.contains(where: { $0.value >= 0x203C }) {
            let scalars = character.unicodeScalars
            if scalars.contains(where: { $0.properties.isEmojiPresentation })
                || (scalars.first?.properties.isEmoji == true && scalars.contains { $0.value == 0xFE0F })
            {
                found.append(String(character))
            }
        }
        // `:rocket:`, `:white_check_mark:`: lower-case letters, digits, `_`, `+`, `-` between two colons.
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ":"), i + 2 < bytes.count {
                var j = i + 1
                while j < bytes.count, Self.isShortcodeByte(bytes[j]) { j += 1 }
                if j < bytes.count, j > i + 1, bytes[j] == UInt8(ascii: ":"),
                    bytes[i + 1...j - 1].contains(where: { $0 >= 0x61 && $0 <= 0x7A })
                {
                    found.append(String(decoding: bytes[i...j], as: UTF8.self))
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return found
    }

    static func isShortcodeByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2B || b == 0x2D
    }

    /// Distinct file paths (`src/parse.c`, `parser.py`) and calls (`read_config()`, `Parser.parse(`) in the text,
    /// in order; URLs are not read.
    static func codeReferences(in text: String) -> [String] {
        var seen = Set<String>()
        var found: [String] = []
        let trim = CharacterSet(charactersIn: "`'\"*_,;:!?()[]{}<>").union(.whitespaces)
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            let token = String(raw)
            guard !token.contains("://") else { continue }
            var reference: String?
            if let paren = token.firstIndex(of: "("), paren > token.startIndex {
                let name = token[..<paren].trimmingCharacters(in: trim)
                if let first = name.unicodeScalars.first, CharacterSet.letters.contains(first) || first == "_",
                    name.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "." }
                    )
                {
                    reference = name + "()"
                }
            }
            if reference == nil {
                let word = token.trimmingCharacters(in: trim).trimmingCharacters(in: CharacterSet(charactersIn: "."))
                if let dot = word.lastIndex(of: "."), dot > word.startIndex,
                    Self.codeExtensions.contains(word[word.index(after: dot)...].lowercased()),
                    !word.contains(where: { $0 == "@" })
                {
                    reference = word
                }
            }
            if let reference, seen.insert(reference).inserted { found.append(reference) }
        }
        return found
    }

    static let codeExtensions: Set<String> = [
        "c", "h", "cc", "cpp", "hpp", "cs", "go", "rs", "swift", "java", "kt", "scala", "py", "pyi", "rb", "php", "js",
        "mjs", "cjs", "ts", "tsx", "jsx", "vue", "svelte", "sh", "bash", "zsh", "ps1", "sql", "json", "yml", "yaml",
        "toml", "ini", "cfg", "xml", "html", "css", "scss", "md", "rst", "txt", "lock", "gradle", "cmake", "mk", "lua",
        "dart", "ex", "exs", "erl", "hs", "ml", "zig", "nim", "jl", "r", "pl", "proto",
    ]

    static func capped(_ setting: RuleSetting, _ limit: Int) -> (inout Policy) -> Void {
        { $0.settings[setting.key] = .count(limit) }
    }

    public static let triggeringExamples = [
        PolicyExample(
            "a 700-character essay under a 500 cap",
            Example.pull(body: String(repeating: "This change improves robustness. ", count: 22)),
            policy: capped(maxLength, 500)),
        PolicyExample(
            "emoji in the title and shortcodes in the description",
            Example.pull(title: "✨ Improve parser 🚀", body: "Fixes #12 :white_check_mark: :tada:"),
            policy: capped(maxEmoji, 2)),
        PolicyExample(
            "a description walking through every function",
            Example.pull(
                body:
                    "Updated `parse_header()` in src/parse.c, `Reader.next()`, config.yml, `load()` and tests/test_parse.py."
            ), policy: capped(maxCodeReferences, 3)),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "a short description with one emoji and a version number",
            Example.pull(
                body: "Fixes #12 on 2.1.0 👍 — the parser stopped early, e.g. on quotes. See https://x.org/a.html"),
            policy: {
                capped(maxLength, 500)(&$0)
                capped(maxEmoji, 2)(&$0)
                capped(maxCodeReferences, 3)(&$0)
            }),
        PolicyExample(
            "time and ratios are not shortcodes",
            Example.pull(body: "Runs at 10:30:00 now; ratio 3:2:1."), policy: capped(maxEmoji, 1)),
    ]
}
