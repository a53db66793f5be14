import Crypto
import Foundation
import LeveeGitHub

/// Who may see and change what on the dashboard.
///
/// - Bound to loopback, anyone who can reach the port may read (it is the maintainer's own machine); elsewhere reading
///   needs a login. A request a reverse proxy forwarded (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`) needs one too, and
///   so does every request once `dashboard.public_url` is set: behind a proxy on loopback, the port is not private.
/// - A login is the maintainer token (`dashboard.token`) typed into `/login`, or GitHub's OAuth web flow when an OAuth
///   app is configured. It makes a session cookie: signed with a key derived from the webhook secret (so it survives
///   restarts and works on every replica), `HttpOnly`, `Secure`, `SameSite=Strict`, twelve hours long.
/// - Every write is a POST carrying the session's CSRF token (an HMAC of the session), and the role is checked on every
///   one: the token's holder is a maintainer; a GitHub login must have write access (write, maintain or admin) to the
///   repository the change is for, asked of GitHub at that moment, or be listed in the policy's `trust.maintainers`.
public struct DashboardAuth: Sendable {
    public enum Role: String, Sendable {
        /// Logged in with the maintainer token.
        case maintainer
        /// Logged in through GitHub: who they are is known; what they may change is asked of GitHub per write.
        case github
    }

    public struct Session: Sendable, Hashable {
        public var login: String
        public var role: Role
        public var expires: Date
        var nonce: String
    }

    /// The maintainer token; nil: nobody can log in.
    let token: String?
    /// Reading without a login: only when the server listens on loopback.
    public let openToRead: Bool
    /// GitHub's OAuth web flow, and the dashboard's public URL its callback is under.
    public let oauth: GitHubOAuth?
    public let publicURL: String?
    let key: SymmetricKey
    public static let cookie = "levee_session"
    public static let loginCookie = "levee_login"
    static let lifetime: TimeInterval = 12 * 3600

    public init(
        token: String?, host: String, secret: String, oauth: GitHubOAuth? = nil, publicURL: String? = nil
    ) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.oauth = publicURL == nil ? nil : oauth
        self.publicURL = publicURL
        // Served under a public URL, it is not the maintainer's own machine, whatever address the proxy talks to.
        self.openToRead = Self.isLoopback(host) && publicURL == nil
        self.key = SymmetricKey(data: SHA256.hash(data: Data(("levee dashboard session\n" + secret).utf8)))
    }

    public var canLogIn: Bool { token != nil || oauth != nil }

    var callbackURL: String { (publicURL ?? "") + "/login/github/callback" }

    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Checks a typed token in constant time (both sides hashed first, so their lengths do not show either).
    public func accepts(token typed: String) -> Bool {
        guard let token else { return false }
        return Self.sameToken(typed, token)
    }

    /// Two secrets compared in constant time, both hashed first so their lengths do not show either: the maintainer
    /// token, and the intake's source tokens (`ReportRoute`).
    static func sameToken(_ typed: String, _ token: String) -> Bool {
        same(hex(SHA256.hash(data: Data(typed.utf8))), hex(SHA256.hash(data: Data(token.utf8))))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    // MARK: Session cookies

    public func makeSession(login: String, role: Role = .maintainer, now: Date) -> Session {
        Session(login: login, role: role, expires: now.addingTimeInterval(Self.lifetime), nonce: Self.nonce())
    }

    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    func payload(_ session: Session) -> String {
        [session.login, session.role.rawValue, String(Int(session.expires.timeIntervalSince1970)), session.nonce]
            .joined(separator: "\n")
    }

    func mac(_ text: String) -> String {
        Self.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
    }

    /// The cookie's value: the session, base64url, a dot, and its HMAC.
    public func cookieValue(_ session: Session) -> String {
        let text = payload(session)
        return Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "") + "." + mac(text)
    }

    /// The session a cookie value holds, if its HMAC is right and it has not expired.
    public func session(cookie value: String?, now: Date) -> Session? {
        guard let value, let dot = value.firstIndex(of: ".") else { return nil }
        var encoded = value[..<dot].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
            Self.same(mac(text), String(value[value.index(after: dot)...]))
        else { return nil }
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let role = Role(rawValue: parts[1]), let expires = Double(parts[2]),
            Date(timeIntervalSince1970: expires) > now
        else { return nil }
        return Session(login: parts[0], role: role, expires: Date(timeIntervalSince1970: expires), nonce: parts[3])
    }

    /// The CSRF token of a session: every form of the session carries it, every POST must send it back.
    public func csrfToken(_ session: Session) -> String { mac("csrf\n" + payload(session)) }

    public func checkCSRF(_ sent: String?, session: Session) -> Bool {
        guard let sent else { return false }
        return Self.same(sent, csrfToken(session))
    }

    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// `Set-Cookie` for a session (nil: the cookie is cleared).
    public func setCookie(_ session: Session?) -> String {
        guard let session else {
            return "\(Self.cookie)=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict"
        }
        return "\(Self.cookie)=\(cookieValue(session)); Path=/; Max-Age=\(Int(Self.lifetime)); HttpOnly; Secure; "
            + "SameSite=Strict"
    }

    /// Reads one cookie from a `Cookie` header.
    public static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }
}

/// `application/x-www-form-urlencoded` bodies and query strings.
enum FormData {
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let name = parts.first.map(decode), !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
