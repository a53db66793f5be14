import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LeveeConfig
import LeveeCore
import LeveeStore
import Logging
import NIOCore

/// `POST /reports`: a security report from a source the configuration names (`reports.tokens_file`: a web form, a
/// mail bridge, a bug-bounty platform's webhook), its token as `Authorization: Bearer …`. Like a webhook, the report
/// is stored in the inbox — committed — before the answer (202), and the same report from the same source is stored
/// once (200). The worker then evaluates it as a private item of the source's repository (`PrivateReports.swift`).
///
/// The body is the report as Markdown or plain text, or JSON `{"title": …, "body": …, "reporter": …}` (`body`
/// required); the answer is JSON: `{"id": …, "item": "owner/repo#report-…", "state": "stored" | "already stored"}`.
struct ReportRoute: Sendable {
    let sources: [ReportSource]
    let maxBodyBytes: Int
    let inbox: any InboxStore
    let doorbell: Doorbell
    let now: @Sendable () -> Date

    func handle(_ request: Request, logger: Logger) async throws -> Response {
        guard !sources.isEmpty else {
            return WebhookRoute.text(.notFound, "no report sources are configured here (reports.tokens_file)\n")
        }
        guard let source = source(for: request.headers[.authorization]) else {
            logger.warning("report refused: unknown or missing token")
            return WebhookRoute.text(.unauthorized, "Authorization: Bearer <the source's token> is required\n")
        }
        var logger = logger
        logger[metadataKey: "source"] = "\(source.name)"
        guard let body = await WebhookRoute.body(of: request, upTo: maxBodyBytes) else {
            return WebhookRoute.text(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes\n")
        }
        let markdown: String
        switch Self.report(body, contentType: request.headers[.contentType]) {
        case .success(let text): markdown = text
        case .failure(let problem): return WebhookRoute.text(.badRequest, problem.description + "\n")
        }
        let deliveryID =
            "report-" + DashboardAuth.hex(SHA256.hash(data: Data((source.name + "\n" + markdown).utf8)))
        let delivery = InboundDelivery(
            deliveryID: deliveryID, event: DeliveryProcessor.intakeEvent, repository: source.repository,
            receivedAt: now(), body: Data(markdown.utf8))
        let stored: Bool
        switch try await inbox.enqueue(delivery) {
        case .stored: stored = true
        case .duplicate: stored = false
        }
        if stored { doorbell.ring() }
        logger.info(stored ? "report stored" : "report already stored", metadata: ["delivery": "\(deliveryID)"])
        let answer = [
            "id": deliveryID,
            "item": ItemReference(repository: source.repository, report: ItemReference.intake(deliveryID: deliveryID))
                .description,
            "state": stored ? "stored" : "already stored",
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Response(
            status: stored ? .accepted : .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(answer) + Data("\n".utf8))))
    }

    /// The source whose token the header carries, compared in constant time against every source's.
    func source(for header: String?) -> ReportSource? {
        guard let header, header.hasPrefix("Bearer ") else { return nil }
        let given = String(header.dropFirst(7))
        var found: ReportSource?
        for source in sources where DashboardAuth.sameToken(given, source.token) { found = source }
        return found
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The report as Markdown: the text itself, or a JSON report's title as a heading, its reporter as a metadata
    /// row, then its body. A problem names the field.
    static func report(_ data: Data, contentType: String?) -> Result<String, Problem> {
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(Problem(description: "the body is not UTF-8 text"))
        }
        guard contentType?.lowercased().contains("json") == true else {
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? .failure(Problem(description: "the report is empty")) : .success(text)
        }
        guard let json = try? JSONValue.parse(data, source: "report"), let object = json.object else {
            return .failure(Problem(description: "expected a JSON object with `title`, `body` and `reporter`"))
        }
        for key in object.keys.sorted() where !["title", "body", "reporter"].contains(key) {
            return .failure(Problem(description: "`\(key)`: unknown field (expected title, body, reporter)"))
        }
        for key in ["title", "reporter"] where object[key] != nil && object[key]?.string == nil {
            return .failure(Problem(description: "`\(key)`: expected text"))
        }
        guard let body = object["body"]?.string, !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .failure(Problem(description: "`body`: expected the report's text"))
        }
        var lines: [String] = []
        if let title = object["title"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty {
            lines.append("# " + title.replacingOccurrences(of: "\n", with: " "))
        }
        if let reporter = object["reporter"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines),
            !reporter.isEmpty
        {
            lines += ["", "| Reporter | \(reporter.replacingOccurrences(of: "|", with: "/")) |", ""]
        }
        return .success((lines + [body]).joined(separator: "\n"))
    }
}
