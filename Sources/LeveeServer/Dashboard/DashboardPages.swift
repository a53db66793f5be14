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
            guard !stored.source.contains(" "), let hash = stored.source.lastIndex(of: "#") else { return nil }
            let reference = stored.source[stored.source.index(after: hash)...]
            switch e.kind {
            case .pullRequest, .issue:
                guard let number = Int(reference) else { return nil }
                self.number = number
            case .securityReport:
                guard ItemReference.isReport(reference) else { return nil }
                self.number = 0
            default: return nil
            }
            self.reference = String(reference)
            repo = String(stored.source[..<hash])
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
            searchText = Array("\(repo)#\(reference) \(e.title) \(e.author ?? "")".lowercased().utf8)
            key = stored.source
        }
    }

    /// Every pull request and issue with a stored evaluation (comments and reports are parts of them, not queue
    /// items), in the queue's default order. Bodies are decoded once and kept until they change (`EntryCache`).
    func snapshot() async throws -> EntryCache.Snapshot {
        try await cache.snapshot(store: store)
    }

    /// Rows of the queue on one page.
    static let shown = 100

    static func score(_ value: Double) -> String { String(format: "%.2f", value) }
    static func minutes(_ value: Double) -> String { String(format: "%.0f", value.rounded()) }

    // MARK: Queue

    /// The queue: every open pull request, issue and private report this viewer may read, filtered and ordered.
    struct QueuePage: PageModel {
        static let template = "queue"
        struct Option: Sendable {
            var value: String
            var name: String
            var selected: Bool
        }
        struct Signal: Sendable {
            var id: String
            var evidence: String
        }
        struct Row: Sendable {
            var id, repo, number, title, kind, author, verdict, score, minutes, tier, labels: String
            var signals: [Signal]
            var agent: String?
        }
        var title = "Queue"
        var backfills: [String]
        var count, total, page, pages: Int
        var paged: Bool
        var shown, from, to: Int
        var orderName, q: String
        var repos, verdicts, tiers, kinds, labels, agents, orders: [Option]
        var rows: [Row]
        var previous, next: String?
    }

    static let orders: [(value: String, name: String)] = [
        ("value", "value for review time"), ("newest", "newest first"), ("quickest", "quickest review first"),
        ("score", "slop score, highest first"),
    ]

    func queue(_ viewer: Viewer, _ request: Request) async throws -> QueuePage {
        // The form's own encoding (`+` for a space), which Hummingbird's query parameters leave as it is.
        let query = FormData.parse(request.uri.query ?? "")
        func param(_ name: String) -> String { query[name]?.trimmingCharacters(in: .whitespaces) ?? "" }
        // Closed by the lifecycle, or on GitHub (even where the lifecycle is off): not in the queue any more.
        let closed = try await store.lifecycleItems(in: [.closed, .closedByDefault])
            .union(try await store.closedFingerprints())
        let snapshot = try await snapshot()
        // Private reports of repositories this viewer may not read are left out like closed items.
        let hidden = await hiddenReports(viewer, snapshot)
        let filters = (
            repo: param("repo"), verdict: param("verdict"), tier: param("tier"), kind: param("kind"),
            label: param("label"), agent: param("agent"), q: param("q").lowercased()
        )
        let needle = Array(filters.q.utf8)
        // An unknown verdict or kind matches nothing, as a misspelt one should.
        let verdict: Verdict?? = filters.verdict.isEmpty ? nil : .some(Verdict(rawValue: filters.verdict))
        let kind: ContributionKind?? = filters.kind.isEmpty ? nil : .some(ContributionKind(rawValue: filters.kind))
        func matches(_ entry: Entry) -> Bool {
            (verdict == nil || entry.verdict == verdict!)
                && (kind == nil || entry.kind == kind!)
                && (filters.repo.isEmpty || entry.repo == filters.repo)
                && (filters.tier.isEmpty || entry.tier == filters.tier)
                && (filters.label.isEmpty || Effect.labels(entry.labels, contain: filters.label))
                && (filters.agent.isEmpty || entry.agent == filters.agent)
                && (needle.isEmpty || Self.contains(entry.searchText, needle))
        }
        // Positions in the snapshot, not copies of its entries: at 100,000 items copying them is what costs.
        let all = snapshot.byPriority
        let unfiltered = [
            filters.repo, filters.verdict, filters.tier, filters.kind, filters.label, filters.agent, filters.q,
        ]
        .allSatisfy(\.isEmpty)
        var rows: [Int] = []
        var total = 0
        if unfiltered, closed.isEmpty, hidden.isEmpty {
            total = all.count
            rows = Array(all.indices)
        } else {
            rows.reserveCapacity(unfiltered ? all.count : 1024)
            all.withUnsafeBufferPointer { entries in
                for index in entries.indices {
                    if !closed.isEmpty, closed.contains(entries[index].key) { continue }
                    if !hidden.isEmpty, entries[index].isPrivate, hidden.contains(entries[index].repo) { continue }
                    total += 1
                    if unfiltered || matches(entries[index]) { rows.append(index) }
                }
            }
        }
        let order = Self.orders.contains { $0.value == param("order") } ? param("order") : "value"
        switch order {
        case "newest": rows.sort { (all[$0].evaluatedAt, all[$0].number) > (all[$1].evaluatedAt, all[$1].number) }
        case "quickest":
            rows.sort { (all[$0].reviewMinutes, all[$0].number) < (all[$1].reviewMinutes, all[$1].number) }
        case "score": rows.sort { (all[$0].slopScore, all[$0].number) > (all[$1].slopScore, all[$1].number) }
        default: break  // already by value for review time
        }
        func options(_ values: [String], _ chosen: String) -> [QueuePage.Option] {
            values.sorted().map { QueuePage.Option(value: $0, name: $0, selected: $0 == chosen) }
        }
        let pages = max(1, (rows.count + Self.shown - 1) / Self.shown)
        let page = min(max(Int(param("page")) ?? 1, 1), pages)
        // The filters and order as a query string, for the links to the other pages.
        let kept = ["repo", "verdict", "tier", "kind", "label", "agent", "order", "q"].compactMap { name in
            param(name).isEmpty
                ? nil
                : "\(name)=\(param(name).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        func link(_ page: Int) -> String { "/?" + (kept + ["page=\(page)"]).joined(separator: "&amp;") }
        return QueuePage(
            backfills: try await backfillLines(), count: rows.count, total: total, page: page, pages: pages,
            paged: pages > 1, shown: Self.shown, from: rows.isEmpty ? 0 : (page - 1) * Self.shown + 1,
            to: min(page * Self.shown, rows.count),
            orderName: Self.orders.first { $0.value == order }?.name ?? order, q: param("q"),
            repos: options(snapshot.repos, filters.repo),
            verdicts: options(Verdict.allCases.map(\.rawValue), filters.verdict),
            tiers: options(snapshot.tiers, filters.tier), kinds: options(snapshot.kinds, filters.kind),
            labels: options(snapshot.labels, filters.label), agents: options(snapshot.agents, filters.agent),
            orders: Self.orders.map { QueuePage.Option(value: $0.value, name: $0.name, selected: $0.value == order) },
            rows: rows[min((page - 1) * Self.shown, rows.count)..<min(page * Self.shown, rows.count)].map { index in
                let entry = all[index]
                return QueuePage.Row(
                    id: entry.id, repo: entry.repo, number: entry.reference, title: entry.title,
                    kind: entry.kind.rawValue, author: entry.author ?? "unknown", verdict: entry.verdict.rawValue,
                    score: Self.score(entry.slopScore), minutes: Self.minutes(entry.reviewMinutes), tier: entry.tier,
                    labels: entry.labels.joined(separator: ", "),
                    signals: entry.topSignals.map { QueuePage.Signal(id: $0.id, evidence: $0.evidence) },
                    agent: entry.agent)
            },
            previous: page > 1 ? link(page - 1) : nil, next: page < pages ? link(page + 1) : nil)
    }

    /// Whether `needle` occurs in `haystack`: the C library's `memchr` to the next candidate first byte, then
    /// `memcmp`, which a search over 100,000 titles needs (the figures are in docs/benchmarks.md).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                guard let start = h.baseAddress, let wanted = n.baseAddress else { return false }
                let last = h.count - n.count  // the last offset where the needle still fits
                var offset = 0
                while offset <= last {
                    guard let found = memchr(start + offset, Int32(first), last - offset + 1) else { return false }
                    if memcmp(found, wanted, n.count) == 0 { return true }
                    offset = start.distance(to: UnsafeRawPointer(found)) + 1
                }
                return false
            }
        }
    }

    /// One line per repository whose existing backlog was brought in (`Backfill`): how far it got.
    func backfillLines() async throws -> [String] {
        var lines: [String] = []
        for repository in try await Backfill.repositories(in: store) {
            guard let state = try await Backfill.state(repository, in: store) else { continue }
            var line = "Backlog of \(repository): \(state.items) items read in \(state.requests) requests"
            if let finished = state.finishedAt {
                line += ", done \(DashboardDate.text(finished))"
                if let reports = state.reports, reports > 0 { line += "; \(reports) private reports in triage read" }
            } else if let error = state.error {
                line += "; stopped (\(error.prefix(160)))"
                if let retry = state.retryAfter { line += ", trying again \(DashboardDate.text(retry))" }
            } else {
                line += ", in progress"
            }
            lines.append(line)
        }
        return lines
    }

    // MARK: One item

    /// One item: the evaluation with every term, signal and violation, the planned actions, the sticky comment, the
    /// action log and the author's ledger.
    struct ItemPage: PageModel {
        static let template = "item"
        struct Term: Sendable { var term: String }
        struct SignalRow: Sendable {
            var id, points, message: String
            var evidence: [String]
        }
        struct Violation: Sendable {
            var id, message: String
            var line: String?
        }
        struct Planned: Sendable { var kind, value, reason: String }
        struct Logged: Sendable {
            var at, kind, value, status, reason: String
            var detail: String?
        }
        struct Comment: Sendable { var text, at, status: String }
        struct LedgerRow: Sendable { var at, item, kind, amount, note: String }
        /// The page's title, `repo#number`; the item's own title is `itemTitle`.
        var title: String
        var repo, number, itemTitle, kind, author, verdict, score, minutes, evaluatedAt: String
        var terms: [Term]
        var hasTerms: Bool
        var withheld: [String]
        var signals: [SignalRow]
        var violations: [Violation]
        var disclosure, agent, claims: String
        var planned: [Planned]
        var actions: [Logged]
        var tier: String
        var policy, calibration, exempt, tierReason, duplicate: String?
        var comment: Comment?
        /// A privately received report: Levee posts nothing for it (the template's `private`).
        var `private` = false
        var draft: String?
        var balance: String?
        var ledger: [LedgerRow] = []
    }

    func item(_ id: String, _ viewer: Viewer) async throws -> ItemPage {
        let notFound = PageNotFound(text: "No evaluation of \(id) is stored.")
        // A number names a pull request or issue; a GHSA id or an intake name a private report.
        guard let reference = ItemReference(pathComponent: id),
            let stored = try await store.storedEvaluation(source: reference.description)
        else { throw notFound }
        let repo = reference.repository
        let number = reference.number
        if number == nil, await !mayReadPrivate(viewer, repository: repo) { throw notFound }
        let e = stored.evaluation
        var log: [ActionRecord] = []
        if let number { log = try await store.actions(repository: repo, number: number) }
        let claims =
            e.claims.checked == 0
            ? "none checked"
            : "\(e.claims.checked) checked"
                + (e.claims.missing.isEmpty
                    ? ", all found" : "; not in the source: " + e.claims.missing.joined(separator: ", "))
                + (e.claims.against.map { " (checked against " + $0.joined(separator: ", ") + ")" } ?? "")
        var page = ItemPage(
            title: reference.description, repo: repo, number: reference.reference, itemTitle: e.title,
            kind: e.kind.rawValue, author: e.author ?? "unknown", verdict: e.verdict.rawValue,
            score: Self.score(e.slopScore), minutes: Self.minutes(e.reviewMinutes),
            evaluatedAt: DashboardDate.text(stored.evaluatedAt),
            terms: (e.scoreTerms ?? []).map { ItemPage.Term(term: $0.explained) },
            hasTerms: !(e.scoreTerms ?? []).isEmpty, withheld: e.withheld ?? [],
            signals: e.signals.map {
                ItemPage.SignalRow(
                    id: $0.id, points: String(format: "%.1f", $0.points), message: $0.message, evidence: $0.evidence)
            },
            violations: e.violations.map {
                ItemPage.Violation(id: $0.id, message: $0.message, line: $0.policyLine.map { "\($0)" })
            },
            disclosure: Self.describe(e.disclosure), agent: Self.describe(e.agent), claims: claims,
            planned: e.actions.map {
                ItemPage.Planned(
                    kind: $0.kind.rawValue,
                    value: $0.kind == .comment ? "the sticky comment (below)" : Self.short($0.value),
                    reason: $0.reason)
            },
            actions: log.map { r in
                ItemPage.Logged(
                    at: DashboardDate.text(r.at), kind: r.kind.rawValue,
                    value: r.kind == .comment ? Self.firstLine(r.value) : Self.short(r.value),
                    status: r.status.rawValue,
                    reason: r.reason, detail: r.detail)
            },
            tier: e.trust?.tier.rawValue ?? "unknown", policy: e.policy,
            calibration: try await context.policies.calibration(repo)?.summary.joined(separator: "; "),
            exempt: e.exempt, tierReason: e.trust?.reason,
            duplicate: e.duplicateOf.map {
                "#\($0.number) \($0.title) (similarity \(Self.score($0.similarity)))"
            })
        // The sticky comment as posted (the last one sent), else as Levee would post it.
        let comments = log.filter { $0.kind == .comment && !$0.value.hasPrefix("<!-- levee:reply") }
        if let sent = comments.last(where: { $0.status == .sent || $0.status == .unchanged }) ?? comments.last {
            page.comment = ItemPage.Comment(
                text: sent.value, at: DashboardDate.text(sent.at),
                status: sent.status == .shadow ? "Would be posted (shadow mode)" : "Posted")
        } else if let planned = e.actions.first(where: { $0.kind == .comment }) {
            page.comment = ItemPage.Comment(
                text: planned.value, at: DashboardDate.text(stored.evaluatedAt), status: "Planned")
        }
        if number == nil {
            page.`private` = true
            page.draft = e.replyDraft ?? ""
        }
        if number != nil, let author = e.author {
            let entries = try await store.ledger(author: author)
            if !entries.isEmpty {
                page.balance = Ledger.format(LedgerAccount(author: author, entries: entries).balance)
            }
            page.ledger = entries.map {
                ItemPage.LedgerRow(
                    at: DashboardDate.text($0.at), item: $0.item, kind: $0.kind.rawValue,
                    amount: Ledger.format($0.amount), note: $0.note)
            }
        }
        return page
    }

    /// A comment in the log: its first line of prose (after Levee's hidden marker).
    static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n").first {
            !$0.hasPrefix("<!--") && !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        return short(line.map(String.init) ?? text)
    }

    static func short(_ text: String) -> String { text.count > 300 ? String(text.prefix(300)) + "…" : text }

    static func describe(_ d: Disclosure) -> String {
        var parts: [String] = []
        parts.append(d.present ? "present" : (d.required ? "missing (required by the policy)" : "none"))
        if !d.tools.isEmpty { parts.append("tools: " + d.tools.joined(separator: ", ")) }
        if d.statesNoAI { parts.append("states no AI was used") }
        if let first = d.evidence.first { parts.append("“\(first)”") }
        return parts.joined(separator: "; ")
    }

    static func describe(_ a: AgentDetection) -> String {
        guard a.detected else { return "none detected" }
        return (a.name ?? "unnamed agent") + (a.evidence.first.map { " — \($0)" } ?? "")
    }
}
