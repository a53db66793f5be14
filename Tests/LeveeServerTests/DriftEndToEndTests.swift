import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeStore
import Testing

@testable import LeveeServer

/// Drift watched in the product (issue #39), through the server and the loopback GitHub: a maintainer's
/// `/levee not-slop` is recorded and, with the merged pull requests Levee had flagged, takes the false alarms past the
/// promise, so Levee steps down for pull requests — a new pull request gets no verdict label and a comment that only
/// asks; the author's `/levee appeal` is answered and labelled for a person; the load page says why and re-arms it.
@Suite(.serialized) struct DriftEndToEndTests {
    static let repo = "Codertocat/Hello-World"

    /// Pull request `number` opened by an outsider (the recorded payload with its number and association changed).
    func opened(_ number: Int) throws -> Data {
        var json = try #require(
            try JSONSerialization.jsonObject(with: Shared.payload("pull_request", "opened.payload.json"))
                as? [String: Any])
        var pull = json["pull_request"] as! [String: Any]
        pull["number"] = number
        pull["author_association"] = "NONE"
        json["pull_request"] = pull
        json["number"] = number
        return try JSONSerialization.data(withJSONObject: json)
    }

    @Test func falseAlarmsPastThePromiseStepLeveeDownUntilAMaintainerReArmsIt() async throws {
        let harness = try await Harness(dashboardToken: DashboardTests.token)
        defer { Task { await harness.stop() } }
        let now = harness.clock.now()
        // The project's decisions of the last month: 40 merged pull requests, 5 of which Levee had flagged.
        for number in 100..<140 {
            try await harness.store.saveOutcome(
                ItemOutcome(
                    repository: Self.repo, number: number, isPullRequest: true, author: "dev\(number)", kind: .merged,
                    closedAt: now.addingTimeInterval(-5 * 86_400), verdict: number < 105 ? .needsAuthor : .welcome,
                    slopScore: number < 105 ? 0.9 : 0.1))
        }
        #expect(try await harness.store.setting(StepDown.settingName(Self.repo)) == nil)
        // Pull request #1, which Levee flagged `needs_author` (its stored evaluation, the verdict set for the scenario).
        _ = try await harness.send("pull_request", try opened(1), delivery: "d-0")
        #expect(try await harness.settled("d-0").state == .done)
        var first = try #require(try harness.store.evaluation(source: "\(Self.repo)#1"))
        first.evaluation.verdict = .needsAuthor
        try await harness.store.saveEvaluation(first)

        // A maintainer says Levee was wrong about pull request #1: the sixth false alarm of 41, past the promise.
        let comments = TrustEndToEndTests()
        _ = try await harness.send(
            "issue_comment", try comments.comment("/levee not-slop", onPull: true), delivery: "d-1")
        #expect(try await harness.settled("d-1").state == .done)
        let decisions = try await harness.store.decisions(repository: Self.repo, since: .distantPast)
        #expect(decisions.map(\.kind) == [.notSlop] && decisions.first?.by == "Codertocat")
        let state = StepDown.stored(try await harness.store.setting(StepDown.settingName(Self.repo)))
        let why = try #require(state.reason(isPullRequest: true))
        #expect(why.contains("had flagged 6") && why.contains("41 pull requests"))
        #expect(state.reason(isPullRequest: false) == nil, "issues are not stepped down")
        let reply = try #require(harness.fake.comments(Self.repo, number: 1).last?.body)
        #expect(reply.contains("recorded, Levee's flag was wrong") && reply.contains("stepped down for pull requests"))
        #expect(try await harness.store.audit(limit: 1).first?.command == "not-slop")

        // Stepped down: a new pull request is evaluated and recorded, but gets no verdict label, and the comment only
        // asks, saying why.
        _ = try await harness.send("pull_request", try opened(2), delivery: "d-2")
        #expect(try await harness.settled("d-2").state == .done)
        let evaluation = try #require(try harness.store.evaluation(source: "\(Self.repo)#2")?.evaluation)
        #expect(evaluation.steppedDown == why)
        let verdictLabels: Set = ["levee:welcome", "levee:review", "levee:needs-author", "levee:likely-slop"]
        #expect(verdictLabels.isDisjoint(with: harness.fake.labels(Self.repo, number: 2)))
        let sticky = try #require(
            harness.fake.comments(Self.repo, number: 2).first { $0.body.contains(StickyComment.marker) }?.body)
        #expect(sticky.contains("Could you say in a few words of your own") && sticky.contains(why))
        #expect(!sticky.contains("slop score"), "no verdict and no score while stepped down")
        let item = try await DashboardTests.request(harness, "/items/Codertocat:Hello-World:2")
        #expect(item.text.contains("id=\"stepped-down\""))

        // The author appeals on #1: recorded, answered, and labelled for a person; an appeal is not a false alarm.
        _ = try await harness.send(
            "issue_comment", try comments.comment("/levee appeal", association: "NONE", id: 492_700_401, onPull: true),
            delivery: "d-3")
        #expect(try await harness.settled("d-3").state == .done)
        #expect(harness.fake.labels(Self.repo, number: 1).contains(DecisionService.appealLabel))
        let answer = try #require(harness.fake.comments(Self.repo, number: 1).last?.body)
        #expect(answer.contains("Your appeal is recorded") && answer.contains("a maintainer will look"))
        let drift = DriftWatch(
            try await harness.store.outcomes(repository: Self.repo, since: .distantPast),
            decisions: try await harness.store.decisions(repository: Self.repo, since: .distantPast),
            now: harness.clock.now())
        let month = try #require(drift.rows.first { $0.days == 30 })
        #expect(month.accepted == 41 && month.flagged == 6 && month.appeals == 1 && month.notSlop == 1)

        // The load page says why, and a maintainer re-arms it there.
        let load = try await DashboardTests.request(harness, "/load")
        #expect(load.text.contains("id=\"drift\"") && load.text.contains("stepped down"))
        let (cookie, csrf) = try await DashboardTests.logIn(harness)
        let page = try await DashboardTests.request(harness, "/load", cookies: [cookie])
        #expect(page.text.contains("action=\"/load/rearm\""))
        let rearmed = try await DashboardTests.request(
            harness, "/load/rearm", form: ["csrf": csrf, "repo": Self.repo, "kind": "pull requests"],
            cookies: [cookie])
        #expect(rearmed.status == 200 && rearmed.text.contains("Re-armed for pull requests"))
        let after = StepDown.stored(try await harness.store.setting(StepDown.settingName(Self.repo)))
        #expect(after.reason(isPullRequest: true) == nil)
        #expect(after.armedSince[DriftWatch.key(Self.repo, "pull requests")] == harness.clock.now())

        // Re-armed: the next pull request is labelled as the policy says, and the count starts afresh.
        harness.clock.advance(60)
        _ = try await harness.send("pull_request", try opened(3), delivery: "d-4")
        #expect(try await harness.settled("d-4").state == .done)
        let third = try #require(try harness.store.evaluation(source: "\(Self.repo)#3")?.evaluation)
        #expect(third.steppedDown == nil)
        #expect(
            harness.fake.labels(Self.repo, number: 3).contains(
                "levee:\(third.verdict.rawValue.replacingOccurrences(of: "_", with: "-"))"))
    }
}
