import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import LeveeSQLite
import LeveeStore
import Testing

@testable import LeveeCLI

/// `levee scan github:OWNER/REPO` against the fake GitHub's GraphQL endpoint (written from GitHub's documentation; no
/// recording exists): the backlog in few requests, read as the evaluator reads a webhook, and clear refusals.
@Suite(.serialized) struct ScanGitHubTests {
    static let token = "ghp_scantoken0123456789"
    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    func fake(pulls: Int = 120, issues: Int = 30) async throws -> FakeGitHub {
        let fake = FakeGitHub(acceptedTokens: [Self.token])
        var entries: [FakeGitHub.BacklogEntry] = (1...pulls).map { n in
            FakeGitHub.BacklogEntry(
                number: n, isPullRequest: true, title: "parser: handle case \(n)",
                body: "Fixes #\(1000 + n). Adds a test.", author: "dev\(n % 7)", association: "CONTRIBUTOR",
                createdAt: Self.start.addingTimeInterval(Double(n) * 3600), additions: 12, deletions: 3,
                changedFiles: 2)
        }
        entries += (1...issues).map { n in
            FakeGitHub.BacklogEntry(
                number: 500 + n, isPullRequest: false, title: "crash on input \(n)", body: "Steps: run `x`.",
                author: "user\(n)", createdAt: Self.start.addingTimeInterval(Double(n) * 7200))
        }
        // An agent's drop, with its files and a co-author trailer in its commit.
        entries.append(
            FakeGitHub.BacklogEntry(
                number: 900, isPullRequest: true, title: "Update README.md", body: "", author: "drive-by",
                association: "FIRST_TIME_CONTRIBUTOR", createdAt: Self.start.addingTimeInterval(400 * 3600),
                headRef: "patch-1", additions: 1, deletions: 1, changedFiles: 1))
        // Closed ones are not in the open backlog.
        entries.append(
            FakeGitHub.BacklogEntry(
                number: 901, isPullRequest: true, title: "old", author: "x", state: "MERGED", createdAt: Self.start,
                closedAt: Self.start.addingTimeInterval(Self.day)))
        fake.addBacklog("acme/widget", entries)
        fake.setFiles(
            "acme/widget", pull: 900, [.object(["filename": "README.md", "additions": 1, "deletions": 1])])
        fake.setCommits(
            "acme/widget", pull: 900,
            [
                .object([
                    "sha": "abc1234",
                    "commit": .object([
                        "message": "Update README.md\n\nCo-Authored-By: Claude <noreply@anthropic.com>",
                        "author": .object(["name": "Drive By", "email": "d@example.com"]),
                    ]),
                ])
            ])
        try await fake.start()
        return fake
    }

    func tokenFile(_ text: String = ScanGitHubTests.token) throws -> String {
        let file = try Paths.temporaryDirectory().appendingPathComponent("token")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func theOpenBacklogInAFewRequestsReadAsAWebhookIsRead() async throws {
        let fake = try await fake()
        defer { Task { await fake.stop() } }
        let (inputs, summary) = try await GitHubBacklogInput.read(
            "acme/widget", tokenFile: try tokenFile(), apiURL: fake.baseURL, timeout: .seconds(300))
        #expect(
            summary.hasSuffix("read 121 open pull requests and 30 open issues of acme/widget in 4 GraphQL requests"))
        #expect(inputs.count == 151)  // 121 open pull requests, 30 issues; the merged one left out
        #expect(!inputs.contains { $0.0 == "acme/widget#901" })
        // 121 pull requests at 50 a page, 30 issues at 100: four GraphQL requests, nothing else.
        let requests = fake.requests.map(\.description)
        #expect(requests == Array(repeating: "POST /graphql", count: 4), "\(requests)")
        #expect(fake.requests.allSatisfy { $0.authorization == "Bearer \(Self.token)" })

        let result = await BacklogScan.scan(inputs)
        #expect(result.problems.isEmpty)
        let drop = try #require(result.items.first { $0.source == "acme/widget#900" })
        #expect(drop.evaluation.agent.name == "Claude Code", "the commit's trailer was read")
        #expect(drop.evaluation.signals.contains { $0.id == "default_title" })
        #expect(drop.evaluation.verdict >= .needsAuthor)
        let issue = try #require(result.items.first { $0.source == "acme/widget#501" })
        #expect(issue.evaluation.kind == .issue)
    }

    @Test func refusalsSayWhatIsWrongAndWriteNothing() async throws {
        let fake = try await fake(pulls: 3, issues: 1)
        defer { Task { await fake.stop() } }
        let directory = try Paths.temporaryDirectory()
        let database = directory.appendingPathComponent("scan.sqlite").path
        func scan(_ arguments: [String]) async -> Int32 {
            await LeveeCommand.run(
                arguments: ["scan"] + arguments + [
                    "--api-url", fake.baseURL, "--database", database, "--format", "json",
                ])
        }
        // A token GitHub does not know, a repository it does not have, no token at all: exit 2, nothing written.
        #expect(await scan(["github:acme/widget", "--token-file", try tokenFile("ghp_wrong")]) == 2)
        #expect(await scan(["github:acme/nothing", "--token-file", try tokenFile()]) == 2)
        #expect(await scan(["github:not-a-repository", "--token-file", try tokenFile()]) == 2)
        #expect(await scan(["github:acme/widget", "--token-file", directory.appendingPathComponent("none").path]) == 2)
        #expect(!FileManager.default.fileExists(atPath: database))

        let client = await GitHubClient(baseURL: fake.baseURL, credentials: .token(Self.token))
        #expect(try await client.backlog("acme/widget", installationID: nil).items.count == 5)
        let wrong = await GitHubClient(baseURL: fake.baseURL, credentials: .token("ghp_wrong"))
        do {
            _ = try await wrong.backlog("acme/widget", installationID: nil)
            Issue.record("a wrong token was accepted")
        } catch let error as GitHubError {
            #expect(error.status == 401)
            #expect(
                GitHubBacklogInput.reason(error, repository: "acme/widget", root: fake.baseURL).contains(
                    "refused the token"))
        }
        do {
            _ = try await client.backlog("acme/nothing", installationID: nil)
            Issue.record("a missing repository was read")
        } catch let error as GitHubError {
            #expect(error.status == 404)
            #expect(
                GitHubBacklogInput.reason(error, repository: "acme/nothing", root: fake.baseURL).hasPrefix(
                    "no repository acme/nothing"))
        }

        // The GraphQL budget used up after one page: the rate limit says when it resets, and nothing is written.
        let reset = Date().addingTimeInterval(1800)
        fake.setGraphQLBudget(1, resetAt: reset)
        do {
            _ = try await client.backlog("acme/widget", installationID: nil)
            Issue.record("a used-up budget was not reported")
        } catch let error as GitHubError {
            #expect(abs((error.retryAt ?? .distantPast).timeIntervalSince(reset)) < 1)
            let reason = GitHubBacklogInput.reason(error, repository: "acme/widget", root: fake.baseURL)
            #expect(reason.contains("rate limit is used up"), "\(reason)")
            #expect(reason.contains(ISO8601DateFormatter().string(from: reset)), "\(reason)")
        }
        fake.setGraphQLBudget(0, resetAt: reset)
        #expect(await scan(["github:acme/widget", "--token-file", try tokenFile()]) == 2)
        #expect(!FileManager.default.fileExists(atPath: database))

        // With budget, the same command records the evaluations.
        fake.setGraphQLBudget(100, resetAt: reset)
        #expect(await scan(["github:acme/widget", "--token-file", try tokenFile()]) == 0)
        #expect(FileManager.default.fileExists(atPath: database))
    }

    /// `levee sync OWNER/REPO` fills the server's database (made when missing); a second run says it is done.
    @Test func syncFillsTheDatabaseAndSaysWhenItIsDone() async throws {
        let fake = try await fake(pulls: 60, issues: 5)
        defer { Task { await fake.stop() } }
        let database = try Paths.temporaryDirectory().appendingPathComponent("server.sqlite").path
        let arguments = [
            "sync", "acme/widget", "--api-url", fake.baseURL, "--token-file", try tokenFile(), "--database", database,
        ]
        #expect(await LeveeCommand.run(arguments: arguments) == 0)
        let store = try SQLiteStore(path: database)
        #expect(try await store.evaluationStamps(limit: 1000).count == 66)  // 61 open pull requests, 5 issues
        let requests = fake.requests.count
        #expect(await LeveeCommand.run(arguments: arguments) == 0)
        #expect(fake.requests.count == requests, "a finished sync reads nothing again")
        #expect(await LeveeCommand.run(arguments: arguments + ["--restart"]) == 0)
        #expect(fake.requests.count > requests)
        #expect(await LeveeCommand.run(arguments: ["sync", "acme", "--token-file", try tokenFile()]) == 2)
    }
}
