import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import Mustache

/// A page's typed model: what its template (`Dashboard/Templates/<template>.mustache`) reads, by property name. The
/// frame every page shares — title, navigation, the viewer, the CSRF token — is added when it is rendered
/// (`Dashboard.render`), so a model holds only its own page.
protocol PageModel: Sendable {
    /// The template's name.
    static var template: String { get }
    /// The template's text: `Dashboard/Templates/<template>.mustache`, compiled into the binary (`PackageResources`).
    static var source: [UInt8] { get }
    /// The page's title; the navigation marks the entry of that name. (A page that shows a notice after a change
    /// has a `flash` property, which the header reads.)
    var title: String { get }
}

/// The item (or other record) a page names does not exist, or this viewer may not see it: a 404 page with `text`.
struct PageNotFound: Error {
    var text: String
}

/// A message page: a heading and one notice, an error or not (refusals, failures, 404s, "logged in").
struct MessagePage: PageModel {
    static let template = "message"
    static let source = PackageResources.message_mustache
    var title: String
    var heading: String
    var text: String
    var isError = false
}

/// What a template is rendered with: the frame's values first, then the page's own properties (read by reflection,
/// as swift-mustache reads any value).
struct FramedPage: MustacheParent {
    var frame: Dashboard.Frame
    var page: any PageModel

    func child(named name: String) -> Any? {
        Self.property(name, of: frame) ?? Self.property(name, of: page)
    }

    /// A stored property of a value, by name; an optional property that is nil is absent.
    static func property(_ name: String, of value: Any) -> Any? {
        guard let found = Mirror(reflecting: value).children.first(where: { $0.label == name })?.value else {
            return nil
        }
        let mirror = Mirror(reflecting: found)
        guard mirror.displayStyle == .optional else { return found }
        return mirror.children.first?.value
    }
}

/// One page of the dashboard: its routes, its typed model and its template (`Dashboard.controllers` lists them). What
/// every page shares — who is asking, rendering, the write checks, the caches — is the `Dashboard` it is made with.
protocol DashboardController: Sendable {
    /// The page models it renders: their templates are registered when the dashboard is made.
    static var pages: [any PageModel.Type] { get }
    var dashboard: Dashboard { get }
    init(dashboard: Dashboard)
    func addRoutes(to router: Router<BasicRequestContext>)
}

extension DashboardController {
    typealias Viewer = Dashboard.Viewer
    typealias Entry = Dashboard.Entry

    var store: any ServerStore { dashboard.store }
    var context: ServerContext { dashboard.context }
    var auth: DashboardAuth { dashboard.auth }
    var logger: Logger { dashboard.logger }
    var now: @Sendable () -> Date { dashboard.now }

    func page<Model: PageModel>(_ request: Request, _ build: (Viewer) async throws -> Model) async -> Response {
        await dashboard.page(request, build)
    }

    func write(_ request: Request, _ body: (DashboardAuth.Session, [String: String]) async throws -> Response) async
        -> Response
    {
        await dashboard.write(request, body)
    }

    func render(
        _ page: some PageModel, _ viewer: Viewer, status: HTTPResponse.Status = .ok, cookies: [String] = []
    ) -> Response {
        dashboard.render(page, viewer, status: status, cookies: cookies)
    }

    func viewer(_ request: Request) -> Viewer { dashboard.viewer(request) }
    func viewer(of session: DashboardAuth.Session) -> Viewer { dashboard.viewer(of: session) }
    func snapshot() async throws -> EntryCache.Snapshot { try await dashboard.snapshot() }
    func repositories(_ snapshot: EntryCache.Snapshot? = nil) async throws -> [RepositoryRef] {
        try await dashboard.repositories(snapshot)
    }
    func requireWriter(_ session: DashboardAuth.Session, _ repo: RepositoryRef, policy: Policy) async throws {
        try await dashboard.requireWriter(session, repo, policy: policy)
    }
}
