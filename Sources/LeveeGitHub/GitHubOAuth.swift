import AsyncHTTPClient
import Foundation
import LeveeCore
import NIOCore
import NIOHTTP1

/// GitHub's OAuth web flow, for the dashboard's login: send the browser to `/login/oauth/authorize`, take the `code` it
/// comes back with, exchange it for a user token (never stored), and ask `/user` who that is. Only the login is kept;
/// what the person may change is asked of GitHub again at every write (`GitHubClient.permission`).
public struct GitHubOAuth: Sendable {
    public var clientID: String
    var clientSecret: String
    /// GitHub's web root (`https://github.com`, or a GitHub Enterprise host).
    public var webURL: String
    /// The REST root, for `/user`.
    public var apiURL: String
    let http: HTTPClient
    let timeout: Duration

    public init(
        clientID: String, clientSecret: String, webURL: String = "https://github.com",
        apiURL: String = "https://api.github.com", http: HTTPClient = .shared, timeout: Duration = .seconds(15)
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.webURL = webURL.hasSuffix("/") ? String(webURL.dropLast()) : webURL
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.http = http
        self.timeout = timeout
    }

    static let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }

    /// Where to send the browser. No scope: the login alone needs none.
    public func authorizeURL(redirectURI: String, state: String) -> String {
        webURL + "/login/oauth/authorize?"
            + Self.encode([
                ("client_id", clientID), ("redirect_uri", redirectURI), ("state", state), ("allow_signup", "false"),
            ])
    }

    /// The login of the person who authorised the code.
    public func login(code: String, redirectURI: String) async throws -> String {
        var exchange = HTTPClientRequest(url: webURL + "/login/oauth/access_token")
        exchange.method = .POST
        exchange.headers.add(name: "Accept", value: "application/json")
        exchange.headers.add(name: "User-Agent", value: "levee")
        exchange.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        exchange.body = .bytes(
            ByteBuffer(
                string: Self.encode([
                    ("client_id", clientID), ("client_secret", clientSecret), ("code", code),
                    ("redirect_uri", redirectURI),
                ])))
        let answer = try await json(exchange, what: "POST /login/oauth/access_token")
        guard let token = answer["access_token"]?.string, !token.isEmpty else {
            // GitHub answers 200 with `error` and `error_description` for a bad or used code.
            let reason = answer["error_description"]?.string ?? answer["error"]?.string ?? "no access token"
            throw GitHubError(status: 200, request: "POST /login/oauth/access_token", message: reason)
        }
        var user = HTTPClientRequest(url: apiURL + "/user")
        user.headers.add(name: "Accept", value: "application/vnd.github+json")
        user.headers.add(name: "User-Agent", value: "levee")
        user.headers.add(name: "Authorization", value: "Bearer \(token)")
        guard let login = try await json(user, what: "GET /user")["login"]?.string, !login.isEmpty else {
            throw GitHubError(status: 200, request: "GET /user", message: "no login in the answer")
        }
        return login
    }

    func json(_ request: HTTPClientRequest, what: String) async throws -> JSONValue {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .init(timeout))
        } catch {
            throw GitHubError(status: nil, request: what, message: "\(error)")
        }
        let body = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw GitHubError(
                status: Int(response.status.code), request: what, message: GitHubClient.message(body))
        }
        return try JSONValue.parse(body, source: what)
    }
}

extension GitHubClient {
    /// A person's permission on a repository: `admin`, `maintain`, `write`, `triage`, `read` or `none`.
    public func permission(_ repo: RepositoryRef, login: String) async throws -> String {
        let response = try await send(
            GitHubRequest(
                "GET", "/repos/\(repo.fullName)/collaborators/\(login)/permission",
                installationID: repo.installationID))
        return try response.json("GET permission")["permission"]?.string ?? "none"
    }
}
