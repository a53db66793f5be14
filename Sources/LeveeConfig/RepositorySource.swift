import Foundation
import LeveeCore

/// One entry of a repository directory.
public struct RepositoryEntry: Sendable, Hashable {
    public var name: String
    public var isDirectory: Bool

    public init(name: String, isDirectory: Bool) {
        self.name = name
        self.isDirectory = isDirectory
    }
}

/// Where a repository's own files are read from: GitHub's default branch (the server, the backfill) or a checkout
/// (`levee check --repo-root`). The facts the evaluation takes from a repository (`RepositoryFacts`) are read the
/// same way through either, so the same item gets the same template, vouch list and packages whatever the front.
public protocol RepositorySource: Sendable {
    /// A file's text; nil when it does not exist.
    func file(_ path: String) async throws -> String?
    /// A directory's entries (`""`: the root); empty when it does not exist.
    func directory(_ path: String) async throws -> [RepositoryEntry]
}

/// A checkout on disk.
public struct CheckoutSource: RepositorySource {
    public let root: URL

    public init(root: String) { self.root = URL(fileURLWithPath: root) }

    public func file(_ path: String) async throws -> String? {
        FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    public func directory(_ path: String) async throws -> [RepositoryEntry] {
        let folder = path.isEmpty ? root : root.appendingPathComponent(path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { $0 != ".git" }.map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return RepositoryEntry(name: name, isDirectory: isDirectory.boolValue)
        }
    }
}

/// A source that reads each file and directory once: the backfill reads the vouch lists and CODEOWNERS once for all
/// the authors of a run.
public actor MemoizedSource<Base: RepositorySource>: RepositorySource {
    let base: Base
    private var files: [String: String?] = [:]
    private var directories: [String: [RepositoryEntry]] = [:]

    public init(_ base: Base) { self.base = base }

    public func file(_ path: String) async throws -> String? {
        if let known = files[path] { return known }
        let text = try await base.file(path)
        files[path] = .some(text)
        return text
    }

    public func directory(_ path: String) async throws -> [RepositoryEntry] {
        if let known = directories[path] { return known }
        let entries = try await base.directory(path)
        directories[path] = entries
        return entries
    }
}

/// What the evaluation reads from a repository's own files, in one place for every front.
public enum RepositoryFacts {
    /// Where the vouch list may be, in the order looked at: the policy's `trust.vouch_file`, then vouch's own places
    /// (`VOUCHED.td`, `.github/VOUCHED.td`).
    public static func vouchListPaths(_ policy: Policy) -> [String] {
        var seen = Set<String>()
        return [policy.trust.vouchFile, "VOUCHED.td", ".github/VOUCHED.td"].filter { seen.insert($0).inserted }
    }

    /// The vouch list and its path: the first of `vouchListPaths` that exists; nil when none does.
    public static func vouchList(_ policy: Policy, in source: some RepositorySource) async throws
        -> (path: String, file: VouchFile)?
    {
        for path in vouchListPaths(policy) {
            if let text = try await source.file(path) { return (path, VouchFile(parsing: text)) }
        }
        return nil
    }

    /// What the author's tier is decided from, as far as the repository's files say: the vouch list, then — for
    /// someone without write access who is not a bot, and only while no list names them (the first that does decides)
    /// — the inherited lists (`trust.inherit`: a path here, or `owner/repo:path` read by `elsewhere`, nil where no
    /// other repository can be reached) and CODEOWNERS (`trust.codeowners`). No request a decision does not need. The
    /// track record and imported statements come from the caller.
    public static func trustInputs(
        _ person: Person, policy: Policy, in source: some RepositorySource,
        elsewhere: (@Sendable (_ repository: String, _ path: String) async throws -> String?)? = nil
    ) async throws -> TrustInputs {
        var inputs = TrustInputs(person: person, vouchFile: try await vouchList(policy, in: source)?.file)
        guard !person.hasWriteAccess, !person.isBot else { return inputs }
        let handle = VouchFile.Handle(username: person.login)
        func names(_ file: VouchFile?) -> Bool {
            file.map { $0.status(of: handle, defaultPlatform: VouchFile.gitHub) != .unknown } ?? false
        }
        var named = names(inputs.vouchFile)
        for name in policy.trust.inherit where !named {
            let (repository, path) = TrustPolicy.location(name)
            let text =
                if let repository { try await elsewhere?(repository, path) } else { try await source.file(path) }
            guard let text else { continue }
            let file = VouchFile(parsing: text)
            inputs.inherited.append(NamedVouchFile(name: name, file: file))
            named = names(file)
        }
        if policy.trust.codeowners, !named {
            for path in CodeOwners.paths {
                if let text = try await source.file(path) {
                    inputs.codeOwners = CodeOwners(parsing: text).users
                    break
                }
            }
        }
        return inputs
    }

    /// Whether a change imports in a language `unknown_import` reads, so the project's packages are worth reading.
    public static func wantsPackages(_ c: Contribution) -> Bool {
        c.kind == .pullRequest && c.projectPackages == nil
            && c.files.contains { UnknownImportSignal.language(of: $0.path) != nil }
    }

    /// The pull-request template: where `template.path` says, else the first of GitHub's places.
    public static func template(_ policy: Policy, in source: some RepositorySource) async throws -> String? {
        for path in policy.template.paths {
            if let text = try await source.file(path) { return text }
        }
        return nil
    }

    /// The manifests read at the root, besides every `requirements*.txt`.
    static let manifests: Set<String> = ["pyproject.toml", "setup.cfg", "pipfile", "package.json"]

    /// The packages the project knows, for `unknown_import`: its own modules (the root directory's and `src/`'s
    /// directories and Python files) and what the dependency manifests at the root declare.
    public static func projectPackages(in source: some RepositorySource) async throws -> ProjectPackages {
        let root = try await source.directory("")
        var local = modules(root)
        if root.contains(where: { $0.name == "src" && $0.isDirectory }) {
            local += modules(try await source.directory("src"))
        }
        var declared: [String] = []
        for entry in root where !entry.isDirectory {
            let name = entry.name.lowercased()
            guard manifests.contains(name) || (name.hasPrefix("requirements") && name.hasSuffix(".txt")) else {
                continue
            }
            if let text = try await source.file(entry.name) {
                declared += ProjectPackages.declared(in: text, file: entry.name)
            }
        }
        return ProjectPackages(declared: declared, local: local)
    }

    /// Directories and Python modules of a listing, by the name they are imported as.
    static func modules(_ entries: [RepositoryEntry]) -> [String] {
        entries.compactMap { entry in
            if entry.isDirectory { return entry.name }
            return entry.name.hasSuffix(".py") ? String(entry.name.dropLast(3)) : nil
        }
    }
}
