import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import NIOCore

/// One item (`/items/{owner}:{repo}:{number}`): its evaluation explained, its actions and its author's ledger.
struct ItemController: DashboardController {
    static let pages: [any PageModel.Type] = [ItemPage.self]
    let dashboard: Dashboard

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/items/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await page(request) { try await item(id, $0) }
        }
    }

    /// One item: the evaluation with every term, signal and violation, the planned actions, the sticky comment, the
    /// action log and the author's ledger.
    struct ItemPage: PageModel {
        static let template = "item"
        static let source = PackageResources.item_mustache
        struct Term: Sendable { var term: String }
        struct SignalRow: Sendable {
            var evidenceClass, id, points, message: String
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
        var policy, calibration, exempt, tierReason, duplicate, styleHeld, steppedDown: String?
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
        if number == nil, await !dashboard.mayReadPrivate(viewer, repository: repo) { throw notFound }
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
            score: Dashboard.score(e.slopScore), minutes: Dashboard.minutes(e.reviewMinutes),
            evaluatedAt: DashboardDate.text(stored.evaluatedAt),
            terms: (e.scoreTerms ?? []).map { ItemPage.Term(term: $0.explained) },
            hasTerms: !(e.scoreTerms ?? []).isEmpty, withheld: e.withheld ?? [],
            // Grouped by evidence class, substance first: how an evaluation stored before the classes lists them too.
            signals: EvidenceClass.allCases.flatMap { c in e.signals.filter { $0.evidenceClass == c } }.map {
                ItemPage.SignalRow(
                    evidenceClass: $0.evidenceClass.rawValue, id: $0.id, points: String(format: "%.1f", $0.points),
                    message: $0.message, evidence: $0.evidence)
            },
            violations: e.violations.map {
                ItemPage.Violation(id: $0.id, message: $0.message, line: $0.policyLine.map { "\($0)" })
            },
            disclosure: Self.describe(e.disclosure), agent: Self.describe(e.agent), claims: claims,
            planned: e.actions.map {
                ItemPage.Planned(
                    kind: $0.kind.rawValue,
                    value: $0.kind == .comment ? "the sticky comment (below)" : Dashboard.short($0.value),
                    reason: $0.reason)
            },
            actions: log.map { r in
                ItemPage.Logged(
                    at: DashboardDate.text(r.at), kind: r.kind.rawValue,
                    value: r.kind == .comment ? Self.firstLine(r.value) : Dashboard.short(r.value),
                    status: r.status.rawValue,
                    reason: r.reason, detail: r.detail)
            },
            tier: e.trust?.tier.rawValue ?? "unknown", policy: e.policy,
            calibration: try await context.policies.calibration(repo)?.summary.joined(separator: "; "),
            exempt: e.exempt, tierReason: e.trust?.reason,
            duplicate: e.duplicateOf.map {
                "#\($0.number) \($0.title) (similarity \(Dashboard.score($0.similarity)))"
            }, styleHeld: e.styleHeld, steppedDown: e.steppedDown)
        // The sticky comment as posted (the last one sent), else as Levee would post it.
        let comments = log.filter { $0.kind == .comment }
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
        return Dashboard.short(line.map(String.init) ?? text)
    }

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
