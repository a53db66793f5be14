import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import NIOCore

/// Logging in (`/login`, `/login/github`) and out: the maintainer token, or GitHub's OAuth.
struct LoginController: DashboardController {
    static let pages: [any PageModel.Type] = [LoginPage.self]
    let dashboard: Dashboard

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/login") { request, _ in loginPage(request, error: nil, status: .ok) }
        router.post("/login") { request, _ in await logIn(request) }
        router.get("/login/github") { request, _ in startGitHubLogin(request) }
        router.get("/login/github/callback") { request, _ in await finishGitHubLogin(request) }
        router.post("/logout") { request, _ in
            await write(request) { _, _ in
                Dashboard.redirect("/", cookies: [auth.setCookie(nil)])
            }
        }
    }

    /// The login page: the maintainer token's form, the GitHub button, or why neither is offered.
    struct LoginPage: PageModel {
        static let template = "login"
        static let source = PackageResources.login_mustache
        var title = "Log in"
        var canLogIn, hasToken, hasGitHub, openToRead: Bool
        var nonce: String
        var error: String?
    }

    func loginPage(_ request: Request, error: String?, status: HTTPResponse.Status) -> Response {
        // Login CSRF: the form's nonce must come back with the same nonce in a cookie only this site can set.
        let nonce = DashboardAuth.nonce()
        let cookie =
            "\(DashboardAuth.loginCookie)=\(nonce); Path=/login; Max-Age=600; HttpOnly; Secure; SameSite=Strict"
        let page = LoginPage(
            canLogIn: auth.canLogIn, hasToken: auth.token != nil, hasGitHub: auth.oauth != nil,
            openToRead: auth.openToRead, nonce: nonce, error: error)
        return render(page, viewer(request), status: status, cookies: [cookie])
    }

    func logIn(_ request: Request) async -> Response {
        guard let body = try? await request.body.collect(upTo: Dashboard.formLimit) else {
            return loginPage(request, error: "The form is too large.", status: .contentTooLarge)
        }
        let form = FormData.parse(String(buffer: body))
        let cookie = DashboardAuth.cookie(DashboardAuth.loginCookie, in: request.headers[.cookie])
        guard let nonce = form["nonce"], let cookie, DashboardAuth.same(nonce, cookie) else {
            return loginPage(request, error: "The login form expired; try again.", status: .forbidden)
        }
        let login = (form["login"] ?? "").trimmingCharacters(in: .whitespaces)
        guard VouchFile.Handle(parsing: login) != nil, !login.contains(":") else {
            return loginPage(request, error: "Type your GitHub login.", status: .badRequest)
        }
        guard auth.accepts(token: form["token"] ?? "") else {
            logger.warning("dashboard: a login with a wrong token was refused", metadata: ["login": "\(login)"])
            return loginPage(request, error: "That token is not the maintainer token.", status: .unauthorized)
        }
        let session = auth.makeSession(login: login, now: now())
        logger.notice("dashboard: maintainer logged in", metadata: ["login": "\(login)"])
        return Dashboard.redirect(
            "/",
            cookies: [
                auth.setCookie(session),
                "\(DashboardAuth.loginCookie)=; Path=/login; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
            ])
    }

    static let oauthCookie = "levee_oauth"

    /// Sends the browser to GitHub with a fresh `state`, kept in a cookie to compare when it comes back. The cookie is
    /// `SameSite=Lax`: GitHub's redirect back is a cross-site navigation, which would not carry a Strict cookie.
    func startGitHubLogin(_ request: Request) -> Response {
        guard let oauth = auth.oauth else {
            return render(
                MessagePage(
                    title: "Log in", heading: "Log in",
                    text: "GitHub login is not configured (dashboard.github_client_id).",
                    isError: true),
                viewer(request), status: .notFound)
        }
        let state = DashboardAuth.nonce()
        return Dashboard.redirect(
            oauth.authorizeURL(redirectURI: auth.callbackURL, state: state),
            cookies: ["\(Self.oauthCookie)=\(state); Path=/login/github; Max-Age=600; HttpOnly; Secure; SameSite=Lax"])
    }

    func finishGitHubLogin(_ request: Request) async -> Response {
        let query = FormData.parse(request.uri.query ?? "")
        let expected = DashboardAuth.cookie(Self.oauthCookie, in: request.headers[.cookie])
        guard let oauth = auth.oauth, let code = query["code"], let state = query["state"], let expected,
            DashboardAuth.same(state, expected)
        else {
            return loginPage(
                request, error: "The GitHub login did not come back as it left; try again.", status: .forbidden)
        }
        let login: String
        do {
            login = try await oauth.login(code: code, redirectURI: auth.callbackURL)
        } catch {
            logger.warning("dashboard: GitHub login failed", metadata: ["error": "\(error)"])
            return loginPage(request, error: "GitHub did not confirm the login: \(error)", status: .badGateway)
        }
        let session = auth.makeSession(login: login, role: .github, now: now())
        logger.notice("dashboard: logged in through GitHub", metadata: ["login": "\(login)"])
        // A page, not a redirect: the session cookie is Strict, and a redirect chain that began on github.com would
        // not carry it to the next page. The refresh is a same-site navigation, which does.
        var response = render(
            MessagePage(
                title: "Log in", heading: "Logged in",
                text: "Logged in as @\(login) through GitHub. Continue to the queue."),
            viewer(of: session),
            cookies: [
                auth.setCookie(session),
                "\(Self.oauthCookie)=; Path=/login/github; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
            ])
        response.headers[HTTPField.Name("Refresh")!] = "0; url=/"
        return response
    }
}
