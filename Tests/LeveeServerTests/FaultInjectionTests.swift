import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeStore
import Testing

/// GitHub failing in each of the ways it does (issue #9): a 500, a 502, a secondary rate limit (403 with
/// `retry-after`), a 429 and a request that times out after GitHub has already applied it. For each, a stream of
/// deliveries about two items is retried until it converges, and each item ends with exactly one sticky comment and
/// no label twice.
@Suite(.serialized) struct FaultInjectionTests {
    struct Fault: CustomStringConvertible, Sendable {
        var description: String
        /// The GitHub client retries it at once (an idempotent request, a short wait) rather than the worker later.
        var inline: Bool
        var install: @Sendable (FakeGitHub) -> Void
        /// The GitHub client's timeout for the run.
        var timeout: Duration = .seconds(300)
        /// Called once the first delivery has failed (a slow GitHub recovering).
        var heal: @Sendable (FakeGitHub) -> Void = { _ in }
    }

    static let faults: [Fault] = [
        Fault(description: "500 on posting a comment", inline: false) {
            $0.failNext(2, method: "POST", pathContains: "/comments", status: 500)
        },
        Fault(description: "502 on adding labels", inline: true) {
            $0.failNext(3, method: "POST", pathContains: "/labels", status: 502, message: "Bad Gateway")
        },
        Fault(description: "secondary rate limit (403, retry-after beyond the inline wait)", inline: false) {
            $0.failNext(
                2, method: "POST", pathContains: "/comments", status: 403, headers: ["retry-after": "300"],
                message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
        },
        Fault(description: "429 on labels (retry-after within the inline wait)", inline: true) {
            $0.failNext(
                2, pathContains: "/labels", status: 429, headers: ["retry-after": "7"], message: "Too Many Requests")
        },
        Fault(
            description: "a comment post that times out after GitHub applied it", inline: false,
            install: { $0.delay(method: "POST", pathContains: "/comments", seconds: 1) },
            timeout: .milliseconds(300),
            heal: { $0.clearDelays() }),
    ]

    static let items = [("Codertocat/Hello-World", 1), ("Codertocat/Hello-World", 2)]

    @Test(arguments: faults)
    func retriesConvergeWithOneCommentAndNoDuplicateLabel(fault: Fault) async throws {
        let harness = try await Harness(githubTimeout: fault.timeout)
        defer { Task { await harness.stop() } }
        fault.install(harness.fake)
        let stream: [(event: String, file: String, delivery: String)] = [
            ("issues", "opened.payload.json", "issue-opened"),
            ("pull_request", "opened.payload.json", "pull-opened"),
            ("issues", "edited.payload.json", "issue-edited"),
            ("pull_request", "synchronize.payload.json", "pull-synchronize"),
        ]
        for (event, file, delivery) in stream {
            #expect(try await harness.send(event, try Shared.payload(event, file), delivery: delivery).status == 202)
        }
        let first = try await harness.settled(stream[0].delivery, retrying: true)
        if first.state != .done {
            // Give the slow request time to land on the fake GitHub before it heals.
            try await Task.sleep(for: .milliseconds(1200))
        }
        fault.heal(harness.fake)

        var settled: [InboxItem] = []
        for _ in 0..<100 {
            settled = []
            for entry in stream { settled.append(try await harness.settled(entry.delivery, retrying: true)) }
            if settled.allSatisfy({ $0.state == .done }) { break }
            harness.clock.advance(600)
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(settled.map(\.state) == Array(repeating: .done, count: stream.count), "\(settled.map(\.lastError))")
        // The fault really happened: every injected answer was given, and the retry came from where it should.
        #expect(harness.fake.unusedFaults == 0)
        if fault.inline {
            #expect(!harness.clock.sleeps.withLock { $0 }.isEmpty)
        } else {
            #expect(settled.contains { $0.attempts > 1 })
        }
        for (repo, number) in Self.items {
            let comments = harness.fake.comments(repo, number: number)
            #expect(comments.count == 1, "\(repo)#\(number): \(comments.count) comments")
            #expect(comments.allSatisfy { $0.body.hasPrefix(StickyComment.marker) })
            let labels = harness.fake.labels(repo, number: number)
            #expect(!labels.isEmpty)
            #expect(Set(labels).count == labels.count, "\(repo)#\(number) labels \(labels)")
            #expect(labels.filter { $0.hasPrefix("levee:") }.count == 1, "\(repo)#\(number) labels \(labels)")
        }
    }
}
