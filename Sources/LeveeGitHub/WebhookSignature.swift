import Crypto
import Foundation
import LeveeCore

/// Why a webhook delivery was refused. The server maps these to 401; the CLI to exit code 2.
public enum WebhookSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingHeader
    case malformedHeader
    case mismatch

    public var description: String {
        switch self {
        case .missingHeader: return "the X-Hub-Signature-256 header is missing"
        case .malformedHeader: return "the X-Hub-Signature-256 header is not `sha256=` followed by 64 hex digits"
        case .mismatch: return "the signature does not match the body and the configured secret"
        }
    }
}

/// GitHub's `X-Hub-Signature-256`: HMAC-SHA256 of the exact body bytes, compared in constant time.
public struct WebhookSignature: Sendable {
    private let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    /// The header value GitHub would send for `body`.
    public func header(for body: Data) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined()
    }

    public func verify(body: Data, header: String?) throws(WebhookSignatureError) {
        guard let header else { throw .missingHeader }
        guard header.hasPrefix("sha256="), let digest = Self.hexBytes(header.dropFirst(7)), digest.count == 32 else {
            throw .malformedHeader
        }
        // HMAC.isValidAuthenticationCode compares in constant time.
        guard HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: body, using: key) else { throw .mismatch }
    }

    static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
