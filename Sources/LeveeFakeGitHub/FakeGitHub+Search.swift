import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore

/// The fake's answer to the author-activity query (`GitHubClient.authorActivity`): GraphQL `search(type: ISSUE)`
/// over the pull requests each author opened across GitHub, in the shape of GitHub's GraphQL reference (written from
/// the documentation: no recording of it exists here). It reads the search qualifiers Levee sends — `author:`,
/// `type:pr`, `is:merged`, `is:unmerged`, `is:open`, `is:closed` and `created:FROM..TO` — and nothing else.
extension FakeGitHub {
    /// A pull request somewhere on GitHub, for the activity search.
    public struct AuthoredPullRequest: Sendable {
        public var repository: String
        public var createdAt: Date
        /// `OPEN`, `CLOSED` (unmerged) or `MERGED`.
        public var state: String

        public init(repository: String, createdAt: Date, state: String = "OPEN") {
            self.repository = repository
            self.createdAt = createdAt
            self.state = state
        }
    }

    /// How the next activity searches fail.
    public enum ActivityFailure: Sendable {
        /// GraphQL's `RATE_LIMITED` error, as GitHub answers an exhausted budget.
        case rateLimited
        /// A 502 from GitHub's front end.
        case badGateway
    }

    /// Pull requests `login` opened across GitHub.
    public func addPullRequests(by login: String, _ pulls: [AuthoredPullRequest]) {
        state.withLock { $0.pullRequestsByAuthor[login.lowercased(), default: []] += pulls }
    }

    /// The next `count` activity searches fail this way.
    public func failActivitySearches(_ failure: ActivityFailure, count: Int) {
        state.withLock { $0.activityFailures += Array(repeating: failure, count: count) }
    }

    /// Activity searches answered so far (failed ones included).
    public var activitySearches: Int { state.withLock { $0.activitySearches } }

    func activityAnswer(_ variables: JSONValue, headers: HTTPFields) -> Response {
        let (failure, pulls) = state.withLock { state -> (ActivityFailure?, [String: [AuthoredPullRequest]]) in
            state.activitySearches += 1
            let failure = state.activityFailures.isEmpty ? nil : state.activityFailures.removeFirst()
            return (failure, state.pullRequestsByAuthor)
        }
        switch failure {
        case .rateLimited:
            var limited = headers
            limited[.init("x-ratelimit-remaining")!] = "0"
            return rateLimited(limited)
        case .badGateway:
            return reply(502, .object(["message": "Server Error"]), headers: headers)
        case nil:
            break
        }
        var data: [String: JSONValue] = [:]
        for key in ["window", "merged", "unmerged", "open"] {
            guard let query = variables[key]?.string else { continue }
            let found = Self.search(query, in: pulls).sorted { $0.createdAt > $1.createdAt }
            var connection: [String: JSONValue] = ["issueCount": .number(Double(found.count))]
            if key == "window" {
                connection["nodes"] = .array(
                    found.prefix(100).map { pull in
                        .object([
                            "createdAt": .string(ISO8601DateFormatter().string(from: pull.createdAt)),
                            "repository": .object([
                                "nameWithOwner": .string(pull.repository),
                                "owner": .object([
                                    "login": .string(String(pull.repository.split(separator: "/").first ?? ""))
                                ]),
                            ]),
                        ])
                    })
            }
            data[key] = .object(connection)
        }
        data["rateLimit"] = .object(["cost": 1, "remaining": 4999, "resetAt": "2027-01-01T00:00:00Z"])
        return reply(200, .object(["data": .object(data)]), headers: headers)
    }

    /// The pull requests a search string finds.
    static func search(_ query: String, in pulls: [String: [AuthoredPullRequest]]) -> [AuthoredPullRequest] {
        var found: [AuthoredPullRequest] = []
        var states: Set<String>?
        var from = Date.distantPast
        var to = Date.distantFuture
        for term in query.split(separator: " ") {
            if term.hasPrefix("author:") {
                found = pulls[term.dropFirst("author:".count).lowercased()] ?? []
            } else if term == "is:merged" {
                states = ["MERGED"]
            } else if term == "is:unmerged" {
                states = (states ?? ["OPEN", "CLOSED"]).intersection(["OPEN", "CLOSED"])
            } else if term == "is:closed" {
                states = (states ?? ["CLOSED", "MERGED"]).intersection(["CLOSED", "MERGED"])
            } else if term == "is:open" {
                states = ["OPEN"]
            } else if term.hasPrefix("created:") {
                let bounds = term.dropFirst("created:".count).components(separatedBy: "..")
                from = TextStats.date(bounds.first) ?? from
                to = TextStats.date(bounds.count > 1 ? bounds[1] : nil) ?? to
            }
        }
        return found.filter { ($0.createdAt >= from && $0.createdAt <= to) && (states?.contains($0.state) ?? true) }
    }
}
