import Foundation
import LeveeCore

/// A repository's backlog as Levee reads it: every open pull request with its commits and files, every open issue,
/// and the items closed since a date (for track records and calibration), each as a contribution bundle
/// (`DESIGN.md`'s contract: a REST-shaped `pull_request` or `issue`, `commits`, `files`, `repository`), so the same
/// decoder and evaluator read them as read a webhook.
///
/// Fetched with GitHub's GraphQL API, because it saves requests: one query returns a page of 50 pull requests with
/// their first 100 commits and first 100 files, where REST needs a list page and then two requests per pull request
/// (files, commits). A pull request with more than 100 files keeps its exact totals (`additions`, `deletions`,
/// `changedFiles`) and lists its first 100 files; one with more than 100 commits lists its first 100.
public struct Backlog: Sendable {
    /// One contribution, `owner/repo#number`, as bundle JSON.
    public struct Item: Sendable {
        public var source: String
        public var number: Int
        public var isPullRequest: Bool
        public var open: Bool
        public var bundle: JSONValue
    }

    public var repository: String
    public var items: [Item]
    /// GraphQL requests made, and the rate-limit points they cost (`rateLimit.cost`).
    public var requests: Int
    public var cost: Int

    public static let pullRequestsPerPage = 50
    public static let issuesPerPage = 100
}

/// Where a backlog walk is: the phase (open pull requests, open issues, then closed ones) and the GraphQL cursor
/// within it. Saved as text (`description`) so a walk resumes after a crash.
public struct BacklogPosition: Sendable, Hashable, CustomStringConvertible {
    public enum Phase: String, Sendable, CaseIterable {
        case openPullRequests = "open-pull-requests"
        case openIssues = "open-issues"
        case closedPullRequests = "closed-pull-requests"
        case closedIssues = "closed-issues"
        case done

        var isOpen: Bool { self == .openPullRequests || self == .openIssues }

        /// The phase after this one; the closed phases only when closed items are wanted.
        func next(closed: Bool) -> Phase {
            switch self {
            case .openPullRequests: .openIssues
            case .openIssues: closed ? .closedPullRequests : .done
            case .closedPullRequests: .closedIssues
            case .closedIssues, .done: .done
            }
        }
    }

    public var phase: Phase
    public var cursor: String?

    public init(phase: Phase, cursor: String?) {
        self.phase = phase
        self.cursor = cursor
    }

    public static let start = BacklogPosition(phase: .openPullRequests, cursor: nil)

    /// `phase` or `phase cursor`.
    public var description: String { phase.rawValue + (cursor.map { " " + $0 } ?? "") }

    public init?(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let first = parts.first, let phase = Phase(rawValue: first) else { return nil }
        self.init(phase: phase, cursor: parts.count > 1 ? parts[1] : nil)
    }
}

/// One page of a backlog walk.
public struct BacklogPage: Sendable {
    public var items: [Backlog.Item]
    public var next: BacklogPosition
    /// The rate-limit points the page cost (`rateLimit.cost`).
    public var cost: Int
}

/// Progress of a backlog fetch: requests made and items read so far.
public typealias BacklogProgress = @Sendable (_ requests: Int, _ items: Int) -> Void

extension GitHubClient {
    /// Sends a GraphQL query. A repository that does not exist, or a query GitHub refuses, is a `GitHubError` naming
    /// the query and GitHub's message; an exhausted GraphQL budget carries `retryAt`. `partial`: an object the query
    /// names below the root that does not exist (`NOT_FOUND` with a longer path, its field `null`) is not an error.
    public func graphQL(
        _ query: String, variables: [String: JSONValue], name: String, installationID: Int?, mutation: Bool = false,
        partial: Bool = false
    ) async throws -> JSONValue {
        // A query only reads: sending it twice does no harm, so a timeout or a 5xx may be retried at once. A mutation
        // is not retried blindly.
        let request = GitHubRequest.json(
            "POST", "/graphql", .object(["query": .string(query), "variables": .object(variables)]),
            installationID: installationID, idempotent: !mutation)
        let response = try await send(request)
        let json = try response.json("GraphQL \(name)")
        let missingBelowRoot = { (error: JSONValue) in
            error["type"]?.string == "NOT_FOUND" && (error["path"]?.array?.count ?? 0) > 1
        }
        if partial, json["data"]?.object != nil, json["errors"]?.array?.allSatisfy(missingBelowRoot) == true {
            return json["data"]!
        }
        if let errors = json["errors"]?.array, !errors.isEmpty {
            let first = errors[0]
            let type = first["type"]?.string
            let message = errors.compactMap { $0["message"]?.string }.joined(separator: "; ")
            var retryAt: Date?
            if type == "RATE_LIMITED" {
                if let reset = response.headers["x-ratelimit-reset"].flatMap(Double.init) {
                    retryAt = Date(timeIntervalSince1970: reset > 100_000_000_000 ? reset / 1000 : reset)
                } else {
                    retryAt = now().addingTimeInterval(60)
                }
            }
            throw GitHubError(
                status: type == "NOT_FOUND" ? 404 : response.status, request: "GraphQL \(name)",
                message: (type.map { "\($0): " } ?? "") + message, retryAt: retryAt)
        }
        guard let data = json["data"], data.object != nil else {
            throw GitHubError(status: response.status, request: "GraphQL \(name)", message: "the answer has no data")
        }
        return data
    }

    /// Every open pull request and issue of `repository` (`owner/name`), newest first within each kind, then those
    /// closed since `closedSince` when given.
    public func backlog(
        _ repository: String, installationID: Int?, closedSince: Date? = nil, progress: BacklogProgress? = nil
    ) async throws -> Backlog {
        var backlog = Backlog(repository: repository, items: [], requests: 0, cost: 0)
        var position = BacklogPosition.start
        while position.phase != .done {
            let page = try await backlogPage(
                repository, at: position, installationID: installationID, closedSince: closedSince)
            backlog.items += page.items
            backlog.requests += 1
            backlog.cost += page.cost
            progress?(backlog.requests, backlog.items.count)
            position = page.next
        }
        return backlog
    }

    /// One page of the backlog at `position`, and the position after it: a caller that saves `next` after handling
    /// the page's items can resume there after a crash (`levee sync`, the server's backfill).
    public func backlogPage(
        _ repository: String, at position: BacklogPosition, installationID: Int?, closedSince: Date?
    ) async throws -> BacklogPage {
        let parts = repository.split(separator: "/").map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw GitHubError(status: nil, request: "backlog", message: "`\(repository)` is not owner/name")
        }
        let phase = position.phase
        guard phase != .done else { return BacklogPage(items: [], next: position, cost: 0) }
        let isPull = phase == .openPullRequests || phase == .closedPullRequests
        let (kind, connection) = isPull ? ("pull requests", "pullRequests") : ("issues", "issues")
        let states: [JSONValue] =
            phase.isOpen ? ["OPEN"] : isPull ? ["CLOSED", "MERGED"] : ["CLOSED"]
        let data = try await graphQL(
            isPull ? Self.pullRequestsQuery : Self.issuesQuery,
            variables: [
                "owner": .string(parts[0]), "name": .string(parts[1]),
                "first": .number(Double(isPull ? Backlog.pullRequestsPerPage : Backlog.issuesPerPage)),
                "after": position.cursor.map { .string($0) } ?? .null, "states": .array(states),
                // Open items newest first; closed ones by last update, so the walk stops at the first one last updated
                // before `closedSince` (an item closed since then was updated since then).
                "orderBy": .object(["field": phase.isOpen ? "CREATED_AT" : "UPDATED_AT", "direction": "DESC"]),
            ], name: "\(kind) of \(repository)", installationID: installationID)
        guard let repo = data["repository"], repo.object != nil else {
            throw GitHubError(
                status: 404, request: "GraphQL \(kind) of \(repository)",
                message: "no repository \(repository), or the token cannot see it")
        }
        let page = repo[connection]
        var items: [Backlog.Item] = []
        var reachedTheEnd = false
        for node in page?["nodes"]?.array ?? [] {
            let item = Self.item(node, isPullRequest: isPull, repository: repository)
            if !phase.isOpen, let closedSince {
                if let updated = TextStats.date(node["updatedAt"]?.string), updated < closedSince {
                    reachedTheEnd = true
                    break
                }
                guard let closed = TextStats.date(node["closedAt"]?.string), closed >= closedSince else { continue }
            }
            items.append(item)
        }
        let next: BacklogPosition
        if !reachedTheEnd, page?["pageInfo"]?["hasNextPage"]?.bool == true,
            let cursor = page?["pageInfo"]?["endCursor"]?.string
        {
            next = BacklogPosition(phase: phase, cursor: cursor)
        } else {
            next = BacklogPosition(phase: phase.next(closed: closedSince != nil), cursor: nil)
        }
        return BacklogPage(items: items, next: next, cost: data["rateLimit"]?["cost"]?.int ?? 1)
    }

    /// A pull request or issue node as a contribution bundle in REST's shape.
    static func item(_ node: JSONValue, isPullRequest: Bool, repository: String) -> Backlog.Item {
        let number = node["number"]?.int ?? 0
        let state = node["state"]?.string ?? "OPEN"
        let author = node["author"]
        var object: [String: JSONValue] = [
            "number": .number(Double(number)),
            "title": node["title"] ?? "",
            "body": node["body"] ?? .null,
            "state": .string(state == "OPEN" ? "open" : "closed"),
            "created_at": node["createdAt"] ?? .null,
            "closed_at": node["closedAt"] ?? .null,
            // REST's `state_reason` (`completed`, `not_planned`) from GraphQL's IssueStateReason.
            "state_reason": node["stateReason"]?.string.map { .string($0.lowercased()) } ?? .null,
            "html_url": node["url"] ?? .null,
            "author_association": node["authorAssociation"] ?? .null,
            "user": author.map { author in
                .object([
                    "login": author["login"] ?? .null,
                    // GraphQL names a bot's type `Bot` and a person's `User`, as REST does.
                    "type": author["__typename"] ?? "User",
                ])
            } ?? .null,
            "labels": .array((node["labels"]?["nodes"]?.array ?? []).map { .object(["name": $0["name"] ?? ""]) }),
        ]
        var bundle: [String: JSONValue] = ["repository": .object(["full_name": .string(repository)])]
        if isPullRequest {
            object["head"] = .object(["ref": node["headRefName"] ?? .null])
            object["base"] = .object(["ref": node["baseRefName"] ?? .null])
            object["additions"] = node["additions"] ?? .null
            object["deletions"] = node["deletions"] ?? .null
            object["changed_files"] = node["changedFiles"] ?? .null
            object["merged"] = .bool(state == "MERGED")
            object["draft"] = node["isDraft"] ?? false
            bundle["pull_request"] = .object(object)
            bundle["commits"] = .array(
                (node["commits"]?["nodes"]?.array ?? []).map { entry in
                    let commit = entry["commit"]
                    return .object([
                        "sha": commit?["oid"] ?? .null,
                        "commit": .object([
                            "message": commit?["message"] ?? "",
                            "author": .object([
                                "name": commit?["author"]?["name"] ?? .null,
                                "email": commit?["author"]?["email"] ?? .null,
                            ]),
                        ]),
                        "author": commit?["author"]?["user"].map { .object(["login": $0["login"] ?? .null]) } ?? .null,
                    ])
                })
            bundle["files"] = .array(
                (node["files"]?["nodes"]?.array ?? []).map { file in
                    .object([
                        "filename": file["path"] ?? "",
                        "additions": file["additions"] ?? 0,
                        "deletions": file["deletions"] ?? 0,
                        "status": .string(Self.fileStatus(file["changeType"]?.string)),
                    ])
                })
        } else {
            bundle["issue"] = .object(object)
        }
        return Backlog.Item(
            source: "\(repository)#\(number)", number: number, isPullRequest: isPullRequest, open: state == "OPEN",
            bundle: .object(bundle))
    }

    /// GraphQL's `PatchStatus` as REST's file `status`.
    static func fileStatus(_ changeType: String?) -> String {
        switch changeType {
        case "ADDED": "added"
        case "DELETED": "removed"
        case "RENAMED": "renamed"
        case "COPIED": "copied"
        default: "modified"
        }
    }

    static let pullRequestsQuery = """
        query LeveeBacklogPullRequests($owner: String!, $name: String!, $first: Int!, $after: String, \
        $states: [PullRequestState!], $orderBy: IssueOrder) {
          rateLimit { cost remaining resetAt }
          repository(owner: $owner, name: $name) {
            pullRequests(first: $first, after: $after, states: $states, orderBy: $orderBy) {
              pageInfo { hasNextPage endCursor }
              nodes {
                number title body url state createdAt updatedAt closedAt isDraft authorAssociation
                author { __typename login }
                headRefName baseRefName additions deletions changedFiles
                labels(first: 20) { nodes { name } }
                commits(first: 100) { nodes { commit { oid message author { name email user { login } } } } }
                files(first: 100) { nodes { path additions deletions changeType } }
              }
            }
          }
        }
        """

    static let issuesQuery = """
        query LeveeBacklogIssues($owner: String!, $name: String!, $first: Int!, $after: String, \
        $states: [IssueState!], $orderBy: IssueOrder) {
          rateLimit { cost remaining resetAt }
          repository(owner: $owner, name: $name) {
            issues(first: $first, after: $after, states: $states, orderBy: $orderBy) {
              pageInfo { hasNextPage endCursor }
              nodes {
                number title body url state stateReason createdAt updatedAt closedAt authorAssociation
                author { __typename login }
                labels(first: 20) { nodes { name } }
              }
            }
          }
        }
        """
}

extension GitHubClient {
    /// The issues of a repository by number, read in one GraphQL request (one aliased `issueOrPullRequest` per number)
    /// with what `LinkedIssue` holds: the backfill's linked issues for a whole page of pull requests at the cost of one
    /// request, where a delivery asks REST for each (`linkedIssue`). A number that is a pull request or does not exist
    /// is left out.
    public func issues(_ repository: String, numbers: [Int], installationID: Int?) async throws -> [Int: LinkedIssue] {
        let parts = repository.split(separator: "/").map(String.init)
        let wanted = Array(Set(numbers)).sorted()
        guard parts.count == 2, !wanted.isEmpty else { return [:] }
        let fields =
            "__typename ... on Issue { number title body createdAt author { login } labels(first: 20) { nodes { name } } }"
        let aliases = wanted.map { "i\($0): issueOrPullRequest(number: \($0)) { \(fields) }" }
        let query =
            "query($owner: String!, $name: String!) { rateLimit { cost remaining resetAt } "
            + "repository(owner: $owner, name: $name) { \(aliases.joined(separator: " ")) } }"
        let data = try await graphQL(
            query, variables: ["owner": .string(parts[0]), "name": .string(parts[1])],
            name: "issues \(wanted.map { "#\($0)" }.joined(separator: " ")) of \(repository)",
            installationID: installationID, partial: true)
        var issues: [Int: LinkedIssue] = [:]
        for number in wanted {
            guard let node = data["repository"]?["i\(number)"], node["__typename"]?.string == "Issue" else { continue }
            issues[number] = LinkedIssue(
                number: number, author: node["author"]?["login"]?.string,
                createdAt: TextStats.date(node["createdAt"]?.string),
                labels: node["labels"]?["nodes"]?.array?.compactMap { $0["name"]?.string } ?? [],
                title: node["title"]?.string, body: node["body"]?.string)
        }
        return issues
    }
}
