import Crypto
import Foundation
import LeveeCore

/// What one project says about contributors, for other projects to weigh: its vouches, its denouncements with
/// reasons, and how many pull requests each person had merged there. Signed with the issuer's Ed25519 key.
public struct TrustStatement: Sendable, Hashable, Codable {
    public struct Vouch: Sendable, Hashable, Codable {
        public var handle: String
        public var merged: Int?

        public init(handle: String, merged: Int? = nil) {
            self.handle = handle
            self.merged = merged
        }
    }

    public struct Denouncement: Sendable, Hashable, Codable {
        public var handle: String
        public var reason: String?

        public init(handle: String, reason: String? = nil) {
            self.handle = handle
            self.reason = reason
        }
    }

    public var version = 1
    /// Who says it: a project name or URL (`github.com/ghostty-org/ghostty`).
    public var issuer: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var vouches: [Vouch]
    public var denouncements: [Denouncement]

    public init(issuer: String, issuedAt: Date, expiresAt: Date, vouches: [Vouch], denouncements: [Denouncement]) {
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.vouches = vouches
        self.denouncements = denouncements
    }

    enum CodingKeys: String, CodingKey {
        case version, issuer, vouches, denouncements
        case issuedAt = "issued_at"
        case expiresAt = "expires_at"
    }

    /// The statement a project makes from its vouch list and merged counts.
    public init(issuer: String, vouchFile: VouchFile, merged: [String: Int], issuedAt: Date, lifetime: TimeInterval) {
        var vouches: [Vouch] = []
        var denouncements: [Denouncement] = []
        for entry in vouchFile.entries {
            let handle = entry.handle.description
            switch entry.kind {
            case .vouch: vouches.append(Vouch(handle: handle, merged: merged[entry.handle.username.lowercased()]))
            case .denounce: denouncements.append(Denouncement(handle: handle, reason: entry.details))
            }
        }
        self.init(
            issuer: issuer, issuedAt: issuedAt, expiresAt: issuedAt.addingTimeInterval(lifetime), vouches: vouches,
            denouncements: denouncements)
    }

    /// What this statement says about one login, weighted as the importing project chose.
    public func about(_ login: String, weight: Double) -> [ImportedTrust] {
        func same(_ handle: String) -> Bool {
            VouchFile.Handle(parsing: handle).map {
                Login($0.username) == Login(login)
                    && ($0.platform ?? VouchFile.gitHub) == VouchFile.gitHub
            } ?? false
        }
        return vouches.filter { same($0.handle) }.map {
            ImportedTrust(issuer: issuer, weight: weight, kind: .vouch, merged: $0.merged)
        }
            + denouncements.filter { same($0.handle) }.map {
                ImportedTrust(issuer: issuer, weight: weight, kind: .denounce, reason: $0.reason)
            }
    }
}

/// A statement as published: the exact JSON text that was signed, the signature and the signer's public key
/// (Ed25519, base64). Keeping the payload as text means no re-encoding can change the signed bytes.
public struct SignedTrustStatement: Sendable, Hashable, Codable {
    public var payload: String
    public var signature: String
    public var publicKey: String

    enum CodingKeys: String, CodingKey {
        case payload, signature
        case publicKey = "public_key"
    }

    public static func sign(_ statement: TrustStatement, with key: Curve25519.Signing.PrivateKey) throws
        -> SignedTrustStatement
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        let payload = String(decoding: try encoder.encode(statement), as: UTF8.self)
        let signature = try key.signature(for: Data(payload.utf8))
        return SignedTrustStatement(
            payload: payload, signature: signature.base64EncodedString(),
            publicKey: key.publicKey.rawRepresentation.base64EncodedString())
    }

    /// Checks the signature (against `trustedKey` when given: the key the importing project was told to expect)
    /// and the dates, and returns the statement. Every refusal says why.
    public func verify(trustedKey: String? = nil, now: Date) throws(TrustStatementError) -> TrustStatement {
        if let trustedKey, trustedKey.trimmingCharacters(in: .whitespacesAndNewlines) != publicKey {
            throw .init(
                "signed by another key than the one given (\(publicKey.prefix(12))… is not \(trustedKey.prefix(12))…)")
        }
        guard let keyData = Data(base64Encoded: publicKey),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData)
        else { throw .init("the public key is not a base64 Ed25519 key") }
        guard !signature.isEmpty else { throw .init("the statement is not signed") }
        guard let signatureData = Data(base64Encoded: signature) else { throw .init("the signature is not base64") }
        guard key.isValidSignature(signatureData, for: Data(payload.utf8)) else {
            throw .init(
                "the signature does not match the statement: it was changed after signing, or signed by another key")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let statement: TrustStatement
        do {
            statement = try decoder.decode(TrustStatement.self, from: Data(payload.utf8))
        } catch {
            throw .init("the signed payload is not a trust statement: \(error)")
        }
        guard statement.version == 1 else { throw .init("statement version \(statement.version) is not supported") }
        guard statement.expiresAt > now else {
            throw .init("expired on \(ISO8601DateFormatter().string(from: statement.expiresAt))")
        }
        guard statement.issuedAt <= now.addingTimeInterval(300) else {
            throw .init("issued in the future (\(ISO8601DateFormatter().string(from: statement.issuedAt)))")
        }
        return statement
    }

    public static func read(_ data: Data, source: String) throws(TrustStatementError) -> SignedTrustStatement {
        do {
            return try JSONDecoder().decode(SignedTrustStatement.self, from: data)
        } catch {
            throw .init("\(source): not a signed trust statement (expected payload, signature, public_key)")
        }
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// Keys for signing statements: a file holding the raw Ed25519 private key in base64.
public enum TrustKey {
    public static func generate() -> Curve25519.Signing.PrivateKey { Curve25519.Signing.PrivateKey() }

    public static func encode(_ key: Curve25519.Signing.PrivateKey) -> String {
        key.rawRepresentation.base64EncodedString()
    }

    public static func publicKey(of key: Curve25519.Signing.PrivateKey) -> String {
        key.publicKey.rawRepresentation.base64EncodedString()
    }

    public static func read(_ text: String, source: String) throws(TrustStatementError) -> Curve25519.Signing.PrivateKey
    {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
        else {
            throw .init("\(source): not an Ed25519 private key (base64 of 32 bytes, as `levee trust keygen` writes)")
        }
        return key
    }
}

public struct TrustStatementError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The signing key type, named for modules that do not import swift-crypto.
public typealias Curve25519SigningKey = Curve25519.Signing.PrivateKey
