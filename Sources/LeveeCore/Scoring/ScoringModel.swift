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
    /// Verdict thresholds for every kind without its own entry in `thresholdsByKind`.
    public var thresholds: Thresholds
    /// Security reports have only text signals, so their scores run lower and get their own thresholds.
    public var thresholdsByKind: [ContributionKind: Thresholds]
    public var reviewCost: ReviewCostModel

    public struct Thresholds: Sendable, Hashable {
        /// Scores below this can be `welcome`.
        public var welcomeBelow: Double
        /// From this score the author is asked to act (`needs_author`).
        public var needsAuthorFrom: Double
        /// From this score the verdict is `likely_slop`.
        public var likelySlopFrom: Double

        public init(welcomeBelow: Double, needsAuthorFrom: Double, likelySlopFrom: Double) {
            self.welcomeBelow = welcomeBelow
            self.needsAuthorFrom = needsAuthorFrom
            self.likelySlopFrom = likelySlopFrom
        }
    }

    public init(
        weights: [String: Double], scale: Double, thresholds: Thresholds,
        thresholdsByKind: [ContributionKind: Thresholds] = [:], reviewCost: ReviewCostModel = .default
    ) {
        self.weights = weights
        self.scale = scale
        self.thresholds = thresholds
        self.thresholdsByKind = thresholdsByKind
        self.reviewCost = reviewCost
    }

    public func thresholds(for kind: ContributionKind) -> Thresholds { thresholdsByKind[kind] ?? thresholds }

    public static let `default` = ScoringModel(
        weights: [
            "size": 3,
            "description_effort_mismatch": 4,
            "no_linked_issue": 1,
            "issue_opened_just_before": 3,
            "unrelated_churn": 2,
            "new_dependencies": 1.5,
            "trivial_credit_change": 5,
            "template_ignored": 3,
            "llm_prose_markers": 8,
            "agent_signature": 4,
            "touches_sensitive_paths": 1.5,
            "severity_inflation": 8,
            "disclosure_contradiction": 8,
            "invented_reference": 8,
            "modified_distribution": 3,
            "no_reproduction": 1,
            "poc_misses_project": 2,
            "test_code_as_production": 4,
            "title_body_mismatch": 3,
        ],
        scale: 10,
        thresholds: Thresholds(welcomeBelow: 0.15, needsAuthorFrom: 0.45, likelySlopFrom: 0.7),
        thresholdsByKind: [.securityReport: Thresholds(welcomeBelow: 0, needsAuthorFrom: 0.2, likelySlopFrom: 0.35)])

    public func weight(of id: String) -> Double { weights[id] ?? 1 }

    public func score(points: Double) -> Double {
        guard points > 0 else { return 0 }
        return 1 - exp(-points / scale)
    }
}
