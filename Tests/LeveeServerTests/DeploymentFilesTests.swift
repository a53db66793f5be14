import Foundation
import LeveeConfig
import LeveeCore
import LeveeServer
import Testing

/// The files a maintainer deploys with must agree with the code.
@Suite struct DeploymentFilesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theAppManifestAsksForExactlyTheEventsLeveeEvaluates() throws {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("deploy/github-app-manifest.json"))
        let manifest = try JSONValue.parse(data, source: "manifest")
        let events = Set(manifest["default_events"]?.array?.compactMap(\.string) ?? [])
        #expect(
            events
                == Set(DeliveryProcessor.evaluatedActions.keys).union(DeliveryProcessor.commandEvents)
                .union([DeliveryProcessor.advisoryEvent]))
        let permissions = manifest["default_permissions"]?.object ?? [:]
        #expect(
            permissions == [
                "metadata": "read", "contents": "write", "issues": "write", "pull_requests": "write", "checks": "write",
                "actions": "write", "discussions": "write", "repository_advisories": "read",
            ])
        #expect(manifest["hook_attributes"]?["url"]?.string?.hasSuffix("/webhooks/github") == true)
    }

    @Test func theExampleServerConfigurationUsesOnlyRealKeys() throws {
        let path = Self.repository.appendingPathComponent("deploy/levee.yml").path
        do {
            _ = try ServerConfiguration.load(file: path, environment: [:])
            Issue.record("the example names files under /etc/levee, which do not exist here")
        } catch {
            // Every problem is a file that only exists on a real installation; no key is unknown or mistyped.
            #expect(!error.problems.isEmpty)
            #expect(error.problems.allSatisfy { $0.contains("cannot read the file /etc/levee/") }, "\(error)")
        }
    }

    /// The Action's own script (the `args` block of action.yml), run by /bin/sh with the built `levee` on the PATH and
    /// the variables GitHub sets: annotations on standard output, the table in the job summary, exit by `fail_on`.
    @Test func theActionsScriptAnnotatesSummarisesAndFailsOnTheVerdict() throws {
        let binary = try #require(CrashRecoveryTests.binary, "build levee first: swift build")
        let yaml = try String(contentsOf: Self.repository.appendingPathComponent("action.yml"), encoding: .utf8)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "- |" })
        let script = lines[(start + 1)...].map { $0.hasPrefix("      ") ? String($0.dropFirst(6)) : String($0) }
            .joined(separator: "\n")
        #expect(script.contains("levee check \"$GITHUB_EVENT_PATH\" --format github"))

        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("levee-action-\(UUID())")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let summary = workspace.appendingPathComponent("summary.md")
        func run(_ event: String, failOn: String) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = [
                "PATH": binary.deletingLastPathComponent().path + ":/usr/bin:/bin",
                "GITHUB_EVENT_PATH": Self.repository.appendingPathComponent("examples/webhooks/\(event)").path,
                "GITHUB_WORKSPACE": workspace.path, "GITHUB_STEP_SUMMARY": summary.path, "INPUT_FAIL_ON": failOn,
                "INPUT_POLICY": "",
            ]
            return try runCapturingOutput(process)
        }
        let flagged = try run("03-typo-credit.json", failOn: "needs_author")
        #expect(flagged.status == 1, "\(flagged.output)")
        #expect(flagged.output.hasPrefix("::warning title=Levee%3A needs_author"), "\(flagged.output)")
        #expect(flagged.output.contains("::notice title=Levee signal%3A default_title"))
        #expect(try String(contentsOf: summary, encoding: .utf8).hasPrefix("### Levee: `needs_author`"))

        let good = try run("01-first-timer-fix.json", failOn: "likely_slop")
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.hasPrefix("::notice title=Levee%3A welcome"))
        #expect(try String(contentsOf: summary, encoding: .utf8).contains("### Levee: `welcome`"))
    }
}
