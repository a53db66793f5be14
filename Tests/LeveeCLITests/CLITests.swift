import Foundation
import LeveeCLI
import LeveeCore
import Testing

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The development workspace's shared data beside the repository (evaluation sets); a bare clone lacks it.
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    /// The recorded GitHub webhook payloads in the repository (`Tests/Fixtures/github`, see its README).
    static let webhooks = repository.appendingPathComponent("Tests/Fixtures/github/webhooks")
    static let backlog = repository.appendingPathComponent("examples/backlog")
    static func example(_ name: String) -> String { backlog.appendingPathComponent(name).path }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("levee-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite struct CheckCommandTests {
    @Test func exitCodesFollowTheContract() async throws {
        #expect(await LeveeCommand.run(arguments: ["check", Paths.example("01-first-timer-fix.json")]) == 0)
        #expect(
            await LeveeCommand.run(arguments: [
                "check", Paths.example("08-hacktoberfest-edit.json"), "--fail-on", "likely_slop",
            ]) == 1)
        #expect(
            await LeveeCommand.run(arguments: [
                "check", Paths.example("02-agent-drop.json"), "--fail-on", "likely_slop",
            ]) == 0)
        #expect(
            await LeveeCommand.run(arguments: [
                "check", Paths.example("01-first-timer-fix.json"), "--fail-on", "needs_author",
            ])
                == 0)
        #expect(await LeveeCommand.run(arguments: ["check", "/nonexistent/payload.json"]) == 2)
        #expect(
            await LeveeCommand.run(arguments: ["check", Paths.example("01-first-timer-fix.json"), "--fail-on", "awful"])
                == 2)
        let ping = Paths.webhooks.appendingPathComponent("ping/payload.json").path
        #expect(await LeveeCommand.run(arguments: ["check", ping]) == 2)
    }

    @Test func malformedJSONIsBadInput() async throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("broken.json")
        try Data("{\"pull_request\": {\"title\": ".utf8).write(to: file)
        #expect(await LeveeCommand.run(arguments: ["check", file.path]) == 2)
    }

    @Test func jsonHasTheContractKeys() throws {
        let data = try Data(contentsOf: Paths.backlog.appendingPathComponent("02-agent-drop.json"))
        let contribution = try #require(try ContributionDecoder.decode(data, source: "x").contribution)
        let json = Renderer.render(Evaluator().evaluate(contribution), as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        for key in [
            "kind", "verdict", "slop_score", "review_minutes", "signals", "disclosure", "agent", "claims", "actions",
        ] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["verdict"] as? String == "needs_author")
        let signal = try #require((object["signals"] as? [[String: Any]])?.first)
        #expect(signal["id"] is String && signal["points"] is Double && signal["evidence"] is [String])
        let disclosure = try #require(object["disclosure"] as? [String: Any])
        #expect(disclosure["required"] is Bool && disclosure["present"] is Bool && disclosure["tools"] is [String])
        let agent = try #require(object["agent"] as? [String: Any])
        #expect(
            agent["detected"] as? Bool == true && agent["name"] as? String == "OpenAI Codex"
                && agent["evidence"] is [String])
        let claims = try #require(object["claims"] as? [String: Any])
        #expect(claims["checked"] as? Int == 0 && claims["missing"] is [String])
    }

    @Test func diffOptionAddsFiles() async throws {
        let dir = try Paths.temporaryDirectory()
        let payload = Paths.webhooks.appendingPathComponent("pull_request/opened.payload.json")
            .path
        let diff = dir.appendingPathComponent("change.diff")
        try Data("--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-a\n+b\n".utf8).write(to: diff)
        #expect(await LeveeCommand.run(arguments: ["check", payload, "--diff", diff.path, "--format", "json"]) == 0)
        let empty = dir.appendingPathComponent("empty.diff")
        try Data("not a diff\n".utf8).write(to: empty)
        #expect(await LeveeCommand.run(arguments: ["check", payload, "--diff", empty.path]) == 2)
    }

    /// Golden text output. Regenerate with LEVEE_UPDATE_GOLDEN=1 swift test --filter goldenTextOutput.
    @Test func goldenTextOutput() throws {
        var rendered = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: Paths.backlog.path).sorted()
        where name.hasSuffix(".json") || name.hasSuffix(".md") && name != "README.md" {
            let data = try Data(contentsOf: Paths.backlog.appendingPathComponent(name))
            let contribution = try #require(try ContributionDecoder.decode(data, source: name).contribution)
            rendered += "=== \(name)\n" + Renderer.render(Evaluator().evaluate(contribution), as: .text, colour: false)
        }
        let golden = Paths.repository.appendingPathComponent("Tests/LeveeCLITests/golden/check-backlog.txt")
        if ProcessInfo.processInfo.environment["LEVEE_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: golden)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(rendered == expected)
    }
}

@Suite struct ScanTests {
    @Test func ranksTheSampleBacklog() async throws {
        let result = await BacklogScan.scan(try BacklogScan.inputs(at: Paths.backlog.path))
        #expect(result.items.count == 8)
        #expect(result.problems.isEmpty)
        // Cheap, clean contributions first; the 13k-line drop last.
        #expect(result.items.first?.evaluation.verdict == .welcome)
        #expect(result.items.last?.source.hasSuffix("02-agent-drop.json") == true)
        let summary = result.summary
        #expect(summary.items == 8)
        #expect(summary.likelySlopHours > 0 && summary.likelySlopHours < summary.reviewHours)
        let slop = result.items.filter { $0.evaluation.verdict == .likelySlop }.map(\.source)
        #expect(slop.contains { $0.hasSuffix("08-hacktoberfest-edit.json") })
    }

    @Test func jsonLinesWithABadLineKeepsTheRest() async throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("backlog.jsonl")
        let good = #"{"number": 1, "title": "Crash", "body": "It crashes.", "user": {"login": "a"}}"#
        try Data((good + "\n{broken\n\n" + good + "\n").utf8).write(to: file)
        let result = await BacklogScan.scan(try BacklogScan.inputs(at: file.path))
        #expect(result.items.count == 2)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.source == file.path + ":2")
        let database = dir.appendingPathComponent("levee.sqlite").path
        #expect(await LeveeCommand.run(arguments: ["scan", file.path, "--database", database]) == 2)
        #expect(FileManager.default.fileExists(atPath: database))
    }

    @Test func scanOfFixturesSkipsEventsWithoutContributions() async throws {
        let result = await BacklogScan.scan(
            try BacklogScan.inputs(at: Paths.webhooks.path))
        #expect(result.problems.isEmpty)
        #expect(result.skippedEvents >= 11)
        #expect(result.items.count >= 70)
    }
}

/// `levee check --format github`: GitHub Actions annotations and the job summary.
@Suite struct GitHubFormatTests {
    @Test func annotationsAndTheJobSummary() throws {
        let data = try Data(contentsOf: Paths.backlog.appendingPathComponent("03-typo-credit.json"))
        let evaluation = Evaluator().evaluate(
            try #require(try ContributionDecoder.decode(data, source: "x").contribution))
        let lines = GitHubAnnotations.commands(evaluation).split(separator: "\n").map(String.init)
        // The verdict first, at its level, then one notice per signal with its points and evidence.
        let level =
            evaluation.verdict == .likelySlop ? "error" : evaluation.verdict == .needsAuthor ? "warning" : "notice"
        #expect(lines.first?.hasPrefix("::\(level) title=Levee%3A \(evaluation.verdict.rawValue) (slop score") == true)
        #expect(lines.count == 1 + evaluation.signals.count + evaluation.violations.count)
        for signal in evaluation.signals {
            #expect(lines.contains { $0.hasPrefix("::notice title=Levee signal%3A \(signal.id) (") })
        }
        #expect(lines.allSatisfy { $0.hasPrefix("::") })
    }

    /// An author's text cannot start a workflow command: line breaks, `%` and, in titles, `:` and `,` are escaped.
    @Test func anAuthorsTextStaysInsideItsAnnotation() {
        let line = GitHubAnnotations.command(
            .notice, title: "a: b, c", message: "50% done\r\n::error::pwned\n::add-mask::x")
        #expect(line == "::notice title=a%3A b%2C c::50%25 done%0D%0A::error::pwned%0A::add-mask::x\n")
        #expect(line.filter { $0 == "\n" }.count == 1)
    }

    /// GitHub shows ten of a level per step: the tenth says how many more, all of them are in the summary.
    @Test func atMostTenOfALevel() throws {
        var evaluation = Evaluator().evaluate(Contribution(kind: .pullRequest, title: "Update README.md", body: ""))
        let one = try #require(evaluation.signals.first)
        evaluation.signals = (0..<14).map { index in
            var signal = one
            signal.id = "s\(index)"
            return signal
        }
        let notices = GitHubAnnotations.commands(evaluation).split(separator: "\n").filter {
            $0.hasPrefix("::notice")
        }
        #expect(notices.count == GitHubAnnotations.perLevel)
        let expectedMore = 14 + (evaluation.verdict <= .review ? 1 : 0) - (GitHubAnnotations.perLevel - 1)
        #expect(notices.last?.contains("Levee%3A \(expectedMore) more") == true)
    }

    @Test func theCommandAppendsTheSummaryWhereGitHubSaysAndExitsByTheVerdict() async throws {
        let dir = try Paths.temporaryDirectory()
        let summary = dir.appendingPathComponent("step-summary.md")
        try "earlier step\n".write(to: summary, atomically: true, encoding: .utf8)
        setenv("GITHUB_STEP_SUMMARY", summary.path, 1)
        defer { unsetenv("GITHUB_STEP_SUMMARY") }
        #expect(
            await LeveeCommand.run(arguments: [
                "check", Paths.example("08-hacktoberfest-edit.json"), "--format", "github", "--fail-on", "needs_author",
            ]) == 1)
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(text.hasPrefix("earlier step\n### Levee: `likely_slop`"), "\(text)")
        #expect(text.contains("| `event_credit` |"))
    }
}

@Suite struct BuildInfoTests {
    /// `scripts/release`, the release workflow and the Action read the version from `VERSION`; the binary says it.
    @Test func theVersionFileAndTheBinaryAgree() throws {
        let file = try String(contentsOf: Paths.repository.appendingPathComponent("VERSION"), encoding: .utf8)
        #expect(file.trimmingCharacters(in: .whitespacesAndNewlines) == BuildInfo.version)
        #expect(LeveeCommand.configuration.version == BuildInfo.description)
    }

    /// A build that `scripts/release` did not stamp says so rather than naming a commit it does not know.
    @Test func anUnstampedBuildIsADevelopmentBuild() {
        #expect(BuildInfo.commit == nil)
        #expect(BuildInfo.description == "\(BuildInfo.version) (development build)")
    }
}
