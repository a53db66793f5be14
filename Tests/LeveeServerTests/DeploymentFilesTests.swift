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
        #expect(events == Set(DeliveryProcessor.evaluatedActions.keys))
        let permissions = manifest["default_permissions"]?.object ?? [:]
        #expect(
            permissions == [
                "metadata": "read", "contents": "write", "issues": "write", "pull_requests": "write", "checks": "write",
                "actions": "write",
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
}
