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

    enum CodingKeys: String, CodingKey { case project, files, symbols }

    private var byName: [String: [Int]] = [:]
    private var byPath: [String: Int] = [:]
    private var byBasename: [String: [Int]] = [:]
    private var topFolders: Set<String> = []
    /// Name prefixes (up to the first `_`) that many symbols share: `Curl`, `curl`, `ossl`.
    public private(set) var prefixes: Set<String> = []

    public init(project: String, files: [File], symbols: [Symbol]) {
        self.project = project
        self.files = files
        self.symbols = symbols
        buildLookups()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        project = try container.decode(String.self, forKey: .project)
        files = try container.decode([File].self, forKey: .files)
        symbols = try container.decode([Symbol].self, forKey: .symbols)
        buildLookups()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(project, forKey: .project)
        try container.encode(files, forKey: .files)
        try container.encode(symbols, forKey: .symbols)
    }

    mutating func buildLookups() {
        for (index, symbol) in symbols.enumerated() { byName[symbol.name, default: []].append(index) }
        for (index, file) in files.enumerated() {
            byPath[file.path] = index
            let base = file.path.split(separator: "/").last.map(String.init) ?? file.path
            byBasename[base, default: []].append(index)
            if let slash = file.path.firstIndex(of: "/") { topFolders.insert(String(file.path[..<slash])) }
        }
        var counts: [String: Int] = [:]
        for name in byName.keys {
            guard let underscore = name.firstIndex(of: "_"), underscore != name.startIndex else { continue }
            counts[String(name[..<underscore]), default: 0] += 1
        }
        prefixes = Set(counts.filter { $0.value >= 10 && $0.key.count >= 2 }.keys)
    }

    public func symbols(named name: String) -> [Symbol] { (byName[name] ?? []).map { symbols[$0] } }

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

    /// Whether the tree has a top-level folder of this name (so a cited `lib/x.c` claims to be in this project).
    public func hasDirectory(_ name: String) -> Bool { topFolders.contains(name) }
}
