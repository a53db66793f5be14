import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import NIOCore

/// The shadow review (`/shadow`): what Levee would have done, and the switch for real actions.
struct ShadowController: DashboardController {
    static let pages: [any PageModel.Type] = [ShadowPage.self]
    let dashboard: Dashboard

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/shadow") { request, _ in await page(request) { try await shadow($0, flash: nil) } }
        router.post("/shadow") { request, _ in
            await write(request) { session, form in
                let viewer = viewer(of: session)
                guard let value = form["actions"], ["on", "off"].contains(value) else {
                    return render(
                        MessagePage(
                            title: "Shadow review", heading: "Shadow review",
                            text: "Expected actions=on or actions=off.", isError: true),
                        viewer, status: .badRequest)
                }
                // Server-wide: the token's holder, or a GitHub login with admin or maintain on every watched repository.
                if session.role == .github {
                    guard let client = context.client else {
                        throw Dashboard.NotAllowed(
                            description: "GitHub is not configured here, so access cannot be checked.")
                    }
                    for repo in try await repositories() {
                        let permission = try await client.permission(repo, login: session.login)
                        guard ["admin", "maintain"].contains(permission) else {
                            throw Dashboard.NotAllowed(
                                description: "Switching real actions needs admin or maintain access to every "
                                    + "repository Levee watches; @\(session.login) has \(permission) on \(repo.fullName)."
                            )
                        }
                    }
                }
                guard value == "off" || context.shadow.canAct else {
                    return render(
                        MessagePage(
                            title: "Shadow review", heading: "Shadow review",
                            text:
                                "Real actions need GitHub credentials (github.app_id or github.token); nothing changed.",
                            isError: true),
                        viewer, status: .conflict)
                }
                try await store.saveSetting(DashboardSetting.actions, value: value, at: now())
                logger.notice(
                    "dashboard: real actions switched", metadata: ["actions": "\(value)", "by": "\(session.login)"])
                let flash = value == "on" ? "Real actions are on." : "Back to shadow mode: actions are only recorded."
                return try await shadowResponse(session, flash: flash)
            }
        }
    }

    /// The shadow review: whether actions are sent, the switch, and what Levee would have done in the last 30 days.
    struct ShadowPage: PageModel {
        static let template = "shadow"
        static let source = PackageResources.shadow_mustache
        struct Action: Sendable {
            var at, id, repo: String
            var number: Int
            var kind, value, reason: String
        }
        var title = "Shadow review"
        var mode, modeReason, switchTo, switchLabel: String
        var canSwitch: Bool
        var count: Int
        var actions: [Action]
        var flash: String?
    }

    func shadow(_ viewer: Viewer, flash: String?) async throws -> ShadowPage {
        let serverShadow = try await context.shadow.server()
        let setting = try await store.setting(DashboardSetting.actions)
        let records = try await store.actions(since: now().addingTimeInterval(-30 * 86400), limit: 20_000)
            .filter { $0.status == .shadow }.reversed()
        let reason: String
        if !context.shadow.canAct {
            reason = "no GitHub credentials are configured, so Levee only records what it would do."
        } else if let setting {
            reason = "a maintainer switched real actions \(setting) here; a repository's own `shadow: true` still wins."
        } else {
            reason =
                "the server's configuration says `shadow: \(context.shadow.configured)`; a repository's own "
                + "`shadow: true` still wins."
        }
        return ShadowPage(
            mode: serverShadow ? "recorded only (shadow mode)" : "sent to GitHub", modeReason: reason,
            switchTo: serverShadow ? "on" : "off",
            switchLabel: serverShadow ? "Turn real actions on" : "Back to shadow mode",
            canSwitch: context.shadow.canAct || !serverShadow, count: records.count,
            actions: records.prefix(500).map { r in
                ShadowPage.Action(
                    at: DashboardDate.text(r.at),
                    id: ItemReference(repository: r.repository, number: r.number ?? 0).pathComponent,
                    repo: r.repository, number: r.number ?? 0, kind: r.kind.rawValue, value: Dashboard.short(r.value),
                    reason: r.reason)
            },
            flash: flash)
    }

    func shadowResponse(_ session: DashboardAuth.Session, flash: String) async throws -> Response {
        let viewer = viewer(of: session)
        return render(try await shadow(viewer, flash: flash), viewer)
    }
}
