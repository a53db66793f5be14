import Foundation

/// What the author did across GitHub around the time of a contribution: the pull requests they opened in the days
/// before it and in how many repositories, and what became of their pull requests in the months before. The server
/// gathers it once per author (one GraphQL request, cached); a bundle carries it as `author_activity`:
///
/// ```json
/// "author_activity": {"as_of": "2026-08-03T00:00:00Z", "window_days": 7, "pull_requests": 23, "repositories": 19,
///                     "owners": 18, "recent": {"days": 90, "merged": 3, "closed_unmerged": 11, "open": 9}}
/// ```
///
/// Behaviour, read as figures: what someone did, never who they are — no followers, stars, employer, location or
/// profile. When the look-up failed (`failure`), the evaluation says so and a person looks; a missing fact never
/// counts against anyone.
public struct AuthorActivity: Sendable, Hashable {
    /// When the figures were true: the contribution's creation, or the moment of the look-up.
    public var asOf: Date?
    /// The window of `pullRequests` and `repositories`, in days before `asOf`.
    public var windowDays: Int
    /// Pull requests the author opened anywhere on GitHub in the window, this one included.
    public var pullRequests: Int
    /// The repositories those pull requests went to.
    public var repositories: Int
    /// The owners (people and organisations) of those repositories, when known: thirty pull requests to thirty
    /// repositories of one organisation are one project's migration, not a spray.
    public var owners: Int?
    /// What became of the author's pull requests opened in the months before.
    public var recent: Record?
    /// Why the look-up failed (a rate limit, a time-out, GitHub answering 5xx), when it did: the figures above are
    /// then unknown, not zero.
    public var failure: String?

    /// The author's pull requests opened in the `days` before, by what became of them.
    public struct Record: Sendable, Hashable {
        public var days: Int
        public var merged: Int
        public var closedUnmerged: Int
        public var open: Int

        public init(days: Int = 90, merged: Int, closedUnmerged: Int, open: Int) {
            self.days = days
            self.merged = merged
            self.closedUnmerged = closedUnmerged
            self.open = open
        }
    }

    public init(
        asOf: Date? = nil, windowDays: Int = 7, pullRequests: Int, repositories: Int, owners: Int? = nil,
        recent: Record? = nil
    ) {
        self.asOf = asOf
        self.windowDays = windowDays
        self.pullRequests = pullRequests
        self.repositories = repositories
        self.owners = owners
        self.recent = recent
    }

    /// A look-up that failed, saying why.
    public static func failed(_ why: String, asOf: Date? = nil) -> AuthorActivity {
        var activity = AuthorActivity(asOf: asOf, pullRequests: 0, repositories: 0)
        activity.failure = why
        return activity
    }

    /// The activity the behaviour signals may read for this contribution: only a pull request's or an issue's, only
    /// when the look-up succeeded, and never of someone the project already knows — write access, a contributor
    /// GitHub lists as such, a vouched or known contributor, a maintainer, a bot.
    public static func readable(for c: Contribution, in context: EvaluationContext) -> AuthorActivity? {
        guard let activity = c.authorActivity, activity.failure == nil, isStranger(c, in: context) else { return nil }
        return activity
    }

    /// A pull request or issue from someone the project does not know yet: the only authors the activity is read for.
    public static func isStranger(_ c: Contribution, in context: EvaluationContext) -> Bool {
        guard c.kind == .pullRequest || c.kind == .issue, let author = c.author, !author.isBot,
            author.association?.isEstablished != true
        else { return false }
        switch context.trust?.tier {
        case .vouched, .knownContributor, .maintainer, .bot: return false
        case .denounced, .newcomer, nil: return true
        }
    }

    /// `author_activity` as a bundle writes it.
    public var json: JSONValue {
        if let failure {
            return .object(["failed": .string(failure)].merging(asOfField) { first, _ in first })
        }
        var object: [String: JSONValue] = [
            "window_days": .number(Double(windowDays)), "pull_requests": .number(Double(pullRequests)),
            "repositories": .number(Double(repositories)),
        ]
        if let owners { object["owners"] = .number(Double(owners)) }
        if let recent {
            object["recent"] = .object([
                "days": .number(Double(recent.days)), "merged": .number(Double(recent.merged)),
                "closed_unmerged": .number(Double(recent.closedUnmerged)), "open": .number(Double(recent.open)),
            ])
        }
        return .object(object.merging(asOfField) { first, _ in first })
    }

    private var asOfField: [String: JSONValue] {
        guard let asOf else { return [:] }
        return ["as_of": .string(asOf.formatted(.iso8601))]
    }

    /// `author_activity` from a bundle; nil when absent. A malformed figure is an error naming the field.
    static func read(_ json: JSONValue?, source: String) throws -> AuthorActivity? {
        guard let json, json != .null else { return nil }
        guard json.object != nil else {
            throw ContributionError(source: source, reason: "author_activity: expected an object, got \(json.typeName)")
        }
        let asOf = TextStats.date(json["as_of"]?.string)
        if let failure = json["failed"]?.string { return .failed(failure, asOf: asOf) }
        func count(_ value: JSONValue?, _ name: String) throws -> Int {
            guard let value else {
                throw ContributionError(source: source, reason: "author_activity.\(name) is missing")
            }
            guard let number = value.int, number >= 0 else {
                throw ContributionError(
                    source: source, reason: "author_activity.\(name): expected a count, got \(value.typeName)")
            }
            return number
        }
        var activity = AuthorActivity(
            asOf: asOf, windowDays: try count(json["window_days"] ?? .number(7), "window_days"),
            pullRequests: try count(json["pull_requests"], "pull_requests"),
            repositories: try count(json["repositories"], "repositories"))
        if let owners = json["owners"] { activity.owners = try count(owners, "owners") }
        if let recent = json["recent"], recent != .null {
            activity.recent = Record(
                days: try count(recent["days"] ?? .number(90), "recent.days"),
                merged: try count(recent["merged"], "recent.merged"),
                closedUnmerged: try count(recent["closed_unmerged"], "recent.closed_unmerged"),
                open: try count(recent["open"] ?? .number(0), "recent.open"))
        }
        return activity
    }
}
