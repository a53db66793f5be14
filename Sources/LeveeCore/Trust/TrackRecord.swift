import Foundation

/// One earlier contribution of the author in this repository, as the forge lists it.
public struct HistoryItem: Sendable, Hashable {
    public var number: Int
    public var isPullRequest: Bool
    public var state: String
    public var merged: Bool
    public var createdAt: Date?
    public var updatedAt: Date?
    /// Levee's verdict on it, when Levee evaluated it.
    public var verdict: Verdict?

    public init(
        number: Int, isPullRequest: Bool, state: String, merged: Bool = false, createdAt: Date? = nil,
        updatedAt: Date? = nil, verdict: Verdict? = nil
    ) {
        self.number = number
        self.isPullRequest = isPullRequest
        self.state = state
        self.merged = merged
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.verdict = verdict
    }
}

/// What an author did here: merged, closed without merging, abandoned, first contribution, share flagged.
/// No follower counts, employers or stars.
public struct TrackRecord: Sendable, Hashable, Codable {
    public var merged: Int
    public var closedUnmerged: Int
    /// Open pull requests untouched for `abandonedAfterDays`.
    public var abandoned: Int
    public var open: Int
    public var issues: Int
    public var firstContribution: Date?
    /// Items Levee evaluated, and how many of those it flagged (needs_author or likely_slop).
    public var evaluated: Int
    public var flagged: Int

    public init(
        merged: Int = 0, closedUnmerged: Int = 0, abandoned: Int = 0, open: Int = 0, issues: Int = 0,
        firstContribution: Date? = nil, evaluated: Int = 0, flagged: Int = 0
    ) {
        self.merged = merged
        self.closedUnmerged = closedUnmerged
        self.abandoned = abandoned
        self.open = open
        self.issues = issues
        self.firstContribution = firstContribution
        self.evaluated = evaluated
        self.flagged = flagged
    }

    enum CodingKeys: String, CodingKey {
        case merged, abandoned, open, issues, evaluated, flagged
        case closedUnmerged = "closed_unmerged"
        case firstContribution = "first_contribution"
    }

    public var flaggedShare: Double? { evaluated == 0 ? nil : Double(flagged) / Double(evaluated) }

    public static let abandonedAfterDays = 30.0

    public init(history: [HistoryItem], now: Date) {
        self.init()
        for item in history {
            if let created = item.createdAt, created < (firstContribution ?? .distantFuture) {
                firstContribution = created
            }
            if let verdict = item.verdict {
                evaluated += 1
                if verdict >= .needsAuthor { flagged += 1 }
            }
            guard item.isPullRequest else {
                issues += 1
                continue
            }
            if item.merged {
                merged += 1
            } else if item.state == "closed" {
                closedUnmerged += 1
            } else if let updated = item.updatedAt ?? item.createdAt,
                now.timeIntervalSince(updated) >= Self.abandonedAfterDays * 86400
            {
                abandoned += 1
            } else {
                open += 1
            }
        }
    }
}
