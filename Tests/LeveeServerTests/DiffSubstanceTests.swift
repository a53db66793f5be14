import Foundation
import LeveeCore
import LeveeFakeGitHub
import Testing

@testable import LeveeServer

/// The issues a pull request names are read from GitHub with their text, so the change can be checked against them.
@Suite struct LinkedIssueTests {
    @Test func theNamedIssueIsReadAndAChangeAboutSomethingElseIsShown() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let repo = EngagementEndToEndTests.repo
        harness.fake.setIssue(
            repo, number: 5, title: "Crash when the configuration file is empty",
            body: "Starting the daemon with an empty settings file crashes while loading the configuration: the "
                + "loader expects at least one section.",
            author: "octocat", labels: ["bug"])
        harness.fake.setFiles(
            repo, pull: 2,
            [
                .object([
                    "filename": "README.md", "status": "modified", "additions": 1, "deletions": 1,
                    "patch": .string(
                        "@@ -1,2 +1,2 @@\n # Widget\n-[![Build](https://ci.example/badge.svg)](https://ci.example)\n"
                            + "+[![Build Status](https://ci.example/badge.svg?branch=main)](https://ci.example/pipelines)\n"
                    ),
                ])
            ])
        var json = try JSONValue.parse(try Shared.payload("pull_request", "opened.payload.json"), source: "opened")
        guard case .object(var root) = json, case .object(var pull)? = root["pull_request"] else {
            throw HarnessError("the recorded payload has no pull_request")
        }
        pull["body"] = "Fixes #5."
        root["pull_request"] = .object(pull)
        json = .object(root)
        _ = try await harness.send("pull_request", try JSONEncoder().encode(json), delivery: "linked")
        try await harness.settled("linked")
        let evaluation = try #require(try harness.store.evaluation(source: "\(repo)#2")).evaluation
        let hit = try #require(evaluation.signals.first { $0.id == "change_misses_issue" })
        #expect(hit.evidence.first == "#5 “Crash when the configuration file is empty” shares no word with the change")
        #expect(hit.evidenceClass == .substance)
        let reads = harness.fake.requests.filter { $0.method == "GET" }.map(\.path)
        #expect(reads.filter { $0 == "/repos/\(repo)/issues/5" }.count == 1)
    }
}

/// The project's packages are read from the repository (its root listing and manifests), once, and an import nobody
/// declares is shown with its line.
@Suite struct ProjectPackagesTests {
    @Test func anImportNobodyDeclaresIsShownAndTheManifestsAreReadOnce() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let repo = EngagementEndToEndTests.repo
        harness.fake.setContents(repo, path: "requirements.txt", "requests>=2.31\nPyYAML==6.0  # config\n-e .\n")
        harness.fake.setContents(repo, path: "src/widget/__init__.py", "")
        harness.fake.setFiles(
            repo, pull: 2,
            [
                .object([
                    "filename": "src/widget/fetch.py", "status": "modified", "additions": 3, "deletions": 0,
                    "patch": .string(
                        "@@ -1,1 +1,4 @@\n import os\n+import yaml\n+from widget import core\n+import fastjsonx\n"),
                ])
            ])
        for delivery in ["first", "second"] {
            _ = try await harness.send("pull_request", try EngagementEndToEndTests.opened(), delivery: delivery)
            try await harness.settled(delivery)
        }
        let evaluation = try #require(try harness.store.evaluation(source: "\(repo)#2")).evaluation
        let hit = try #require(evaluation.signals.first { $0.id == "unknown_import" })
        #expect(hit.evidence.count == 1, "yaml is PyYAML's, widget the project's own: \(hit.evidence)")
        #expect(hit.evidence.first?.contains("`fastjsonx` is not in the standard library") == true)
        let reads = harness.fake.requests.filter { $0.method == "GET" }.map(\.path)
        #expect(reads.filter { $0 == "/repos/\(repo)/contents" }.count == 1, "cached for the hour: \(reads)")
        #expect(reads.filter { $0 == "/repos/\(repo)/contents/requirements.txt" }.count == 1)
    }
}

/// The pull checks on the server: reactions are read (one request) only when the policy counts them, and the
/// checks' findings quote the project's lines.
@Suite struct PullChecksEndToEndTests {
    @Test func reactionsAreReadWhenCountedAndTheChecksQuoteThePolicy() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let repo = EngagementEndToEndTests.repo
        harness.fake.setContents(
            repo, path: ".github/levee.yml",
            "pulls:\n  max_negative_reactions: 1\n  blocked_source_branches: [\"patch-*\"]\n"
                + "  maintainer_can_modify: true\n")
        harness.fake.setReactions(repo, number: 2, ["-1": 2, "confused": 1, "+1": 4])
        _ = try await harness.send("pull_request", try EngagementEndToEndTests.opened(), delivery: "checks")
        try await harness.settled("checks")
        let evaluation = try #require(try harness.store.evaluation(source: "\(repo)#2")).evaluation
        let reactions = try #require(evaluation.violations.first { $0.id == NegativeReactionsRule.id })
        #expect(reactions.evidence == ["3 negative reactions, limit 1"])
        #expect(reactions.policyLine?.line == 2)
        let reads = harness.fake.requests.filter { $0.method == "GET" }.map(\.path)
        #expect(reads.filter { $0 == "/repos/\(repo)/issues/2" }.count == 1)
    }

    @Test func noReactionRequestWithoutTheKey() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let repo = EngagementEndToEndTests.repo
        harness.fake.setReactions(repo, number: 2, ["-1": 9])
        _ = try await harness.send("pull_request", try EngagementEndToEndTests.opened(), delivery: "plain")
        try await harness.settled("plain")
        let evaluation = try #require(try harness.store.evaluation(source: "\(repo)#2")).evaluation
        #expect(!evaluation.violations.contains { $0.id == NegativeReactionsRule.id })
        #expect(!harness.fake.requests.contains { $0.method == "GET" && $0.path == "/repos/\(repo)/issues/2" })
    }
}
