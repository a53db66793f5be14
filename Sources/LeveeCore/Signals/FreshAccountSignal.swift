import Foundation

/// Flags what the author's account says about how this contribution was made, from facts the server fetched
/// (`author_account`): an account created days before the contribution, or a burst of pull requests opened across
/// GitHub in one day (the pattern of accounts made or scripted to spray pull requests). Each fact is shown with its
/// figure; a new account alone weighs little — everyone's first pull request comes from a new account once — and
/// people with write access are left alone. Followers, stars and employers are never read.
public struct FreshAccountSignal: Signal {
    public static let id = "fresh_account"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds): never shipped as points, set as if it had been.
    public static let priorPoints: Double = 2
    /// Behaviour: the account's age and its pull requests across GitHub.
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    /// Pull requests in one day across GitHub from which the burst counts, and from which it counts fully.
    public static let burstFrom = 10
    public static let fullBurst = 30

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest || c.kind == .issue, let account = c.authorAccount,
            c.author?.hasWriteAccess != true, account.type != .bot
        else { return nil }
        var evidence: [String] = []
        var strength = 0.0
        if let created = account.createdAt, let at = c.createdAt ?? context.now {
            let days = at.timeIntervalSince(created) / 86_400
            if days >= 0, days < 30 {
                let age = days < 1 ? "less than a day" : "\(Int(days)) day\(Int(days) == 1 ? "" : "s")"
                evidence.append(
                    "the account was created \(age) before this \(c.kind == .issue ? "issue" : "pull request")")
                strength = days < 2 ? 0.6 : days < 7 ? 0.4 : 0.2
            }
        }
        if let burst = account.pullRequestsLastDay, burst >= Self.burstFrom {
            evidence.append("\(burst) pull requests opened across GitHub in the day before")
            strength += SignalHit.rising(burst, from: Self.burstFrom, full: Self.fullBurst)
        }
        guard !evidence.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: min(1, strength), evidence: evidence,
            message: "The account is new or has opened many pull requests today; a maintainer may want to check that "
                + "this one was written for this project.")
    }

    static func pull(days: Double, burst: Int? = nil, association: String = "NONE") -> Contribution {
        var c = Example.pull(association: association, createdAt: Example.now)
        c.authorAccount = AuthorAccount(
            createdAt: Example.now.addingTimeInterval(-days * 86_400), type: "User",
            pullRequestsLastDay: burst)
        return c
    }

    public static let triggeringExamples = [
        SignalExample("account made the same day", pull(days: 0.3)),
        SignalExample("a year-old account spraying pull requests", pull(days: 400, burst: 42)),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("an account of some months", pull(days: 200, burst: 2)),
        SignalExample("a collaborator's new account", pull(days: 1, association: "COLLABORATOR")),
        SignalExample("nothing fetched", Example.pull()),
    ]
}
