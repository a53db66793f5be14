import AsyncHTTPClient
import Foundation
import LeveeConfig
import LeveeCore
import LeveeServer
import LeveeStore
import NIOCore
import Testing

/// Security reports received where they are filed: GitHub's private vulnerability reports and `POST /reports`. Each
/// becomes a private item of the queue with a draft of what to ask the reporter, and nothing is ever posted.
@Suite struct ReportIntakeTests {
    static let advisory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/documented/repository_advisory.reported.json")
    static let formToken = "form-token-0123456789abcdef"

    /// `repository_advisory.reported` (written from GitHub's documentation): stored, evaluated as a report, queued as
    /// `Codertocat/Hello-World#GHSA-…` with its draft, and not one write to GitHub.
    @Test func aPrivateVulnerabilityReportIsAPrivateItemWithADraft() async throws {
        let harness = try await Harness(dashboardToken: DashboardTests.token)
        defer { Task { await harness.stop() } }
        let answer = try await harness.send(
            "repository_advisory", try Data(contentsOf: Self.advisory), delivery: "adv-1")
        #expect(answer.status == 202)
        let item = try await harness.settled("adv-1")
        #expect(item.state == .done)
        #expect(item.outcome?.hasPrefix("Codertocat/Hello-World#GHSA-h7x2-9q4m-3v8c: ") == true)
        #expect(item.outcome?.contains("private, nothing posted") == true)
        #expect(harness.fake.writes.isEmpty, "a private report is never commented on, labelled or closed")
        let stored = try #require(
            try await harness.store.storedEvaluation(source: "Codertocat/Hello-World#GHSA-h7x2-9q4m-3v8c"))
        #expect(stored.evaluation.kind == .securityReport && stored.evaluation.actions.isEmpty)
        #expect(stored.evaluation.author == "octoreporter")
        #expect(stored.evaluation.replyDraft?.contains("The exact steps to reproduce it") == true)

        // On loopback without a login (the maintainer's machine) the queue lists it and its page shows the draft.
        let queue = try await DashboardTests.request(harness, "/").text
        #expect(queue.contains("/items/Codertocat:Hello-World:GHSA-h7x2-9q4m-3v8c"))
        let page = try await DashboardTests.request(harness, "/items/Codertocat:Hello-World:GHSA-h7x2-9q4m-3v8c")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"private\"") && page.text.contains("id=\"draft\""))
        #expect(page.text.contains("The exact steps to reproduce it"))
        #expect(try await DashboardTests.request(harness, "/?kind=security_report").text.contains("GHSA-h7x2"))
        // The reporter is not listed beside the authors of public items.
        #expect(!(try await DashboardTests.request(harness, "/trust").text.contains("octoreporter")))

        // Another action of the event is stored and left alone.
        let published = String(decoding: try Data(contentsOf: Self.advisory), as: UTF8.self)
            .replacingOccurrences(of: "\"action\": \"reported\"", with: "\"action\": \"published\"")
        _ = try await harness.send("repository_advisory", Data(published.utf8), delivery: "adv-2")
        #expect(try await harness.settled("adv-2").outcome == "ignored: repository_advisory.published")
    }

    /// `POST /reports`: the source's token decides the repository; the report is stored before the answer and once;
    /// bad requests say what is wrong; the worker makes it a private item.
    @Test func theIntakeStoresAReportOnceAndQueuesIt() async throws {
        let harness = try await Harness(
            reportSources: [ReportSource(name: "form", repository: "Codertocat/Hello-World", token: Self.formToken)])
        defer { Task { await harness.stop() } }
        func post(_ body: String, token: String? = ReportIntakeTests.formToken, json: Bool = true) async throws -> (
            Int, String
        ) {
            var request = HTTPClientRequest(url: harness.url + "/reports")
            request.method = .POST
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            request.headers.add(name: "Content-Type", value: json ? "application/json" : "text/markdown")
            request.body = .bytes(ByteBuffer(string: body))
            let response = try await DashboardTests.client.execute(request, timeout: Harness.requestDeadline)
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
        }
        let report = """
            {"title": "Heap overflow in the URL parser", "reporter": "Ada", "body": "Steps to reproduce with 2.4.1:\\n\\n1. Run `hello-render 'http://%'`.\\n2. It reads past the buffer.\\n\\n```\\n==1==ERROR: AddressSanitizer: heap-buffer-overflow\\n    #0 0x4f2a1b in parse_url src/url.c:41\\n```"}
            """
        #expect(try await post(report, token: nil).0 == 401)
        #expect(try await post(report, token: "wrong-token-0123456789").0 == 401)
        #expect(try await post("{\"title\": \"x\"}") == (400, "`body`: expected the report's text\n"))
        #expect(try await post("{\"body\": \"x\", \"severity\": 10}").1.hasPrefix("`severity`: unknown field"))
        #expect(try await post("   ", json: false) == (400, "the report is empty\n"))

        let (status, answer) = try await post(report)
        #expect(status == 202)
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: String])
        let id = try #require(fields["id"])
        #expect(fields["state"] == "stored" && id.hasPrefix("report-"))
        // Stored before the answer: the inbox has it now, whatever the worker has done.
        #expect(try await harness.store.item(deliveryID: id) != nil)
        #expect(
            try await post(report) == (200, answer.replacingOccurrences(of: "\"stored\"", with: "\"already stored\"")))

        let item = try await harness.settled(id)
        #expect(item.state == .done)
        let reference = try #require(fields["item"])
        #expect(reference == "Codertocat/Hello-World#" + ItemReference.intake(deliveryID: id))
        let stored = try #require(try await harness.store.storedEvaluation(source: reference))
        #expect(stored.evaluation.title == "Heap overflow in the URL parser")
        // Steps, the sanitizer's output and the version are there: nothing of them is asked.
        #expect(stored.evaluation.replyDraft?.hasPrefix("Thank you for the report. It has what we need") == true)
        #expect(harness.fake.writes.isEmpty)
        let queue = try await DashboardTests.request(harness, "/").text
        #expect(queue.contains("/items/Codertocat:Hello-World:" + ItemReference.intake(deliveryID: id)))
    }

    /// Without sources the intake is closed, and says how to open it.
    @Test func withoutSourcesTheIntakeIsClosed() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        var request = HTTPClientRequest(url: harness.url + "/reports")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "a report"))
        let response = try await DashboardTests.client.execute(request, timeout: Harness.requestDeadline)
        #expect(response.status.code == 404)
    }

    /// The tokens file: one source per line, every problem named by file and line.
    @Test func theTokensFileIsReadLineByLine() throws {
        let sources = try ReportSource.parse(
            "# sources\nform acme/widget \(Self.formToken)\n\nmail acme/gadget mail-token-0123456789abcdef\n",
            file: "tokens")
        #expect(sources.map(\.name) == ["form", "mail"] && sources[1].repository == "acme/gadget")
        do {
            _ = try ReportSource.parse(
                "form acme/widget short\nbad name! acme/x \(Self.formToken)\nmail acme \(Self.formToken)x\n"
                    + "twice acme/widget \(Self.formToken)\nform2 acme/widget \(Self.formToken)\n",
                file: "tokens")
            Issue.record("accepted a broken tokens file")
        } catch {
            #expect(
                error.problems == [
                    "tokens:1: the token of `form` is shorter than 16 characters",
                    "tokens:2: expected `NAME OWNER/REPO TOKEN`, found 4 field(s)",
                    "tokens:3: expected a repository as OWNER/REPO, found `acme`",
                    "tokens:5: the token of `form2` is already another source's",
                ])
        }
    }
}
