import Foundation
import LeveeCore
import LeveeGitHub

/// The packages a repository knows (`ProjectPackages`), read from GitHub once an hour per repository for the pull
/// requests whose change imports something (Python, JavaScript, TypeScript): the root directory's listing (its
/// modules and directories, and those under `src/`) and each dependency manifest found there. Two to five requests
/// per repository an hour. When GitHub cannot say, nothing is known and `unknown_import` stays quiet.
struct ProjectPackagesSource: Sendable {
    let cache = TimedCache<ProjectPackages>(lifetime: 3_600)

    /// The manifests read at the root, besides every `requirements*.txt`.
    static let manifests: Set<String> = ["pyproject.toml", "setup.cfg", "pipfile", "package.json"]

    /// Whether a change imports in a language `unknown_import` reads, so the packages are worth reading.
    static func wanted(_ c: Contribution) -> Bool {
        c.kind == .pullRequest && c.files.contains { UnknownImportSignal.language(of: $0.path) != nil }
    }

    func packages(_ repo: RepositoryRef, client: GitHubClient, now: Date) async -> ProjectPackages? {
        try? await cache.value(repo.fullName, now: now) { try await Self.read(repo, client: client) }
    }

    static func read(_ repo: RepositoryRef, client: GitHubClient) async throws -> ProjectPackages {
        let root = try await client.directory(repo, path: "")
        var local = modules(root)
        if root.contains(where: { $0.name == "src" && $0.isDirectory }) {
            local += modules(try await client.directory(repo, path: "src"))
        }
        var declared: [String] = []
        for entry in root where !entry.isDirectory {
            let name = entry.name.lowercased()
            guard manifests.contains(name) || (name.hasPrefix("requirements") && name.hasSuffix(".txt")) else {
                continue
            }
            if let text = try await client.fileContents(repo, path: entry.name) {
                declared += ProjectPackages.declared(in: text, file: entry.name)
            }
        }
        return ProjectPackages(declared: declared, local: local)
    }

    /// Directories and Python modules of a listing, by the name they are imported as.
    static func modules(_ entries: [GitHubClient.DirectoryEntry]) -> [String] {
        entries.compactMap { entry in
            if entry.isDirectory { return entry.name }
            return entry.name.hasSuffix(".py") ? String(entry.name.dropLast(3)) : nil
        }
    }
}
