import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import NIOCore

/// Trust (`/trust`): tiers, vouch lists with their forms, balances, the audit log; vouch, denounce, sponsor.
struct TrustController: DashboardController {
    static let pages: [any PageModel.Type] = [TrustPage.self]
    let dashboard: Dashboard

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/trust") { request, _ in await page(request) { try await trust($0, flash: nil) } }
        router.post("/trust/vouch") { request, _ in
            await write(request) { viewer, form in
                try await changeVouchList(form, viewer: viewer, verb: form["verb"] == "denounce" ? .denounce : .vouch)
            }
        }
        router.post("/trust/unvouch") { request, _ in
            await write(request) { viewer, form in try await changeVouchList(form, viewer: viewer, verb: .unvouch) }
        }
        router.post("/trust/sponsor") { request, _ in
            await write(request) { viewer, form in try await sponsor(form, viewer: viewer) }
        }
    }

    /// Trust: the authors by tier, each repository's vouch list (with its forms), the reputation balances and the
    /// audit log of every trust change.
    struct TrustPage: PageModel {
        static let template = "trust"
        static let source = PackageResources.trust_mustache
        struct Tier: Sendable {
            var tier: String
            var count: Int
            var who: String
        }
        struct Entry: Sendable { var handle, kind, details: String }
        struct Repository: Sendable {
            var repo, path: String
            var entries: [Entry]?
            var unreadable: String?
        }
        struct Balance: Sendable { var author, balance: String }
        struct Audit: Sendable { var at, actor, command, subject, status, detail: String }
        var title = "Trust"
        var tiers: [Tier]
        var repos: [Repository]
        var repoNames: [String]
        var balances: [Balance]
        var audit: [Audit]
        var flash: String?
        var error: String?
    }

    func trust(_ viewer: Viewer, flash: String?, error: String? = nil) async throws -> TrustPage {
        let snapshot = try await snapshot()
        let byTier = snapshot.authorsByTier
        var repos: [TrustPage.Repository] = []
        let known = try await repositories(snapshot)
        for repo in known {
            let (policy, _) = try await context.policies.policy(for: repo)
            var model = TrustPage.Repository(repo: repo.fullName, path: policy.trust.vouchFile)
            if let client = context.client {
                do {
                    if let text = try await client.fileContents(repo, path: policy.trust.vouchFile) {
                        model.entries = VouchFile(parsing: text).entries.map {
                            TrustPage.Entry(handle: "\($0.handle)", kind: $0.kind.rawValue, details: $0.details ?? "")
                        }
                    } else {
                        model.unreadable = "No vouch list yet; vouching for someone creates it."
                    }
                } catch {
                    model.unreadable = "Could not read it from GitHub: \(error)"
                }
            } else {
                model.unreadable = "GitHub is not configured, so the vouch list cannot be read."
            }
            repos.append(model)
        }
        let tiers = TrustTier.allCases.map(\.rawValue) + ["unknown"]
        return TrustPage(
            tiers: tiers.compactMap { tier in
                byTier[tier].map {
                    TrustPage.Tier(tier: tier, count: $0.count, who: $0.sorted().joined(separator: ", "))
                }
            },
            repos: repos, repoNames: known.map(\.fullName),
            balances: try await store.balances().map {
                TrustPage.Balance(author: $0.author, balance: Ledger.format($0.balance))
            },
            audit: try await store.audit(limit: 50).map {
                TrustPage.Audit(
                    at: DashboardDate.text($0.at), actor: $0.actor, command: $0.command, subject: $0.subject,
                    status: $0.status.rawValue, detail: $0.detail ?? "")
            },
            flash: flash, error: error)
    }

    func trustResponse(
        _ session: DashboardAuth.Session, flash: String?, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let viewer = viewer(of: session)
        return render(try await trust(viewer, flash: flash, error: error), viewer, status: status)
    }

    /// Finds the repository a form names among those Levee has seen: the dashboard changes no other repository.
    func knownRepository(_ name: String?) async throws -> RepositoryRef? {
        guard let name else { return nil }
        return try await repositories().first { $0.fullName == name }
    }

    /// Vouch, denounce or remove, the same change `/levee vouch` makes from a comment: a commit to the vouch list
    /// (or, in shadow mode, an audit entry only).
    func changeVouchList(_ form: [String: String], viewer session: DashboardAuth.Session, verb: CommentCommand.Verb)
        async throws -> Response
    {
        guard let repo = try await knownRepository(form["repo"]) else {
            return try await trustResponse(
                session, flash: nil, error: "Choose a repository Levee watches.", status: .badRequest)
        }
        let login = (form["login"] ?? "").trimmingCharacters(in: .whitespaces)
        guard VouchFile.Handle(parsing: login) != nil, !login.contains(" ") else {
            return try await trustResponse(
                session, flash: nil, error: "`\(login)` is not a GitHub login.", status: .badRequest)
        }
        let reason = form["reason"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let (policy, _) = try await context.policies.policy(for: repo)
        try await requireWriter(session, repo, policy: policy)
        let shadow = try await context.shadow.isShadow(policy)
        let service = context.trust
        let context = TrustService.CommandContext(
            repo: repo, number: 0, isPullRequest: false, itemAuthor: nil, actor: Person(login: session.login),
            commentID: 0, deliveryID: "dashboard", policy: policy, shadow: shadow)
        let command = CommentCommand(verb: verb, subject: login, reason: reason)
        var audit = AuditRecord(
            repository: repo.fullName, actor: session.login, command: verb.rawValue, subject: login, reason: reason,
            status: .refused, at: now())
        do {
            (audit.status, audit.detail) = try await service.changeVouchList(command, context: context)
        } catch let error as GitHubError where error.status == 409 {
            audit.status = .failed
            audit.detail = "the vouch list changed meanwhile; try again"
        }
        audit.detail = "\(audit.detail ?? "") (from the dashboard)"
        try await store.recordAudit(audit)
        logger.notice(
            "dashboard: vouch list", metadata: ["command": "\(verb.rawValue)", "status": "\(audit.status.rawValue)"])
        let text = "\(verb.rawValue) @\(login) in \(repo.fullName): \(audit.detail ?? "")"
        return audit.status == .failed
            ? try await trustResponse(session, flash: nil, error: text, status: .badGateway)
            : try await trustResponse(session, flash: text)
    }

    /// Sponsors a pull request waiting for a sponsor, as `/levee sponsor` from a maintainer does.
    func sponsor(_ form: [String: String], viewer session: DashboardAuth.Session) async throws -> Response {
        guard let repo = try await knownRepository(form["repo"]), let number = form["number"].flatMap({ Int($0) })
        else {
            return try await trustResponse(
                session, flash: nil, error: "Choose a repository Levee watches and a pull request number.",
                status: .badRequest)
        }
        guard
            let evaluation = try await store.storedEvaluation(
                source: ItemReference(repository: repo.fullName, number: number).description)?.evaluation,
            evaluation.kind == .pullRequest
        else {
            return try await trustResponse(
                session, flash: nil, error: "Levee has not seen pull request #\(number) in \(repo.fullName).",
                status: .notFound)
        }
        let (policy, _) = try await context.policies.policy(for: repo)
        try await requireWriter(session, repo, policy: policy)
        let shadow = try await context.shadow.isShadow(policy)
        let service = context.trust
        let context = TrustService.CommandContext(
            repo: repo, number: number, isPullRequest: true, itemAuthor: evaluation.author,
            actor: Person(login: session.login), commentID: 0, deliveryID: "dashboard", policy: policy,
            shadow: shadow)
        var audit = AuditRecord(
            repository: repo.fullName, actor: session.login, command: "sponsor", subject: evaluation.author ?? "",
            reason: "#\(number)", status: .refused, at: now())
        (audit.status, audit.detail) = try await service.sponsor(context: context, isWriter: true)
        if audit.status == .applied, let client = self.context.client, !shadow {
            try await client.removeLabel(repo, number: number, TrustService.needsSponsorLabel)
        }
        try await store.recordAudit(audit)
        let text = "sponsor #\(number) in \(repo.fullName): \(audit.detail ?? "")"
        return audit.status == .refused
            ? try await trustResponse(session, flash: nil, error: text, status: .conflict)
            : try await trustResponse(session, flash: text)
    }
}
