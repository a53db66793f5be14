import Foundation
import LeveeCore
import LeveeStore
import Testing

@testable import LeveeServer

/// Shadow mode as a faithful rehearsal: each would-be action once, in order, as GitHub would have seen it.
@Suite(.serialized) struct ShadowRehearsalTests {
    static func record(_ delivery: String, _ kind: ActionLogKind, _ value: String) -> ActionRecord {
        ActionRecord(
            deliveryID: delivery, repository: "o/r", number: 1, kind: kind, value: value, reason: "r", status: .shadow,
            at: Date(timeIntervalSince1970: 0))
    }
    static func action(_ kind: Effect.Kind, _ value: String) -> PlannedAction {
        PlannedAction(Effect(kind: kind, value: value), reason: "verdict", shadow: true)
    }

    @Test func whatWasDoneIsNotDoneAgainAndWhatChangedIs() {
        let earlier = [
            Self.record("d1", .label, "levee:needs-author"), Self.record("d1", .comment, "first text"),
            Self.record("d1", .close, ""),
        ]
        var picture = ShadowPicture(
            labels: ["bug"], closed: false, reopened: false, records: earlier, excluding: "d2")
        let steps = picture.rehearse(
            [
                Self.action(.close, ""), Self.action(.comment, "second text"),
                Self.action(.label, "LEVEE:NEEDS-AUTHOR"),
                Self.action(.label, "bug"), Self.action(.lock, ""),
            ], removing: [])
        // The label is on (case aside), the maintainer's `bug` too, the item closed: only the new text and the lock.
        #expect(steps.map(\.kind.rawValue) == ["comment", "lock"])
        #expect(steps.first?.value == "second text")
        // Done once, the picture remembers it within the same delivery.
        #expect(picture.rehearse([Self.action(.lock, ""), Self.action(.comment, "second text")], removing: []).isEmpty)
    }

    /// A reply to a `/levee` command is its own effect: the rehearsal of the next delivery does not take it for the
    /// sticky comment, so an unchanged sticky comment is not recorded again (it was, while replies were comments).
    @Test func aCommandReplyIsNotTakenForTheStickyComment() {
        let earlier = [
            Self.record("d1", .comment, "the sticky comment"),
            Self.record("d2", .reply, "<!-- levee:reply:7 -->\n@alice is vouched for."),
        ]
        var picture = ShadowPicture(labels: [], closed: false, reopened: false, records: earlier, excluding: "d3")
        #expect(picture.rehearse([Self.action(.comment, "the sticky comment")], removing: []).isEmpty)
        #expect(Effect(kind: .reply, value: "x") == .reply("x"))
    }

    @Test func anEarlierVerdictsLabelComesOffOnceAndOnlyIfOn() {
        var picture = ShadowPicture(
            labels: [], closed: false, reopened: false,
            records: [Self.record("d1", .label, "levee:likely-slop")], excluding: "d2")
        let steps = picture.rehearse(
            [], removing: ["levee:likely-slop", "levee:needs-author"], removalReason: "verdict is now welcome")
        #expect(steps.map(\.effect) == [.removeLabel("levee:likely-slop")])
        #expect(steps.map(\.reason) == ["verdict is now welcome"])
        #expect(picture.rehearse([], removing: ["levee:likely-slop"]).isEmpty)
        // Put on again after it came off: recorded again.
        #expect(picture.rehearse([Self.action(.label, "levee:likely-slop")], removing: []).count == 1)
    }

    @Test func aRetriedDeliveryDoesNotCountItsOwnRecordsAndAReopenedItemIsOpen() {
        let own = [Self.record("d1", .label, "x"), Self.record("d1", .close, "")]
        var retried = ShadowPicture(labels: [], closed: false, reopened: false, records: own, excluding: "d1")
        #expect(retried.rehearse([Self.action(.label, "x"), Self.action(.close, "")], removing: []).count == 2)
        var reopened = ShadowPicture(labels: [], closed: false, reopened: true, records: own, excluding: "d2")
        #expect(reopened.rehearse([Self.action(.close, "")], removing: []).map(\.kind.rawValue) == ["close"])
        var closedOnGitHub = ShadowPicture(labels: [], closed: true, reopened: false, records: [], excluding: "d2")
        #expect(closedOnGitHub.rehearse([Self.action(.close, "")], removing: []).isEmpty)
        // Only shadow records count: a sent action is GitHub's business, and GitHub's labels come with the payload.
        let sent = ActionRecord(
            deliveryID: "d0", repository: "o/r", number: 1, kind: .label, value: "y", reason: "", status: .sent,
            at: Date(timeIntervalSince1970: 0))
        var picture = ShadowPicture(labels: [], closed: false, reopened: false, records: [sent], excluding: "d2")
        #expect(picture.rehearse([Self.action(.label, "y")], removing: []).count == 1)
    }

    /// A pull request opened, pushed to twice and then described, without credentials: the label and the comment are
    /// recorded once, the comment again only when its text changed, and the label comes off once when the verdict
    /// changes.
    @Test func aPullRequestPushedToTwiceIsRehearsedOnce() async throws {
        let harness = try await Harness(credentials: false)
        defer { Task { await harness.stop() } }
        for (delivery, action) in [("r1", "opened"), ("r2", "synchronize"), ("r3", "synchronize")] {
            _ = try await harness.send("pull_request", try Shared.pullRequest(action: action), delivery: delivery)
            try await harness.settled(delivery)
        }
        let flagged = try await harness.store.actions(repository: "Codertocat/Hello-World", number: 2)
        #expect(flagged.allSatisfy { $0.status == .shadow })
        #expect(Set(flagged.map(\.deliveryID)) == ["r1"], "the pushes change nothing GitHub would show")
        #expect(flagged.filter { $0.kind == .label }.map(\.value) == ["levee:needs-author"])
        #expect(flagged.filter { $0.kind == .comment }.count == 1)

        let described = """
            The README's build section still says `make install`; the project moved to CMake in #3. This replaces the \
            three commands with the two CMake ones and links the build page. Checked by following the new steps on a \
            clean Debian 12 container: the build and `ctest` pass.
            """
        _ = try await harness.send(
            "pull_request",
            try Shared.pullRequest(
                action: "edited", title: "README: build with CMake instead of make install", body: described),
            delivery: "r4")
        let outcome = try await harness.settled("r4")
        #expect(outcome.outcome?.contains(": welcome") == true, "\(outcome.outcome ?? "")")
        let after = try await harness.store.actions(repository: "Codertocat/Hello-World", number: 2)
            .filter { $0.deliveryID == "r4" }
        // Welcome does nothing by default; the earlier verdict's label comes off, once.
        #expect(after.map(\.kind.rawValue) == ["unlabel"])
        #expect(after.map(\.value) == ["levee:needs-author"])
    }
}
