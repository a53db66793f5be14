import Crypto
import Foundation
import LeveeCore
import _CryptoExtras

/// How Levee authenticates to GitHub.
public enum GitHubCredentials: Sendable {
    /// No credentials: Levee reads nothing from GitHub and sends nothing (shadow mode).
    case none
    /// A personal or fine-grained token, for a single repository.
    case token(String)
    /// A GitHub App: its id and RSA private key (PEM, PKCS#1 or PKCS#8, as GitHub issues it).
    case app(id: String, privateKey: AppPrivateKey)

    public var isConfigured: Bool {
        if case .none = self { return false }
        return true
    }
}

/// A GitHub App's RSA private key. Parsing happens once, when the configuration is read.
public struct AppPrivateKey: Sendable {
    let key: _RSA.Signing.PrivateKey

    public init(pem: String) throws(GitHubAuthError) {
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            throw GitHubAuthError("the GitHub App private key is not an RSA private key in PEM form (\(error))")
        }
    }

    /// The public half, in PEM, for a fake GitHub to check signatures with.
    public var publicKeyPEM: String { key.publicKey.pemRepresentation }
}

public struct GitHubAuthError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The JSON Web Token a GitHub App signs with its key (RS256) to ask for installation tokens. GitHub accepts
/// at most ten minutes of life; `iat` is set a minute back to allow for clock drift, as GitHub's docs advise.
public enum AppJWT {
    public static func make(appID: String, key: AppPrivateKey, now: Date) throws -> String {
        let issued = Int(now.timeIntervalSince1970) - 60
        let header = #"{"alg":"RS256","typ":"JWT"}"#
        let payload = #"{"iat":\#(issued),"exp":\#(issued + 600),"iss":"\#(appID)"}"#
        let signingInput = base64URL(Data(header.utf8)) + "." + base64URL(Data(payload.utf8))
        let signature = try key.key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    /// Checks an RS256 token's signature and returns its claims; for fakes and tests.
    public static func verify(_ token: String, publicKeyPEM: String) -> JSONValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = fromBase64URL(parts[2]), let payload = fromBase64URL(parts[1]),
            let key = try? _RSA.Signing.PublicKey(pemRepresentation: publicKeyPEM),
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("\(parts[0]).\(parts[1])".utf8),
                padding: .insecurePKCS1v1_5)
        else { return nil }
        return (try? JSONValue.parse(payload, source: "token")).flatMap { $0.object == nil ? nil : $0 }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// Hands out the `Authorization` header for a request: the configured token, or an installation token that it
/// fetches with the App's JWT and keeps until five minutes before GitHub says it expires. The clock is injected.
public actor TokenProvider {
    public typealias Fetch = @Sendable (_ installationID: Int, _ jwt: String) async throws -> (String, Date)

    let credentials: GitHubCredentials
    let now: @Sendable () -> Date
    var fetch: Fetch?
    private var cache: [Int: (token: String, expiresAt: Date)] = [:]
    /// Installation tokens fetched so far; tests read it to see the cache work.
    public private(set) var fetches = 0

    public init(credentials: GitHubCredentials, now: @escaping @Sendable () -> Date = Date.init) {
        self.credentials = credentials
        self.now = now
    }

    func setFetch(_ fetch: @escaping Fetch) { self.fetch = fetch }

    /// The header value, or nil without credentials. An App needs the installation the delivery came from.
    public func authorization(installationID: Int?) async throws -> String? {
        switch credentials {
        case .none:
            return nil
        case .token(let token):
            return "Bearer " + token
        case .app(let id, let key):
            guard let installationID else {
                throw GitHubAuthError("the delivery names no installation, so the GitHub App has no token to use")
            }
            if let cached = cache[installationID], cached.expiresAt.timeIntervalSince(now()) > 300 {
                return "Bearer " + cached.token
            }
            guard let fetch else { throw GitHubAuthError("no way to fetch installation tokens") }
            let jwt = try AppJWT.make(appID: id, key: key, now: now())
            let (token, expiresAt) = try await fetch(installationID, jwt)
            fetches += 1
            cache[installationID] = (token, expiresAt)
            return "Bearer " + token
        }
    }

    /// Forgets an installation's token (GitHub answered 401 with it).
    public func invalidate(installationID: Int?) {
        if let installationID { cache[installationID] = nil }
    }
}
