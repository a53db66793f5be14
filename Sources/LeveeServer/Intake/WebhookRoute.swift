import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import NIOCore

/// `POST /webhooks/github`: checks the size and the signature, answers `ping`, and stores every other delivery in
/// the inbox — committed — before it answers 202. A repeated `X-GitHub-Delivery` is stored once (200).
struct WebhookRoute: Sendable {
    static let eventHeader = HTTPField.Name("X-GitHub-Event")!
    static let deliveryHeader = HTTPField.Name("X-GitHub-Delivery")!
    static let signatureHeader = HTTPField.Name("X-Hub-Signature-256")!

    let signature: WebhookSignature
    let maxBodyBytes: Int
    let inbox: any InboxStore
    let doorbell: Doorbell
    let metrics: ServerMetrics
    let now: @Sendable () -> Date

    func handle(_ request: Request, logger: Logger) async throws -> Response {
        let event = request.headers[Self.eventHeader] ?? ""
        guard let deliveryID = request.headers[Self.deliveryHeader], Self.isPlausibleID(deliveryID), !event.isEmpty,
            event.count <= 100
        else {
            metrics.delivery(event: event, outcome: "bad_request")
            return Self.text(.badRequest, "X-GitHub-Event and X-GitHub-Delivery headers are required\n")
        }
        var logger = logger
        logger[metadataKey: "delivery"] = "\(deliveryID)"
        logger[metadataKey: "event"] = "\(event)"
        guard let body = await Self.body(of: request, upTo: maxBodyBytes) else {
            metrics.delivery(event: event, outcome: "too_large")
            logger.warning(
                "refused: body too large", metadata: ["bytes": "\(request.headers[.contentLength] ?? "chunked")"])
            return Self.text(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes\n")
        }
        do {
            try signature.verify(body: body, header: request.headers[Self.signatureHeader])
        } catch {
            metrics.delivery(event: event, outcome: "unauthorized")
            logger.warning("refused: \(error.description)")
            return Self.text(.unauthorized, "\(error.description)\n")
        }
        if event == "ping" {
            metrics.delivery(event: event, outcome: "ping")
            logger.info("ping")
            return Self.text(.ok, "pong\n")
        }
        guard let envelope = Envelope.read(body) else {
            metrics.delivery(event: event, outcome: "bad_request")
            return Self.text(.badRequest, "the body is not JSON\n")
        }
        let delivery = InboundDelivery(
            deliveryID: deliveryID, event: event, action: envelope.action, repository: envelope.repository,
            installationID: envelope.installationID, receivedAt: now(), body: body)
        switch try await inbox.enqueue(delivery) {
        case .stored:
            doorbell.ring()
            metrics.delivery(event: event, outcome: "stored")
            logger.info("stored", metadata: ["action": "\(delivery.action ?? "-")"])
            return Self.text(.accepted, "stored\n")
        case .duplicate:
            metrics.delivery(event: event, outcome: "duplicate")
            logger.info("duplicate delivery, already stored")
            return Self.text(.ok, "already stored\n")
        }
    }

    /// The three fields the acknowledgement stores beside the body; the worker decodes the rest. They are read with
    /// `JSONValue.fields`, which checks the whole document's syntax but builds only these values: decoding the
    /// whole payload into a `JSONValue` was 55% of the server's CPU under `bench/run`'s ingest load, and even a
    /// three-field `Decodable` through Foundation's `JSONDecoder` (which maps the whole document first) was still
    /// the largest cost of an acknowledgement. A field of an unexpected type is read as absent, as the `JSONValue`
    /// lookups in the worker read it.
    struct Envelope: Equatable {
        var action: String?
        var repository: String?
        var installationID: Int?

        static let paths = [["action"], ["repository", "full_name"], ["installation", "id"]]

        /// Nil when the body is not JSON. JSON that is not an object (never sent by GitHub) is stored without the
        /// three fields; the worker then reports it.
        static func read(_ body: Data) -> Envelope? {
            guard let found = try? JSONValue.fields(paths, in: body, source: "delivery") else { return nil }
            return Envelope(action: found[0]?.string, repository: found[1]?.string, installationID: found[2]?.int)
        }
    }

    /// The request's body, or nil when it is larger than `limit`: refused on `Content-Length` before reading, and
    /// again while reading a chunked body.
    static func body(of request: Request, upTo limit: Int) async -> Data? {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return nil }
        guard let buffer = try? await request.body.collect(upTo: limit) else { return nil }
        return Data(buffer.readableBytesView)
    }

    /// GitHub's delivery ids are GUIDs; accept any short printable token, refuse anything else.
    static func isPlausibleID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 200
            && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
