import Foundation
import LeveeCore
import Testing

@testable import LeveeServer

/// The server checks what an issue claims about the source against `claims.index_dir/<owner>/<repo>.json`, and reads
/// the index again when the file changes.
@Suite(.serialized) struct ClaimsEndToEndTests {
    static func issue(body: String) throws -> Data {
        let data = try Shared.payload("issues", "opened.payload.json")
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var issue = try #require(json["issue"] as? [String: Any])
        issue["body"] = body
        json["issue"] = issue
        return try JSONSerialization.data(withJSONObject: json)
    }

    static func writeIndex(_ folder: URL, functions: [String]) throws {
        let source = functions.map { "int \($0)(void)\n{\n  return 0;\n}\n" }.joined()
        let index = SourceIndexer.index(project: "hello", files: [("src/hello.c", Data(source.utf8))])
        let file = folder.appendingPathComponent("Codertocat/Hello-World.json")
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(index).write(to: file)
    }

    @Test func anInventedFunctionIsFlaggedAndARefreshedIndexIsReadWithoutARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("levee-indexes-\(UUID().uuidString)")
        let helpers = (0..<12).map { "hello_helper\($0)" }
        try Self.writeIndex(folder, functions: helpers + ["hello_parse_frame"])
        let harness = try await Harness(sourceIndexFolder: folder.path)
        defer { Task { await harness.stop() } }

        let body = "The crash is in `hello_parse_frame()` and in `hello_frame_reassemble()` at src/hello.c:40."
        _ = try await harness.send("issues", try Self.issue(body: body), delivery: "c1")
        try await harness.settled("c1")
        let first = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#1")).evaluation
        #expect(first.claims.checked == 4)  // two functions, the file and line, the function at that line
        #expect(
            first.claims.missing == [
                "hello_frame_reassemble: `hello_frame_reassemble` appears nowhere in hello's source, nor anything close "
                    + "to it"
            ])
        #expect(first.signals.contains { $0.id == "invented_reference" })

        // The project adds the function; the next edit of the issue is checked against the new index.
        try await Task.sleep(for: .milliseconds(1100))  // a new modification time on file systems with 1 s resolution
        try Self.writeIndex(folder, functions: helpers + ["hello_parse_frame", "hello_frame_reassemble"])
        _ = try await harness.send("issues", try Self.issue(body: body), delivery: "c2")
        try await harness.settled("c2")
        let second = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#1")).evaluation
        #expect(second.claims.missing.isEmpty)
        #expect(!second.signals.contains { $0.id == "invented_reference" })
    }

    @Test func withoutAnIndexNothingIsClaimed() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        _ = try await harness.send(
            "issues", try Self.issue(body: "The crash is in `hello_frame_reassemble()`."), delivery: "c3")
        try await harness.settled("c3")
        let evaluation = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#1")).evaluation
        #expect(evaluation.claims == .unchecked)
    }

    @Test func aRepositoryNameCannotLeaveTheFolder() {
        let catalog = SourceIndexCatalog(folder: "/srv/levee/indexes", logger: .init(label: "test"))
        #expect(catalog.path(for: "octo/repo") == "/srv/levee/indexes/octo/repo.json")
        #expect(catalog.path(for: "../etc") == nil)
        #expect(catalog.path(for: "octo/../../etc/passwd") == nil)
        #expect(SourceIndexCatalog(folder: nil, logger: .init(label: "test")).path(for: "octo/repo") == nil)
    }
}
