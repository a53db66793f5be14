import Foundation
import LeveeCore
import LeveeGitHub

/// The facts about an author that evaluation reads and only GitHub knows, gathered the same way for every front of
/// the server (a delivery, the backfill): the account (`GitHubClient.authorAccount`, `GET /users/{login}`, cached a
/// day) for anyone without write access, and for strangers only — people the project knows are never looked up —
/// the activity across GitHub (`GitHubClient.authorActivity`: one GraphQL request, cached six hours), which also
/// gives the account's pull requests of the last day. A new stranger costs one REST request and one GraphQL point.
/// Evidence, not a gate: an account GitHub cannot give is left out; an activity look-up that fails is recorded as
/// failed (`AuthorActivity.failed`), so the evaluation says so and a person looks, and it is asked again next time.
struct AuthorFacts: Sendable {
    let accounts = TimedCache<AuthorAccount>(lifetime: 86_400)
    let activities = TimedCache<GitHubClient.ActivityLookup>(lifetime: 6 * 3_600)

    /// The contribution with `authorAccount` and `authorActivity` filled where they apply.
    func adding(
        to contribution: Contribution, client: GitHubClient?, installationID: Int?, trust: TierDecision?, now: Date
    ) async -> Contribution {
        var contribution = contribution
        guard let client, contribution.kind.isItem, let person = contribution.author, !person.hasWriteAccess,
            !person.isBot
        else { return contribution }
        let login = person.login
        let key = login.lowercased()
        contribution.authorAccount = try? await accounts.value(key, now: now) {
            try await client.authorAccount(login, installationID: installationID)
        }
        guard AuthorActivity.isStranger(contribution, in: EvaluationContext(trust: trust)) else { return contribution }
        do {
            let lookup = try await activities.value(key, now: now) {
                try await client.authorActivity(login, at: now, installationID: installationID)
            }
            contribution.authorActivity = lookup.activity
            contribution.authorAccount?.pullRequestsLastDay = lookup.lastDay
        } catch {
            contribution.authorActivity = .failed(Self.why(error), asOf: now)
        }
        return contribution
    }

    /// A failed look-up in a few words: the rate limit and when it resets, GitHub's status, or the error.
    static func why(_ error: any Error) -> String {
        guard let error = error as? GitHubError else { return "the look-up failed: \(error)" }
        if let status = error.status, status >= 500 { return "GitHub answered \(status) to the search" }
        if let retryAt = error.retryAt { return "GitHub's rate limit, until \(retryAt.formatted(.iso8601))" }
        if let status = error.status { return "GitHub answered \(status) to the search" }
        return "GitHub could not be reached for the search"
    }
}
