import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore

/// The fake's GraphQL endpoint (`POST /graphql`), for the backlog fetch (`GitHubClient.backlog`): a repository's
/// pull requests and issues, paged, in the shape of GitHub's GraphQL documentation (no recording of it exists here).
/// It answers the two queries Levee sends — recognised by their connection, `pullRequests(` or `issues(` — with the
/// fields they ask for, and models the GraphQL budget: each query costs one point of `graphQLBudget`; at zero it
/// answers `RATE_LIMITED` with `x-ratelimit-remaining: 0` and the reset time, as GitHub does.
extension FakeGitHub {
    /// A pull request or issue of the backlog. Its files and commits are those given with `setFiles`/`setCommits`
    /// (REST's shapes), so the REST and GraphQL answers agree.
    public struct BacklogEntry: Sendable {
        public var number: Int
        public var isPullRequest: Bool
        public var title: String
        public var body: String
        public var author: String
        public var authorType: String
        public var association: String
        /// `OPEN`, `CLOSED` or (pull requests) `MERGED`.
        public var state: String
        public var createdAt: Date
        public var updatedAt: Date
        public var closedAt: Date?
        public var headRef: String
        public var additions: Int
        public var deletions: Int
        public var changedFiles: Int
        public var labels: [String]

        public init(
            number: Int, isPullRequest: Bool, title: String, body: String = "", author: String,
            authorType: String = "User", association: String = "NONE", state: String = "OPEN", createdAt: Date,
            updatedAt: Date? = nil, closedAt: Date? = nil, headRef: String = "patch-1", additions: Int = 0,
            deletions: Int = 0, changedFiles: Int = 0, labels: [String] = []
        ) {
            self.number = number
            self.isPullRequest = isPullRequest
            self.title = title
            self.body = body
            self.author = author
            self.authorType = authorType
            self.association = association
            self.state = state
            self.createdAt = createdAt
            self.updatedAt = updatedAt ?? closedAt ?? createdAt
            self.closedAt = closedAt
            self.headRef = headRef
            self.additions = additions
            self.deletions = deletions
            self.changedFiles = changedFiles
            self.labels = labels
        }
    }

    /// Adds items to a repository's backlog (the repository then exists for GraphQL).
    public func addBacklog(_ repo: String, _ entries: [BacklogEntry]) {
        state.withLock { $0.backlog[repo, default: []] += entries }
    }

    /// The GraphQL points left before `RATE_LIMITED` (GitHub: 5,000 an hour for an App installation or a token),
    /// and when the budget resets.
    /// A discussion Levee may read and comment on (`discussion_comment` deliveries name it by number and node id).
    public func addDiscussion(_ repo: String, number: Int, nodeID: String) {
        state.withLock { $0.discussions[nodeID] = (repo, number, []) }
    }

    /// The bodies of the comments written in a discussion, in order.
    public func discussionComments(nodeID: String) -> [String] {
        state.withLock { $0.discussions[nodeID]?.comments ?? [] }
    }

    /// The discussion comments query and `addDiscussionComment`, in the shapes of GitHub's GraphQL reference
    /// (written from the documentation: no recording exists). Nil for other queries.
    func discussionAnswer(_ query: String, _ variables: JSONValue) -> JSONValue? {
        if query.contains("addDiscussionComment") {
            let id = variables["discussionId"]?.string ?? ""
            let body = variables["body"]?.string ?? ""
            let added = state.withLock { state -> Int? in
                guard state.discussions[id] != nil else { return nil }
                state.discussions[id]!.comments.append(body)
                state.nextID += 1
                return state.nextID
            }
            guard let added else {
                return .object([
                    "data": .object(["addDiscussionComment": .null]),
                    "errors": .array([
                        .object([
                            "type": "NOT_FOUND",
                            "message": .string("Could not resolve to a node with the global id of '\(id)'"),
                        ])
                    ]),
                ])
            }
            return .object([
                "data": .object([
                    "addDiscussionComment": .object(["comment": .object(["id": .string("DC_kw\(added)")])])
                ])
            ])
        }
        guard query.contains("discussion(number:") else { return nil }
        let repo = "\(variables["owner"]?.string ?? "")/\(variables["name"]?.string ?? "")"
        let number = variables["number"]?.int ?? 0
        let comments = state.withLock { state in
            state.discussions.values.first { $0.repo == repo && $0.number == number }?.comments
        }
        guard let comments else {
            return .object([
                "data": .object(["repository": .object(["discussion": .null])]),
                "errors": .array([
                    .object([
                        "type": "NOT_FOUND",
                        "message": .string("Could not resolve to a Discussion with the number of \(number)."),
                    ])
                ]),
            ])
        }
        let nodes = comments.map { JSONValue.object(["body": .string($0), "replies": .object(["nodes": .array([])])]) }
        return .object([
            "data": .object([
                "repository": .object(["discussion": .object(["comments": .object(["nodes": .array(nodes)])])])
            ])
        ])
    }

    public func setGraphQLBudget(_ points: Int, resetAt: Date) {
        state.withLock {
            $0.graphQLRemaining = points
            $0.graphQLReset = resetAt
        }
    }

    /// GraphQL's answer to an exhausted budget: 200 with a `RATE_LIMITED` error, as GitHub gives it.
    func rateLimited(_ headers: HTTPFields) -> Response {
        reply(
            200,
            .object([
                "errors": .array([
                    .object([
                        "type": "RATE_LIMITED",
                        "message": "API rate limit exceeded for installation. Try again after the reset time.",
                    ])
                ])
            ]), headers: headers)
    }

    func graphQL(_ request: JSONValue?) -> Response {
        let query = request?["query"]?.string ?? ""
        let variables = request?["variables"] ?? .object([:])
        // One point a query; none left: refused until the reset.
        let (allowed, remaining, reset) = state.withLock { state -> (Bool, Int, Date) in
            guard state.graphQLRemaining > 0 else { return (false, 0, state.graphQLReset) }
            state.graphQLRemaining -= 1
            return (true, state.graphQLRemaining, state.graphQLReset)
        }
        var headers = HTTPFields()
        headers[.init("x-ratelimit-resource")!] = "graphql"
        headers[.init("x-ratelimit-remaining")!] = String(remaining)
        headers[.init("x-ratelimit-reset")!] = String(Int(reset.timeIntervalSince1970))
        if !allowed { return rateLimited(headers) }
        if let answer = discussionAnswer(query, variables) { return reply(200, answer, headers: headers) }
        if query.contains("search(") { return activityAnswer(variables, headers: headers) }
        if query.contains("issueOrPullRequest(") { return issuesAnswer(query, variables, headers: headers) }
        let owner = variables["owner"]?.string ?? ""
        let name = variables["name"]?.string ?? ""
        let repo = "\(owner)/\(name)"
        let rateLimit: JSONValue = .object([
            "cost": 1, "remaining": .number(Double(remaining)),
            "resetAt": .string(ISO8601DateFormatter().string(from: reset)),
        ])
        guard let entries = state.withLock({ $0.backlog[repo] }) else {
            return reply(
                200,
                .object([
                    "data": .object(["rateLimit": rateLimit, "repository": .null]),
                    "errors": .array([
                        .object([
                            "type": "NOT_FOUND", "path": ["repository"],
                            "message": .string("Could not resolve to a Repository with the name '\(repo)'."),
                        ])
                    ]),
                ]), headers: headers)
        }
        let pulls = query.contains("pullRequests(")
        let states = Set(variables["states"]?.array?.compactMap(\.string) ?? ["OPEN"])
        let byUpdate = variables["orderBy"]?["field"]?.string == "UPDATED_AT"
        let matching = entries.filter { $0.isPullRequest == pulls && states.contains($0.state) }
            .sorted { byUpdate ? $0.updatedAt > $1.updatedAt : $0.createdAt > $1.createdAt }
        let first = max(1, min(variables["first"]?.int ?? 30, 100))
        let offset = variables["after"]?.string.flatMap { Int($0.dropFirst("cursor:".count)) } ?? 0
        let page = Array(matching.dropFirst(offset).prefix(first))
        let end = offset + page.count
        let nodes = page.map { node($0, repo: repo) }
        let connection: JSONValue = .object([
            "pageInfo": .object(["hasNextPage": .bool(end < matching.count), "endCursor": .string("cursor:\(end)")]),
            "nodes": .array(nodes),
        ])
        return reply(
            200,
            .object([
                "data": .object([
                    "rateLimit": rateLimit,
                    "repository": .object([pulls ? "pullRequests" : "issues": connection]),
                ])
            ]), headers: headers)
    }

    /// `repository { i12: issueOrPullRequest(number: 12) { … } … }`, written from GitHub's GraphQL reference: each
    /// alias an `Issue` from the items the test set (`setIssue`), or `null` with a `NOT_FOUND` error at its path, as
    /// GitHub answers a number that does not exist.
    func issuesAnswer(_ query: String, _ variables: JSONValue, headers: HTTPFields) -> Response {
        let repo = (variables["owner"]?.string ?? "") + "/" + (variables["name"]?.string ?? "")
        var found: [String: JSONValue] = [:]
        var errors: [JSONValue] = []
        let aliases = query.matches(of: /(\w+): issueOrPullRequest\(number: (\d+)\)/)
        for match in aliases {
            let (alias, number) = (String(match.output.1), Int(match.output.2) ?? 0)
            let item = state.withLock { $0.items["\(repo)#\(number)"] }
            guard let item, let title = item.title else {
                found[alias] = .null
                errors.append(
                    .object([
                        "type": "NOT_FOUND", "path": .array(["repository", .string(alias)]),
                        "message": .string(
                            "Could not resolve to an issue or pull request with the number of \(number)."),
                    ]))
                continue
            }
            found[alias] = .object([
                "__typename": "Issue", "number": .number(Double(number)), "title": .string(title),
                "body": .string(item.body ?? ""),
                "createdAt": .string(
                    ISO8601DateFormatter().string(from: item.createdAt ?? Date(timeIntervalSince1970: 0))),
                "author": item.author.map { .object(["login": .string($0)]) } ?? .null,
                "labels": .object(["nodes": .array(item.labels.map { .object(["name": .string($0)]) })]),
            ])
        }
        var answer: [String: JSONValue] = ["data": .object(["repository": .object(found)])]
        if !errors.isEmpty { answer["errors"] = .array(errors) }
        return reply(200, .object(answer), headers: headers)
    }

    func node(_ entry: BacklogEntry, repo: String) -> JSONValue {
        let format = ISO8601DateFormatter()
        var node: [String: JSONValue] = [
            "number": .number(Double(entry.number)), "title": .string(entry.title), "body": .string(entry.body),
            "url": .string("https://github.com/\(repo)/\(entry.isPullRequest ? "pull" : "issues")/\(entry.number)"),
            "state": .string(entry.state), "createdAt": .string(format.string(from: entry.createdAt)),
            "updatedAt": .string(format.string(from: entry.updatedAt)),
            "closedAt": entry.closedAt.map { .string(format.string(from: $0)) } ?? .null,
            "authorAssociation": .string(entry.association),
            "author": .object(["__typename": .string(entry.authorType), "login": .string(entry.author)]),
            "labels": .object(["nodes": .array(entry.labels.map { .object(["name": .string($0)]) })]),
        ]
        if entry.isPullRequest {
            let (files, commits) = state.withLock {
                ($0.files["\(repo)#\(entry.number)"] ?? [], $0.commits["\(repo)#\(entry.number)"] ?? [])
            }
            node["isDraft"] = false
            node["headRefName"] = .string(entry.headRef)
            node["baseRefName"] = "main"
            node["additions"] = .number(Double(entry.additions))
            node["deletions"] = .number(Double(entry.deletions))
            node["changedFiles"] = .number(Double(entry.changedFiles))
            node["files"] = .object([
                "nodes": .array(
                    files.prefix(100).map { file in
                        .object([
                            "path": file["filename"] ?? "", "additions": file["additions"] ?? 0,
                            "deletions": file["deletions"] ?? 0,
                            "changeType": .string((file["status"]?.string ?? "modified").uppercased()),
                        ])
                    })
            ])
            node["commits"] = .object([
                "nodes": .array(
                    commits.prefix(100).map { commit in
                        .object([
                            "commit": .object([
                                "oid": commit["sha"] ?? "", "message": commit["commit"]?["message"] ?? "",
                                "author": .object([
                                    "name": commit["commit"]?["author"]?["name"] ?? .null,
                                    "email": commit["commit"]?["author"]?["email"] ?? .null,
                                    "user": commit["author"]?["login"].map { .object(["login": $0]) } ?? .null,
                                ]),
                            ])
                        ])
                    })
            ])
        }
        return .object(node)
    }
}

// MARK: The backlog over REST, and GitHub's rate limits

extension FakeGitHub {
    /// `GET /repos/{o}/{r}/pulls` and `GET /repos/{o}/{r}/issues` over the backlog, in REST's list shapes (an issue
    /// list holds the pull requests too, marked by `pull_request`, as GitHub's does), for a walk that uses REST only.
    func restList(repo: String, pulls: Bool, params: [String: String]) -> Response? {
        guard let entries = state.withLock({ $0.backlog[repo] }) else { return nil }
        let wanted = params["state"] ?? "open"
        let format = ISO8601DateFormatter()
        let list = entries.filter {
            (!pulls || $0.isPullRequest) && (wanted == "all" || ($0.state == "OPEN") == (wanted == "open"))
        }
        .sorted { $0.createdAt > $1.createdAt }
        .map { entry -> JSONValue in
            var object: [String: JSONValue] = [
                "number": .number(Double(entry.number)), "title": .string(entry.title), "body": .string(entry.body),
                "state": entry.state == "OPEN" ? "open" : "closed",
                "user": .object(["login": .string(entry.author), "type": .string(entry.authorType)]),
                "author_association": .string(entry.association),
                "created_at": .string(format.string(from: entry.createdAt)),
                "labels": .array(entry.labels.map { .object(["name": .string($0)]) }),
            ]
            if pulls {
                object["head"] = .object(["ref": .string(entry.headRef)])
                object["base"] = .object(["ref": "main"])
            } else if entry.isPullRequest {
                object["pull_request"] = .object(["url": .string("\(baseURL)/repos/\(repo)/pulls/\(entry.number)")])
            }
            return .object(object)
        }
        return page(list, params: params, path: "/repos/\(repo)/\(pulls ? "pulls" : "issues")")
    }

    /// GitHub's limits as its REST documentation gives them ("Rate limits for the REST API"; no recording exists):
    /// primary, per token and hour, `restPerHour` requests and `graphQLPerHour` GraphQL points; secondary, per
    /// minute, 900 points of REST (a GET costs 1, a write 5) and 2,000 of GraphQL (a query costs 1). A request over a
    /// secondary limit gets 403 with `retry-after` (the seconds to the next minute); over the REST hour, 403 with
    /// `x-ratelimit-remaining: 0` and the reset; over the GraphQL hour, `RATE_LIMITED`. `now` is the clock the limits
    /// count by: a benchmark passes the same virtual clock it gives the client.
    public struct RateLimits: Sendable {
        public var restPerHour = 5000
        public var graphQLPerHour = 5000
        public var restPointsPerMinute = 900
        public var graphQLPointsPerMinute = 2000
        public init() {}
    }

    public func enableRateLimits(_ limits: RateLimits = RateLimits(), now: @escaping @Sendable () -> Date) {
        let start = now()
        state.withLock {
            $0.rateLimits = limits
            $0.hourStart = start
            $0.graphQLRemaining = limits.graphQLPerHour
            $0.graphQLReset = start.addingTimeInterval(3600)
        }
        clockBox.withLock { $0 = now }
    }

    /// Counts a request against the limits; the refusal to send, or nil.
    func overLimit(method: String, path: String) -> Response? {
        guard let now = clockBox.withLock({ $0 }) else { return nil }
        let at = now()
        let graphQL = path == "/graphql"
        return state.withLock { state -> Response? in
            guard let limits = state.rateLimits else { return nil }
            if at.timeIntervalSince(state.hourStart) >= 3600 {
                state.hourStart = at
                state.restUsed = 0
                state.graphQLRemaining = limits.graphQLPerHour
                state.graphQLReset = at.addingTimeInterval(3600)
            }
            let minute = Int(at.timeIntervalSince1970 / 60)
            if minute != state.minute {
                state.minute = minute
                state.restPoints = 0
                state.graphQLPoints = 0
            }
            let points = graphQL ? 1 : (method == "GET" ? 1 : 5)
            if graphQL
                ? state.graphQLPoints + points > limits.graphQLPointsPerMinute
                : state.restPoints + points > limits.restPointsPerMinute
            {
                let wait = max(1, 60 - Int(at.timeIntervalSince1970) % 60)
                state.secondaryRefusals += 1
                return reply(
                    403, .object(["message": "You have exceeded a secondary rate limit. Please wait a few minutes."]),
                    headers: [.init("retry-after")!: String(wait)])
            }
            if graphQL { state.graphQLPoints += points } else { state.restPoints += points }
            guard !graphQL else { return nil }  // GraphQL's hourly budget is counted where the query is answered.
            let reset = String(Int(state.hourStart.addingTimeInterval(3600).timeIntervalSince1970))
            if state.restUsed >= limits.restPerHour {
                state.primaryRefusals += 1
                return reply(
                    403, .object(["message": "API rate limit exceeded for installation."]),
                    headers: [
                        .init("x-ratelimit-limit")!: String(limits.restPerHour), .init("x-ratelimit-remaining")!: "0",
                        .init("x-ratelimit-reset")!: reset,
                    ])
            }
            state.restUsed += 1
            return nil
        }
    }

    /// How many requests the limits refused: (primary, secondary).
    public var refusals: (primary: Int, secondary: Int) {
        state.withLock { ($0.primaryRefusals, $0.secondaryRefusals) }
    }
}
