import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import Testing

@Suite struct ActionExecutorTests {
    let repo = RepositoryRef(fullName: "o/r", installationID: nil)

    func action(_ kind: Effect.Kind, _ value: String) -> PlannedAction {
        PlannedAction(Effect(kind: kind, value: value), reason: "verdict likely_slop", shadow: false)
    }

    @Test func doingItTwiceChangesNothingMore() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t"])
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await GitHubClient(baseURL: fake.baseURL, credentials: .token("t"), sleep: { _ in })
        let executor = ActionExecutor(client: github)
        let target = ActionTarget(repository: repo, number: 5, headSHA: "abc123")
        let comment = StickyComment.marker + "\nPlease explain the change in your own words."
        let actions = [
            action(.close, "closed"), action(.label, "levee:likely-slop"), action(.comment, comment),
            action(.checkRun, "action_required"), action(.lock, "locked"), action(.label, "needs-disclosure"),
        ]
        let first = try await executor.perform(actions, on: target, summary: "s")
        #expect(first.allSatisfy { $0.status == .sent })
        // Labels, then the comment, then the check run, then close and lock: the comment explains before closing.
        #expect(first.map(\.action.kind) == [.label, .label, .comment, .checkRun, .close, .lock])
        let second = try await executor.perform(actions, on: target, summary: "s")
        #expect(second.allSatisfy { $0.status == .unchanged })

        #expect(fake.labels("o/r", number: 5) == ["levee:likely-slop", "needs-disclosure"])
        #expect(fake.comments("o/r", number: 5).count == 1)
        #expect(fake.writes("POST", pathSuffix: "/issues/5/comments").count == 1)
        #expect(fake.writes("POST", pathSuffix: "/issues/5/labels").count == 2)
        #expect(fake.writes("PATCH", pathSuffix: "/issues/5").count == 1)
        #expect(fake.writes("PUT", pathSuffix: "/issues/5/lock").count == 1)
        #expect(fake.writes("POST", pathSuffix: "/check-runs").count == 1)
        #expect(fake.itemState("o/r", number: 5) == ("closed", true))

        // A new text edits the one comment in place; a new conclusion updates the one check run.
        let changed = [
            action(.comment, StickyComment.marker + "\nThanks, this is fine now."), action(.checkRun, "success"),
        ]
        let third = try await executor.perform(changed, on: target, summary: "s")
        #expect(third.map(\.status) == [.sent, .sent])
        #expect(fake.comments("o/r", number: 5).map(\.body) == [StickyComment.marker + "\nThanks, this is fine now."])
        #expect(
            fake.writes("PATCH", pathSuffix: "/issues/comments/\(fake.comments("o/r", number: 5)[0].id)").count == 1)
        #expect(fake.checkRunConclusions == ["success"])
        #expect(fake.writes("POST", pathSuffix: "/check-runs").count == 1)
    }

    /// The sticky comment is read once per pass and seen after the pass's own writes: a status line without a comment
    /// creates one holding the status, a later status replaces that section only, and the comment written in the same
    /// pass is not read again.
    @Test func theStickyCommentIsReadOncePerPassAndItsStatusSectionReplaced() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t"])
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await GitHubClient(baseURL: fake.baseURL, credentials: .token("t"), sleep: { _ in })
        let executor = ActionExecutor(client: github)
        let target = ActionTarget(repository: repo, number: 6)
        func reads() -> Int {
            fake.requests.filter { $0.method == "GET" && $0.path.hasPrefix("/repos/o/r/issues/6/comments") }.count
        }
        let first = try await executor.perform([], on: target, summary: "s", then: [action(.status, "Waiting.")])
        #expect(first.map(\.status) == [.sent])
        #expect(fake.comments("o/r", number: 6).map(\.body) == [StickyComment.withStatus("Waiting.", in: nil)])
        #expect(reads() == 1)

        let text = StickyComment.marker + "\nThanks for this."
        let second = try await executor.perform(
            [action(.comment, text)], on: target, summary: "s",
            then: [action(.status, "Stale."), action(.status, "Stale.")])
        #expect(second.map(\.status) == [.sent, .sent, .unchanged])
        #expect(reads() == 2, "one read for the whole second pass")
        let body = try #require(fake.comments("o/r", number: 6).first?.body)
        #expect(fake.comments("o/r", number: 6).count == 1)
        #expect(body.hasPrefix(text) && body.hasSuffix(StickyComment.statusSection("Stale.")))
    }

    /// GitHub's label names are case-insensitive, and so is every effect on them — the evaluation's, an earlier
    /// verdict's removal, the lifecycle's.
    @Test func labelsAreOneLabelWhateverTheirCase() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t"])
        try await fake.start()
        defer { Task { await fake.stop() } }
        fake.setItem("o/r", number: 9, labels: ["Needs-Disclosure", "Levee:Likely-Slop"])
        let github = await GitHubClient(baseURL: fake.baseURL, credentials: .token("t"), sleep: { _ in })
        let target = ActionTarget(repository: repo, number: 9, headSHA: nil)
        let results = try await ActionExecutor(client: github).perform(
            [action(.label, "needs-disclosure")], on: target, summary: "s", removing: ["levee:likely-slop"],
            removalReason: "verdict is now review")
        #expect(results.map(\.action.effect) == [.addLabel("needs-disclosure"), .removeLabel("Levee:Likely-Slop")])
        #expect(results.map(\.status) == [.unchanged, .sent])
        #expect(results.last?.action.reason == "verdict is now review")
        #expect(fake.labels("o/r", number: 9) == ["Needs-Disclosure"])
        // The lifecycle's removal of a label put on in another case.
        var state = ActionExecutor.ItemState()
        let removed = try await ActionExecutor(client: github).carryOut(
            PlannedAction(.removeLabel("needs-DISCLOSURE"), reason: "lifecycle", shadow: false), on: target,
            summary: "", state: &state)
        #expect(removed.status == .sent)
        #expect(fake.labels("o/r", number: 9).isEmpty)
        #expect(fake.writes("POST", pathSuffix: "/issues/9/labels").isEmpty)
    }

    /// The marker is public: an author who writes it into their own comment does not get Levee to edit that comment
    /// (an App may edit anyone's comment) or to stay silent.
    @Test func aCopiedMarkerInSomeoneElsesCommentIsNotLeveesComment() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t"])
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await GitHubClient(baseURL: fake.baseURL, credentials: .token("t"), sleep: { _ in })
        let forged = StickyComment.marker + "\nLevee: looks great, merge it!"
        fake.addComment("o/r", number: 7, body: forged, author: "drive-by", association: "FIRST_TIME_CONTRIBUTOR")
        let target = ActionTarget(repository: repo, number: 7, headSHA: nil)
        let text = StickyComment.marker + "\nPlease explain the change in your own words."
        let results = try await ActionExecutor(client: github).perform(
            [action(.comment, text)], on: target, summary: "s")
        #expect(results.map(\.status) == [.sent])
        #expect(fake.comments("o/r", number: 7).map(\.body) == [forged, text])
        #expect(fake.writes("PATCH", pathSuffix: "/issues/comments/1").isEmpty)
        // A maintainer's comment (Levee running on their token) is found again.
        fake.addComment("o/r", number: 8, body: text, author: "maintainer", association: "OWNER")
        let again = try await ActionExecutor(client: github).perform(
            [action(.comment, text)], on: ActionTarget(repository: repo, number: 8, headSHA: nil), summary: "s")
        #expect(again.map(\.status) == [.unchanged])
    }

    @Test func aRefusalIsRecordedAndTheRestGoOn() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t"])
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await GitHubClient(baseURL: fake.baseURL, credentials: .token("t"), sleep: { _ in })
        fake.failNext(1, method: "POST", pathContains: "/labels", status: 403, message: "Resource not accessible")
        let results = try await ActionExecutor(client: github).perform(
            [action(.label, "x"), action(.comment, StickyComment.marker + "\nhi"), action(.checkRun, "neutral")],
            on: ActionTarget(repository: repo, number: 1), summary: "s")
        #expect(results.map(\.status) == [.failed, .sent, .failed])
        #expect(results[0].detail?.contains("Resource not accessible") == true)
        #expect(results[2].detail == "no head commit")
        #expect(fake.comments("o/r", number: 1).count == 1)
    }

    @Test func aPassingFailureIsThrownForTheWorkerToRetry() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t"])
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await GitHubClient(
            baseURL: fake.baseURL, credentials: .token("t"), retry: RetryPolicy(attempts: 2), sleep: { _ in })
        fake.failNext(5, pathContains: "/comments", status: 503)
        await #expect(throws: GitHubError.self) {
            _ = try await ActionExecutor(client: github).perform(
                [action(.comment, StickyComment.marker)], on: ActionTarget(repository: repo, number: 1), summary: "")
        }
        #expect(fake.comments("o/r", number: 1).isEmpty)
    }
}
