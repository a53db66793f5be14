import Foundation
import LeveeCore

/// What the dashboard reads besides the other protocols: the latest evaluations (stamps, then the bodies that changed), one item's action log, the
/// lifecycle items for the load figures, and the settings a maintainer changes from the page (the shadow switch).
public protocol DashboardStore: Sendable {
    /// What identifies the stored version of each latest evaluation, newest first, without reading the bodies: the
    /// dashboard decodes a body again only when its stamp changed.
    func evaluationStamps(limit: Int) async throws -> [EvaluationStamp]
    /// The stored evaluations of these sources (in no particular order; unknown sources are left out).
    func storedEvaluations(sources: [String]) async throws -> [StoredEvaluation]
    /// The figures of the pull requests and issues evaluated since a date, from the columns alone (no body read).
    func evaluationFigures(since: Date) async throws -> [EvaluationFigures]
    /// The action log of one item, oldest first.
    func actions(repository: String, number: Int) async throws -> [ActionRecord]
    /// How many pull requests and issues have a stored evaluation, and the latest evaluation time: what changes when
    /// one is saved, so the dashboard can tell, from one indexed query, whether to read anything.
    func evaluationTally() async throws -> EvaluationTally
    /// The latest `evaluated_at` of a pull request or issue: `evaluationTally().latest` without the count, read from
    /// the end of the `evaluation_items` index, so it costs the same at 100 items as at 100,000.
    func latestItemEvaluation() async throws -> Date?
    /// The stored evaluations of pull requests and issues made at or after `since` (`evaluated_at` is indexed).
    func itemEvaluations(since: Date) async throws -> [StoredEvaluation]
    /// Lifecycle items, highest number first within each repository.
    func allLifecycleItems(limit: Int) async throws -> [LifecycleItem]
    /// One lifecycle item of each repository (its highest number): where the installation that reaches it is kept.
    func lifecycleItemPerRepository() async throws -> [LifecycleItem]
    /// What the load page reads of every lifecycle item — phase and three times — taken out of the stored JSON by
    /// the database, so no body is decoded here.
    func lifecycleTimes() async throws -> [LifecycleTimes]
    /// `owner/repo#number` of the items in these phases, from the columns alone.
    func lifecycleItems(in phases: [LifecycleItem.Phase]) async throws -> Set<String>
    /// A setting changed from the dashboard; nil when never set.
    func setting(_ name: String) async throws -> String?
    func saveSetting(_ name: String, value: String, at: Date) async throws
}

/// A stored evaluation's identity and version: when it was made and a digest of its columns.
public struct EvaluationStamp: Sendable, Hashable {
    public var source: String
    public var version: String

    public init(source: String, version: String) {
        self.source = source
        self.version = version
    }

    /// The SQL expression of the version, the same on SQLite and PostgreSQL.
    public static let sql =
        "evaluated_at || ' ' || verdict || ' ' || slop_score || ' ' || review_minutes || ' ' || length(body)"
}

/// What the load page counts of one evaluation.
public struct EvaluationFigures: Sendable, Hashable {
    public var kind: ContributionKind
    public var verdict: Verdict
    public var reviewMinutes: Double
    public var evaluatedAt: Date

    public init(kind: ContributionKind, verdict: Verdict, reviewMinutes: Double, evaluatedAt: Date) {
        self.kind = kind
        self.verdict = verdict
        self.reviewMinutes = reviewMinutes
        self.evaluatedAt = evaluatedAt
    }

    /// Pull requests and issues only: comments and reviews are not queued (`EvaluationKey`).
    public static let sql = """
        SELECT kind, verdict, review_minutes, evaluated_at FROM evaluation
        WHERE kind IN ('pull_request', 'issue') AND queued = 1 AND evaluated_at >= 
        """
}

/// `DashboardStore.evaluationTally`.
public struct EvaluationTally: Sendable, Hashable {
    public var count: Int
    public var latest: Date?

    public init(count: Int, latest: Date?) {
        self.count = count
        self.latest = latest
    }

    /// The queue's items: pull requests, issues and privately received security reports (`owner/repo#GHSA-…`,
    /// `owner/repo#report-…`); comments and reviews are not queued (`EvaluationKey`).
    public static let filter = "kind IN ('pull_request', 'issue', 'security_report') AND queued = 1"
    public static let sql = "SELECT COUNT(*) AS n, MAX(evaluated_at) AS latest FROM evaluation WHERE " + filter
    /// The newest of each kind from the end of the index (`ORDER BY … DESC LIMIT 1` stops at the first item; a
    /// `MAX()` over the filter would count through every row).
    public static let latestSQL = """
        SELECT MAX(latest) AS latest FROM (
            SELECT (SELECT evaluated_at FROM evaluation WHERE kind = 'pull_request' AND queued = 1
                    ORDER BY evaluated_at DESC LIMIT 1) AS latest
            UNION ALL
            SELECT (SELECT evaluated_at FROM evaluation WHERE kind = 'issue' AND queued = 1
                    ORDER BY evaluated_at DESC LIMIT 1)
            UNION ALL
            SELECT (SELECT evaluated_at FROM evaluation WHERE kind = 'security_report' AND queued = 1
                    ORDER BY evaluated_at DESC LIMIT 1)
        ) AS latest_of_each
        """
    public static let sinceSQL =
        "SELECT source, queued, evaluated_at, body FROM evaluation WHERE " + filter + " AND evaluated_at >= "
    public static let perRepositorySQL = """
        SELECT body FROM lifecycle_item
        WHERE (repository, number) IN (SELECT repository, MAX(number) FROM lifecycle_item GROUP BY repository)
        """
}

/// `DashboardStore.lifecycleTimes`: one lifecycle item's phase and times.
public struct LifecycleTimes: Sendable, Hashable {
    public var phase: LifecycleItem.Phase
    public var openedAt: Date?
    public var firstResponseAt: Date?
    public var phaseSince: Date?

    public init(phase: LifecycleItem.Phase, openedAt: Date?, firstResponseAt: Date?, phaseSince: Date?) {
        self.phase = phase
        self.openedAt = openedAt
        self.firstResponseAt = firstResponseAt
        self.phaseSince = phaseSince
    }

    public init(_ item: LifecycleItem) {
        self.init(
            phase: item.phase, openedAt: item.openedAt, firstResponseAt: item.firstResponseAt,
            phaseSince: item.phaseSince)
    }
}

/// The names of the settings the dashboard writes.
public enum DashboardSetting {
    /// `on` or `off`: real actions, overriding the configuration's `shadow` (a repository's policy can still ask for
    /// shadow mode). Absent: the configuration decides.
    public static let actions = "actions"
}
