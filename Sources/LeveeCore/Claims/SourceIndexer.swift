import Foundation

/// Finds defined symbols in source files with careful line patterns, no compiler: C and C++ (functions with their
/// brace-matched bodies, macros, structs, unions, enums, typedefs), Python (defs, classes, module attributes,
/// annotated stubs), JavaScript/TypeScript (functions, classes, exported consts), Swift, Go, Rust and Java. Comments
/// and string literals are blanked before matching, so code in them defines nothing.
public enum SourceIndexer {
    public enum Language: Sendable {
        case c, python, javascript, swift, go, rust, java
    }

    public static func language(of path: String) -> Language? {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "m", "mm", "inc": return .c
        case "py", "pyi", "pyx", "pxd": return .python
        case "js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts": return .javascript
        case "swift": return .swift
        case "go": return .go
        case "rs": return .rust
        case "java", "kt": return .java
        default: return nil
        }
    }

    /// Indexes the given files (path relative to the tree's root, and contents). Every file counts for paths and line
    /// numbers; only source files are searched for symbols.
    public static func index(project: String, files: [(path: String, contents: Data)]) -> SourceIndex {
        var entries: [SourceIndex.File] = []
        var symbols: [SourceIndex.Symbol] = []
        var mentions = Set<String>()
        for (number, file) in files.enumerated() {
            let bytes = [UInt8](file.contents)
            let lineCount =
                bytes.isEmpty ? 0 : bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + (bytes.last == 0x0A ? 0 : 1)
            entries.append(SourceIndex.File(path: file.path, lines: lineCount))
            guard !bytes.contains(0) else { continue }
            collectMentions(bytes, into: &mentions)
            guard let language = language(of: file.path) else { continue }
            let lines = blanked(bytes, language: language)
            for var symbol in scan(lines, language: language) {
                symbol.file = number
                symbols.append(symbol)
            }
        }
        return SourceIndex(project: project, files: entries, symbols: symbols, mentions: mentions.sorted())
    }

    /// Identifiers with an underscore (`Curl_proxyCONNECT`, `CURLOPT_URL`, `SSL_set_ex_data`), 4 to 80 characters,
    /// anywhere in a text file — code, comments, documentation, the changelog. A name in none of them is one the project
    /// has never written down; a name only mentioned (an option, a dependency's function, one removed years ago and
    /// still in CHANGES) is not evidence of invention.
    static func collectMentions(_ bytes: [UInt8], into mentions: inout Set<String>) {
        var start = -1
        var underscore = false
        func isWordByte(_ b: UInt8) -> Bool {
            b == 0x5F || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        for position in 0...bytes.count {
            let byte = position < bytes.count ? bytes[position] : 0x20
            if isWordByte(byte) {
                if start < 0 { start = position; underscore = false }
                if byte == 0x5F { underscore = true }
            } else if start >= 0 {
                let length = position - start
                let first = bytes[start]
                if underscore, length >= 4, length <= 80, !(first >= 0x30 && first <= 0x39) {
                    mentions.insert(String(decoding: bytes[start..<position], as: UTF8.self))
                }
                start = -1
            }
        }
    }

    // MARK: Blanking comments and strings

    /// The file's lines with comments and string literals replaced by spaces (lines and columns keep their places).
    static func blanked(_ bytes: [UInt8], language: Language) -> [String] {
        var out = bytes
        var i = 0
        let n = bytes.count
        let hashComments = language == .python
        while i < n {
            let c = bytes[i]
            if !hashComments, c == UInt8(ascii: "/"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "/") {
                while i < n, bytes[i] != 0x0A { out[i] = 0x20; i += 1 }
            } else if !hashComments, c == UInt8(ascii: "/"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "*") {
                out[i] = 0x20
                out[i + 1] = 0x20
                i += 2
                while i < n, !(bytes[i] == UInt8(ascii: "*") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] != 0x0A { out[i] = 0x20 }
                    i += 1
                }
                if i < n { out[i] = 0x20; if i + 1 < n { out[i + 1] = 0x20 }; i += 2 }
            } else if hashComments, c == UInt8(ascii: "#") {
                while i < n, bytes[i] != 0x0A { out[i] = 0x20; i += 1 }
            } else if c == UInt8(ascii: "\"") || (c == UInt8(ascii: "'") && language != .rust && language != .swift) {
                // Python's triple quotes: blank to the closing triple.
                if language == .python, i + 2 < n, bytes[i + 1] == c, bytes[i + 2] == c {
                    i += 3
                    while i + 2 < n, !(bytes[i] == c && bytes[i + 1] == c && bytes[i + 2] == c) {
                        if bytes[i] != 0x0A { out[i] = 0x20 }
                        i += 1
                    }
                    i += 3
                    continue
                }
                i += 1
                while i < n, bytes[i] != c, bytes[i] != 0x0A {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < n { out[i] = 0x20; i += 1 }
                    out[i] = 0x20
                    i += 1
                }
                i += 1
            } else {
                i += 1
            }
        }
        // Split on the byte: splitting a String on "\n" walks grapheme clusters, which is far slower.
        return out.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Patterns

    static let cKeywords: Set<String> = [
        "if", "for", "while", "switch", "return", "sizeof", "else", "do", "case", "defined", "typeof", "alignof",
        "__attribute__", "_Static_assert", "static_assert", "__declspec", "decltype",
    ]

    static func scan(_ lines: [String], language: Language) -> [SourceIndex.Symbol] {
        switch language {
        case .c: return scanC(lines)
        case .python: return scanPython(lines)
        default: return scanByPatterns(lines, language: language)
        }
    }

    static func symbol(_ name: Substring, _ kind: SourceIndex.Symbol.Kind, line: Int, end: Int? = nil)
        -> SourceIndex.Symbol
    {
        SourceIndex.Symbol(name: String(name), kind: kind, file: 0, line: line, endLine: end)
    }

    static func isIdentifierStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isIdentifier(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }

    /// The identifier right before the first `(` of the text, if the text up to it is a declaration's head.
    static func nameBeforeParen(_ text: Substring) -> Substring? {
        guard let paren = text.firstIndex(of: "(") else { return nil }
        var end = paren
        while end > text.startIndex, text[text.index(before: end)] == " " { end = text.index(before: end) }
        var start = end
        while start > text.startIndex, isIdentifier(text[text.index(before: start)]) {
            start = text.index(before: start)
        }
        guard start < end, isIdentifierStart(text[start]) else { return nil }
        return text[start..<end]
    }

    /// What the C scanner needs of a line, computed once from its bytes.
    struct CLine {
        var opens = 0
        var closes = 0
        var hasParen = false
        var hasSemicolon = false
        var hasEquals = false
        var firstByte: UInt8 = 0

        init(_ line: String) {
            var first = true
            for byte in line.utf8 {
                if first { firstByte = byte; first = false }
                switch byte {
                case UInt8(ascii: "{"): opens += 1
                case UInt8(ascii: "}"): closes += 1
                case UInt8(ascii: "("): hasParen = true
                case UInt8(ascii: ";"): hasSemicolon = true
                case UInt8(ascii: "="): hasEquals = true
                default: break
                }
            }
        }

        var startsIdentifier: Bool {
            firstByte == UInt8(ascii: "_") || (firstByte >= 65 && firstByte <= 90)
                || (firstByte >= 97 && firstByte <= 122)
        }
    }

    /// Braces inside `#else`/`#elif` branches do not add to those of the first branch: after such a branch the depth
    /// is the first branch's again (`#ifdef X` `if(a) {` `#else` `if(b) {` `#endif` opens one block, not two). The
    /// correction is written onto the directive lines as extra braces, so every later count just sums.
    static func balancePreprocessorBranches(_ facts: inout [CLine], _ lines: [String]) {
        var depth = 0
        var stack: [(atIf: Int, afterFirst: Int?)] = []
        for index in lines.indices {
            let trimmed = lines[index].drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") {
                let directive = trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }
                var delta = 0
                if directive.hasPrefix("if") {
                    stack.append((depth, nil))
                } else if directive.hasPrefix("el"), let top = stack.last {
                    if top.afterFirst == nil { stack[stack.count - 1].afterFirst = depth }
                    delta = top.atIf - depth
                } else if directive.hasPrefix("endif"), let top = stack.popLast(), let afterFirst = top.afterFirst {
                    delta = afterFirst - depth
                }
                if delta > 0 { facts[index].opens += delta } else { facts[index].closes -= delta }
            }
            depth += facts[index].opens - facts[index].closes
        }
    }

    static func scanC(_ lines: [String]) -> [SourceIndex.Symbol] {
        var facts = lines.map(CLine.init)
        balancePreprocessorBranches(&facts, lines)
        var found: [SourceIndex.Symbol] = []
        var depth = 0
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let fact = facts[index]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") {
                let directive = trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }
                if directive.hasPrefix("define") {
                    let rest = directive.dropFirst(6).drop { $0 == " " || $0 == "\t" }
                    let name = rest.prefix(while: isIdentifier)
                    if !name.isEmpty { found.append(symbol(name, .macro, line: index + 1)) }
                }
                depth = max(0, depth + fact.opens - fact.closes)
                index += 1
                continue
            }
            if depth == 0,
                fact.opens + fact.closes + (fact.hasParen ? 1 : 0) + (fact.hasSemicolon ? 1 : 0) > 0
                    || trimmed.hasPrefix("struct") || trimmed.hasPrefix("typedef") || trimmed.hasPrefix("union")
                    || trimmed.hasPrefix("enum")
            {
                // struct/union/enum NAME {   and   typedef … NAME;
                for keyword in ["struct ", "union ", "enum ", "typedef struct ", "typedef union ", "typedef enum "]
                where trimmed.hasPrefix(keyword) {
                    let name = trimmed.dropFirst(keyword.count).prefix(while: isIdentifier)
                    if !name.isEmpty, fact.opens > 0 || (index + 1 < lines.count && lines[index + 1].hasPrefix("{")) {
                        found.append(symbol(name, .type, line: index + 1))
                    }
                    break
                }
                if trimmed.hasPrefix("typedef "), trimmed.hasSuffix(";"), !fact.hasParen {
                    let words = trimmed.dropLast().split { !isIdentifier($0) }
                    if let name = words.last { found.append(symbol(name, .type, line: index + 1)) }
                }
                // A function definition: a head at the top level with `(`, whose declaration does not end with `;`
                // before the body's `{`.
                if (fact.startsIdentifier || fact.firstByte == UInt8(ascii: "*")), fact.hasParen,
                    let name = nameBeforeParen(Substring(line)), !cKeywords.contains(String(name))
                {
                    var lookahead = index
                    var sawBrace = false
                    var blocked = false
                    var sawClose = false
                    while lookahead < lines.count, lookahead < index + 12 {
                        let ahead = facts[lookahead]
                        sawClose = sawClose || lines[lookahead].utf8.contains(UInt8(ascii: ")"))
                        if ahead.opens > 0 {
                            // Only what stands before the brace counts.
                            let head = lines[lookahead].split(
                                separator: "{", maxSplits: 1, omittingEmptySubsequences: false)[0]
                            blocked = blocked || head.contains(";") || head.contains("=")
                            sawBrace = true
                            break
                        }
                        if ahead.hasSemicolon || ahead.hasEquals {
                            blocked = true
                            break
                        }
                        lookahead += 1
                    }
                    if sawBrace, !blocked, sawClose {
                        // The body ends where the braces balance.
                        var bodyDepth = 0
                        var end = lookahead
                        while end < lines.count {
                            bodyDepth += facts[end].opens - facts[end].closes
                            if bodyDepth <= 0, facts[end].closes > 0 || facts[end].opens > 0 { break }
                            end += 1
                        }
                        found.append(symbol(name, .function, line: index + 1, end: min(end, lines.count - 1) + 1))
                        index = max(index + 1, end + 1)
                        continue
                    }
                }
            }
            // `extern "C" {` and `namespace x {` wrap declarations without nesting them.
            let wrapper = (trimmed.hasPrefix("extern ") || trimmed.hasPrefix("namespace")) && !fact.hasParen
            if !wrapper { depth = max(0, depth + fact.opens - fact.closes) }
            if depth == 0, fact.closes > 0, trimmed.hasPrefix("}"), trimmed.hasSuffix(";") {
                let name = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, name.allSatisfy(isIdentifier) {
                    found.append(symbol(Substring(name), .type, line: index + 1))
                }
            }
            index += 1
        }
        return found
    }

    static func scanPython(_ lines: [String]) -> [SourceIndex.Symbol] {
        var found: [SourceIndex.Symbol] = []
        for (index, line) in lines.enumerated() {
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            var rest = line.dropFirst(indent)
            if rest.hasPrefix("async ") { rest = rest.dropFirst(6) }
            if rest.hasPrefix("def ") || rest.hasPrefix("cdef ") || rest.hasPrefix("cpdef ") {
                let name = nameBeforeParen(rest.drop { $0 != " " }.dropFirst())
                if let name {
                    var end = index + 1
                    while end < lines.count {
                        let next = lines[end]
                        let nextIndent = next.prefix { $0 == " " || $0 == "\t" }.count
                        if !next.trimmingCharacters(in: .whitespaces).isEmpty, nextIndent <= indent { break }
                        end += 1
                    }
                    found.append(symbol(name, .function, line: index + 1, end: end))
                }
            } else if rest.hasPrefix("class ") {
                let name = rest.dropFirst(6).prefix(while: isIdentifier)
                if !name.isEmpty { found.append(symbol(name, .type, line: index + 1)) }
            } else if indent == 0, let first = rest.first, isIdentifierStart(first) {
                // Module attributes: `NAME = …`, and annotated ones in stubs: `exp: _UFunc…`.
                let name = rest.prefix(while: isIdentifier)
                let after = rest.dropFirst(name.count).drop { $0 == " " }
                if (after.hasPrefix("=") && !after.hasPrefix("==")) || (after.hasPrefix(":") && !rest.hasSuffix(":")) {
                    found.append(symbol(name, .variable, line: index + 1))
                }
            }
        }
        return found
    }

    static func scanByPatterns(_ lines: [String], language: Language) -> [SourceIndex.Symbol] {
        let functionWords: [String]
        let typeWords: [String]
        switch language {
        case .javascript:
            functionWords = ["function ", "function* "]
            typeWords = ["class ", "interface ", "type ", "enum "]
        case .swift:
            functionWords = ["func "]
            typeWords = ["class ", "struct ", "enum ", "protocol ", "actor ", "typealias ", "extension "]
        case .go:
            functionWords = ["func "]
            typeWords = ["type "]
        case .rust:
            functionWords = ["fn "]
            typeWords = ["struct ", "enum ", "trait ", "type ", "union ", "macro_rules! "]
        default:
            functionWords = []
            typeWords = ["class ", "interface ", "enum ", "record "]
        }
        var found: [SourceIndex.Symbol] = []
        for (index, line) in lines.enumerated() {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            for (position, word) in words.enumerated() {
                let token = word + " "
                if functionWords.contains(String(token)), position + 1 < words.count {
                    var next = words[position + 1]
                    if language == .go, next.hasPrefix("(") {  // a method's receiver: func (r *T) Name(
                        guard let close = words[(position + 1)...].firstIndex(where: { $0.contains(")") }),
                            close + 1 < words.count
                        else { break }
                        next = words[close + 1]
                    }
                    let name = next.prefix(while: isIdentifier)
                    if !name.isEmpty { found.append(symbol(name, .function, line: index + 1)) }
                    break
                }
                if typeWords.contains(String(token)), position + 1 < words.count {
                    let name = words[position + 1].prefix(while: isIdentifier)
                    if !name.isEmpty { found.append(symbol(name, .type, line: index + 1)) }
                    break
                }
            }
            // const/let/var NAME = …, at the top level (JS exports, Swift globals, Go vars).
            if line.first.map(isIdentifierStart) == true {
                let trimmed = line.hasPrefix("export ") ? line.dropFirst(7) : Substring(line)
                for keyword in ["const ", "let ", "var ", "static ", "pub fn ", "pub const "]
                where trimmed.hasPrefix(keyword) {
                    let name = trimmed.dropFirst(keyword.count).prefix(while: isIdentifier)
                    if !name.isEmpty { found.append(symbol(name, .variable, line: index + 1)) }
                }
            }
            if language == .java, line.contains("("), !line.contains(";"), !line.contains("="),
                let first = line.drop(while: { $0 == " " || $0 == "\t" }).first, isIdentifierStart(first),
                let name = nameBeforeParen(Substring(line)), !cKeywords.contains(String(name)), name != "new"
            {
                found.append(symbol(name, .function, line: index + 1))
            }
        }
        return found
    }
}
