import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeTestSupport
import Testing

@testable import LeveeServer

/// One gather for every front: the same pull request, repository files, vouch list and policy give the same
/// evaluation through the server (GitHub's files, read by `RepositoryFacts` through `GitHubRepositorySource`) and
/// through `levee check --repo-root` and `levee scan --repo-root` (a checkout of the same files, read by the same
/// `RepositoryFacts`).
@Suite struct OneGatherTests {
    static let repo = "Codertocat/Hello-World"
    /// The repository's own files, the same on the fake GitHub and in the checkout: the vouch list at the root (vouch's
    /// own place, not the policy's default), a template, a manifest and a package of its own.
    static let files: [String: String] = [
        ".github/levee.yml": Harness.policy, "VOUCHED.td": "Codertocat\n",
        ".github/pull_request_template.md": "## What this changes\n\n## How I tested this\n",
        "requirements.txt": "requests>=2.31\n", "src/widget/__init__.py": "",
    ]
    static let patch = "@@ -1,1 +1,4 @@\n import os\n+import requests\n+from widget import core\n+import fastjsonx\n"
    static let file: JSONValue = .object([
        "filename": "src/widget/fetch.py", "status": "modified", "additions": 3, "deletions": 0,
        "patch": .string(patch),
    ])
    static let commit: JSONValue = .object([
        "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        "commit": .object([
            "message": "Fetch the widget list over HTTP",
            "author": .object(["name": "Codertocat", "email": "codertocat@example.com"]),
        ]),
        "author": .object(["login": "Codertocat"]),
    ])

    @Test func theServerAndLeveeCheckGiveTheSameEvaluation() async throws {
        let binary = try #require(CrashRecoveryTests.binary, "build levee first: swift build")
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        for (path, text) in Self.files { harness.fake.setContents(Self.repo, path: path, text) }
        harness.fake.setAccount("Codertocat", createdAt: "2015-03-01T00:00:00Z")
        harness.fake.setFiles(Self.repo, pull: 2, [Self.file])
        harness.fake.setCommits(Self.repo, pull: 2, [Self.commit])
        let payload = try EngagementEndToEndTests.opened()
        _ = try await harness.send("pull_request", payload, delivery: "gather")
        try await harness.settled("gather")
        let server = try #require(try harness.store.evaluation(source: "\(Self.repo)#2")).evaluation

        // The checkout and the bundle `levee check` reads: the same pull request, files, commits and account.
        let checkout = FileManager.default.temporaryDirectory.appendingPathComponent("levee-checkout-\(UUID())")
        defer { try? FileManager.default.removeItem(at: checkout) }
        for (path, text) in Self.files {
            let url = checkout.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let event = try JSONValue.parse(payload, source: "payload")
        let bundle: JSONValue = .object([
            "pull_request": try #require(event["pull_request"]), "files": .array([Self.file]),
            "commits": .array([Self.commit]), "author_account": .object(["created_at": "2015-03-01T00:00:00Z"]),
        ])
        let bundleFile = checkout.appendingPathComponent("bundle.json")
        try JSONEncoder().encode(bundle).write(to: bundleFile)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["check", bundleFile.path, "--repo-root", checkout.path, "--format", "json"]
        let (status, output) = try await ChildProcess.runCapturingOutput(process)
        #expect(status == 0, "\(output)")
        let check = try JSONDecoder().decode(Evaluation.self, from: Data(output.utf8))

        #expect(check.trust?.tier == .vouched)  // read from VOUCHED.td at the root, on both fronts
        #expect(server.trust?.tier == check.trust?.tier)
        #expect(server.verdict == check.verdict)
        #expect(server.slopScore == check.slopScore)
        #expect(server.signals.map(\.id) == check.signals.map(\.id))
        #expect(server.signals.map(\.evidence) == check.signals.map(\.evidence))
        #expect(server.violations.map(\.id) == check.violations.map(\.id))
        // The project's packages came from the repository on both fronts: `requests` is declared, `widget` its own.
        let unknown = try #require(check.signals.first { $0.id == "unknown_import" })
        #expect(unknown.evidence.count == 1 && unknown.evidence[0].contains("fastjsonx"))

        // `levee scan --repo-root` reads the same facts for every item of a backlog (the checkout's files once).
        let backlog = checkout.appendingPathComponent("backlog")
        try FileManager.default.createDirectory(at: backlog, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: bundleFile, to: backlog.appendingPathComponent("2.json"))
        let scanProcess = Process()
        scanProcess.executableURL = binary
        scanProcess.arguments = [
            "scan", backlog.path, "--repo-root", checkout.path, "--format", "json", "--no-database",
        ]
        let (scanStatus, scanOutput) = try await ChildProcess.runCapturingOutput(scanProcess)
        #expect(scanStatus == 0, "\(scanOutput)")
        struct Scanned: Decodable {
            struct Item: Decodable { var evaluation: Evaluation }
            var items: [Item]
        }
        let scanned = try #require(try JSONDecoder().decode(Scanned.self, from: Data(scanOutput.utf8)).items.first)
        #expect(scanned.evaluation.trust?.tier == check.trust?.tier)
        #expect(scanned.evaluation.verdict == check.verdict && scanned.evaluation.slopScore == check.slopScore)
        #expect(scanned.evaluation.signals.map(\.evidence) == check.signals.map(\.evidence))
    }
}
