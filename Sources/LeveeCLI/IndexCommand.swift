import ArgumentParser
import Foundation
import LeveeCore

public struct IndexCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a source tree's files and defined symbols, for checking what contributions claim about it.",
        discussion: """
            Writes JSON (the files with their line counts, the functions, macros, types and module attributes each \
            defines with line ranges, and every identifier with an underscore written anywhere in the tree). \
            `levee check --index FILE` uses it; `--repo-root DIR` indexes on the fly. Several trees (releases of the \
            same project) make one index: a name any of them has is known. `--git DIR --at REV|DATE` (repeated) \
            indexes a git checkout as it stood at each tag, commit or date (the last commit on HEAD's history \
            before it), so a name that existed in the reporter's release is known.
            """)

    @Argument(help: "The source tree, or several releases of it.") var directories: [String] = []
    @Option(help: "A git checkout to index at the revisions --at names (default: HEAD).") var git: String?
    @Option(
        name: .customLong("at"),
        help: "With --git: a tag, branch or commit, or a date (YYYY-MM-DD: the last commit before it). Repeatable.")
    var revisions: [String] = []
    @Option(name: .shortAndLong, help: "Where to write the index (default: standard output).") var output: String?
    @Option(help: "The project's name (default: the folder's name), for `np.erf`-style calls.") var project: String?

    public init() {}

    public func validate() throws {
        if directories.isEmpty, git == nil { throw ValidationError("name a source tree, or a checkout with --git") }
        if git == nil, !revisions.isEmpty { throw ValidationError("--at needs --git DIR") }
    }

    public func run() async throws {
        let started = ContinuousClock.now
        let index: SourceIndex
        var sources = directories
        do {
            var trees = try await Self.buildAll(directories, project: project)
            if let git {
                let name = project ?? Self.projectName(URL(fileURLWithPath: git).standardizedFileURL.lastPathComponent)
                for revision in revisions.isEmpty ? ["HEAD"] : revisions {
                    trees.append(try GitTree.index(git, at: revision, project: name))
                    sources.append("\(git)@\(revision)")
                }
            }
            index = trees.count == 1 ? trees[0] : SourceIndex(merging: trees)
        } catch let error as ContributionError {
            throw CLIError("levee index: \(error)")
        }
        let elapsed = ContinuousClock.now - started
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(index)
        if let output {
            try data.write(to: URL(fileURLWithPath: output))
            Console.error(
                "levee index: \(index.files.count) files, \(index.symbols.count) symbols, \(index.mentions.count) "
                    + "names from \(sources.joined(separator: ", ")) in "
                    + "\(elapsed.formatted(.units(allowed: [.milliseconds]))) → \(output)")
        } else {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// Version control, build output, and quilt's `.pc` (the unpatched copies in an unpacked Debian source package).
    static let skippedFolders: Set<String> = [
        ".git", ".hg", ".svn", ".build", "node_modules", "__pycache__", ".tox", ".pc",
    ]

    /// The project's name from its folder: `curl-8.14.1` → `curl`.
    static func projectName(_ folder: String) -> String {
        guard let dash = folder.lastIndex(of: "-"), folder[folder.index(after: dash)...].first?.isNumber == true
        else { return folder }
        return String(folder[..<dash])
    }

    /// Several trees at once (one task each), in the given order.
    static func buildAll(_ directories: [String], project: String?) async throws -> [SourceIndex] {
        try await withThrowingTaskGroup(of: (Int, SourceIndex).self) { group in
            for (position, directory) in directories.enumerated() {
                group.addTask { (position, try build(directory, project: project)) }
            }
            var built: [(Int, SourceIndex)] = []
            for try await result in group { built.append(result) }
            return built.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Reads every file of the tree (up to 4 MiB each) and indexes it.
    public static func build(_ directory: String, project: String?) throws -> SourceIndex {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ContributionError(source: directory, reason: "not a directory")
        }
        var files: [(path: String, contents: Data)] = []
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .isDirectoryKey])
        while let url = walker?.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .isDirectoryKey])
            if values?.isDirectory == true {
                if skippedFolders.contains(url.lastPathComponent) { walker?.skipDescendants() }
                continue
            }
            guard values?.isRegularFile == true, (values?.fileSize ?? 0) <= 4 << 20 else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix), let data = FileManager.default.contents(atPath: path) else { continue }
            files.append((String(path.dropFirst(prefix.count)), data))
        }
        files.sort { $0.path < $1.path }
        var index = SourceIndexer.index(project: project ?? projectName(root.lastPathComponent), files: files)
        index.trees = [root.lastPathComponent]
        return index
    }

    static func load(_ path: String) throws -> SourceIndex {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ContributionError(
                source: path, reason: "no such index file (make one with `levee index DIR -o FILE`)")
        }
        do {
            return try JSONDecoder().decode(SourceIndex.self, from: data)
        } catch {
            throw ContributionError(source: path, reason: "not an index written by `levee index`: \(error)")
        }
    }
}
