import Foundation

/// Flags a stranger who opened many pull requests across many unrelated repositories in the days before this one
/// (`author_activity`): the pattern of scripted and "spray and pray" campaigns, where the same kind of change goes to
/// dozens of projects in a week and none was written for any of them. Counted in repositories and their owners, not
/// in pull requests alone: thirty pull requests to one organisation's repositories are one project's migration. The
/// figures are the evidence. People the project knows (write access, contributors, vouched or known authors,
/// maintainers, bots) are never read; an ordinary newcomer's week — a few pull requests to a few projects — is far
/// below the threshold.
public struct ActivityBurstSignal: Signal {
    public static let id = "activity_burst"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`): no labelled set carries activity.
    public static let priorPoints: Double = 5
    /// Behaviour: what the author did across GitHub.
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    /// Repositories in the window from which the burst counts (with at least `fromPullRequests` pull requests), from
    /// which it asks the author, and at which it counts fully.
    public static let fromRepositories = 8
    public static let fromPullRequests = 10
    public static let asksFromRepositories = 15
    public static let fullAtRepositories = 30

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard let activity = AuthorActivity.readable(for: c, in: context.inputs) else { return nil }
        // Repositories of different owners: a repository count above the owners' is capped at the owners'.
        let spread = min(activity.repositories, activity.owners ?? activity.repositories)
        guard activity.pullRequests >= Self.fromPullRequests, spread >= Self.fromRepositories else { return nil }
        let owners = activity.owners.map { " of \($0) owner\($0 == 1 ? "" : "s")" } ?? ""
        let strength = SignalHit.rising(spread, from: Self.fromRepositories, full: Self.fullAtRepositories)
        return SignalHit(
            id: Self.id, strength: strength,
            evidence: [
                "\(activity.pullRequests) pull requests opened across GitHub in the \(activity.windowDays) days "
                    + "\(activity.asOf.map { "to " + TextStats.day($0) } ?? "before this one"), to "
                    + "\(activity.repositories) repositories\(owners)"
            ],
            message: "You opened many pull requests in many projects in a few days. Please say in a sentence or two "
                + "what led you to this change in this project and how you checked it.",
            asksAuthor: spread >= Self.asksFromRepositories)
    }

    static func pull(_ pullRequests: Int, repositories: Int, owners: Int? = nil, association: String = "NONE")
        -> Contribution
    {
        var c = Example.pull(association: association, createdAt: Example.now)
        c.authorActivity = AuthorActivity(
            asOf: Example.now, pullRequests: pullRequests, repositories: repositories, owners: owners)
        return c
    }

    public static let triggeringExamples = [
        SignalExample("27 pull requests to 25 repositories in a week", pull(27, repositories: 25, owners: 25)),
        SignalExample("a campaign of 55 in a week, owners unknown", pull(55, repositories: 48)),
        SignalExample(
            "a denounced author's spray", pull(12, repositories: 9),
            context: EvaluationContext(trust: TierDecision(tier: .denounced, reason: "denounced in VOUCHED.td"))),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("a newcomer's ordinary week", pull(4, repositories: 3, owners: 3)),
        SignalExample("a migration across one organisation's repositories", pull(30, repositories: 30, owners: 1)),
        SignalExample("a contributor the project knows", pull(27, repositories: 25, association: "CONTRIBUTOR")),
        SignalExample(
            "a vouched author", pull(27, repositories: 25),
            context: EvaluationContext(trust: TierDecision(tier: .vouched, reason: "vouched in VOUCHED.td"))),
        SignalExample(
            "the look-up failed",
            {
                var c = Example.pull(association: "NONE")
                c.authorActivity = .failed("GitHub's search answered 403 (rate limit)")
                return c
            }()),
        SignalExample("nothing gathered", Example.pull(association: "NONE")),
    ]
}
