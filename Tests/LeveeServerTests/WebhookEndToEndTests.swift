import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import LeveeStore
import Testing

@testable import LeveeServer

/// The server with a fake GitHub on loopback: real recorded payloads, signed, in; the exact writes out.
@Suite(.serialized) struct WebhookEndToEndTests {
    static let evaluated: [String: Set<String>] = [
        "pull_request": ["opened", "reopened", "edited", "synchronize", "ready_for_review"],
        "issues": ["opened", "reopened", "edited"],
        "issue_comment": ["created", "edited"],
    ]

    @Test func anOpenedPullRequestGetsOneLabelAndOneStickyComment() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let answer = try await harness.send(
            "pull_request", try Shared.payload("pull_request", "opened.payload.json"),
            delivery: "d-opened")
        #expect(answer.status == 202)
        let item = try await harness.settled("d-opened")
        #expect(item.state == .done)
        #expect(item.outcome?.hasPrefix("Codertocat/Hello-World#2: welcome") == true)
        #expect(
            harness.fake.writes.map(\.description) == [
                "POST /repos/Codertocat/Hello-World/issues/2/labels",
                "POST /repos/Codertocat/Hello-World/issues/2/comments",
            ])
        #expect(harness.fake.labels("Codertocat/Hello-World", number: 2) == ["levee:welcome"])
        let comments = harness.fake.comments("Codertocat/Hello-World", number: 2)
        #expect(comments.count == 1)
        #expect(comments.first?.body.hasPrefix(StickyComment.marker) == true)
        // The policy came from the repository, the files and commits from the API.
        let reads = harness.fake.requests.filter { $0.method == "GET" }.map(\.path)
        #expect(reads.contains("/repos/Codertocat/Hello-World/contents/.github/levee.yml"))
        #expect(reads.contains("/repos/Codertocat/Hello-World/pulls/2/files?per_page=100"))
        #expect(reads.contains("/repos/Codertocat/Hello-World/pulls/2/commits?per_page=100"))
        #expect(!reads.contains { $0.hasPrefix("/users/") }, "an owner's account is not fetched")
        let actions = try await harness.store.actions(since: nil, limit: 10)
        #expect(actions.map(\.status) == [.sent, .sent])
        #expect(actions.allSatisfy { $0.deliveryID == "d-opened" && $0.reason.hasPrefix("verdict welcome") })
    }

    /// The policy's `template.path` names the template the server reads: one in `.github/PULL_REQUEST_TEMPLATE/`,
    /// where GitHub's places hold none, is read and the pull request measured against it.
    @Test func thePolicysTemplatePathIsTheTemplateRead() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let path = ".github/PULL_REQUEST_TEMPLATE/default.md"
        harness.fake.setContents(
            "Codertocat/Hello-World", path: ".github/levee.yml", Harness.policy + "\ntemplate:\n  path: \(path)\n")
        harness.fake.setContents(
            "Codertocat/Hello-World", path: path, "## What this changes\n\n## How I tested this\n\n## Risks\n")
        _ = try await harness.send(
            "pull_request", try Shared.payload("pull_request", "opened.payload.json"), delivery: "d-template")
        try await harness.settled("d-template")
        let reads = harness.fake.requests.filter { $0.method == "GET" }.map(\.path)
        #expect(reads.contains("/repos/Codertocat/Hello-World/contents/\(path)"))
        #expect(!reads.contains("/repos/Codertocat/Hello-World/contents/.github/pull_request_template.md"))
        let stored = try await harness.store.storedEvaluation(source: "Codertocat/Hello-World#2")?.evaluation
        #expect(stored?.signals.contains { $0.id == "template_ignored" } == true)
    }

    /// A newcomer's account is fetched once (`GET /users/{login}` and a search of the last day's pull requests) and
    /// shown as evidence with its figures; an owner's is never fetched.
    @Test func aNewcomersAccountIsFetchedOnceAndShownAsEvidence() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        var json = try JSONValue.parse(try Shared.payload("pull_request", "opened.payload.json"), source: "opened")
        guard case .object(var root) = json, case .object(var pull)? = root["pull_request"] else {
            Issue.record("the recorded payload has no pull_request")
            return
        }
        pull["author_association"] = "NONE"
        root["pull_request"] = .object(pull)
        json = .object(root)
        harness.fake.setAccount("Codertocat", createdAt: "2019-05-14T20:00:00Z", publicRepos: 1)
        let now = harness.clock.now()
        harness.fake.addPullRequests(
            by: "Codertocat",
            (0..<24).map {
                .init(repository: "codertocat/project\($0 % 3)", createdAt: now.addingTimeInterval(-Double($0) * 3_000))
            })
        for delivery in ["fresh-1", "fresh-2"] {
            _ = try await harness.send("pull_request", try JSONEncoder().encode(json), delivery: delivery)
            try await harness.settled(delivery)
        }
        let evaluation = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#2")).evaluation
        let hit = try #require(evaluation.signals.first { $0.id == "fresh_account" })
        #expect(hit.evidence.contains("the account was created less than a day before this pull request"))
        #expect(hit.evidence.contains("24 pull requests opened across GitHub in the day before"))
        let reads = harness.fake.requests.filter { $0.method == "GET" }.map(\.path)
        #expect(reads.filter { $0 == "/users/Codertocat" }.count == 1, "cached: \(reads)")
        #expect(!reads.contains { $0.hasPrefix("/search/issues?q=author") }, "the last day comes from the activity")
        #expect(harness.fake.activitySearches == 1, "cached: one GraphQL search for the author")
    }

    @Test func anEarlierVerdictsLabelGoesAndAMaintainersStays() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        harness.fake.setItem("Codertocat/Hello-World", number: 1, labels: ["levee:likely-slop", "bug"])
        _ = try await harness.send("issues", try Shared.payload("issues", "opened.payload.json"), delivery: "v")
        try await harness.settled("v")
        #expect(harness.fake.labels("Codertocat/Hello-World", number: 1) == ["bug", "levee:welcome"])
        let removed = try await harness.store.actions(since: nil, limit: 10).filter { $0.kind == .unlabel }
        #expect(removed.map(\.value) == ["levee:likely-slop"])
        #expect(removed.first?.reason == "verdict is now welcome")
    }

    @Test func everyRecordedPayloadIsProcessedAndWritesHappenOncePerItem() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        var evaluatedItems = Set<String>()
        var count = 0
        for event in ["pull_request", "issues", "issue_comment"] {
            for (name, body) in try Shared.payloads(event) {
                let json = try JSONValue.parse(body, source: name)
                let delivery = "\(event)/\(name)"
                let writesBefore = harness.fake.writes.count
                let answer = try await harness.send(event, body, delivery: delivery)
                #expect(answer.status == 202, "\(delivery)")
                let item = try await harness.settled(delivery)
                #expect(item.state == .done, "\(delivery): \(item.lastError ?? "")")
                count += 1
                let action = json["action"]?.string ?? ""
                let actions = try await harness.store.actions(since: nil, limit: 10_000).filter {
                    $0.deliveryID == delivery
                }
                let repo = json["repository"]?["full_name"]?.string ?? ""
                let number = (json["pull_request"] ?? json["issue"])?["number"]?.int ?? -1
                if Self.evaluated[event]?.contains(action) == true && event != "issue_comment" {
                    #expect(!actions.isEmpty, "\(delivery) was evaluated but planned nothing")
                    #expect(actions.allSatisfy { $0.status == .sent || $0.status == .unchanged }, "\(delivery)")
                    evaluatedItems.insert("\(repo)#\(number)")
                } else {
                    // Comments are scored but get no label or comment; other actions are stored and ignored.
                    #expect(actions.isEmpty, "\(delivery)")
                    #expect(harness.fake.writes.count == writesBefore, "\(delivery) wrote to GitHub")
                }
            }
        }
        #expect(count == 64)
        // octokit's examples are all about Codertocat/Hello-World: issue #1 and pull request #2.
        #expect(evaluatedItems == ["Codertocat/Hello-World#1", "Codertocat/Hello-World#2"])
        // One sticky comment per item however many deliveries touched it; no label sent twice.
        for key in evaluatedItems {
            let repo = String(key.split(separator: "#")[0])
            let number = Int(key.split(separator: "#")[1])!
            let comments = harness.fake.comments(repo, number: number)
            #expect(comments.count == 1, "\(key)")
            #expect(harness.fake.writes("POST", pathSuffix: "/\(repo)/issues/\(number)/comments").count == 1, "\(key)")
            let labels = harness.fake.labels(repo, number: number)
            #expect(
                harness.fake.writes("POST", pathSuffix: "/\(repo)/issues/\(number)/labels").count == labels.count,
                "\(key)")
        }
        #expect(try await harness.store.depth() == 0)
    }

    @Test func aRepeatedDeliveryIsStoredAndActedOnOnce() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let body = try Shared.payload("issues", "opened.payload.json")
        #expect(try await harness.send("issues", body, delivery: "same").status == 202)
        #expect(try await harness.send("issues", body, delivery: "same").status == 200)
        try await harness.settled("same")
        #expect(try await harness.send("issues", body, delivery: "same").status == 200)
        #expect(try await harness.store.items(limit: 10).count == 1)
        #expect(harness.fake.writes("POST", pathSuffix: "/comments").count == 1)
        #expect(harness.fake.writes("POST", pathSuffix: "/labels").count == 1)
        let metrics = try await harness.get("/metrics").text
        #expect(metrics.contains(#"levee_deliveries_total{event="issues",outcome="stored"} 1"#))
        #expect(metrics.contains(#"levee_deliveries_total{event="issues",outcome="duplicate"} 2"#))
        #expect(metrics.contains(#"levee_deliveries_total{event="issues",outcome="processed"} 1"#))
        #expect(metrics.contains("levee_evaluation_seconds_count 1"))
        #expect(metrics.contains("levee_inbox_depth 0"))
        #expect(metrics.contains(#"levee_github_requests_total"#) == false)  // the test's client has no observer
    }

    @Test func badSignaturesAre401AndNothingIsStored() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let body = try Shared.payload("issues", "opened.payload.json")
        let wrong = "sha256=" + String(repeating: "0", count: 64)
        let missing = try await harness.send("issues", body, delivery: "a", signature: .some(nil))
        #expect(missing.status == 401)
        #expect(missing.text.contains("missing"))
        #expect(try await harness.send("issues", body, delivery: "b", signature: wrong).status == 401)
        #expect(try await harness.send("issues", body, delivery: "c", signature: "sha1=abc").status == 401)
        // Signed with another secret.
        let other = WebhookSignatureHelper.header(secret: "not the secret", body: body)
        #expect(try await harness.send("issues", body, delivery: "d", signature: other).status == 401)
        #expect(try await harness.store.items(limit: 10).isEmpty)
        #expect(harness.fake.requests.isEmpty)
        let metrics = try await harness.get("/metrics").text
        #expect(metrics.contains(#"levee_deliveries_total{event="issues",outcome="unauthorized"} 4"#))
    }

    @Test func aSignedBodyThatIsNotJSONIs400AndNothingIsStored() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        for (index, text) in [#"{"action":"opened","#, "not json", #"{"action":"opened"} trailing"#, ""].enumerated() {
            let answer = try await harness.send("issues", Data(text.utf8), delivery: "bad-\(index)")
            #expect(answer.status == 400, "\(text)")
        }
        #expect(try await harness.store.items(limit: 10).isEmpty)
        let metrics = try await harness.get("/metrics").text
        #expect(metrics.contains(#"levee_deliveries_total{event="issues",outcome="bad_request"} 4"#))
    }

    /// The acknowledgement reads only action, repository and installation; odd types there are read as absent.
    @Test func theEnvelopeReadsWhatTheJSONValueLookupsRead() throws {
        let body = try Shared.payload("issues", "opened.payload.json")
        let envelope = try #require(WebhookRoute.Envelope.read(body))
        let json = try JSONValue.parse(body, source: "test")
        #expect(envelope.action == json["action"]?.string)
        #expect(envelope.repository == json["repository"]?["full_name"]?.string)
        #expect(envelope.installationID == json["installation"]?["id"]?.int)
        #expect(envelope.action == "opened" && envelope.repository != nil)
        let odd = try #require(
            WebhookRoute.Envelope.read(Data(#"{"action":7,"repository":"x","installation":{"id":"1"}}"#.utf8)))
        #expect(odd.action == nil && odd.repository == nil && odd.installationID == nil)
        // A repeated key's first value counts, as in the parsed tree.
        let repeated = try #require(
            WebhookRoute.Envelope.read(
                Data(#"{"action":"a","repository":{"full_name":"x/y"},"action":"b","repository":1}"#.utf8)))
        #expect(repeated == .init(action: "a", repository: "x/y", installationID: nil))
        let array = try #require(WebhookRoute.Envelope.read(Data("[1,2]".utf8)))
        #expect(array.action == nil && array.repository == nil)
        #expect(WebhookRoute.Envelope.read(Data("{".utf8)) == nil)
    }

    @Test func oversizedBodiesAreRefusedWithOrWithoutALength() async throws {
        let harness = try await Harness(maxBodyBytes: 4096)
        defer { Task { await harness.stop() } }
        let body = try Shared.payload("pull_request", "opened.payload.json")
        #expect(body.count > 4096)
        #expect(try await harness.send("pull_request", body, delivery: "big").status == 413)
        #expect(try await harness.send("pull_request", body, delivery: "big-chunked", chunked: true).status == 413)
        #expect(try await harness.store.items(limit: 10).isEmpty)
        // A small body still goes through.
        let ping = try await harness.send("ping", Data(#"{"zen":"Keep it logically awesome.","hook_id":1}"#.utf8))
        #expect(ping.status == 200)
    }

    @Test func pingIsAnsweredAndNotStored() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let answer = try await harness.send("ping", try Shared.payload("ping", "payload.json"))
        #expect(answer.status == 200)
        #expect(answer.text == "pong\n")
        #expect(try await harness.store.items(limit: 10).isEmpty)
        #expect(try await harness.get("/healthz").status == 200)
        #expect(try await harness.get("/readyz").text == "ready\n")
        let missingHeaders = try await harness.get("/webhooks/github")
        #expect(missingHeaders.status == 405 || missingHeaders.status == 404)
    }

    @Test func withoutCredentialsEverythingIsShadowedAndNothingIsSent() async throws {
        let harness = try await Harness(credentials: false)
        defer { Task { await harness.stop() } }
        #expect(try await harness.send("pull_request", try Shared.pullRequest(), delivery: "s1").status == 202)
        let item = try await harness.settled("s1")
        #expect(item.state == .done)
        #expect(harness.fake.requests.isEmpty)
        let actions = try await harness.store.actions(since: nil, limit: 10)
        #expect(!actions.isEmpty)
        #expect(actions.allSatisfy { $0.status == .shadow })
        #expect(try harness.store.count() == 1)  // the evaluation is kept
    }

    @Test func aShadowPolicyInTheRepositoryReadsButNeverWrites() async throws {
        let harness = try await Harness(repositoryPolicy: "shadow: true\n")
        defer { Task { await harness.stop() } }
        _ = try await harness.send("issues", try Shared.payload("issues", "opened.payload.json"), delivery: "p1")
        try await harness.settled("p1")
        #expect(!harness.fake.requests.isEmpty)
        #expect(harness.fake.writes.isEmpty)
        #expect(try await harness.store.actions(since: nil, limit: 10).allSatisfy { $0.status == .shadow })
    }

    @Test func aBrokenRepositoryPolicyFallsBackToShadowAndSaysWhere() async throws {
        let harness = try await Harness(repositoryPolicy: "shadow: false\nai:\n  stnce: banned\n")
        defer { Task { await harness.stop() } }
        _ = try await harness.send("issues", try Shared.payload("issues", "opened.payload.json"), delivery: "b1")
        let item = try await harness.settled("b1")
        #expect(item.state == .done)
        #expect(item.outcome?.contains("Codertocat/Hello-World:.github/levee.yml:3:3") == true)
        #expect(item.outcome?.contains("stance") == true)
        #expect(harness.fake.writes.isEmpty)
    }

    @Test func aFailedWriteIsRetriedLaterAndLeavesOneComment() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        harness.fake.failNext(1, method: "POST", pathContains: "/comments", status: 502)
        _ = try await harness.send("issues", try Shared.payload("issues", "opened.payload.json"), delivery: "r1")
        let failed = try await harness.settled("r1", retrying: true)
        #expect(failed.state == .pending)
        #expect(failed.attempts == 1)
        #expect(failed.lastError?.contains("502") == true)
        #expect(failed.nextAttemptAt >= harness.clock.now().addingTimeInterval(4))
        #expect(harness.fake.comments("Codertocat/Hello-World", number: 1).isEmpty)

        harness.clock.advance(10)
        let done = try await harness.settled("r1")
        #expect(done.state == .done)
        #expect(done.attempts == 2)
        #expect(harness.fake.comments("Codertocat/Hello-World", number: 1).count == 1)
        #expect(harness.fake.writes("POST", pathSuffix: "/labels").count == 1)
    }

    @Test func anExhaustedRateLimitPostponesTheDeliveryToTheReset() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let reset = Int(harness.clock.now().timeIntervalSince1970) + 3600
        harness.fake.failNext(
            1, method: "GET", pathContains: "/contents/", status: 403,
            headers: ["x-ratelimit-remaining": "0", "x-ratelimit-reset": "\(reset)"], message: "API rate limit exceeded"
        )
        _ = try await harness.send("issues", try Shared.payload("issues", "opened.payload.json"), delivery: "rl")
        let item = try await harness.settled("rl", retrying: true)
        #expect(item.nextAttemptAt == Date(timeIntervalSince1970: Double(reset)))
        #expect(harness.fake.writes.isEmpty)
    }

    @Test func logsCarryTheDeliveryAndNeverASecret() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        _ = try await harness.send("issues", try Shared.payload("issues", "opened.payload.json"), delivery: "log-1")
        try await harness.settled("log-1")
        _ = try await harness.send(
            "issues", Data("{}".utf8), delivery: "log-2", signature: "sha256=" + String(repeating: "a", count: 64))
        let log = harness.logs.text
        #expect(log.contains("delivery=log-1"))
        #expect(log.contains("event=issues"))
        #expect(log.contains("action=opened"))
        #expect(log.contains("verdict="))
        #expect(!log.contains(Harness.secret))
        #expect(!log.contains(Harness.token))
        #expect(!log.contains("Bearer"))
        #expect(!log.contains("sha256="))
    }
}

enum WebhookSignatureHelper {
    static func header(secret: String, body: Data) -> String {
        WebhookSignature(secret: secret).header(for: body)
    }
}
