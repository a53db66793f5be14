import Foundation

/// Something a contribution says about the project's source that can be checked: a file, a line in it, a function.
public struct Claim: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A path inside the project, with the cited line if any.
        case file(path: String, line: Int?)
        /// A function or other symbol the text says the project has, and the file and line it is said to be at.
        case symbol(name: String, file: String?, line: Int?)
        /// A call through the project's module (`np.erf(…)`): the attribute must exist.
        case api(module: String, name: String)
    }

    public var kind: Kind
    /// The text as cited, for evidence.
    public var cited: String
}

/// Finds claims in prose and reports. Code blocks are the reporter's own code: names they define are not claims about
/// the project, and only their file:line references (sanitizer and debugger traces) are checked.
public enum ClaimExtractor {
    static let sourceExtensions: Set<String> = [
        "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "py", "pyi", "pyx", "js", "mjs", "ts", "tsx", "go", "rs", "java",
        "kt", "swift", "m", "mm", "rb", "pl", "sh", "inc",
    ]
    /// Common import names of projects, for `alias.name` calls.
    static let moduleAliases: [String: [String]] = [
        "numpy": ["np", "numpy"], "pandas": ["pd", "pandas"], "tensorflow": ["tf", "tensorflow"],
        "networkx": ["nx", "networkx"], "seaborn": ["sns", "seaborn"], "matplotlib": ["plt", "mpl", "matplotlib"],
        "scipy": ["sp", "scipy"], "torch": ["torch"],
    ]

    /// Words that name what follows as a symbol of the source (`the function Curl_foo`).
    static let symbolWords: Set<String> = ["function", "functions", "macro", "method", "func", "routine", "symbol"]

    public static func claims(in text: String, index: SourceIndex) -> [Claim] {
        var claims: [Claim] = []
        var seen = Set<String>()
        func add(_ claim: Claim, key: String) {
            if seen.insert(key).inserted { claims.append(claim) }
        }
        let (prose, code) = split(text)
        let defined = definedNames(in: code)
        let own = ownFiles(in: prose)
        let knownModule = moduleAliases[index.project.lowercased()] != nil
        let aliases = Set(moduleAliases[index.project.lowercased()] ?? [index.project.lowercased()])

        for (line, isCode) in prose.map({ ($0, false) }) + code.map({ ($0, true) }) {
            let tokens = tokenize(line)
            for (position, token) in tokens.enumerated() {
                if let (path, cited) = filePath(token, index: index) {
                    // The reporter's own program in a trace of it (`/root/curl/tests/unit/poc.c:36`): no claim.
                    if let name = path.split(separator: "/").last, own.contains(String(name)) { continue }
                    var lineNumber = cited
                    if lineNumber == nil, position + 2 < tokens.count, tokens[position + 1].lowercased() == "line" {
                        lineNumber = Int(tokens[position + 2])
                    }
                    add(
                        Claim(kind: .file(path: path, line: lineNumber), cited: token),
                        key: "f \(path) \(lineNumber ?? 0)")
                    // "in Curl_foo /src/lib/url.c:123" (a sanitizer frame) or "Curl_foo() in lib/url.c:123".
                    if let lineNumber {
                        for back in stride(from: position - 1, through: max(0, position - 3), by: -1) {
                            let name = tokens[back].hasSuffix("()") ? String(tokens[back].dropLast(2)) : tokens[back]
                            if isProjectSymbol(name, index: index), !defined.contains(name) {
                                add(
                                    Claim(
                                        kind: .symbol(name: name, file: path, line: lineNumber),
                                        cited: "\(name) at \(token)"),
                                    key: "s \(name) \(path) \(lineNumber)")
                                break
                            }
                        }
                    }
                    continue
                }
                guard !isCode else { continue }
                // module.name(…) through the project's module: a Python or JavaScript project's import name
                // (`np.erf`), or any project's name with call syntax (`curl.h` is a file, not an API).
                let parts = token.split(separator: ".")
                if parts.count == 2, aliases.contains(String(parts[0])),
                    knownModule || parts[1].contains("("), parts[1].first?.isLetter == true
                {
                    let name = String(parts[1].prefix { $0 == "_" || $0.isLetter || $0.isNumber })
                    if !name.isEmpty {
                        add(
                            Claim(kind: .api(module: String(parts[0]), name: name), cited: "\(parts[0]).\(name)"),
                            key: "a \(name)")
                    }
                    continue
                }
                // A name in prose is a claim only with the context that makes it one: called or named as a function
                // (`Curl_foo()`, `Curl_foo(conn, 1)`) or called a function, macro or method. A bare name may be the
                // reporter's shorthand, a name of another release, or a word of the project's own documentation.
                var name = token
                var named = position > 0 && Self.symbolWords.contains(tokens[position - 1].lowercased())
                if token.hasSuffix("()") {
                    name = String(token.dropLast(2))
                    named = true
                } else if let paren = token.firstIndex(of: "("), paren > token.startIndex {
                    name = String(token[..<paren])
                    named = true
                }
                if named, isProjectSymbol(name, index: index), !defined.contains(name) {
                    add(Claim(kind: .symbol(name: name, file: nil, line: nil), cited: name), key: "s \(name)")
                }
            }
        }
        return claims
    }

    /// Words of a line that makes a file the reporter's own: compiled, attached, saved, written, built.
    static let ownFileWords = [
        "compile", "attach", "save", "create", "write", "build", "gcc ", "clang ", "cc ", "my ", "our ",
    ]

    /// File names (no folder) with a source extension that the report's prose names as its own program: on a line
    /// that compiles, attaches, saves or creates it (`Compile the attached poc.c`). A trace of that program cites
    /// it under the reporter's build folder, which may sit inside a checkout of the project.
    static func ownFiles(in prose: [String]) -> Set<String> {
        var own = Set<String>()
        for line in prose {
            let lower = line.lowercasedFast
            guard ownFileWords.contains(where: { lower.contains($0) }) else { continue }
            for token in tokenize(line) where !token.contains("/") {
                guard let dot = token.lastIndex(of: "."), dot > token.startIndex,
                    sourceExtensions.contains(String(token[token.index(after: dot)...]).lowercased())
                else { continue }
                own.insert(token)
            }
        }
        return own
    }

    /// Prose lines and code lines (fenced blocks and indented blocks).
    static func split(_ text: String) -> (prose: [String], code: [String]) {
        var prose: [String] = []
        var code: [String] = []
        var fenced = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(raw)
            let trimmed = line.trimmed
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fenced.toggle()
                continue
            }
            if fenced || line.hasPrefix("    ") || line.hasPrefix("\t") {
                code.append(line)
            } else {
                prose.append(line)
            }
        }
        return (prose, code)
    }

    /// Functions the reporter's own code defines (`void poc(void) {`, `def helper(`): not claims about the project.
    static func definedNames(in code: [String]) -> Set<String> {
        var names = Set<String>()
        for line in code {
            let trimmed = line.trimmed
            for keyword in ["def ", "function ", "fn ", "func "] where trimmed.hasPrefix(keyword) {
                names.insert(
                    String(trimmed.dropFirst(keyword.count).prefix { $0 == "_" || $0.isLetter || $0.isNumber }))
            }
            if let first = trimmed.first, first.isLetter, trimmed.contains("("), !trimmed.hasSuffix(";"),
                let name = SourceIndexer.nameBeforeParen(Substring(trimmed)), trimmed.split(separator: " ").count >= 2,
                trimmed.split(separator: " ").first.map({ !$0.contains("(") }) == true
            {
                names.insert(String(name))
            }
        }
        return names
    }

    /// Words with the punctuation that cannot belong to a path or an identifier taken off.
    static func tokenize(_ line: String) -> [String] {
        line.split { c in c.isWhitespace || "`'\"<>[]{},;|*".contains(c) }.map { token in
            var t = Substring(token)
            while let first = t.first, "(".contains(first) { t = t.dropFirst() }
            while let last = t.last, ".,:;!?)".contains(last), !(t.hasSuffix("()")) { t = t.dropLast() }
            if t.hasSuffix("())") { t = t.dropLast() }
            return String(t)
        }.filter { !$0.isEmpty }
    }

    /// A path inside the project: its first folder is one of the tree's top-level folders (an absolute path is cut
    /// where such a folder starts). Returns the path and the cited line.
    static func filePath(_ token: String, index: SourceIndex) -> (String, Int?)? {
        // path, path:line or path:line:column.
        let parts = token.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3, parts.dropFirst().allSatisfy({ Int($0) != nil }) else { return nil }
        let line = parts.count > 1 ? Int(parts[1]) : nil
        let path = parts[0]
        guard let dot = path.lastIndex(of: "."),
            sourceExtensions.contains(String(path[path.index(after: dot)...]).lowercased()),
            path.contains("/"), !path.hasPrefix("http"), !path.contains("//")
        else { return nil }
        // `lib/../../lib/x.c` (a build folder's relative path in a sanitizer trace) means `lib/x.c`.
        var components: [String] = []
        for component in path.split(separator: "/") where component != "." {
            if component == "..", !components.isEmpty {
                components.removeLast()
            } else {
                components.append(String(component))
            }
        }
        // Where the project's part of the path starts: the first place from which the whole folder exists in the
        // tree (`/src/curl/lib/url.c` is `lib/url.c`; `/src/llvm-project/compiler-rt/…` is no claim about curl).
        guard components.count >= 2 else { return nil }
        for start in 0..<(components.count - 1)
        where index.hasDirectory(components[start..<(components.count - 1)].joined(separator: "/")) {
            return (components[start...].joined(separator: "/"), line)
        }
        return nil
    }

    /// A name that belongs to this project's namespace: its prefix (up to the first `_`) is one the project's own
    /// symbols share (`Curl_`, `curl_`, `ossl_`), or the project defines it.
    static func isProjectSymbol(_ name: String, index: SourceIndex) -> Bool {
        guard name.count >= 4, let first = name.first, first == "_" || first.isLetter,
            name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        else { return false }
        if !index.symbols(named: name).isEmpty { return true }
        guard let underscore = name.firstIndex(of: "_"), underscore != name.startIndex else { return false }
        return index.prefixes.contains(String(name[..<underscore]))
    }
}

/// Checks claims against the index.
public enum ClaimVerifier {
    /// Lines a function may have moved between the reporter's version and the indexed one before a cited line counts
    /// as "not in that function".
    public static let lineTolerance = 200

    public static func verify(_ contribution: Contribution, index: SourceIndex) -> ClaimsReport {
        let text = contribution.title + "\n" + contribution.body
        let claims = ClaimExtractor.claims(in: text, index: index)
        var missing: [String] = []
        var absent = Set<String>()
        for claim in claims {
            switch claim.kind {
            case .file(let path, let line):
                guard let file = index.file(matching: path) else {
                    // One missing file is one finding, however many of its lines a trace cites.
                    if absent.insert(path).inserted {
                        missing.append("\(claim.cited): no file \(path) in \(index.project)")
                    }
                    continue
                }
                // Past the end by more than releases move code (a quarter of the file and 50 lines).
                if let line, line > file.lines + max(50, file.lines / 4) {
                    missing.append("\(claim.cited): \(file.path) has \(file.lines) lines")
                }
            case .symbol(let name, let path, let line):
                let found = index.symbols(named: name)
                if found.isEmpty {
                    // Mentioned but not defined here: an option, a dependency's function, a name since removed.
                    // Near another name: shortened or misspelt, which people do too.
                    if !index.mentions(name), index.nearestMention(name) == nil, absent.insert(name).inserted {
                        missing.append(
                            "\(name): `\(name)` appears nowhere in \(index.project)'s source, nor anything close to it")
                    }
                    continue
                }
                guard let path, let line, let file = index.file(matching: path),
                    let fileNumber = index.files.firstIndex(of: file)
                else { continue }
                let here = found.filter { $0.file == fileNumber }
                let language = SourceIndexer.language(of: file.path)
                // "Not in that file" only against definitions in the same language (a Python helper named `curl` says
                // nothing about a C frame).
                if here.isEmpty, found.allSatisfy({ $0.kind == .function }),
                    found.contains(where: { SourceIndexer.language(of: index.files[$0.file].path) == language })
                {
                    let places = found.prefix(2).map { "\(index.files[$0.file].path):\($0.line)" }
                    missing.append(
                        "\(claim.cited): `\(name)` is not in \(file.path) (it is at \(places.joined(separator: ", ")))")
                } else {
                    // Every version's body of the function (an index may merge releases) must be far from the line.
                    let bodies = here.filter { $0.kind == .function && $0.endLine != nil }
                    if let function = bodies.first, let end = function.endLine,
                        bodies.allSatisfy({
                            line < $0.line - lineTolerance || line > ($0.endLine ?? $0.line) + lineTolerance
                        })
                    {
                        missing.append(
                            "\(claim.cited): `\(name)` spans lines \(function.line)–\(end) of \(file.path), far from "
                                + "line \(line)")
                    }
                }
            case .api(let module, let name):
                if index.symbols(named: name).isEmpty {
                    missing.append("\(module).\(name): \(index.project) has no `\(name)`")
                }
            }
        }
        return ClaimsReport(
            checked: claims.count, missing: missing, against: index.trees.isEmpty ? nil : index.trees)
    }
}
