import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import Mustache
import NIOCore

/// The maintainers' dashboard: server-rendered HTML (Mustache), no JavaScript needed, one small script that only makes
/// the queue's filters apply on change. Pages: `/` (queue), `/items/{owner}:{repo}:{number}`, `/load`, `/trust`,
/// `/shadow`, `/login`. Writes are POSTs with the session's CSRF token and need the maintainer role (DashboardAuth).
struct Dashboard: Sendable {
    let context: ServerContext
    let auth: DashboardAuth
    let capacityHours: Double
    let logger: Logger
    let library: MustacheLibrary
    let cache = EntryCache()
    let loads = LoadCache()
    let privateReaders = PrivateReaders()

    static let formLimit = 64 * 1024

    var store: any ServerStore { context.store }
    var now: @Sendable () -> Date { context.now }

    init(context: ServerContext, auth: DashboardAuth, capacityHours: Double, logger: Logger) throws {
        self.context = context
        self.auth = auth
        self.capacityHours = capacityHours
        self.logger = logger
        var library = MustacheLibrary()
        for (name, text) in DashboardTemplates.all(Self.controllers) { try library.register(text, named: name) }
        self.library = library
    }

    /// One controller per page; adding a page is its controller, its template and its line here.
    static let controllers: [any DashboardController.Type] = [
        QueueController.self, ItemController.self, LoadController.self, TrustController.self, ShadowController.self,
        LoginController.self,
    ]

    func register(on router: Router<BasicRequestContext>) {
        for controller in Self.controllers { controller.init(dashboard: self).addRoutes(to: router) }
        router.get("/dashboard.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardTemplates.script)))
        }
    }

    // MARK: Who is asking

    struct Viewer {
        var session: DashboardAuth.Session?
        var csrf: String?
        var login: String { session?.login ?? "" }
        /// Shows the forms; the server checks the role again on every POST.
        var canWrite: Bool { session != nil }
    }

    func viewer(of session: DashboardAuth.Session) -> Viewer {
        Viewer(session: session, csrf: auth.csrfToken(session))
    }

    func viewer(_ request: Request) -> Viewer {
        let session = auth.session(
            cookie: DashboardAuth.cookie(DashboardAuth.cookie, in: request.headers[.cookie]), now: now())
        return Viewer(session: session, csrf: session.map(auth.csrfToken))
    }

    /// A page: read access checked, the model built, its template rendered. A missing item is a 404 page; any other
    /// error a 500 page with a request id, never a stack.
    func page<Model: PageModel>(_ request: Request, _ build: (Viewer) async throws -> Model) async -> Response {
        let viewer = viewer(request)
        guard viewer.session != nil || (auth.openToRead && !Self.forwarded(request)) else {
            return Self.redirect("/login")
        }
        do {
            return render(try await build(viewer), viewer)
        } catch let missing as PageNotFound {
            return render(
                MessagePage(title: "Not found", heading: "Not found", text: missing.text), viewer, status: .notFound)
        } catch {
            return failed(viewer, "page \(Model.template)", error)
        }
    }

    /// A 500 page that names a request id, never the error: what failed (a GitHub answer, a database path, SQL) is
    /// for the log, under the same id.
    func failed(_ viewer: Viewer, _ what: String, _ error: any Error) -> Response {
        let id = String(UInt32.random(in: .min ... .max), radix: 16)
        logger.error("dashboard \(what) failed", metadata: ["request": "\(id)", "error": "\(error)"])
        return render(
            MessagePage(
                title: "Error", heading: "Something failed",
                text: "Something failed on the server. Its log has the details under request id \(id).", isError: true),
            viewer, status: .internalServerError)
    }

    /// Whether a reverse proxy passed the request on: then it did not come from this machine.
    static func forwarded(_ request: Request) -> Bool {
        ["Forwarded", "X-Forwarded-For", "X-Real-IP"].contains { request.headers[HTTPField.Name($0)!] != nil }
    }

    /// A write: a logged-in maintainer, the session's CSRF token, a form of reasonable size; otherwise refused.
    func write(_ request: Request, _ body: (DashboardAuth.Session, [String: String]) async throws -> Response) async
        -> Response
    {
        let viewer = viewer(request)
        let form: [String: String]
        do {
            form = FormData.parse(String(buffer: try await request.body.collect(upTo: Self.formLimit)))
        } catch {
            return refuse(viewer, .contentTooLarge, "The form is larger than \(Self.formLimit / 1024) KiB.")
        }
        guard let session = viewer.session else {
            return refuse(viewer, .unauthorized, "Log in as a maintainer first.")
        }
        guard auth.checkCSRF(form["csrf"], session: session) else {
            logger.warning(
                "dashboard: a POST without a valid CSRF token was refused", metadata: ["path": "\(request.uri.path)"])
            return refuse(
                viewer, .forbidden, "The form's CSRF token is missing or wrong; reload the page and try again.")
        }
        do {
            return try await body(session, form)
        } catch let error as NotAllowed {
            logger.warning(
                "dashboard: a write without the role was refused",
                metadata: ["path": "\(request.uri.path)", "login": "\(session.login)"])
            return refuse(viewer, .forbidden, error.description)
        } catch {
            return failed(viewer, "write \(request.uri.path)", error)
        }
    }

    struct NotAllowed: Error, CustomStringConvertible {
        var description: String
    }

    /// The role check of every write: the maintainer token may change anything Levee watches; a GitHub login needs
    /// write access (write, maintain or admin) to the repository, asked of GitHub now, or `trust.maintainers`.
    func requireWriter(_ session: DashboardAuth.Session, _ repo: RepositoryRef, policy: Policy) async throws {
        switch session.role {
        case .maintainer: return
        case .github:
            if Login(session.login).isListed(in: policy.trust.maintainers) {
                return
            }
            guard let client = context.client else {
                throw NotAllowed(description: "GitHub is not configured here, so write access cannot be checked.")
            }
            let permission = try await client.permission(repo, login: session.login)
            guard ["admin", "maintain", "write"].contains(permission) else {
                throw NotAllowed(
                    description:
                        "@\(session.login) has \(permission) access to \(repo.fullName); changing it needs write access."
                )
            }
        }
    }

    func refuse(_ viewer: Viewer, _ status: HTTPResponse.Status, _ text: String) -> Response {
        render(MessagePage(title: "Refused", heading: "Refused", text: text, isError: true), viewer, status: status)
    }

    // MARK: Rendering

    static let pages = [("Queue", "/"), ("Load", "/load"), ("Trust", "/trust"), ("Shadow review", "/shadow")]

    /// The frame every page shares, around the page's own model.
    struct Frame: Sendable {
        struct Link: Sendable {
            var name, href: String
            var current: Bool
        }
        struct Who: Sendable { var login, role, csrf: String }

        var title: String
        var nav: [Link]
        var canWrite: Bool
        /// Who is signed in, and the form token of their session; nil for a visitor.
        var viewer: Who?
        var csrf: String?
    }

    func render(
        _ page: some PageModel, _ viewer: Viewer, status: HTTPResponse.Status = .ok, cookies: [String] = []
    ) -> Response {
        let frame = Frame(
            title: page.title,
            nav: Self.pages.map { Frame.Link(name: $0.0, href: $0.1, current: $0.0 == page.title) },
            canWrite: viewer.canWrite,
            viewer: viewer.session.map { Frame.Who(login: $0.login, role: $0.role.rawValue, csrf: viewer.csrf ?? "") },
            csrf: viewer.session.map { _ in viewer.csrf ?? "" })
        let template = type(of: page).template
        let html =
            library.render(FramedPage(frame: frame, page: page), withTemplate: template)
            ?? "template \(template) is missing"
        return Self.html(status, html, cookies: cookies)
    }

    static let securityHeaders: [(HTTPField.Name, String)] = [
        (
            .contentSecurityPolicy,
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self' data:; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
        (.cacheControl, "no-store"),
    ]

    static func html(_ status: HTTPResponse.Status, _ text: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        for (name, value) in securityHeaders { headers[name] = value }
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

}

/// Dates on the pages: UTC, minutes.
enum DashboardDate {
    static func text(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
