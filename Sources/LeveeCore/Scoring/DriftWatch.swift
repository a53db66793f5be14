import Foundation

/// Levee's false alarms measured by a project's own decisions (issue #39, "drift watched in the product"): of the
/// pull requests the maintainers merged and the issues they closed as completed in a window, how many Levee had
/// flagged (`needs_author` or above), beside the rate it promises. How people write drifts every year; this is where
/// a project sees it first.
///
/// A kind's measured rate *exceeds the promise* when an exact one-sided binomial test says so: with `accepted`
/// decisions of which `flagged` were flagged, the chance of at least that many flags if the true rate were the promise
/// is below `significance`, and there are at least `minimumDecisions` decisions. Pure: the outcomes come in as values.
public struct DriftWatch: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var repository: String
        /// `pull requests` or `issues`.
        public var kind: String
        public var days: Int
        /// Merged pull requests, or issues closed as completed, in the window.
        public var accepted: Int
        /// Of those, how many Levee had flagged `needs_author` or above, and `likely_slop`.
        public var flagged: Int
        public var likelySlop: Int
        /// Of the accepted, how many only by a maintainer's `/levee not-slop`; and the authors' appeals in the window.
        public var notSlop: Int
        public var appeals: Int
        /// P(at least `flagged` flags | `accepted` decisions, the promised rate).
        public var pValue: Double
        /// When a maintainer re-armed the kind inside this window: the count starts there.
        public var since: Date?

        public var rate: Double { accepted == 0 ? 0 : Double(flagged) / Double(accepted) }
        /// Whether the false alarms exceed the promise, by the test, on enough decisions.
        public var exceedsPromise: Bool {
            accepted >= DriftWatch.minimumDecisions && pValue < DriftWatch.significance
        }
    }

    /// The share of accepted pull requests and issues Levee promises to flag at most: `needs_author` or above on 3%
    /// of honest items (2% from the score, the rest from signals that ask the author; docs/scoring.md).
    public static let promise = 0.03
    public static let minimumDecisions = 30
    public static let significance = 0.01
    public static let windows = [30, 90]

    public var rows: [Row]

    /// The kind's name in a row: `pull requests` or `issues`.
    public static func kindName(isPullRequest: Bool) -> String { isPullRequest ? "pull requests" : "issues" }

    /// The rows for every repository and kind with an accepted decision in the longest window, one per window.
    /// Accepted: merged or completed, and a maintainer's `not-slop` on an item that has not closed (`ItemDecision`);
    /// appeals are counted beside, never as false alarms. `armedSince` (`StepDown.armedSince`, keyed
    /// `repository` + `kindName`) starts a re-armed kind's count afresh: what was decided before a maintainer re-armed
    /// it does not step it down again.
    public init(
        _ outcomes: [ItemOutcome], decisions: [ItemDecision] = [], now: Date, windows: [Int] = DriftWatch.windows,
        armedSince: [String: Date] = [:]
    ) {
        struct Decided {
            var repository: String
            var isPullRequest: Bool
            var at: Date
            var verdict: Verdict?
            var notSlop = false
            var appeal = false
        }
        var decided =
            outcomes.filter { $0.kind == .merged || $0.kind == .completed }.map {
                Decided(
                    repository: $0.repository, isPullRequest: $0.isPullRequest, at: $0.closedAt, verdict: $0.verdict)
            }
            + ItemDecision.notSlop(decisions, besides: outcomes).map {
                Decided(
                    repository: $0.repository, isPullRequest: $0.isPullRequest, at: $0.at, verdict: $0.verdict,
                    notSlop: true)
            }
        decided += decisions.filter { $0.kind == .appeal }.map {
            Decided(
                repository: $0.repository, isPullRequest: $0.isPullRequest, at: $0.at, verdict: $0.verdict, appeal: true
            )
        }
        var rows: [Row] = []
        let groups = Dictionary(grouping: decided) { "\($0.repository)\n\($0.isPullRequest)" }
        for key in groups.keys.sorted() {
            let items = groups[key]!
            let (repository, kind) = (items[0].repository, Self.kindName(isPullRequest: items[0].isPullRequest))
            let armed = armedSince[Self.key(repository, kind)] ?? .distantPast
            for days in windows {
                let since = max(now.addingTimeInterval(-Double(days) * 86_400), armed)
                let inWindow = items.filter { $0.at >= since && $0.at <= now }
                let accepted = inWindow.filter { !$0.appeal }
                guard !inWindow.isEmpty else { continue }
                let flagged = accepted.count(where: { ($0.verdict ?? .welcome) >= .needsAuthor })
                rows.append(
                    Row(
                        repository: repository, kind: kind, days: days, accepted: accepted.count, flagged: flagged,
                        likelySlop: accepted.count(where: { $0.verdict == .likelySlop }),
                        notSlop: accepted.count(where: \.notSlop), appeals: inWindow.count(where: \.appeal),
                        pValue: Self.binomialTail(atLeast: flagged, of: accepted.count, rate: Self.promise),
                        since: armed > now.addingTimeInterval(-Double(days) * 86_400) ? armed : nil))
            }
        }
        self.rows = rows
    }

    /// The key of a repository's kind in `armedSince`.
    public static func key(_ repository: String, _ kind: String) -> String { "\(repository) \(kind)" }

    /// P(X ≥ k) for X ~ Binomial(n, p), summed in log space.
    public static func binomialTail(atLeast k: Int, of n: Int, rate p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n, p > 0 else { return 0 }
        guard p < 1 else { return 1 }
        var total = 0.0
        let logN: Double = lgamma(Double(n + 1))
        let logP: Double = log(p)
        let logQ: Double = log(1 - p)
        for i in k...n {
            let choose: Double = logN - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1))
            let logTerm: Double = choose + Double(i) * logP + Double(n - i) * logQ
            total += exp(logTerm)
        }
        return min(1, total)
    }

    /// One line per row: the window, the decisions, the flags and the promise, and what the test says.
    public func text() -> String {
        rows.map { row in
            let rate = String(format: "%.1f%%", row.rate * 100)
            var line = "\(row.repository) \(row.kind), last \(row.days) days"
            if let since = row.since { line += " (since re-armed \(TextStats.day(since)))" }
            line += ": \(row.accepted) accepted"
            if row.notSlop > 0 { line += " (\(row.notSlop) by /levee not-slop)" }
            line += ", "
            line += "\(row.flagged) of them flagged (\(rate); promised ≤ \(Int(Self.promise * 100))%"
            line += row.likelySlop > 0 ? ", \(row.likelySlop) likely_slop)" : ")"
            if row.exceedsPromise {
                line += String(format: " — exceeds the promise (p = %.4f)", row.pValue)
            } else if row.accepted < Self.minimumDecisions {
                line += " — too few decisions to test (\(Self.minimumDecisions) needed)"
            } else {
                line += String(format: " — within the promise (p = %.2f)", row.pValue)
            }
            if row.appeals > 0 { line += "; \(row.appeals) appeal\(row.appeals == 1 ? "" : "s") by authors" }
            return line
        }.joined(separator: "\n")
    }
}
