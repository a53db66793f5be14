import Foundation

/// The files of a project and the symbols they define, with line ranges: what claims are checked against.
/// Built by `SourceIndexer` from file contents (the CLI reads the tree); encoded as JSON by `levee index`.
public struct SourceIndex: Sendable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public var path: String
        public var lines: Int
    }

    public struct Symbol: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Codable {
            case function, macro, type, variable
        }
        public var name: String
        public var kind: Kind
        /// Index into `files`.
        public var file: Int
        public var line: Int
        /// The last line of a function's body, when the indexer could find it.
        public var endLine: Int?

        enum CodingKeys: String, CodingKey {
            case name, kind, file, line
            case endLine = "end_line"
        }
    }

    /// The project's name (the tree's folder name, or given), for qualified API calls (`numpy` ↔ `np.erf`).
    public var project: String
    public var files: [File]
    public var symbols: [Symbol]
    /// Every identifier with an underscore written anywhere in the tree (code, comments, documents), sorted.
    public var mentions: [String]
    /// What was indexed, for saying what a claim was checked against: the trees' folder names (`curl-8.14.1`) or
    /// `checkout@revision`; empty in indexes written before Levee kept them.
    public var trees: [String] = []

    enum CodingKeys: String, CodingKey { case project, files, symbols, mentions, trees }

    private var byName: [String: [Int]] = [:]
    private var byPath: [String: Int] = [:]
    private var byBasename: [String: [Int]] = [:]
    private var folders: Set<String> = []
    private var mentionSet: Set<String> = []
    private var lowercasedMentions: [String] = []
    /// Name prefixes (up to the first `_`) that many symbols share: `Curl`, `curl`, `ossl`.
    public private(set) var prefixes: Set<String> = []

    public init(project: String, files: [File], symbols: [Symbol], mentions: [String] = []) {
        self.project = project
        self.files = files
        self.symbols = symbols
        self.mentions = mentions
        buildLookups()
    }

    /// One index of several trees — releases of the same project, so a name that any of them had is known. A path in
    /// more than one keeps its longest line count; symbols keep their own lines.
    public init(merging indexes: [SourceIndex], project: String? = nil) {
        var files: [File] = []
        var number: [String: Int] = [:]
        var symbols: [Symbol] = []
        var mentions = Set<String>()
        var trees: [String] = []
        for index in indexes {
            trees += index.trees
            var renumber: [Int] = []
            for file in index.files {
                if let existing = number[file.path] {
                    files[existing].lines = max(files[existing].lines, file.lines)
                    renumber.append(existing)
                } else {
                    number[file.path] = files.count
                    renumber.append(files.count)
                    files.append(file)
                }
            }
            for var symbol in index.symbols {
                symbol.file = renumber[symbol.file]
                symbols.append(symbol)
            }
            mentions.formUnion(index.mentions)
        }
        self.init(
            project: project ?? indexes.first?.project ?? "", files: files, symbols: symbols,
            mentions: mentions.sorted())
        self.trees = trees
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        project = try container.decode(String.self, forKey: .project)
        files = try container.decode([File].self, forKey: .files)
        symbols = try container.decode([Symbol].self, forKey: .symbols)
        mentions = try container.decodeIfPresent([String].self, forKey: .mentions) ?? []
        trees = try container.decodeIfPresent([String].self, forKey: .trees) ?? []
        buildLookups()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(project, forKey: .project)
        try container.encode(files, forKey: .files)
        try container.encode(symbols, forKey: .symbols)
        try container.encode(mentions, forKey: .mentions)
        if !trees.isEmpty { try container.encode(trees, forKey: .trees) }
    }

    mutating func buildLookups() {
        mentionSet = Set(mentions)
        for (index, symbol) in symbols.enumerated() { byName[symbol.name, default: []].append(index) }
        for (index, file) in files.enumerated() {
            byPath[file.path] = index
            let base = file.path.split(separator: "/").last.map(String.init) ?? file.path
            byBasename[base, default: []].append(index)
            var folder = Substring(file.path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        func prefixCounts(_ names: some Sequence<String>) -> [String: Int] {
            var counts: [String: Int] = [:]
            for name in names {
                guard let underscore = name.firstIndex(of: "_"), underscore != name.startIndex else { continue }
                counts[String(name[..<underscore]), default: 0] += 1
            }
            return counts
        }
        // A prefix is the project's when it defines many names with it and they are a fair share of those it writes:
        // curl defines a few `SSL_` macros but mentions hundreds of OpenSSL's `SSL_` functions, so `SSL_` is not curl's.
        // Functions and types only: macros are often a dependency's names redefined for compatibility.
        let defined = prefixCounts(Set(symbols.filter { $0.kind != .macro }.map(\.name)))
        let mentioned = prefixCounts(mentions)
        prefixes = Set(
            defined.filter { prefix, count in
                count >= 10 && prefix.count >= 2 && Double(count) >= 0.25 * Double(mentioned[prefix] ?? 0)
            }.keys)
        lowercasedMentions = Set(byName.keys).union(mentions).map { $0.lowercased() }
    }

    public func symbols(named name: String) -> [Symbol] { (byName[name] ?? []).map { symbols[$0] } }

    /// Whether the name is written anywhere in the tree, defined or not.
    public func mentions(_ name: String) -> Bool { mentionSet.contains(name) || byName[name] != nil }

    /// A name the tree writes that the cited one could mean, ignoring case: one containing it (people shorten
    /// `Curl_wssl_verify_pinned` to `wssl_verify_pinned`, `do_SOCKS5` to `do_SOCKS`) or one edit away (a typo, or
    /// the project's own: curl once had `Curl_detach_connnection`). Nil when the name is nothing like the project's.
    public func nearestMention(_ name: String) -> String? {
        let cited = name.lowercased()
        let citedBytes = Array(cited.utf8)
        for known in lowercasedMentions {
            if known.utf8.count >= citedBytes.count, known.contains(cited) { return known }
            if citedBytes.count >= 8, abs(known.utf8.count - citedBytes.count) <= 1,
                Self.withinOneEdit(citedBytes, Array(known.utf8))
            {
                return known
            }
        }
        return nil
    }

    /// Levenshtein distance ≤ 1, in one pass.
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard long.count - short.count <= 1 else { return false }
        var i = 0
        while i < short.count, short[i] == long[i] { i += 1 }
        if i == short.count { return true }
        if short.count == long.count { return short[(i + 1)...] == long[(i + 1)...] }
        return short[i...] == long[(i + 1)...]
    }

    /// The file a cited path means: the exact relative path, or a unique file whose path ends with it.
    public func file(matching cited: String) -> File? {
        var path = cited
        while path.hasPrefix("./") || path.hasPrefix("/") { path.removeFirst(path.hasPrefix("/") ? 1 : 2) }
        if let index = byPath[path] { return files[index] }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let candidates = (byBasename[base] ?? []).filter {
            files[$0].path.hasSuffix("/" + path) || files[$0].path == path
        }
        if candidates.count >= 1 { return files[candidates[0]] }
        return nil
    }

    /// Whether the tree has this folder (`lib`, `lib/vtls`): a cited `lib/vtls/x.c` then claims to be in this project.
    public func hasDirectory(_ path: String) -> Bool { folders.contains(path) }
}
