import Foundation
import LeveeCore
import LeveeStore
import Testing

@testable import LeveeServer

/// The delivery's first and third stages on their own: one decode of a recorded payload into a typed event, and the
/// plan assembled from an evaluation, a sponsor request and a status line.
@Suite struct DeliveryStageTests {
    static func delivery(_ event: String, _ file: String, action: String? = nil) throws -> InboundDelivery {
        InboundDelivery(
            deliveryID: "d-\(event)-\(file)", event: event, action: action, receivedAt: Date(timeIntervalSince1970: 0),
            body: try Shared.payload(event, file))
    }

    @Test func pullRequestClosedCarriesItsItem() throws {
        let event = try GitHubEvent.decode(Self.delivery("pull_request", "closed.payload.json", action: "closed"))
        #expect(event.kind == .pullRequest)
        #expect(event.repository == "Codertocat/Hello-World")
        #expect(event.number == 2)
        #expect(event.contribution?.kind == .pullRequest)
        #expect(event.item?.isPullRequest == true)
        #expect(event.item?.author == "Codertocat")
        #expect(event.item?.headSHA == "ec26c3e57ca3a959ca5aad62de7213c562f8c821")
        #expect(event.item?.merged == false)
        #expect(event.sender == "Codertocat")
    }

    @Test func commentOnAnIssueKnowsItsParentAndId() throws {
        let event = try GitHubEvent.decode(Self.delivery("issue_comment", "created.payload.json", action: "created"))
        #expect(event.kind == .issueComment)
        #expect(event.contribution?.kind == .comment)
        #expect(event.commentID == 492_700_400)
        #expect(event.item?.isPullRequest == false)
        #expect(event.item?.author == "Codertocat")
        #expect(event.number == 1)
    }

    @Test func labeledNamesItsLabelAndReviewItsState() throws {
        let labeled = try GitHubEvent.decode(Self.delivery("issues", "labeled.payload.json", action: "labeled"))
        #expect(labeled.label == "bug")
        let review = try GitHubEvent.decode(
            Self.delivery("pull_request_review", "submitted.payload.json", action: "submitted"))
        #expect(review.kind == .review)
        #expect(review.reviewState == "commented")
    }

    @Test func eventsWithoutAContributionAndTheIntake() throws {
        let installation = try GitHubEvent.decode(Self.delivery("installation", "created.payload.json"))
        #expect(installation.kind == .installation)
        #expect(installation.contribution == nil)
        #expect(installation.payload?["repositories"] != nil)
        let intake = try GitHubEvent.decode(
            InboundDelivery(
                deliveryID: "r-1", event: DeliveryProcessor.intakeEvent, repository: "o/r",
                receivedAt: Date(timeIntervalSince1970: 0), body: Data("# Overflow in parse\n\nSteps…".utf8)))
        #expect(intake.kind == .reportIntake)
        #expect(intake.contribution?.kind == .securityReport)
        #expect(intake.repository == "o/r")
        #expect(GitHubEvent.Kind(header: "push") == .other("push"))
    }

    @Test func aBodyThatIsNotJSONIsAnErrorNamingTheDelivery() {
        let broken = InboundDelivery(
            deliveryID: "broken-1", event: "pull_request", action: "opened",
            receivedAt: Date(timeIntervalSince1970: 0), body: Data("{\"pull_request\": ".utf8))
        #expect {
            try GitHubEvent.decode(broken)
        } throws: { error in
            "\(error)".contains("broken-1")
        }
    }

    static func evaluation(_ actions: [PlannedAction]) -> Evaluation {
        var evaluation = Evaluator().evaluate(
            Contribution(kind: .pullRequest, number: 7, title: "Fix the parser", body: "Fixes #6."),
            in: EvaluationContext(now: Date(timeIntervalSince1970: 0)))
        evaluation.actions = actions
        return evaluation
    }

    @Test func theSponsorParagraphAndTheStatusLineJoinTheStickyComment() {
        let comment = PlannedAction(.comment("Thanks!"), reason: "verdict", shadow: false)
        let sponsor = TrustService.SponsorWait(
            label: PlannedAction(.addLabel("levee:needs-sponsor"), reason: "reputation", shadow: false),
            paragraph: "\n\nWaits for a sponsor.")
        let plan = DeliveryPlan(
            Self.evaluation([comment]), policy: .builtin, isItem: true, sponsor: sponsor, status: "waiting for you")
        #expect(plan.actions.map(\.kind) == [.comment, .label])
        #expect(plan.actions[0].value.hasPrefix("Thanks!\n\nWaits for a sponsor.\n"))
        #expect(plan.actions[0].value.hasSuffix(StickyComment.statusSection("waiting for you")))
        // The builtin policy's verdict labels, none of which is planned, go; the sponsor label stays.
        let verdictLabels = Set(Verdict.allCases.flatMap { Policy.builtin.actions.actions(for: $0).labels })
        #expect(!verdictLabels.isEmpty)
        #expect(plan.removing == verdictLabels)
    }

    /// The lifecycle's step joins the plan: its newest status line is written into the sticky comment (replacing the
    /// stored one) instead of being a second write, and its other effects follow in the machine's order; without a
    /// sticky comment in the plan the status line stays an effect of its own.
    @Test func theLifecyclesStatusLineIsWrittenWithTheStickyComment() {
        let comment = PlannedAction(.comment("Thanks!"), reason: "verdict", shadow: false)
        let lifecycle = [
            PlannedAction(.status("Welcome!"), reason: "lifecycle: open", shadow: false),
            PlannedAction(.assign(login: "mentor-a"), reason: "lifecycle: open", shadow: false),
        ]
        let plan = DeliveryPlan(
            Self.evaluation([comment]), policy: .builtin, isItem: true, sponsor: nil, status: "stored status",
            lifecycle: lifecycle)
        #expect(plan.actions[0].value.hasSuffix(StickyComment.statusSection("Welcome!")))
        #expect(!plan.actions[0].value.contains("stored status"))
        #expect(plan.lifecycle.map(\.effect) == [.assign(login: "mentor-a")])
        let alone = DeliveryPlan(
            Self.evaluation([]), policy: .builtin, isItem: true, sponsor: nil, status: nil, lifecycle: lifecycle)
        #expect(alone.lifecycle == lifecycle)
    }

    @Test func aSponsorRequestWithoutACommentGetsTheRenderedOne() {
        let evaluation = Self.evaluation([])
        let sponsor = TrustService.SponsorWait(
            label: PlannedAction(.addLabel("levee:needs-sponsor"), reason: "reputation", shadow: true),
            paragraph: "\n\nWaits.")
        let plan = DeliveryPlan(evaluation, policy: .builtin, isItem: false, sponsor: sponsor, status: nil)
        #expect(plan.actions.map(\.kind) == [.label, .comment])
        #expect(plan.actions[1].value == StickyComment.render(evaluation, policy: .builtin) + "\n\nWaits.")
        #expect(plan.actions[1].reason == "reputation")
        #expect(plan.removing.isEmpty)
    }
}
