import Foundation
import LeveeCore
import LeveeGitHub
import Testing

@Suite struct WebhookSignatureTests {
    static let secret = "It's a Secret to Everybody"

    @Test func githubDocumentedVector() throws {
        let signature = WebhookSignature(secret: Self.secret)
        let body = Data("Hello, World!".utf8)
        let expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        #expect(signature.header(for: body) == expected)
        try signature.verify(body: body, header: expected)
    }

    @Test func realPayloadVector() throws {
        let body = try Data(contentsOf: Fixtures.github.appendingPathComponent("webhooks/ping/payload.json"))
        #expect(body.count == 7633)
        try WebhookSignature(secret: Self.secret).verify(
            body: body, header: "sha256=0781a4c342e19ba538f4541868124c3fc6deb4b56ae69a04a38e6cd5c188806a")
    }

    @Test func refusals() {
        let signature = WebhookSignature(secret: Self.secret)
        let body = Data("Hello, World!".utf8)
        #expect(throws: WebhookSignatureError.missingHeader) { try signature.verify(body: body, header: nil) }
        #expect(throws: WebhookSignatureError.malformedHeader) { try signature.verify(body: body, header: "sha1=abc") }
        #expect(throws: WebhookSignatureError.malformedHeader) {
            try signature.verify(
                body: body, header: "sha256=zz07ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        }
        #expect(throws: WebhookSignatureError.mismatch) {
            try signature.verify(
                body: Data("Hello, World?".utf8),
                header: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        }
        #expect(throws: WebhookSignatureError.mismatch) {
            try WebhookSignature(secret: "wrong").verify(
                body: body, header: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
        }
    }
}
