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
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            metrics.delivery(event: event, outcome: "too_large")
            logger.warning("refused: body too large", metadata: ["bytes": "\(length)"])
            return Self.text(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes\n")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            metrics.delivery(event: event, outcome: "too_large")
            logger.warning("refused: body too large")
            return Self.text(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes\n")
        }
        let body = Data(buffer.readableBytesView)
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
            deliveryID: deliveryID, event: event, action: envelope.action, repository: envelope.repository?.fullName,
            installationID: envelope.installation?.id, receivedAt: now(), body: body)
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

    /// The three fields the acknowledgement stores beside the body; the worker decodes the rest. Decoding only these
    /// (the decoder still checks the whole document's syntax) instead of the whole payload into a `JSONValue` was
    /// the largest cost of a delivery's acknowledgement (55% of the server's CPU under `bench/run`'s ingest load).
    /// A field of an unexpected type is read as absent, as the `JSONValue` lookups did.
    struct Envelope: Decodable {
        struct Repository: Decodable {
            var fullName: String?
            enum CodingKeys: String, CodingKey { case fullName = "full_name" }
            init(from decoder: any Decoder) throws {
                fullName = try? decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .fullName)
            }
        }
        struct Installation: Decodable {
            var id: Int?
            enum CodingKeys: String, CodingKey { case id }
            init(from decoder: any Decoder) throws {
                id = try? decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .id)
            }
        }
        var action: String?
        var repository: Repository?
        var installation: Installation?

        enum CodingKeys: String, CodingKey { case action, repository, installation }

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            action = try? container.decode(String.self, forKey: .action)
            repository = try? container.decode(Repository.self, forKey: .repository)
            installation = try? container.decode(Installation.self, forKey: .installation)
        }

        /// Nil when the body is not JSON. JSON that is not an object (never sent by GitHub) is stored without the
        /// three fields, as before; the worker then reports it.
        static func read(_ body: Data) -> Envelope? {
            if let envelope = try? JSONDecoder().decode(Envelope.self, from: body) { return envelope }
            return (try? JSONValue.parse(body, source: "delivery")) != nil ? Envelope() : nil
        }
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
