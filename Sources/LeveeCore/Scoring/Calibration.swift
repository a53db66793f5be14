import Foundation

/// A project's calibration of the slop score (issue #19): for pull requests and for issues, a shift of the score's
/// log-odds fitted by `levee calibrate` on what the project's own maintainers decided (`ItemOutcome`). The shipped
/// model was fitted on other projects; a project whose spam scores lower than theirs, or whose accepted work scores
/// higher, moves the shift. It is one more term of the score (`project_calibration`), shown with the others, and a
/// calibrated kind never closes or locks on the score alone: its precision was measured without the shift.
public struct Calibration: Sendable, Hashable, Codable {
    public struct Shift: Sendable, Hashable, Codable {
        /// Log-odds added to every score of the kind.
        public var shift: Double
        /// Thresholds re-chosen on the project's accepted items, with the shift (`Calibrator.thresholds`); nil keeps
        /// the shipped ones.
        public var thresholds: ScoringModel.Thresholds?
        /// The decisions it was fitted on: items closed as spam, items merged or completed.
        public var spam: Int
        public var accepted: Int

        public init(shift: Double, thresholds: ScoringModel.Thresholds? = nil, spam: Int, accepted: Int) {
            self.shift = shift
            self.thresholds = thresholds
            self.spam = spam
            self.accepted = accepted
        }
    }

    public var repository: String
    public var fittedAt: Date
    /// By kind (`pull_request`, `issue`); a kind without a shift keeps the shipped score.
    public var shifts: [String: Shift]

    public init(repository: String, fittedAt: Date, shifts: [String: Shift]) {
        self.repository = repository
        self.fittedAt = fittedAt
        self.shifts = shifts
    }

    /// The kinds a project's decisions calibrate: what `ItemOutcome` records.
    public static let kinds: [ContributionKind] = [.pullRequest, .issue]

    /// The name of the server setting that holds a repository's calibration.
    public static func settingName(_ repository: String) -> String { "calibration:" + repository }

    public func shift(for kind: ContributionKind) -> Shift? { shifts[kind.rawValue] }

    /// The model with each calibrated kind's intercept shifted (as a term of its own), its re-chosen thresholds, and
    /// its measured precision dropped, so the score alone never acts irreversibly on a calibrated kind.
    public func applied(to model: ScoringModel) -> ScoringModel {
        let shipped = model
        var model = model
        // Comments and reviews borrow the pull-request model; they keep it uncalibrated (no decision was about them).
        for kind in ContributionKind.allCases where shipped.kinds[kind] == nil && !Self.kinds.contains(kind) {
            model.kinds[kind] = shipped.model(for: kind)
        }
        for kind in Self.kinds {
            guard let shift = shift(for: kind) else { continue }
            var kindModel = model.model(for: kind)
            kindModel.calibration = shift.shift
            if let thresholds = shift.thresholds { kindModel.thresholds = thresholds }
            kindModel.measuredPrecision = nil
            model.kinds[kind] = kindModel
        }
        return model
    }

    /// One line per calibrated kind: `pull requests +0.40 (fitted 2026-12-04 on 12 spam and 80 merged or completed)`.
    public var summary: [String] {
        let day = ISO8601DateFormatter.string(from: fittedAt, timeZone: .gmt, formatOptions: [.withFullDate])
        return Self.kinds.compactMap { kind in
            guard let s = shift(for: kind) else { return nil }
            let name = kind == .pullRequest ? "pull requests" : "issues"
            let thresholds = s.thresholds.map {
                ", needs_author from \($0.needsAuthorFrom), likely_slop from \($0.likelySlopFrom)"
            }
            return "\(name) \(ScoreTerm.signed(s.shift.rounded(toPlaces: 2)))\(thresholds ?? "") (fitted \(day) on "
                + "\(s.spam) spam and \(s.accepted) merged or completed)"
        }
    }

    /// The stored form: JSON, dates as seconds since 1970, keys sorted.
    public func storedJSON() throws -> String { try StoredJSON.text(self) }

    /// The stored form read back; nil for an empty setting (a calibration removed with `levee calibrate --reset`).
    public static func stored(_ text: String) throws -> Calibration? {
        text.isEmpty ? nil : try StoredJSON.value(Calibration.self, from: text)
    }
}

/// Fits a project's `Calibration` on its outcomes and checks it on the later ones (docs/evaluation.md, "On your own
/// project"). Pure: the outcomes come in, the calibration and its figures go out.
public enum Calibrator {
    /// A kind is calibrated only with at least this many decisions of each class.
    public static let minimumPerClass = 5
    /// The prior on the shift: normal, mean 0, this standard deviation in log-odds. A few decisions move it little.
    public static let priorDeviation = 1.0
    /// Thresholds are re-chosen only with at least this many accepted decisions (2% of them is then two items).
    public static let minimumForThresholds = 100
    /// The share of accepted items `needs_author` may flag, and `likely_slop`'s: the shipped pull-request model's rule.
    public static let needsAuthorRate = 0.02
    public static let likelySlopRate = 0.0
    /// `likely_slop` is never re-chosen below this: an item must score as more likely spam than not.
    public static let likelySlopFloor = 0.5
    /// Scores are stored rounded to three places; a stored 0 or 1 is read as this far from the edge.
    static let edge = 0.0005

    /// One decision: the score's log-odds before any calibration, and whether the item closed as spam.
    public struct Row: Sendable, Hashable {
        public var logit: Double
        public var spam: Bool
        public var closedAt: Date

        public init(logit: Double, spam: Bool, closedAt: Date) {
            self.logit = logit
            self.spam = spam
            self.closedAt = closedAt
        }
    }

    /// What a score does to a set of decisions at the kind's thresholds (by the score alone: violations and signals
    /// that ask the author are not replayed).
    public struct Tally: Sendable, Hashable {
        public var spam = 0
        public var spamAsked = 0
        public var spamLikelySlop = 0
        public var accepted = 0
        public var acceptedAsked = 0
        public var acceptedLikelySlop = 0
        /// The mean of the two classes' mean log loss: lower is better, class sizes do not matter.
        public var logLoss = 0.0

        public var text: String {
            "spam \(spamAsked)/\(spam) at needs_author or above, \(spamLikelySlop)/\(spam) likely_slop; "
                + "accepted \(acceptedAsked)/\(accepted) at needs_author or above, "
                + "\(acceptedLikelySlop)/\(accepted) likely_slop; balanced log loss "
                + String(format: "%.3f", logLoss)
        }
    }

    /// One kind's fit and its check.
    public struct KindReport: Sendable, Hashable {
        public var kind: ContributionKind
        public var spam: Int
        public var accepted: Int
        /// Outcomes of the kind not fitted on: withdrawn, declined, or never scored.
        public var skipped: Int
        /// The fitted shift; nil when there were too few decisions.
        public var shift: Double?
        /// Thresholds re-chosen with the shift; nil: too few accepted decisions, the shipped ones apply.
        public var thresholds: ScoringModel.Thresholds?
        /// The shift (and thresholds) fitted on the earlier two thirds, and both scores on the later third; nil when
        /// the later third lacks a class.
        public var heldOutShift: Double?
        public var heldOutThresholds: ScoringModel.Thresholds?
        public var heldOutBefore: Tally?
        public var heldOutAfter: Tally?
        public var inSampleBefore: Tally
        public var inSampleAfter: Tally?
        /// Whether the shift goes into the calibration, and why or why not.
        public var kept: Bool
        public var reason: String
    }

    /// The decisions of one kind: spam against merged or completed, and a maintainer's `/levee not-slop` on an item
    /// that has not closed counted as accepted (`ItemDecision.notSlop`); withdrawn, declined and unscored items skipped.
    public static func rows(_ outcomes: [ItemOutcome], decisions: [ItemDecision] = [], kind: ContributionKind) -> (
        rows: [Row], skipped: Int
    ) {
        var rows: [Row] = []
        var skipped = 0
        func row(score: Double, calibration: Double?, spam: Bool, at: Date) -> Row {
            let p = min(max(score, edge), 1 - edge)
            return Row(logit: log(p / (1 - p)) - (calibration ?? 0), spam: spam, closedAt: at)
        }
        for outcome in outcomes where (outcome.isPullRequest ? ContributionKind.pullRequest : .issue) == kind {
            guard let score = outcome.slopScore, [.spam, .merged, .completed].contains(outcome.kind) else {
                skipped += 1
                continue
            }
            rows.append(
                row(score: score, calibration: outcome.calibration, spam: outcome.kind == .spam, at: outcome.closedAt))
        }
        for decision in ItemDecision.notSlop(decisions, besides: outcomes)
        where (decision.isPullRequest ? ContributionKind.pullRequest : .issue) == kind {
            guard let score = decision.slopScore else {
                skipped += 1
                continue
            }
            rows.append(row(score: score, calibration: decision.calibration, spam: false, at: decision.at))
        }
        return (rows.sorted { $0.closedAt < $1.closedAt }, skipped)
    }

    /// The shift with the highest posterior: logistic likelihood with each class weighing half (as the shipped model
    /// was fitted, so the thresholds keep their meaning), times the normal prior. Newton's method on one variable.
    public static func fitShift(_ rows: [Row]) -> Double {
        let spam = rows.count(where: \.spam)
        let accepted = rows.count - spam
        guard !rows.isEmpty else { return 0 }
        let n = Double(rows.count)
        let weightOf = (
            spam: spam > 0 ? n / (2 * Double(spam)) : 0, accepted: accepted > 0 ? n / (2 * Double(accepted)) : 0
        )
        let precision = 1 / (priorDeviation * priorDeviation)
        var shift = 0.0
        for _ in 0..<100 {
            var gradient = -precision * shift
            var curvature = precision
            for row in rows {
                let p = LogisticRegression.sigmoid(row.logit + shift)
                let w = row.spam ? weightOf.spam : weightOf.accepted
                gradient += w * ((row.spam ? 1 : 0) - p)
                curvature += w * p * (1 - p)
            }
            let step = gradient / curvature
            shift += step
            if abs(step) < 1e-10 { break }
        }
        return shift
    }

    /// Thresholds chosen on a project's accepted items, with the shift, by the rule the shipped ones were chosen by on
    /// other projects' human pull requests: `needs_author` from the lowest score that flags at most 2% of them,
    /// `likely_slop` from just above them all (never below `likelySlopFloor`), `welcome` as shipped but never above
    /// `needs_author`.
    public static func thresholds(_ rows: [Row], shift: Double, shipped: ScoringModel.Thresholds)
        -> ScoringModel.Thresholds
    {
        let scores = rows.filter { !$0.spam }.map { LogisticRegression.sigmoid($0.logit + shift).rounded(toPlaces: 3) }
            .sorted()
        func lowest(rate: Double) -> Double {
            let index = scores.count - 1 - Int((Double(scores.count) * rate).rounded(.down))
            // One step of the stored scores' rounding above the highest score it may not flag.
            return index >= 0 ? min(1, ((scores[index] * 1000).rounded() + 1) / 1000) : 0
        }
        let slop = max(lowest(rate: likelySlopRate), likelySlopFloor)
        let needs = min(slop, lowest(rate: needsAuthorRate))
        return ScoringModel.Thresholds(
            welcomeBelow: min(shipped.welcomeBelow, needs), needsAuthorFrom: needs, likelySlopFrom: slop)
    }

    public static func tally(_ rows: [Row], shift: Double, thresholds: ScoringModel.Thresholds) -> Tally {
        var t = Tally()
        var loss = (spam: 0.0, accepted: 0.0)
        for row in rows {
            let p = LogisticRegression.sigmoid(row.logit + shift)
            let score = p.rounded(toPlaces: 3)
            let asked = score >= thresholds.needsAuthorFrom
            let slop = score >= thresholds.likelySlopFrom
            if row.spam {
                t.spam += 1
                if asked { t.spamAsked += 1 }
                if slop { t.spamLikelySlop += 1 }
                loss.spam -= log(max(p, 1e-12))
            } else {
                t.accepted += 1
                if asked { t.acceptedAsked += 1 }
                if slop { t.acceptedLikelySlop += 1 }
                loss.accepted -= log(max(1 - p, 1e-12))
            }
        }
        let means = [
            t.spam > 0 ? loss.spam / Double(t.spam) : nil, t.accepted > 0 ? loss.accepted / Double(t.accepted) : nil,
        ]
        .compactMap { $0 }
        t.logLoss = means.isEmpty ? 0 : means.reduce(0, +) / Double(means.count)
        return t
    }

    /// Fits each kind on all its decisions (the shift, and with enough accepted items the thresholds), checks a fit on
    /// the earlier two thirds (by close time) against the later third, and keeps a kind only when it had enough
    /// decisions of each class and its shift did not do worse than the shipped score on the later third (balanced log
    /// loss, which no threshold moves). Nil calibration: no kind kept.
    public static func calibrate(
        _ outcomes: [ItemOutcome], decisions: [ItemDecision] = [], repository: String, model: ScoringModel = .default,
        at: Date
    ) -> (calibration: Calibration?, reports: [KindReport]) {
        var shifts: [String: Calibration.Shift] = [:]
        var reports: [KindReport] = []
        for kind in Calibration.kinds {
            let (rows, skipped) = Self.rows(outcomes, decisions: decisions, kind: kind)
            guard !rows.isEmpty || skipped > 0 else { continue }
            let thresholds = model.thresholds(for: kind)
            let spam = rows.count(where: \.spam)
            var report = KindReport(
                kind: kind, spam: spam, accepted: rows.count - spam, skipped: skipped,
                inSampleBefore: tally(rows, shift: 0, thresholds: thresholds), kept: false, reason: "")
            guard spam >= minimumPerClass, report.accepted >= minimumPerClass else {
                report.reason =
                    "too few decisions: \(spam) spam and \(report.accepted) merged or completed; "
                    + "at least \(minimumPerClass) of each are needed"
                reports.append(report)
                continue
            }
            let shift = fitShift(rows)
            let rechoose = report.accepted >= minimumForThresholds
            report.shift = shift
            report.thresholds = rechoose ? Self.thresholds(rows, shift: shift, shipped: thresholds) : nil
            report.inSampleAfter = tally(rows, shift: shift, thresholds: report.thresholds ?? thresholds)
            let cut = (rows.count * 2 + 2) / 3
            let (earlier, later) = (Array(rows[..<cut]), Array(rows[cut...]))
            if later.contains(where: \.spam), later.contains(where: { !$0.spam }) {
                let held = fitShift(earlier)
                report.heldOutShift = held
                report.heldOutThresholds = rechoose ? Self.thresholds(earlier, shift: held, shipped: thresholds) : nil
                report.heldOutBefore = tally(later, shift: 0, thresholds: thresholds)
                report.heldOutAfter = tally(later, shift: held, thresholds: report.heldOutThresholds ?? thresholds)
            }
            if let before = report.heldOutBefore, let after = report.heldOutAfter {
                report.kept = after.logLoss <= before.logLoss
                report.reason =
                    report.kept
                    ? "kept: on the later third it does no worse than the shipped score"
                    : "not kept: fitted on the earlier two thirds, it did worse than the shipped score on the later third"
            } else {
                report.reason = "not kept: the later third of the decisions lacks spam or accepted items to check it on"
            }
            if report.kept {
                shifts[kind.rawValue] = Calibration.Shift(
                    shift: shift.rounded(toPlaces: 3), thresholds: report.thresholds, spam: spam,
                    accepted: report.accepted)
            }
            reports.append(report)
        }
        let calibration = shifts.isEmpty ? nil : Calibration(repository: repository, fittedAt: at, shifts: shifts)
        return (calibration, reports)
    }
}
