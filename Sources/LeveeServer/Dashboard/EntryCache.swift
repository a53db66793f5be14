import Foundation
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore

#if canImport(Glibc)
    import Glibc
#endif

/// Every pull request and issue with a stored evaluation, decoded once and kept in memory, in the queue's default
/// order, with the filters' choices. A request first asks the store for the latest evaluation time (the end of an
/// index: the same cost at any size), and for the tally (how many, and the latest: a count over the index; its cost
/// is in docs/benchmarks.md) only when that time changed or `countEvery` passed since the last count. Only when the
/// tally changed does it read the evaluations made since the last one it saw (less two minutes, for replicas whose
/// clocks differ), and it reads everything again only if the count still does not match. So a page at 100,000 items
/// decodes no body unless something changed; an evaluation stored with an older time than the latest (a replica
/// whose clock is behind) shows within `countEvery`.
actor EntryCache {
    struct Snapshot: Sendable {
        /// The store's tally the snapshot was made at.
        var tally = EvaluationTally(count: -1, latest: nil)
        /// Highest value for review time first.
        var byPriority: [Dashboard.Entry] = []
        var repos: [String] = []
        var tiers: [String] = []
        var kinds: [String] = []
        var labels: [String] = []
        var agents: [String] = []
        /// Authors by tier, for the trust page.
        var authorsByTier: [String: Set<String>] = [:]
    }

    private var entries: [String: Dashboard.Entry?] = [:]
    private var snapshot = Snapshot()
    private var counted: ContinuousClock.Instant?
    static let skew: TimeInterval = 120
    static let countEvery: Duration = .seconds(10)

    func snapshot(store: any ServerStore) async throws -> Snapshot {
        let clock = ContinuousClock()
        if let counted, clock.now - counted < Self.countEvery,
            try await store.latestItemEvaluation() == snapshot.tally.latest
        {
            return snapshot
        }
        let now = try await store.evaluationTally()
        counted = clock.now
        let tally = snapshot.tally
        guard now != tally else { return snapshot }
        // Rows that are no queue item (a `levee scan` of files stores its paths as sources) are counted too, so the
        // count matches the store's and does not force a full read on every tally.
        if tally.count >= 0, now.count >= tally.count, let seen = tally.latest {
            for stored in try await store.itemEvaluations(since: seen.addingTimeInterval(-Self.skew)) {
                entries[stored.source] = .some(Dashboard.Entry(stored))
            }
        }
        if entries.count != now.count {
            entries = [:]
            for stored in try await store.itemEvaluations(since: .distantPast) {
                entries[stored.source] = .some(Dashboard.Entry(stored))
            }
        }
        snapshot = Self.build(entries.values.compactMap { $0 })
        snapshot.tally = now
        return snapshot
    }

    static func build(_ all: some Collection<Dashboard.Entry>) -> Snapshot {
        var snapshot = Snapshot()
        snapshot.byPriority = all.sorted { ($0.priority, $0.number, $0.repo) > ($1.priority, $1.number, $1.repo) }
        var repos = Set<String>()
        var tiers = Set<String>()
        var kinds = Set<String>()
        var labels = Set<String>()
        var agents = Set<String>()
        for entry in snapshot.byPriority {
            repos.insert(entry.repo)
            tiers.insert(entry.tier)
            kinds.insert(entry.kind.rawValue)
            labels.formUnion(entry.labels)
            if let agent = entry.agent { agents.insert(agent) }
            // A private report's reporter is not shown beside the authors of public items (the trust page).
            if !entry.isPrivate { snapshot.authorsByTier[entry.tier, default: []].insert(entry.author ?? "unknown") }
        }
        snapshot.repos = repos.sorted()
        snapshot.tiers = tiers.sorted()
        snapshot.kinds = kinds.sorted()
        snapshot.labels = labels.sorted()
        snapshot.agents = agents.sorted()
        return snapshot
    }
}

/// The pages' models: plain dictionaries for the templates, built from the store (and GitHub for the vouch lists).
extension Dashboard {
    /// One pull request or issue in the queue: what the queue shows of its latest evaluation. A class, so the
    /// queue's filters at 100,000 items read fields through one reference instead of copying (and retaining) every
    /// string and array of each entry.
    final class Entry: Sendable {
        let repo: String
        /// The pull request's or issue's number; 0 for a private report, named by `reference`.
        let number: Int
        /// What follows `#`: the number, or a private report's GHSA id or intake name (`ItemReference`).
        let reference: String
        let evaluatedAt: Date
        let title: String
        let author: String?
        let kind: ContributionKind
        let verdict: Verdict
        let slopScore: Double
        let reviewMinutes: Double
        let priority: Double
        let tier: String
        let labels: [String]
        let agent: String?
        let topSignals: [(id: String, evidence: String)]
        /// What the queue's search box looks in, lower-cased once: `owner/repo#number title author`.
        let searchText: [UInt8]
        /// `owner/repo#number`, as the lifecycle's closed items are named.
        let key: String
        var id: String { ItemReference(repository: repo, report: reference).pathComponent }
        var isPrivate: Bool { kind == .securityReport }

        init?(_ stored: StoredEvaluation) {
            let e = stored.evaluation
            // Comments and reviews are stored as `owner/repo#N kind delivery`: no item reference.
            guard let item = ItemReference(stored.source) else { return nil }
            switch e.kind {
            case .pullRequest, .issue:
                guard let number = item.number else { return nil }
                self.number = number
            case .securityReport:
                guard item.isReport else { return nil }
                self.number = 0
            default: return nil
            }
            reference = item.reference
            repo = item.repository
            evaluatedAt = stored.evaluatedAt
            title = e.title
            author = e.author
            kind = e.kind
            verdict = e.verdict
            slopScore = e.slopScore
            reviewMinutes = e.reviewMinutes
            priority = e.priority
            tier = e.trust?.tier.rawValue ?? "unknown"
            labels = e.actions.filter { $0.kind == .label }.map(\.value)
            agent = e.agent.detected ? (e.agent.name ?? "unnamed agent") : nil
            topSignals = e.signals.sorted { ($0.points, $1.id) > ($1.points, $0.id) }.prefix(3).map {
                ($0.id, $0.evidence.first ?? $0.message)
            }
            searchText = Array("\(item) \(e.title) \(e.author ?? "")".lowercased().utf8)
            key = stored.source
        }
    }

    /// Every pull request and issue with a stored evaluation (comments and reports are parts of them, not queue
    /// items), in the queue's default order. Bodies are decoded once and kept until they change (`EntryCache`).
    func snapshot() async throws -> EntryCache.Snapshot {
        try await cache.snapshot(store: store)
    }

    static func score(_ value: Double) -> String { String(format: "%.2f", value) }
    static func minutes(_ value: Double) -> String { String(format: "%.0f", value.rounded()) }

    static func short(_ text: String) -> String { text.count > 300 ? String(text.prefix(300)) + "…" : text }
}
