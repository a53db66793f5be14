import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import Mustache
import NIOCore

/// The queue (`/`): every open item this viewer may read, filtered, ordered and paged.
struct QueueController: DashboardController {
    static let pages: [any PageModel.Type] = [QueuePage.self]
    let dashboard: Dashboard

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in await page(request) { try await queue($0, request) } }
    }

    /// Rows of the queue on one page.
    static let shown = 100

    /// The queue: every open pull request, issue and private report this viewer may read, filtered and ordered.
    struct QueuePage: PageModel {
        static let template = "queue"
        static let source = PackageResources.queue_mustache
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
        let hidden = await dashboard.hiddenReports(viewer, snapshot)
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
                    score: Dashboard.score(entry.slopScore), minutes: Dashboard.minutes(entry.reviewMinutes),
                    tier: entry.tier,
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
}

// The queue's rows read by name, not by reflection: swift-mustache reads a plain struct through `Mirror`, one
// reflection of every field for each `{{name}}`, which was 54% of the queue page's time at 100 rows (35 ms at p50 with
// 5,000 stored items; docs/benchmarks.md). The switches list exactly the fields; a name a template asks for that is
// not here falls through to the enclosing context, as it did with reflection.
extension QueueController.QueuePage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "repo": repo
        case "number": number
        case "title": title
        case "kind": kind
        case "author": author
        case "verdict": verdict
        case "score": score
        case "minutes": minutes
        case "tier": tier
        case "labels": labels
        case "signals": signals
        case "agent": agent
        default: nil
        }
    }
}

extension QueueController.QueuePage.Signal: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "evidence": evidence
        default: nil
        }
    }
}

extension QueueController.QueuePage.Option: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "name": self.name
        case "selected": selected
        default: nil
        }
    }
}
