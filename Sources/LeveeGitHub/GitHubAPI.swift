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

    /// A file of the repository's default branch as text, or nil when it does not exist.
    public func fileContents(_ repo: RepositoryRef, path: String) async throws -> String? {
        do {
            let response = try await get(repo, "/contents/" + path, accept: "application/vnd.github.raw")
            return String(decoding: response.body, as: UTF8.self)
        } catch let error as GitHubError where error.status == 404 {
            return nil
        }
    }

    /// The first of several places that holds the file (GitHub's places for a template or CODEOWNERS), as text.
    public func firstFile(_ repo: RepositoryRef, among paths: [String]) async throws -> String? {
        for path in paths {
            if let text = try await fileContents(repo, path: path) { return text }
        }
        return nil
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

    /// The author's account as evidence (`GET /users/{login}`: its creation and type): one request, made once a day
    /// per login (the server caches it). What the account did across GitHub is `authorActivity`.
    public func authorAccount(_ login: String, installationID: Int?) async throws -> AuthorAccount {
        let user = try await send(
            GitHubRequest("GET", "/users/\(login)", installationID: installationID)
        ).json("user")
        return AuthorAccount(createdAt: TextStats.date(user["created_at"]?.string), type: user["type"]?.string)
    }

    /// An issue of the repository (`GET /repos/{o}/{r}/issues/{n}`), or nil when it is a pull request or GitHub has
    /// none by that number.
    public func linkedIssue(_ repo: RepositoryRef, number: Int) async throws -> LinkedIssue? {
        let json: JSONValue
        do {
            json = try await get(repo, "/issues/\(number)").json("issue \(number)")
        } catch let error as GitHubError where error.status == 404 || error.status == 410 {
            return nil
        }
        guard json["pull_request"] == nil else { return nil }
        return LinkedIssue(json: json)
    }

    /// The 👎 and 😕 reactions on an issue or pull request (`GET /repos/{o}/{r}/issues/{n}`, its `reactions` rollup):
    /// a pull request's own payload carries none.
    public func negativeReactions(_ repo: RepositoryRef, number: Int) async throws -> Int? {
        let json = try await get(repo, "/issues/\(number)").json("issue \(number)")
        guard let reactions = json["reactions"] else { return nil }
        return (reactions["-1"]?.int ?? 0) + (reactions["confused"]?.int ?? 0)
    }

    /// An entry of a repository directory.
    public struct DirectoryEntry: Sendable, Hashable {
        public var name: String
        public var isDirectory: Bool
    }

    /// A directory of the default branch (`GET /repos/{o}/{r}/contents/{path}`; the root when `path` is empty).
    public func directory(_ repo: RepositoryRef, path: String) async throws -> [DirectoryEntry] {
        let json = try await get(repo, path.isEmpty ? "/contents" : "/contents/" + path).json("contents \(path)")
        return (json.array ?? []).compactMap { entry in
            entry["name"]?.string.map { DirectoryEntry(name: $0, isDirectory: entry["type"]?.string == "dir") }
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

/// A repository file with the blob SHA that an update must name.
public struct RepositoryFile: Sendable, Hashable {
    public var text: String
    public var sha: String
}

extension GitHubClient {
    /// A file and its SHA (the contents API's JSON form), or nil when it does not exist.
    public func file(_ repo: RepositoryRef, path: String) async throws -> RepositoryFile? {
        let json: JSONValue
        do {
            json = try await get(repo, "/contents/" + path).json("GET contents \(path)")
        } catch let error as GitHubError where error.status == 404 {
            return nil
        }
        guard let sha = json["sha"]?.string, let content = json["content"]?.string,
            let data = Data(base64Encoded: content.filter { !$0.isWhitespace })
        else {
            throw GitHubError(status: 200, request: "GET contents \(path)", message: "not a file")
        }
        return RepositoryFile(text: String(decoding: data, as: UTF8.self), sha: sha)
    }

    /// Commits a new version of a file (creating it when `sha` is nil). GitHub refuses a stale `sha` with 409.
    public func putFile(_ repo: RepositoryRef, path: String, text: String, sha: String?, message: String) async throws {
        var body: [String: JSONValue] = [
            "message": .string(message), "content": .string(Data(text.utf8).base64EncodedString()),
        ]
        if let sha { body["sha"] = .string(sha) }
        _ = try await send(
            .json("PUT", repo.path + "/contents/" + path, .object(body), installationID: repo.installationID))
    }

    public func removeLabel(_ repo: RepositoryRef, number: Int, _ label: String) async throws {
        let name = label.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? label
        do {
            _ = try await send(
                GitHubRequest(
                    "DELETE", repo.path + "/issues/\(number)/labels/\(name)", installationID: repo.installationID))
        } catch let error as GitHubError where error.status == 404 {
            // Not there: nothing to remove.
        }
    }

    /// The author's pull requests in the repository (the newest 100), for their track record.
    public func authorHistory(_ repo: RepositoryRef, login: String) async throws -> [HistoryItem] {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "+&=:/ ")
        let query = "repo:\(repo.fullName) type:pr author:\(login)".addingPercentEncoding(
            withAllowedCharacters: allowed)!
        let response = try await send(
            GitHubRequest("GET", "/search/issues?q=\(query)&per_page=100", installationID: repo.installationID))
        return (try response.json("search")["items"]?.array ?? []).compactMap { item in
            guard let number = item["number"]?.int else { return nil }
            return HistoryItem(
                number: number, isPullRequest: item["pull_request"] != nil, state: item["state"]?.string ?? "open",
                merged: item["pull_request"]?["merged_at"]?.string != nil,
                createdAt: TextStats.date(item["created_at"]?.string),
                updatedAt: TextStats.date(item["updated_at"]?.string))
        }
    }

    /// Adds a reply comment unless one with the same hidden marker is already on the item (a redelivered command
    /// gets one reply, not two).
    public func replyOnce(_ repo: RepositoryRef, number: Int, marker: String, body: String) async throws -> Bool {
        let comments = try await issueComments(repo, number: number)
        if comments.contains(where: { $0["body"]?.string?.contains(marker) == true }) { return false }
        _ = try await createComment(repo, number: number, body: marker + "\n" + body)
        return true
    }
}

extension GitHubClient {
    public func reopen(_ repo: RepositoryRef, number: Int) async throws {
        _ = try await send(
            .json(
                "PATCH", repo.path + "/issues/\(number)", .object(["state": .string("open")]),
                installationID: repo.installationID))
    }

    /// Adds assignees (GitHub ignores ones already assigned).
    public func assign(_ repo: RepositoryRef, number: Int, _ logins: [String]) async throws {
        _ = try await send(
            .json(
                "POST", repo.path + "/issues/\(number)/assignees",
                .object(["assignees": .array(logins.map(JSONValue.string))]), installationID: repo.installationID,
                idempotent: true))
    }

    public func requestReviewers(_ repo: RepositoryRef, number: Int, _ logins: [String]) async throws {
        _ = try await send(
            .json(
                "POST", repo.path + "/pulls/\(number)/requested_reviewers",
                .object(["reviewers": .array(logins.map(JSONValue.string))]), installationID: repo.installationID,
                idempotent: true))
    }

    /// Approves the workflow runs of a commit that wait for a maintainer (fork pull requests of first-time
    /// contributors). Returns how many were approved.
    public func approvePendingRuns(_ repo: RepositoryRef, headSHA: String) async throws -> Int {
        let response = try await get(repo, "/actions/runs?head_sha=\(headSHA)&status=action_required&per_page=100")
        let runs = try response.json("GET workflow runs")["workflow_runs"]?.array ?? []
        var approved = 0
        for run in runs {
            guard let id = run["id"]?.int else { continue }
            _ = try await send(
                GitHubRequest(
                    "POST", repo.path + "/actions/runs/\(id)/approve", installationID: repo.installationID,
                    idempotent: true))
            approved += 1
        }
        return approved
    }

    /// Who may have written Levee's sticky comment: a GitHub App's bot, or (with a maintainer's token) the
    /// repository's owner, members and collaborators. The marker alone proves nothing: anyone can write it.
    static let stickyAuthorAssociations: Set<String> = ["OWNER", "MEMBER", "COLLABORATOR"]

    /// Levee's one comment on the item (found by its hidden marker, written by a bot or a maintainer, never by the
    /// item's author or another outsider copying the marker): its id and body.
    public func stickyComment(_ repo: RepositoryRef, number: Int) async throws -> (id: Int, body: String)? {
        let comments = try await issueComments(repo, number: number)
        let sticky = comments.first { comment in
            guard comment["body"]?.string?.contains(StickyComment.marker) == true else { return false }
            return comment["user"]?["type"]?.string == "Bot"
                || Self.stickyAuthorAssociations.contains(comment["author_association"]?.string ?? "")
        }
        guard let sticky,
            let id = sticky["id"]?.int, let body = sticky["body"]?.string
        else { return nil }
        return (id, body)
    }
}
