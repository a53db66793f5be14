import Foundation
import LeveeCore

/// A repository and the installation that reaches it: what every call needs.
public struct RepositoryRef: Sendable, Hashable, CustomStringConvertible {
    /// `owner/name`.
    public var fullName: String
    public var installationID: Int?

    public init(fullName: String, installationID: Int?) {
        self.fullName = fullName
        self.installationID = installationID
    }

    public var description: String { fullName }
    var path: String { "/repos/" + fullName }
}

/// The calls Levee makes, each named for what it is for.
extension GitHubClient {
    func get(_ repo: RepositoryRef, _ path: String, accept: String = "application/vnd.github+json") async throws
        -> GitHubResponse
    {
        try await send(GitHubRequest("GET", repo.path + path, accept: accept, installationID: repo.installationID))
    }

    /// The files a pull request changes, with their patches (every page).
    public func pullRequestFiles(_ repo: RepositoryRef, number: Int) async throws -> [JSONValue] {
        try await paginate(repo.path + "/pulls/\(number)/files?per_page=100", installationID: repo.installationID)
    }

    /// A pull request's commits (GitHub lists at most 250).
    public func pullRequestCommits(_ repo: RepositoryRef, number: Int) async throws -> [JSONValue] {
        try await paginate(repo.path + "/pulls/\(number)/commits?per_page=100", installationID: repo.installationID)
    }

    /// A pull request's unified diff.
    public func pullRequestDiff(_ repo: RepositoryRef, number: Int) async throws -> String {
        let response = try await get(repo, "/pulls/\(number)", accept: "application/vnd.github.diff")
        return String(decoding: response.body, as: UTF8.self)
    }

    /// A file of the repository's default branch as text, or nil when it does not exist.
    public func fileContents(_ repo: RepositoryRef, path: String) async throws -> String? {
        do {
            let response = try await get(repo, "/contents/" + path, accept: "application/vnd.github.raw")
            return String(decoding: response.body, as: UTF8.self)
        } catch let error as GitHubError where error.status == 404 {
            return nil
        }
    }

    public func issueLabels(_ repo: RepositoryRef, number: Int) async throws -> [String] {
        try await paginate(repo.path + "/issues/\(number)/labels?per_page=100", installationID: repo.installationID)
            .compactMap { $0["name"]?.string }
    }

    /// Adds labels (GitHub ignores labels already there, so this is safe to repeat).
    public func addLabels(_ repo: RepositoryRef, number: Int, _ labels: [String]) async throws {
        _ = try await send(
            .json(
                "POST", repo.path + "/issues/\(number)/labels",
                .object(["labels": .array(labels.map(JSONValue.string))]),
                installationID: repo.installationID, idempotent: true))
    }

    public func issueComments(_ repo: RepositoryRef, number: Int) async throws -> [JSONValue] {
        try await paginate(repo.path + "/issues/\(number)/comments?per_page=100", installationID: repo.installationID)
    }

    /// Creates a comment and returns its id. Not retried inside the client (see `GitHubRequest.idempotent`).
    public func createComment(_ repo: RepositoryRef, number: Int, body: String) async throws -> Int? {
        let response = try await send(
            .json(
                "POST", repo.path + "/issues/\(number)/comments", .object(["body": .string(body)]),
                installationID: repo.installationID))
        return try response.json("POST comment")["id"]?.int
    }

    public func updateComment(_ repo: RepositoryRef, id: Int, body: String) async throws {
        _ = try await send(
            .json(
                "PATCH", repo.path + "/issues/comments/\(id)", .object(["body": .string(body)]),
                installationID: repo.installationID))
    }

    /// The issue or pull request as the issues API sees it (state, locked, labels).
    public func issue(_ repo: RepositoryRef, number: Int) async throws -> JSONValue {
        try await get(repo, "/issues/\(number)").json("GET issue \(number)")
    }

    public func close(_ repo: RepositoryRef, number: Int) async throws {
        _ = try await send(
            .json(
                "PATCH", repo.path + "/issues/\(number)", .object(["state": .string("closed")]),
                installationID: repo.installationID))
    }

    public func lock(_ repo: RepositoryRef, number: Int) async throws {
        _ = try await send(
            GitHubRequest("PUT", repo.path + "/issues/\(number)/lock", installationID: repo.installationID))
    }

    /// Levee's check runs on a commit.
    public func checkRuns(_ repo: RepositoryRef, sha: String, name: String) async throws -> [JSONValue] {
        let query = name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? name
        let response = try await get(repo, "/commits/\(sha)/check-runs?check_name=\(query)")
        return try response.json("GET check runs")["check_runs"]?.array ?? []
    }

    /// Creates a completed check run, or updates the one with the same name on the same commit.
    public func completeCheckRun(
        _ repo: RepositoryRef, sha: String, name: String, conclusion: String, title: String, summary: String,
        existing: Int?
    ) async throws {
        let output: JSONValue = .object(["title": .string(title), "summary": .string(summary)])
        if let existing {
            _ = try await send(
                .json(
                    "PATCH", repo.path + "/check-runs/\(existing)",
                    .object(["status": .string("completed"), "conclusion": .string(conclusion), "output": output]),
                    installationID: repo.installationID))
        } else {
            _ = try await send(
                .json(
                    "POST", repo.path + "/check-runs",
                    .object([
                        "name": .string(name), "head_sha": .string(sha), "status": .string("completed"),
                        "conclusion": .string(conclusion), "output": output,
                    ]), installationID: repo.installationID))
        }
    }

    /// How many items a search finds (`repo:o/r is:pr is:open author:x`), for caps and track records.
    public func searchCount(_ query: String, installationID: Int?) async throws -> Int {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "+&=:/ ")
        let encoded = query.addingPercentEncoding(withAllowedCharacters: allowed) ?? query
        let response = try await send(
            GitHubRequest("GET", "/search/issues?q=\(encoded)&per_page=1", installationID: installationID))
        return try response.json("search")["total_count"]?.int ?? 0
    }
}
