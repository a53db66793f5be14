import Foundation
import Testing

@testable import LeveeCore

@Suite struct LifecycleMachineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let day = 86400.0

    static var policy: Policy {
        var policy = Policy()
        policy.lifecycle.awaitingAuthor.enabled = true
        policy.lifecycle.firstTimerGate.enabled = true
        policy.lifecycle.newcomerLane.enabled = true
        policy.lifecycle.newcomerLane.mentors = [
            Helper(login: "mentor-a", capacity: 1), Helper(login: "mentor-b", capacity: 2),
        ]
        policy.lifecycle.triagers = [Helper(login: "triager-t", capacity: 5)]
        return policy
    }

    static func opened(
        _ tier: TrustTier = .newcomer, verdict: Verdict = .welcome, first: Bool = true, overCap: Bool = false
    ) -> LifecycleEvent {
        .opened(
            .init(
                tier: tier, verdict: verdict, followsPolicy: verdict < .needsAuthor, firstTimer: first,
                overCap: overCap, headSHA: "abc"))
    }

    static let maintainerAsks = LifecycleEvent.comment(
        by: "maint", isWriter: true, isBot: false, asks: true, body: "Why?")
    static let authorAnswers = LifecycleEvent.comment(
        by: "author", isWriter: false, isBot: false, asks: false, body: "Because.")
    static let strangerAnswers = LifecycleEvent.comment(
        by: "someone", isWriter: false, isBot: false, asks: false, body: "+1")
    static let botAnswers = LifecycleEvent.comment(
        by: "author", isWriter: false, isBot: true, asks: false, body: "ping")

    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var start: LifecycleItem.Phase
        var held = false
        var gated = false
        var deadline: Double? = nil
        var event: LifecycleEvent
        var after: Double = 0
        var phase: LifecycleItem.Phase
        var effects: [Effect]
        var description: String { name }
    }

    /// One row per transition: from a phase, an event at `after` days, to a phase with exactly these effects (the
    /// status line's text is checked apart).
    static let rows: [Row] = [
        Row(
            name: "newcomer PR: gate, mentor, no triager when it passes", start: .open, event: opened(), phase: .open,
            effects: [.addLabel("needs-ok-to-test"), .assign(login: "mentor-b")]),
        Row(
            name: "flagged newcomer PR: review request to the triager", start: .open,
            event: opened(verdict: .needsAuthor, first: false), phase: .open,
            effects: [.addLabel("needs-ok-to-test"), .requestReview(login: "triager-t")]),
        Row(
            name: "known contributor: nothing", start: .open, event: opened(.knownContributor, first: false),
            phase: .open, effects: []),
        Row(
            name: "over the cap: parked, not lost", start: .open, event: opened(overCap: true), phase: .parked,
            effects: [.addLabel("levee:parked")]),
        Row(
            name: "a slot frees: unparked", start: .parked, event: .slotFreed, phase: .open,
            effects: [.removeLabel("levee:parked")]),
        Row(name: "slot freed for an open item: nothing", start: .open, event: .slotFreed, phase: .open, effects: []),
        Row(
            name: "maintainer asks: awaiting author", start: .open, event: maintainerAsks, phase: .awaitingAuthor,
            effects: [.addLabel("levee:awaiting-author")]),
        Row(
            name: "maintainer comments without asking: nothing", start: .open,
            event: .comment(by: "maint", isWriter: true, isBot: false, asks: false, body: "Nice."), phase: .open,
            effects: []),
        Row(
            name: "author answers: reset", start: .awaitingAuthor, deadline: 14, event: authorAnswers, phase: .open,
            effects: [.removeLabel("levee:awaiting-author")]),
        Row(
            name: "someone else answers: no reset", start: .awaitingAuthor, deadline: 14, event: strangerAnswers,
            phase: .awaitingAuthor, effects: []),
        Row(
            name: "a bot as the author's login: no reset", start: .awaitingAuthor, deadline: 14, event: botAnswers,
            phase: .awaitingAuthor, effects: []),
        Row(
            name: "13 days: nothing yet", start: .awaitingAuthor, deadline: 14, event: .tick, after: 13,
            phase: .awaitingAuthor, effects: []),
        Row(
            name: "14 days: stale", start: .awaitingAuthor, deadline: 14, event: .tick, after: 14, phase: .stale,
            effects: [.addLabel("levee:stale")]),
        Row(
            name: "held: the timer does not fire", start: .awaitingAuthor, held: true, deadline: 14, event: .tick,
            after: 30, phase: .awaitingAuthor, effects: []),
        Row(
            name: "stale and the author answers: both labels go", start: .stale, deadline: 28, event: authorAnswers,
            phase: .open, effects: [.removeLabel("levee:awaiting-author"), .removeLabel("levee:stale")]),
        Row(
            name: "stale, 14 more days: closed", start: .stale, deadline: 28, event: .tick, after: 28, phase: .closed,
            effects: [.close]),
        Row(
            name: "hold label freezes", start: .awaitingAuthor, deadline: 14, event: .labeled("levee:hold"),
            phase: .awaitingAuthor, effects: []),

        Row(
            name: "ok-to-test from a writer: approve and unlabel", start: .open, gated: true,
            event: .okToTest(by: "maint", isWriter: true), phase: .open,
            effects: [.removeLabel("needs-ok-to-test"), .approveWorkflowRuns(headSHA: "")]),
        Row(
            name: "ok-to-test from anyone else: nothing", start: .open, gated: true,
            event: .okToTest(by: "author", isWriter: false), phase: .open, effects: []),
        Row(name: "closed by hand", start: .awaitingAuthor, deadline: 14, event: .closed, phase: .closed, effects: []),
        Row(name: "reopened by hand", start: .closed, event: .reopened, phase: .open, effects: []),
    ]

    @Test(arguments: rows)
    func transition(_ row: Row) {
        let item = LifecycleItem(
            repository: "o/r", number: 1, isPullRequest: true, author: "author", phase: row.start, held: row.held,
            deadline: row.deadline.map { Self.t0.addingTimeInterval($0 * Self.day) }, gated: row.gated)
        let (after, effects) = LifecycleMachine(policy: Self.policy, load: ["mentor-a": 1]).apply(
            row.event, to: item, now: Self.t0.addingTimeInterval(row.after * Self.day))
        #expect(after.phase == row.phase)
        #expect(effects.filter { if case .status = $0 { return false } else { return true } } == row.effects)
    }

    /// GitHub's labels are one label whatever their case: a hold label put on as `Levee:Hold` holds.
    @Test func aHoldLabelInAnotherCaseHolds() {
        let machine = LifecycleMachine(policy: Self.policy)
        let item = LifecycleItem(
            repository: "o/r", number: 1, isPullRequest: true, author: "author", phase: .awaitingAuthor,
            deadline: Self.t0.addingTimeInterval(14 * Self.day))
        let (held, _) = machine.apply(.labeled("Levee:Hold"), to: item, now: Self.t0)
        #expect(held.held)
        let (released, _) = machine.apply(.unlabeled("LEVEE:HOLD"), to: held, now: Self.t0)
        #expect(!released.held)
    }

    @Test func aTimerFiresOnceAndSurvivesBeingAskedAgain() {
        let machine = LifecycleMachine(policy: Self.policy)
        var item = LifecycleItem(repository: "o/r", number: 1, isPullRequest: true, author: "author")
        (item, _) = machine.apply(Self.maintainerAsks, to: item, now: Self.t0)
        #expect(item.deadline == Self.t0.addingTimeInterval(14 * Self.day))
        let later = Self.t0.addingTimeInterval(15 * Self.day)
        let (stale, first) = machine.apply(.tick, to: item, now: later)
        let (same, second) = machine.apply(.tick, to: stale, now: later)
        #expect(first.contains(.addLabel("levee:stale")))
        #expect(second.isEmpty)
        #expect(same == stale)
        #expect(stale.deadline == later.addingTimeInterval(14 * Self.day))
    }

    @Test func closeByDefaultReopensOnARealExplanationOnly() {
        var policy = Self.policy
        policy.lifecycle.closeByDefault.enabled = true
        let machine = LifecycleMachine(policy: policy)
        let body = """
            This pull request refactors the configuration loader to improve maintainability and readability \
            across the codebase, ensuring a robust and seamless experience for all users going forward.
            """
        var item = LifecycleItem(repository: "o/r", number: 9, isPullRequest: true, author: "author", body: body)
        var effects: [Effect]
        (item, effects) = machine.apply(Self.opened(), to: item, now: Self.t0)
        #expect(item.phase == .closedByDefault)
        #expect(effects.contains(.close))

        // The description pasted back: still closed, and the reply says why.
        (item, effects) = machine.apply(
            .comment(by: "author", isWriter: false, isBot: false, asks: false, body: body), to: item, now: Self.t0)
        #expect(item.phase == .closedByDefault)
        #expect(item.status?.contains("repeats the pull request's description") == true)
        // Too short.
        (item, _) = machine.apply(
            .comment(by: "author", isWriter: false, isBot: false, asks: false, body: "pls merge"), to: item,
            now: Self.t0)
        #expect(item.status?.contains("needs at least 15") == true)
        // Someone else cannot explain for the author.
        let explanation = """
            The loader read the port twice when both the file and LEVEE_PORT were set, so the second value won even \
            though the docs say the environment wins. I moved the environment step last and added a test for it.
            """
        (item, effects) = machine.apply(
            .comment(by: "friend", isWriter: false, isBot: false, asks: false, body: explanation), to: item,
            now: Self.t0)
        #expect(item.phase == .closedByDefault)
        // The author's own words reopen it.
        (item, effects) = machine.apply(
            .comment(by: "author", isWriter: false, isBot: false, asks: false, body: explanation), to: item,
            now: Self.t0)
        #expect(item.phase == .open)
        #expect(effects.contains(.reopen) && effects.contains(.removeLabel("levee:explain-to-reopen")))
    }

    @Test func mentorsAreAssignedWithinCapacity() {
        let machine = LifecycleMachine(policy: Self.policy, load: ["mentor-a": 0, "mentor-b": 2])
        let item = LifecycleItem(repository: "o/r", number: 1, isPullRequest: true, author: "author")
        #expect(machine.apply(Self.opened(), to: item, now: Self.t0).1.contains(.assign(login: "mentor-a")))
        let full = LifecycleMachine(policy: Self.policy, load: ["mentor-a": 1, "mentor-b": 2])
        #expect(
            !full.apply(Self.opened(), to: item, now: Self.t0).1.contains {
                if case .assign = $0 { true } else { false }
            })
        // A first-timer whose contribution breaks the policy is not welcomed into the lane.
        #expect(
            !machine.apply(Self.opened(verdict: .likelySlop), to: item, now: Self.t0).1.contains(
                .assign(login: "mentor-a")))
    }

    @Test func explanationsNeedDisclosureWhenThePolicyDoes() {
        var policy = Policy(stance: .disclosureRequired)
        policy.disclosure.when = .always
        let words = "I changed the retry loop so that it stops after the third timeout instead of spinning forever."
        #expect(!ExplanationCheck.check(reply: words, pullRequestBody: "", policy: policy).accepted)
        #expect(
            ExplanationCheck.check(reply: words + " No AI tools were used.", pullRequestBody: "", policy: policy)
                .accepted)
    }
}
