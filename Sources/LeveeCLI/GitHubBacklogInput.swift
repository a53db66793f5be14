import Foundation
import LeveeCore
import LeveeGitHub

/// `levee scan github:OWNER/REPO`: the repository's open pull requests and issues, read through GitHub's GraphQL
/// API (`GitHubClient.backlog`), as scan inputs (source `owner/repo#N`, a contribution bundle). Every failure is a
/// `ContributionError` naming the repository and what to do: no token, a token GitHub refuses, a repository the
/// token cannot see, a rate limit (with when it resets).
enum GitHubBacklogInput {
    /// `timeout`: how long one GraphQL request may take (tests on a loaded machine give more).
    static func read(
        _ repository: String, tokenFile: String?, apiURL: String?, timeout: Duration = .seconds(30)
    ) async throws -> (inputs: [(String, Data)], summary: String) {
        let source = "github:\(repository)"
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ContributionError(source: source, reason: "expected github:OWNER/REPO")
        }
        let token = try Self.token(tokenFile: tokenFile, source: source)
        let root = Self.apiRoot(apiURL)
        let client = await GitHubClient(
            baseURL: root, credentials: .token(token), retry: RetryPolicy(maxInlineWait: .seconds(5), timeout: timeout))
        let showProgress = Console.stderrIsTerminal
        let backlog: Backlog
        do {
            backlog = try await client.backlog(repository, installationID: nil) { requests, items in
                if showProgress {
                    FileHandle.standardError.write(
                        Data("\r\u{1B}[Kreading \(repository): \(items) items, \(requests) requests".utf8))
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        } catch let error as GitHubError {
            throw ContributionError(source: source, reason: reason(error, repository: repository, root: root))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let pulls = backlog.items.filter(\.isPullRequest).count
        let summary =
            "levee: read \(pulls) open pull requests and \(backlog.items.count - pulls) open issues of "
            + "\(repository) in \(backlog.requests) GraphQL requests"
        return (try backlog.items.map { ($0.source, try encoder.encode($0.bundle)) }, summary)
    }

    /// The token: `--token-file`, else `GITHUB_TOKEN`; none is an error naming `source`.
    static func token(tokenFile: String?, source: String) throws -> String {
        if let tokenFile {
            let data = try InputReader.read(path: tokenFile)
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw ContributionError(source: tokenFile, reason: "the token file is empty") }
            return token
        }
        if let value = ProcessInfo.processInfo.environment["GITHUB_TOKEN"], !value.isEmpty { return value }
        throw ContributionError(
            source: source, reason: "no token: set GITHUB_TOKEN or pass --token-file FILE (read access is enough)")
    }

    /// `--api-url`, else `GITHUB_API_URL` (GitHub Actions sets it), else GitHub's.
    static func apiRoot(_ apiURL: String?) -> String {
        apiURL ?? ProcessInfo.processInfo.environment["GITHUB_API_URL"] ?? "https://api.github.com"
    }

    /// What went wrong, in the maintainer's terms.
    static func reason(_ error: GitHubError, repository: String, root: String) -> String {
        if let retryAt = error.retryAt, error.status != nil {
            let minutes = max(Int((retryAt.timeIntervalSinceNow / 60).rounded(.up)), 0)
            return "GitHub's rate limit is used up (\(error.message)); it resets at "
                + "\(ISO8601DateFormatter().string(from: retryAt)) (in about \(minutes) min). Nothing was recorded."
        }
        switch error.status {
        case 401:
            return "GitHub refused the token (401 \(error.message)): it is wrong, expired or revoked"
        case 403:
            return "GitHub refused the request (403 \(error.message)): the token cannot read \(repository)"
        case 404:
            return "no repository \(repository) at \(root), or the token cannot see it (\(error.message))"
        case nil:
            return "GitHub could not be reached at \(root): \(error.message)"
        default:
            return error.description
        }
    }
}
