import Foundation

/// A signal's hit as reported: id, points after weighting, evidence and the sentence for a maintainer.
public struct ScoredSignal: Sendable, Hashable, Codable {
    public var id: String
    public var points: Double
    public var evidence: [String]
    public var message: String
}

/// Claims checked against the project's source (filled by claim verification; empty until a source index is given).
public struct ClaimsReport: Sendable, Hashable, Codable {
    public var checked: Int
    public var missing: [String]

    public static let unchecked = ClaimsReport(checked: 0, missing: [])
}

/// Something Levee would do about a contribution. In shadow mode it is only recorded.
public struct PlannedAction: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case label, comment, close, lock, checkRun = "check_run" }
    public var kind: Kind
    /// The label name, the comment's Markdown, or the check-run conclusion.
    public var value: String
    public var reason: String
    public var shadow: Bool

    public init(kind: Kind, value: String, reason: String, shadow: Bool) {
        self.kind = kind
        self.value = value
        self.reason = reason
        self.shadow = shadow
    }
}

/// The whole result of evaluating one contribution. Encoded as the CLI's JSON (snake_case keys).
public struct Evaluation: Sendable, Codable {
    public var kind: ContributionKind
    public var title: String
    public var number: Int?
    public var author: String?
    public var verdict: Verdict
    public var slopScore: Double
    public var reviewMinutes: Double
    public var signals: [ScoredSignal]
    public var disclosure: Disclosure
    public var agent: AgentDetection
    public var claims: ClaimsReport
    /// Rules of the project's policy this contribution breaks, each quoting its policy line.
    public var violations: [PolicyViolation]
    /// The policy's name, when the policy gives one.
    public var policy: String?
    /// Why the policy does not apply to this author (writer, exempt bot, vouched), if it does not.
    public var exempt: String?
    /// The author's trust tier and why, when it was decided.
    public var trust: TierDecision?
    /// An open or recently closed item this one nearly duplicates, when earlier items were given.
    public var duplicateOf: DuplicateMatch?
    public var actions: [PlannedAction]

    enum CodingKeys: String, CodingKey {
        case kind, title, number, author, verdict
        case slopScore = "slop_score"
        case reviewMinutes = "review_minutes"
        case signals, disclosure, agent, claims, violations, policy, exempt, trust, actions
        case duplicateOf = "duplicate_of"
    }

    /// Review value per minute, for ordering a queue: cheap, clean contributions first.
    public var priority: Double { (1 - slopScore) / max(reviewMinutes, 1) }
}
