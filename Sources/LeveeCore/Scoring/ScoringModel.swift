import Foundation

/// The verdict on a contribution, from least to most concern. `--fail-on` compares in this order.
public enum Verdict: String, Sendable, Codable, CaseIterable, Comparable {
    /// Small, clean and within policy: route it to a person and say thanks.
    case welcome
    /// An ordinary contribution for an ordinary review.
    case review
    /// The author should act first (explain, fill the template, split it) before a maintainer spends time.
    case needsAuthor = "needs_author"
    /// The signals together say this is most likely low-effort or generated; a maintainer should glance, not review.
    case likelySlop = "likely_slop"

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Weights and thresholds as data, so a project's policy can override them. `docs/scoring.md` explains each value.
public struct ScoringModel: Sendable, Hashable {
    /// Points a signal adds at full strength.
    public var weights: [String: Double]
    /// `slop_score = 1 − exp(−points / scale)`: `scale` points give 0.63.
    public var scale: Double
    /// Highest score that can still be `welcome`.
    public var welcomeBelow: Double
    /// Score from which the author is asked to act.
    public var needsAuthorFrom: Double
    /// Score from which the verdict is `likely_slop`.
    public var likelySlopFrom: Double
    public var reviewCost: ReviewCostModel

    public init(
        weights: [String: Double], scale: Double, welcomeBelow: Double, needsAuthorFrom: Double,
        likelySlopFrom: Double, reviewCost: ReviewCostModel = .default
    ) {
        self.weights = weights
        self.scale = scale
        self.welcomeBelow = welcomeBelow
        self.needsAuthorFrom = needsAuthorFrom
        self.likelySlopFrom = likelySlopFrom
        self.reviewCost = reviewCost
    }

    public static let `default` = ScoringModel(
        weights: [
            "size": 2,
            "description_effort_mismatch": 3,
            "no_linked_issue": 1,
            "issue_opened_just_before": 3,
            "unrelated_churn": 2,
            "new_dependencies": 1.5,
            "trivial_credit_change": 5,
            "template_ignored": 3,
            "llm_prose_markers": 8,
            "agent_signature": 4,
            "touches_sensitive_paths": 1.5,
        ],
        scale: 10, welcomeBelow: 0.15, needsAuthorFrom: 0.45, likelySlopFrom: 0.7)

    public func weight(of id: String) -> Double { weights[id] ?? 1 }

    public func score(points: Double) -> Double {
        guard points > 0 else { return 0 }
        return 1 - exp(-points / scale)
    }
}
