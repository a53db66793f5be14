import Foundation
import LeveeConfig
import LeveeCore
import LeveeFakeGitHub
import LeveeServer
import LeveeTestSupport
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

    /// The composite action end to end, as a runner runs its three steps (`action.yml`): the install step downloads
    /// the release tarball of the action's version (here from a `file://` directory standing in for the release's
    /// download URL, holding the built `levee`), verifies its checksum and puts it on the PATH; a tampered checksum and
    /// a missing release with no Swift toolchain each fail the step; the bundle step reads the pull request's files and
    /// commits from the loopback GitHub with the job's token (and, refused, warns and goes on without them); the check
    /// step annotates, writes the job summary and exits by `fail_on`.
    @Test func theCompositeActionInstallsReadsThePullRequestAndChecks() async throws {
        let binary = try #require(CrashRecoveryTests.binary, "build levee first: swift build")
        let yaml = try String(contentsOf: Self.repository.appendingPathComponent("action.yml"), encoding: .utf8)
        #expect(yaml.contains("using: composite"))
        #expect(yaml.contains(#"run: '"$GITHUB_ACTION_PATH/scripts/action-install"'"#))
        #expect(
            yaml.contains(
                #"run: python3 "$GITHUB_ACTION_PATH/scripts/action-bundle" "$GITHUB_EVENT_PATH" "$RUNNER_TEMP/levee-bundle.json""#
            ))
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        let checkScript = lines[(start + 1)...].map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        #expect(checkScript.contains(#"levee check "$RUNNER_TEMP/levee-bundle.json" "${args[@]}""#))

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("levee-action-\(UUID())")
        let runner = work.appendingPathComponent("runner")
        try FileManager.default.createDirectory(at: runner, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        func run(_ executable: String, _ arguments: [String], _ environment: [String: String]) async throws -> (
            status: Int32, output: String
        ) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = work
            process.environment = ["PATH": "/usr/bin:/bin", "RUNNER_TEMP": runner.path].merging(environment) { $1 }
            return try await ChildProcess.runCapturingOutput(process)
        }

        // A release as scripts/release lays it out: v<VERSION>/levee-<VERSION>-linux-<arch>.tar.gz and its .sha256.
        let version = try String(contentsOf: Self.repository.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let arch = try await run("/usr/bin/uname", ["-m"], [:]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = "levee-\(version)-linux-\(arch == "arm64" ? "aarch64" : arch)"
        let releases = work.appendingPathComponent("releases")
        let tagged = releases.appendingPathComponent("v\(version)")
        try FileManager.default.createDirectory(
            at: work.appendingPathComponent("stage/\(name)"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tagged, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: binary, to: work.appendingPathComponent("stage/\(name)/levee"))
        #expect(
            try await run(
                "/bin/tar", ["-C", "stage", "-I", "gzip -1", "-cf", "releases/v\(version)/\(name).tar.gz", name], [:]
            ).status == 0)
        let sum = try await run(
            "/bin/sh", ["-c", "cd releases/v\(version) && sha256sum \(name).tar.gz > \(name).tar.gz.sha256"], [:])
        #expect(sum.status == 0, "\(sum.output)")

        let install = Self.repository.appendingPathComponent("scripts/action-install").path
        let githubPath = work.appendingPathComponent("github-path")
        let installEnvironment = [
            "ACTION_REPOSITORY": "owner/levee", "LEVEE_RELEASES_URL": "file://" + releases.path,
            "GITHUB_PATH": githubPath.path,
        ]
        // A checksum that does not match is refused, never worked around.
        let checksum = tagged.appendingPathComponent("\(name).tar.gz.sha256")
        let good = try String(contentsOf: checksum, encoding: .utf8)
        try (String(repeating: "0", count: 64) + "  \(name).tar.gz\n").write(
            to: checksum, atomically: true, encoding: .utf8)
        let tampered = try await run(install, [], installEnvironment)
        #expect(tampered.status == 1 && tampered.output.contains("does not match its published checksum"))
        try good.write(to: checksum, atomically: true, encoding: .utf8)
        // No release and no toolchain on the PATH (swift lives in /opt here): the step says so and fails.
        let missing = try await run(
            install, [], installEnvironment.merging(["LEVEE_RELEASES_URL": "file://" + work.path + "/none"]) { $1 })
        #expect(missing.status == 1 && missing.output.contains("no Swift toolchain"), "\(missing.output)")

        // The good release: installed and on the PATH.
        let installed = try await run(install, [], installEnvironment)
        #expect(installed.status == 0, "\(installed.output)")
        #expect(installed.output.contains("levee: \(version) (development build)"), "\(installed.output)")
        let binDirectory = try String(contentsOf: githubPath, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(FileManager.default.isExecutableFile(atPath: binDirectory + "/levee"))

        // The bundle step: files and commits from the loopback GitHub, the job's token on each request.
        let token = "ghs_job_token"
        let fake = FakeGitHub(acceptedTokens: [token])
        let repo = "parsely-dev/parsely"
        let files: [JSONValue] = [
            [
                "sha": "bbcd538c8e72b8c175046e27cc8f907076331401", "filename": ".github/workflows/release.yml",
                "status": "modified", "additions": 1, "deletions": 1, "changes": 2,
                "patch": "@@ -1 +1 @@\n-on: push\n+on: pull_request_target",
            ]
        ]
        let commits: [JSONValue] = [
            [
                "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
                "commit": ["message": "Fix the parser\n\nCo-authored-by: Claude <noreply@anthropic.com>"],
                "author": ["login": "octocat"],
            ]
        ]
        fake.setFiles(repo, pull: 102, files)
        fake.setCommits(repo, pull: 102, commits)
        let api = try await fake.start()
        defer { Task { await fake.stop() } }
        let event = Self.repository.appendingPathComponent("examples/webhooks/02-agent-drop.json").path
        let bundle = runner.appendingPathComponent("levee-bundle.json")
        let bundler = Self.repository.appendingPathComponent("scripts/action-bundle").path
        // The loopback GitHub answers from this test process, which the whole parallel run keeps busy on two cores:
        // more than GitHub's own 30 s may pass before it does (seen in CI), so the step is given longer here.
        let read = try await run(
            "/usr/bin/python3", [bundler, event, bundle.path],
            ["GITHUB_API_URL": api, "GITHUB_TOKEN": token, "LEVEE_API_TIMEOUT": "600"])
        #expect(
            read.status == 0 && read.output.contains("read 1 files") && read.output.contains("read 1 commits"),
            "\(read.output)")
        let written = try JSONValue.parse(Data(contentsOf: bundle), source: "bundle")
        #expect(written["files"]?.array == files)
        #expect(written["commits"]?.array == commits)
        #expect(written["pull_request"]?["number"]?.int == 102)

        // The check step on that bundle, with the installed binary on the PATH.
        let summary = work.appendingPathComponent("summary.md")
        func checkStep(failOn: String) async throws -> (status: Int32, output: String) {
            try await run(
                "/bin/bash", ["-c", checkScript],
                [
                    "PATH": binDirectory + ":/usr/bin:/bin", "GITHUB_WORKSPACE": work.path,
                    "GITHUB_STEP_SUMMARY": summary.path, "INPUT_FAIL_ON": failOn, "INPUT_POLICY": "",
                ])
        }
        let check = try await checkStep(failOn: "review")
        #expect(check.status == 1, "\(check.output)")
        #expect(check.output.contains("Levee signal%3A touches_sensitive_paths"), "\(check.output)")
        #expect(try String(contentsOf: summary, encoding: .utf8).hasPrefix("### Levee: `"))

        // Refused by the API (a wrong token): a warning, and the payload alone.
        let refused = try await run(
            "/usr/bin/python3", [bundler, event, bundle.path], ["GITHUB_API_URL": api, "GITHUB_TOKEN": "wrong"])
        #expect(refused.status == 0 && refused.output.contains("::warning::could not read the pull request's files"))
        #expect(try JSONValue.parse(Data(contentsOf: bundle), source: "bundle")["files"] == nil)

        // An issue event has no pull request to read: the payload is the bundle, and the check passes it.
        let issue = Self.repository.appendingPathComponent("examples/webhooks/08-plain-bug-report.json").path
        #expect(try await run("/usr/bin/python3", [bundler, issue, bundle.path], [:]).status == 0)
        let welcome = try await checkStep(failOn: "likely_slop")
        #expect(welcome.status == 0, "\(welcome.output)")
        #expect(welcome.output.hasPrefix("::notice title=Levee%3A welcome"), "\(welcome.output)")
    }
}
