import Foundation

/// What became of a pull request or issue when it closed, with what Levee had said of it: the project's own
/// decisions, kept so Levee's verdicts can be measured — and later calibrated — against them (issue #19). Recorded
/// when a `closed` delivery arrives and by the backfill for items closed in its window.
public struct ItemOutcome: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A pull request merged.
        case merged
        /// An issue closed as completed.
        case completed
        /// Closed by its own author.
        case withdrawn
        /// Closed with a label that calls it spam, invalid or slop.
        case spam
        /// Closed by someone else without a merge, without such a label (superseded, declined, not planned).
        case declined
    }

    public var repository: String
    public var number: Int
    public var isPullRequest: Bool
    public var author: String
    public var kind: Kind
    public var closedAt: Date
    /// Who closed it, when known (a delivery's sender; the backfill does not read it).
    public var closedBy: String?
    /// The labels when it closed.
    public var labels: [String]
    /// Levee's verdict and score for the item as it stood: its last stored evaluation, or the backfill's.
    public var verdict: Verdict?
    public var slopScore: Double?
    /// The project's calibration in that score (its `project_calibration` term), so a refit starts from the score
    /// without it; nil when the score had none.
    public var calibration: Double?

    public init(
        repository: String, number: Int, isPullRequest: Bool, author: String, kind: Kind, closedAt: Date,
        closedBy: String? = nil, labels: [String] = [], verdict: Verdict? = nil, slopScore: Double? = nil,
        calibration: Double? = nil
    ) {
        self.repository = repository
        self.number = number
        self.isPullRequest = isPullRequest
        self.author = author
        self.kind = kind
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.labels = labels
        self.verdict = verdict
        self.slopScore = slopScore
        self.calibration = calibration
    }

    /// From a closed item as REST gives it (the `pull_request` or `issue` object of a webhook or of a backfill
    /// bundle): merged, its labels, an issue's `state_reason` and `closed_at` (else `at`), with what Levee said of it.
    public init(
        closed item: JSONValue?, repository: String, number: Int, isPullRequest: Bool, author: String,
        closedBy: String?, said: Evaluation?, at: Date
    ) {
        let labels = item?["labels"]?.array?.compactMap { $0["name"]?.string } ?? []
        self.init(
            repository: repository, number: number, isPullRequest: isPullRequest, author: author,
            kind: Self.kind(
                merged: item?["merged"]?.bool == true, labels: labels, author: author, closedBy: closedBy,
                stateReason: item?["state_reason"]?.string),
            closedAt: TextStats.date(item?["closed_at"]?.string) ?? at, closedBy: closedBy, labels: labels,
            verdict: said?.verdict, slopScore: said?.slopScore,
            calibration: said?.scoreTerms?.first { $0.id == ScoreTerm.calibration }?.points)
    }

    /// Label words maintainers use for spam and slop (GitHub's default `invalid`, Hacktoberfest's `spam`, and `slop`
    /// as in Levee's own `levee:likely-slop`), matched as whole words of a label (split at anything but letters and
    /// digits) without regard to case.
    public static let spamWords: Set<String> = ["spam", "invalid", "slop"]

    /// How an item closed, from the facts GitHub gives: merged first, then a spam label, then who closed it, then an
    /// issue's `state_reason`.
    public static func kind(
        merged: Bool, labels: [String], author: String, closedBy: String?, stateReason: String?
    ) -> Kind {
        if merged { return .merged }
        let words = labels.flatMap { $0.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
        if words.contains(where: { spamWords.contains(String($0)) }) { return .spam }
        if let closedBy, Login(closedBy) == Login(author) { return .withdrawn }
        if stateReason == "completed" { return .completed }
        return .declined
    }
}

/// Levee's verdicts against the project's decisions: for each verdict Levee gave, how the items ended. The figures a
/// maintainer checks before trusting a verdict; `levee calibrate` fits on the outcomes themselves (`Calibrator`).
public struct OutcomeTable: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The verdict's name, or `not evaluated`.
        public var verdict: String
        public var counts: [ItemOutcome.Kind: Int]
        public var total: Int { counts.values.reduce(0, +) }
    }

    public var rows: [Row]

    public init(_ outcomes: [ItemOutcome]) {
        let names = Verdict.allCases.map(\.rawValue) + ["not evaluated"]
        let grouped = Dictionary(grouping: outcomes) { $0.verdict?.rawValue ?? "not evaluated" }
        rows = names.compactMap { name in
            guard let items = grouped[name] else { return nil }
            return Row(verdict: name, counts: Dictionary(grouping: items, by: \.kind).mapValues(\.count))
        }
    }

    /// A fixed-width table: one row per verdict, one column per outcome, then the row's total.
    public func text() -> String {
        let kinds = ItemOutcome.Kind.allCases
        func cell(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        var lines = ["verdict       " + kinds.map { cell($0.rawValue, 10) }.joined() + cell("total", 8)]
        for row in rows {
            lines.append(
                row.verdict.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + kinds.map { cell(String(row.counts[$0] ?? 0), 10) }.joined() + cell(String(row.total), 8))
        }
        return lines.joined(separator: "\n")
    }
}

/// A decision said out loud on an item, before or without its close (issue #39): the author's `/levee appeal` and a
/// maintainer's `/levee not-slop`. The drift watch and `levee calibrate` read them beside the outcomes; a close is the
/// last word, so an item that closed counts by its outcome.
public struct ItemDecision: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A maintainer said Levee's flag was wrong (`/levee not-slop`): a false alarm by the project's decision.
        case notSlop = "not_slop"
        /// The author asked a person to look again (`/levee appeal`). The author's word, not the project's: counted
        /// and shown, never a false alarm by itself (else any author could disarm Levee by appealing).
        case appeal
    }

    public var repository: String
    public var number: Int
    public var isPullRequest: Bool
    /// The item's author.
    public var author: String
    public var kind: Kind
    /// Who said it.
    public var by: String
    public var at: Date
    /// Levee's verdict and score when it was said, and the calibration in that score (as `ItemOutcome`).
    public var verdict: Verdict?
    public var slopScore: Double?
    public var calibration: Double?

    public init(
        repository: String, number: Int, isPullRequest: Bool, author: String, kind: Kind, by: String, at: Date,
        said: Evaluation? = nil
    ) {
        self.repository = repository
        self.number = number
        self.isPullRequest = isPullRequest
        self.author = author
        self.kind = kind
        self.by = by
        self.at = at
        self.verdict = said?.verdict
        self.slopScore = said?.slopScore
        self.calibration = said?.scoreTerms?.first { $0.id == ScoreTerm.calibration }?.points
    }

    /// Maintainers' `not-slop` decisions on items that have no outcome (a close is the last word), one per item, the
    /// latest: the accepted decisions the drift watch and the calibration add to the outcomes.
    public static func notSlop(_ decisions: [ItemDecision], besides outcomes: [ItemOutcome]) -> [ItemDecision] {
        let closed = Set(outcomes.map { "\($0.repository)#\($0.number)" })
        var latest: [String: ItemDecision] = [:]
        for d in decisions where d.kind == .notSlop && !closed.contains("\(d.repository)#\(d.number)") {
            let key = "\(d.repository)#\(d.number)"
            if latest[key].map({ $0.at < d.at }) ?? true { latest[key] = d }
        }
        return latest.values.sorted { ($0.at, $0.repository, $0.number) < ($1.at, $1.repository, $1.number) }
    }
}
