import ArgumentParser
import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeServer
import LeveeStore
import Logging

/// `levee sync OWNER/REPO`: the server's backfill of one repository, run here — with the server running or not, on
/// SQLite or PostgreSQL — so the dashboard shows the existing backlog.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring a repository's existing backlog into the server's database (what installing the App does).",
        discussion: """
            Reads the open pull requests (with commits and files) and issues through GitHub's GraphQL API, evaluates \
            them under the repository's .github/levee.yml (else --policy, else the built-in policy) and stores them, \
            with what shadow mode would have done to each (never sent); items closed in the last --closed-days days \
            are kept as fingerprints for the near-duplicate check. It resumes where an interrupted sync stopped; \
            --restart starts over. The token comes from --token-file or GITHUB_TOKEN (read access is enough).
            """)

    @Argument(help: "The repository, OWNER/REPO.") var repository: String
    @OptionGroup var database: ServerDatabase
    @Option(help: "A file holding the token (default: the GITHUB_TOKEN variable).") var tokenFile: String?
    @Option(help: "The API root (default: GITHUB_API_URL, else https://api.github.com).") var apiURL: String?
    @Option(help: "Keep fingerprints of items closed in the last N days (0: open items only).") var closedDays = 90
    @Option(help: "The policy when the repository has no .github/levee.yml.") var policy: String?
    @Flag(help: "Start over instead of resuming an interrupted sync.") var restart = false

    func run() async throws {
        let token: String
        let fallback: Policy
        do {
            token = try GitHubBacklogInput.token(tokenFile: tokenFile, source: "levee sync \(repository)")
            fallback =
                try policy.map { path throws(PolicyError) in try PolicyLoader.load(contentsOf: path) } ?? .builtin
        } catch let error as ContributionError {
            throw CLIError("levee: \(error)")
        } catch let error as PolicyError {
            throw CLIError(error.description)
        }
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw CLIError("levee sync: `\(repository)`: expected OWNER/REPO")
        }
        let root = GitHubBacklogInput.apiRoot(apiURL)
        let client = await GitHubClient(
            baseURL: root, credentials: .token(token), retry: RetryPolicy(maxInlineWait: .seconds(60)))
        var logger = Logger(label: "levee.sync") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let repository = repository
        let closedDays = closedDays
        let restart = restart
        _ = try await database.with("sync", create: true) { store in
            let context = ServerContext(
                settings: .init(shadow: true, fallbackPolicy: fallback), client: client, store: store,
                metrics: ServerMetrics(), now: Date.init)
            let backfill = Backfill(context: context, client: client, closedDays: closedDays)
            if restart {
                try await Backfill.reset(repository, in: store, at: Date())
            }
            try await Backfill.enqueue(repository, installationID: nil, in: store, at: Date())
            if let state = try await Backfill.state(repository, in: store), state.isDone {
                print("levee sync: \(repository) was synced (\(state.items) items); --restart syncs it again")
                return
            }
            do {
                let state = try await backfill.run(repository, installationID: nil, logger: logger, holdLease: nil) {
                    state in
                    print(
                        "levee sync: \(repository): \(state.items) items in \(state.requests) requests "
                            + "(now at \(state.position.split(separator: " ").first ?? ""))")
                    Console.flush()
                }
                print("levee sync: \(repository): done, \(state.items) items in \(state.requests) GraphQL requests")
            } catch let error as GitHubError {
                throw CLIError(
                    "levee sync: "
                        + GitHubBacklogInput.reason(error, repository: repository, root: root)
                        .replacingOccurrences(of: " Nothing was recorded.", with: "")
                        + "; what was read is kept and the next sync resumes there")
            }
        }
    }
}
