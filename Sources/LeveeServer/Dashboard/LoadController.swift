import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import NIOCore

/// The load (`/load`): what arrives each week against the maintainers' capacity.
struct LoadController: DashboardController {
    static let pages: [any PageModel.Type] = [LoadPage.self]
    let dashboard: Dashboard

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/load") { request, _ in await page(request) { try await load($0) } }
        router.post("/load/rearm") { request, _ in
            await write(request) { session, form in
                let viewer = viewer(of: session)
                guard let name = form["repo"],
                    let repo = try await repositories().first(where: { $0.fullName == name }),
                    let kind = form["kind"], [true, false].map(DriftWatch.kindName(isPullRequest:)).contains(kind)
                else {
                    return render(
                        MessagePage(
                            title: "Load", heading: "Re-arm", text: "Expected a repository Levee watches and a kind.",
                            isError: true),
                        viewer, status: .badRequest)
                }
                let (policy, _) = try await context.policies.policy(for: repo)
                try await requireWriter(session, repo, policy: policy)
                try await context.decisions.rearm(repo.fullName, kinds: [kind])
                logger.notice(
                    "dashboard: re-armed",
                    metadata: [
                        "repository": "\(repo.fullName)", "kind": "\(kind)",
                        "by": "\(session.login)",
                    ])
                var page = try await load(viewer)
                page.flash =
                    "Re-armed for \(kind) in \(repo.fullName): Levee acts as configured again, and its "
                    + "false alarms are counted afresh from now."
                return render(page, viewer)
            }
        }
    }

    /// Levee's false alarms by each repository's own decisions (`DriftWatch`), and whether it stepped down for a kind
    /// (`StepDown`), with the switch that re-arms it.
    func drift() async throws -> [LoadPage.Drift] {
        let (watch, states) = try await context.decisions.drift(nil)
        var names = Set(watch.rows.map(\.repository))
        for repo in try await repositories() { names.insert(repo.fullName) }
        var result: [LoadPage.Drift] = []
        for name in names.sorted() {
            var state = states[name]
            if state == nil { state = try await context.decisions.stepDown(name) }
            for kind in [true, false].map(DriftWatch.kindName(isPullRequest:)) {
                let rows = watch.rows.filter { $0.repository == name && $0.kind == kind }
                let entry = state?.steppedDown[kind]
                guard !rows.isEmpty || entry != nil else { continue }
                func cell(_ days: Int) -> String {
                    guard let row = rows.first(where: { $0.days == days }) else { return "–" }
                    var text = "\(row.flagged) of \(row.accepted) (" + String(format: "%.0f%%", row.rate * 100) + ")"
                    if row.exceedsPromise { text += ", over the promise" }
                    if row.appeals > 0 { text += "; \(row.appeals) appeal\(row.appeals == 1 ? "" : "s")" }
                    return text
                }
                result.append(
                    LoadPage.Drift(
                        repo: name, kind: kind, last30: cell(30), last90: cell(90),
                        state: entry == nil ? "acting as configured" : "stepped down", steppedDown: entry != nil,
                        why: entry?.why))
            }
        }
        return result
    }

    /// The figures of the last twelve weeks' pull requests and issues, from the entries in memory (no query).
    static func loadFigures(_ snapshot: EntryCache.Snapshot, now: Date) -> [EvaluationFigures] {
        let start = LoadReport.start(now: now)
        return snapshot.byPriority.compactMap { entry in
            entry.evaluatedAt >= start
                ? EvaluationFigures(
                    kind: entry.kind, verdict: entry.verdict, reviewMinutes: entry.reviewMinutes,
                    evaluatedAt: entry.evaluatedAt) : nil
        }
    }

    /// The load: weekly inflow, review hours against capacity, the share flagged, response times and waiting ages, each
    /// a chart drawn on the server with its figures in a table beside it.
    struct LoadPage: PageModel {
        static let template = "load"
        static let source = PackageResources.load_mustache
        struct Cell: Sendable {
            var text: String
            var num: Bool
        }
        struct Row: Sendable { var cells: [Cell] }
        struct Figure: Sendable {
            var anchor, title, svg, legend: String
            var head: [Cell]
            var body: [Row]
            var note: String?
        }
        /// One repository's kind in the drift watch: flagged among the accepted, over 30 and 90 days, and the state.
        struct Drift: Sendable {
            var repo, kind, last30, last90, state: String
            var steppedDown: Bool
            var why: String?
        }
        var title = "Load"
        var weekCount: Int
        var figures: [Figure]
        var drift: [Drift] = []
        var promise = "\(Int(DriftWatch.promise * 100))%"
        var flash: String?
    }

    func load(_ viewer: Viewer) async throws -> LoadPage {
        let snapshot = try await snapshot()
        let at = now()
        let (store, capacity) = (self.store, dashboard.capacityHours)
        let report = try await dashboard.loads.report(tally: snapshot.tally, now: at) {
            LoadReport(
                evaluations: Self.loadFigures(snapshot, now: at), lifecycle: try await store.lifecycleTimes(),
                capacityHours: capacity, now: at)
        }
        let capacityHours = capacity
        let weeks = report.weeks
        let labels = weeks.map { LoadReport.label($0.start) }
        func cells(_ texts: [String]) -> [LoadPage.Cell] {
            texts.enumerated().map { LoadPage.Cell(text: $0.element, num: $0.offset > 0) }
        }
        func figure(
            _ anchor: String, _ title: String, _ chart: BarChart, head: [String], rows: [[String]], note: String? = nil
        ) -> LoadPage.Figure {
            LoadPage.Figure(
                anchor: anchor, title: title, svg: chart.svg(), legend: chart.legend, head: cells(head),
                body: rows.map { LoadPage.Row(cells: cells($0)) }, note: note)
        }
        let n = { (value: Int) in String(value) }
        let kinds: [(ContributionKind, String, String)] = [
            (.pullRequest, "pull requests", "#0b57d0"), (.issue, "issues", "#8250df"),
        ]
        let verdicts: [(Verdict, String)] = [
            (.welcome, "#1a7f37"), (.review, "#0969da"), (.needsAuthor, "#bf8700"), (.likelySlop, "#cf222e"),
        ]
        let hours = weeks.map { $0.reviewMinutes / 60 }
        let shares = weeks.map { $0.total == 0 ? 0 : 100 * Double($0.flagged) / Double($0.total) }
        let medians = weeks.map { LoadReport.median($0.responseHours) }
        let fmt = { (value: Double) in BarChart.number((value * 10).rounded() / 10) }
        return LoadPage(
            weekCount: weeks.count,
            figures: [
                figure(
                    "inflow-kind", "Weekly inflow by kind",
                    BarChart(
                        title: "Weekly inflow by kind", labels: labels,
                        series: kinds.map { kind in
                            .init(name: kind.1, colour: kind.2, values: weeks.map { Double($0.byKind[kind.0] ?? 0) })
                        }),
                    head: ["Week", "Pull requests", "Issues", "Total"],
                    rows: zip(labels, weeks).map { label, w in
                        [label, n(w.byKind[.pullRequest] ?? 0), n(w.byKind[.issue] ?? 0), n(w.total)]
                    }),
                figure(
                    "inflow-verdict", "Weekly inflow by verdict",
                    BarChart(
                        title: "Weekly inflow by verdict", labels: labels,
                        series: verdicts.map { verdict in
                            .init(
                                name: verdict.0.rawValue, colour: verdict.1,
                                values: weeks.map { Double($0.byVerdict[verdict.0] ?? 0) })
                        }),
                    head: ["Week"] + verdicts.map(\.0.rawValue),
                    rows: zip(labels, weeks).map { label, w in
                        [label] + verdicts.map { n(w.byVerdict[$0.0] ?? 0) }
                    }),
                figure(
                    "review-hours", "Estimated review hours arriving, against capacity",
                    BarChart(
                        title: "Review hours", labels: labels,
                        series: [.init(name: "review hours", colour: "#0b57d0", values: hours)],
                        limit: ("capacity \(fmt(capacityHours)) h", capacityHours), unit: " h"),
                    head: ["Week", "Review hours", "Capacity", "Over capacity"],
                    rows: zip(labels, hours).map { label, h in
                        [label, fmt(h), fmt(capacityHours), fmt(max(h - capacityHours, 0))]
                    },
                    note: "Review minutes are Levee's estimate per item; capacity is dashboard.capacity_hours."),
                figure(
                    "flagged", "Share flagged (needs author or likely slop)",
                    BarChart(
                        title: "Share flagged", labels: labels,
                        series: [.init(name: "flagged %", colour: "#cf222e", values: shares)], unit: "%"),
                    head: ["Week", "Flagged", "Arrived", "Share"],
                    rows: weeks.indices.map { i in
                        [
                            labels[i], n(weeks[i].flagged), n(weeks[i].total),
                            weeks[i].total == 0 ? "–" : fmt(shares[i]) + "%",
                        ]
                    }),
                figure(
                    "first-response", "Time to first maintainer response",
                    BarChart(
                        title: "Median hours to first response", labels: labels,
                        series: [.init(name: "median hours", colour: "#8250df", values: medians.map { $0 ?? 0 })],
                        unit: " h"),
                    head: ["Week opened", "Answered", "Median hours", "Slowest hours"],
                    rows: zip(labels, weeks).map { label, w in
                        [
                            label, n(w.responseHours.count), LoadReport.median(w.responseHours).map(fmt) ?? "–",
                            w.responseHours.max().map(fmt) ?? "–",
                        ]
                    },
                    note:
                        "Items opened while Levee watched; the first comment by someone with write access other than the author."
                ),
                figure(
                    "waiting", "Ages of items awaiting their authors",
                    BarChart(
                        title: "Awaiting author", labels: LoadReport.ageBuckets.map(\.label),
                        series: [
                            .init(name: "items", colour: "#bf8700", values: report.waitingAges.map(Double.init))
                        ]),
                    head: ["Waiting", "Items"],
                    rows: zip(LoadReport.ageBuckets, report.waitingAges).map { [$0.label, n($1)] },
                    note: "Awaiting author or marked stale, by time since the item entered that phase."),
            ], drift: try await drift())
    }
}

/// The load page's report, kept while no evaluation changes: reading every lifecycle item's times is the one part of
/// the page that grows with the store. Older than `maxAge`, the kept report is shown once more while a new one is
/// made in the background, so a maintainer's first answers show within about half a minute and no request waits for
/// the whole lifecycle table except the first, or the first after an evaluation changed.
actor LoadCache {
    static let maxAge: TimeInterval = 30
    private var kept: (tally: EvaluationTally, at: Date, report: LoadReport)?
    private var refreshing = false

    func report(
        tally: EvaluationTally, now: Date, make: @escaping @Sendable () async throws -> LoadReport
    ) async throws -> LoadReport {
        if let kept, kept.tally == tally {
            if now.timeIntervalSince(kept.at) >= Self.maxAge || now < kept.at, !refreshing {
                refreshing = true
                Task { await self.refresh(tally: tally, now: now, make: make) }
            }
            return kept.report
        }
        let report = try await make()
        kept = (tally, now, report)
        return report
    }

    private func refresh(tally: EvaluationTally, now: Date, make: @Sendable () async throws -> LoadReport) async {
        defer { refreshing = false }
        guard let report = try? await make() else { return }
        if kept == nil || kept?.tally == tally { kept = (tally, now, report) }
    }
}
