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

    /// The most style can make of a contribution on its own: `needs_author` (a question to the author) for pull
    /// requests, issues and comments; nothing above `review` for a security report, so a real vulnerability never
    /// sinks in the queue because of how it is written.
    public static func styleCeiling(for kind: ContributionKind) -> Verdict {
        kind == .securityReport ? .review : .needsAuthor
    }

    /// The one rule of evidence classes: what the standing evidence (everything but style) reaches, and above it what
    /// the whole evidence reaches up to style's ceiling. Style may lower a verdict, but not to `welcome`: thanking and
    /// labelling is an action, which style never decides alone.
    public static func judged(full: Verdict, standing: Verdict, kind: ContributionKind) -> Verdict {
        let judged = min(full, max(standing, styleCeiling(for: kind)))
        return judged == .welcome && standing != .welcome ? .review : judged
    }
}

/// The slop score as a fitted, explainable model: one logistic model per kind of contribution,
/// `slop_score = σ(intercept + Σ weight × value)`, where the values are the signals' strengths and a few generic
/// features (`ScoreFeatures`). `levee train` fits it on the labelled sets with cross-validation and writes
/// `FittedModel.swift`; a project's policy overrides weights (`weights:`) and thresholds (`thresholds:`).
/// docs/scoring.md explains each value.
public struct ScoringModel: Sendable, Hashable {
    public struct Thresholds: Sendable, Hashable, Codable {
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

        /// The verdict a score reaches by the thresholds alone.
        public func verdict(_ score: Double) -> Verdict {
            score >= likelySlopFrom
                ? .likelySlop : score >= needsAuthorFrom ? .needsAuthor : score < welcomeBelow ? .welcome : .review
        }

        /// The verdict of a score and its standing (the score without style's positive points): what the standing
        /// reaches, and above it what the score reaches up to style's ceiling (`Verdict.styleCeiling`). The one rule
        /// `Evaluator` and `levee train` both read.
        public func verdict(score: Double, standing: Double, kind: ContributionKind) -> Verdict {
            Verdict.judged(full: verdict(score), standing: verdict(standing), kind: kind)
        }
    }

    /// One kind's model.
    public struct KindModel: Sendable, Hashable {
        /// The log-odds of an item with no feature present.
        public var intercept: Double
        /// Log-odds per unit of each feature; a feature without a weight counts zero.
        public var weights: [String: Double]
        public var thresholds: Thresholds
        /// The cross-validated precision of `likely_slop` (score ≥ `likelySlopFrom`) over the kind's training rows;
        /// nil when none was measured (nothing flagged, or a policy moved the thresholds). Closing or locking on the
        /// score alone needs its lower confidence bound (`precisionLowerBound`) ≥ 0.99.
        public var measuredPrecision: Double?
        /// How many training rows the precision was measured on: those the cross-validated score flagged.
        public var flagged: Int
        /// Where the weights come from, for the explanation (`fitted on …`, or `prior`).
        public var basis: String
        /// Log-odds added by a project's calibration (`Calibration`), shown as its own term; 0 when uncalibrated.
        public var calibration: Double = 0

        public init(
            intercept: Double, weights: [String: Double], thresholds: Thresholds, measuredPrecision: Double?,
            flagged: Int = 0, basis: String
        ) {
            self.intercept = intercept
            self.weights = weights
            self.thresholds = thresholds
            self.measuredPrecision = measuredPrecision
            self.flagged = flagged
            self.basis = basis
        }

        /// The one-sided 95% Wilson lower bound of the measured precision: what the precision is at least, given how
        /// few items it was measured on (1 of 1 flagged correctly is at least 0.27; 300 of 300, at least 0.991).
        public var precisionLowerBound: Double? {
            guard let p = measuredPrecision, flagged > 0 else { return nil }
            let n = Double(flagged)
            let z = 1.645
            let centre = p + z * z / (2 * n)
            let spread = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
            return ((centre - spread) / (1 + z * z / n)).rounded(toPlaces: 3)
        }
    }

    /// The model of each kind; a kind without one (issues, comments, reviews) uses the pull-request model.
    public var kinds: [ContributionKind: KindModel]
    /// Weight overrides for every kind (a policy's `weights:`), in log-odds.
    public var weights: [String: Double]
    public var reviewCost: ReviewCostModel

    public init(
        kinds: [ContributionKind: KindModel], weights: [String: Double] = [:], reviewCost: ReviewCostModel = .default
    ) {
        self.kinds = kinds
        self.weights = weights
        self.reviewCost = reviewCost
    }

    /// The precision an irreversible action on the score alone needs (close, lock, a forfeit): docs/scoring.md.
    public static let irreversiblePrecision = 0.99

    public static let `default` = ScoringModel.fitted

    public func model(for kind: ContributionKind) -> KindModel {
        kinds[kind] ?? kinds[.pullRequest]
            ?? KindModel(
                intercept: 0, weights: [:],
                thresholds: Thresholds(welcomeBelow: 0, needsAuthorFrom: 1, likelySlopFrom: 1),
                measuredPrecision: nil, basis: "empty")
    }

    public func thresholds(for kind: ContributionKind) -> Thresholds { model(for: kind).thresholds }

    public func weight(of id: String, for kind: ContributionKind) -> Double {
        weights[id] ?? model(for: kind).weights[id] ?? 0
    }

    /// Whether the score alone may close or lock an item of this kind: its `likely_slop` precision, measured in
    /// cross-validation, is ≥ 0.99 at the lower bound of its confidence interval (a precision of 1.0 on a handful of
    /// items is not), and no policy moved its thresholds or a weight since.
    public func scoreMayActIrreversibly(for kind: ContributionKind) -> Bool {
        guard weights.isEmpty, let bound = model(for: kind).precisionLowerBound else { return false }
        return bound >= Self.irreversiblePrecision
    }

    public static func score(logit: Double) -> Double { LogisticRegression.sigmoid(logit) }
}
