import Foundation
import LeveeCore

extension GitHubClient {
    /// What `authorActivity` returns: the activity, and how many of its window's pull requests were of the last day.
    public typealias ActivityLookup = (activity: AuthorActivity, lastDay: Int)

    /// The query of `authorActivity`: four searches of the author's pull requests across GitHub in one GraphQL request
    /// (GitHub's `search(type: ISSUE)`: the first lists the window's pull requests with their repository, the other
    /// three only count). It costs one point of the GraphQL budget (5,000 an hour per installation).
    static let authorActivityQuery = """
        query($window: String!, $merged: String!, $unmerged: String!, $open: String!) {
          window: search(query: $window, type: ISSUE, first: 100) {
            issueCount
            nodes { ... on PullRequest { createdAt repository { nameWithOwner owner { login } } } }
          }
          merged: search(query: $merged, type: ISSUE, first: 0) { issueCount }
          unmerged: search(query: $unmerged, type: ISSUE, first: 0) { issueCount }
          open: search(query: $open, type: ISSUE, first: 0) { issueCount }
          rateLimit { cost remaining resetAt }
        }
        """

    /// What `login` did across GitHub before `at` (`AuthorActivity`): the pull requests opened in the `windowDays`
    /// before and the repositories and owners they went to, and the pull requests opened in the `recentDays` before
    /// by what became of them; beside it, how many of the window's pull requests were opened in the last day (for
    /// `AuthorAccount.pullRequestsLastDay`). One GraphQL request. When the window holds more than 100 pull requests,
    /// the repositories, owners and last day are read from the newest 100 (a floor: the burst is plain by then).
    public func authorActivity(
        _ login: String, at: Date, installationID: Int?, windowDays: Int = 7, recentDays: Int = 90
    ) async throws -> ActivityLookup {
        func range(_ days: Int) -> String {
            let format = ISO8601DateFormatter()
            return
                "created:\(format.string(from: at.addingTimeInterval(-Double(days) * 86_400)))..\(format.string(from: at))"
        }
        let base = "author:\(login) type:pr"
        let data = try await graphQL(
            Self.authorActivityQuery,
            variables: [
                "window": .string("\(base) \(range(windowDays))"),
                "merged": .string("\(base) is:merged \(range(recentDays))"),
                "unmerged": .string("\(base) is:unmerged is:closed \(range(recentDays))"),
                "open": .string("\(base) is:open \(range(recentDays))"),
            ], name: "author activity of \(login)", installationID: installationID)
        func count(_ key: String) throws -> Int {
            guard let count = data[key]?["issueCount"]?.int else {
                throw GitHubError(
                    status: nil, request: "GraphQL author activity of \(login)", message: "no issueCount for \(key)")
            }
            return count
        }
        let nodes = data["window"]?["nodes"]?.array ?? []
        let repositories = Set(nodes.compactMap { $0["repository"]?["nameWithOwner"]?.string?.lowercased() })
        let owners = Set(nodes.compactMap { $0["repository"]?["owner"]?["login"]?.string?.lowercased() })
        let dayBefore = at.addingTimeInterval(-86_400)
        let lastDay = nodes.count { node in TextStats.date(node["createdAt"]?.string).map { $0 >= dayBefore } ?? false }
        let activity = AuthorActivity(
            asOf: at, windowDays: windowDays, pullRequests: try count("window"), repositories: repositories.count,
            owners: owners.count,
            recent: .init(
                days: recentDays, merged: try count("merged"), closedUnmerged: try count("unmerged"),
                open: try count("open")))
        return (activity, lastDay)
    }
}
