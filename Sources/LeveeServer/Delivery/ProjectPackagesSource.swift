import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub

/// The packages a repository knows (`ProjectPackages`, read by `RepositoryFacts.projectPackages` as for a checkout),
/// read from GitHub once an hour per repository for the pull requests whose change imports something (Python,
/// JavaScript, TypeScript): the root directory's listing (its modules and directories, and those under `src/`) and
/// each dependency manifest found there. Two to five requests per repository an hour. When GitHub cannot say, nothing
/// is known and `unknown_import` stays quiet.
struct ProjectPackagesSource: Sendable {
    let cache = TimedCache<ProjectPackages>(lifetime: 3_600)

    func packages(_ repo: RepositoryRef, client: GitHubClient, now: Date) async -> ProjectPackages? {
        try? await cache.value(repo.fullName, now: now) {
            try await RepositoryFacts.projectPackages(in: GitHubRepositorySource(client: client, repo: repo))
        }
    }
}

/// A repository's files on GitHub's default branch, for `RepositoryFacts`.
struct GitHubRepositorySource: RepositorySource {
    let client: GitHubClient
    let repo: RepositoryRef

    func file(_ path: String) async throws -> String? { try await client.fileContents(repo, path: path) }

    func directory(_ path: String) async throws -> [RepositoryEntry] {
        try await client.directory(repo, path: path).map { RepositoryEntry(name: $0.name, isDirectory: $0.isDirectory) }
    }
}
