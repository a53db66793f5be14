import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore

extension FakeGitHub {
    // MARK: OAuth (the dashboard's login)

    /// An OAuth app the fake accepts at `/login/oauth/access_token`.
    public func registerOAuthApp(clientID: String, secret: String) {
        state.withLock { $0.oauthApps[clientID] = secret }
    }

    /// The person signed in to GitHub in the browser: `/login/oauth/authorize` sends them straight back with a code.
    public func signIn(_ login: String?) { state.withLock { $0.signedIn = login } }

    /// A person's permission on a repository (default `read`), as `/collaborators/{login}/permission` answers.
    public func setPermission(_ repo: String, login: String, _ permission: String) {
        state.withLock { $0.permissions[repo + " " + login.lowercased()] = permission }
    }

    func oauth(method: String, segments: [String], params: [String: String], body: Data, authorization: String?)
        -> Response?
    {
        switch (method, segments) {
        case ("GET", ["login", "oauth", "authorize"]):
            guard let login = state.withLock({ $0.signedIn }), let clientID = params["client_id"],
                state.withLock({ $0.oauthApps[clientID] }) != nil, let redirect = params["redirect_uri"],
                var components = URLComponents(string: redirect)
            else { return reply(404, .object(["message": "Not Found"])) }
            let code = state.withLock { state -> String in
                state.nextID += 1
                let code = "code\(state.nextID)"
                state.oauthCodes[code] = login
                return code
            }
            components.queryItems =
                (components.queryItems ?? []) + [
                    URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: params["state"]),
                ]
            return Response(status: .found, headers: [.location: components.string ?? redirect])
        case ("POST", ["login", "oauth", "access_token"]):
            let form = Self.queryItems(String(decoding: body, as: UTF8.self))
            let token = state.withLock { state -> String? in
                guard let clientID = form["client_id"], state.oauthApps[clientID] == form["client_secret"],
                    let code = form["code"], let login = state.oauthCodes.removeValue(forKey: code)
                else { return nil }
                state.nextID += 1
                let token = "gho_fake\(state.nextID)"
                state.userTokens[token] = login
                return token
            }
            guard let token else {
                return reply(
                    200,
                    .object([
                        "error": "bad_verification_code",
                        "error_description": "The code passed is incorrect or expired.",
                    ]))
            }
            return reply(200, .object(["access_token": .string(token), "token_type": "bearer", "scope": ""]))
        case ("GET", ["user"]):
            let token = authorization.map { String($0.split(separator: " ").last ?? "") } ?? ""
            guard let login = state.withLock({ $0.userTokens[token] }) else {
                return reply(401, .object(["message": "Bad credentials"]))
            }
            return reply(200, .object(["login": .string(login), "type": "User"]))
        default:
            return nil
        }
    }
}
