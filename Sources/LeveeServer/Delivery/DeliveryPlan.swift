import Foundation
import LeveeCore

/// What one delivery will do to its item, planned once before anything is carried out: the evaluation's actions,
/// the reputation stake's request for a sponsor, the sticky comment assembled from its sections (the evaluation's
/// text, the sponsor paragraph, the lifecycle's status line), the labels of an earlier verdict that go, the
/// lifecycle's effects and the comment's commands' reply and labels.
struct DeliveryPlan: Sendable, Equatable {
    var actions: [PlannedAction]
    /// Verdict labels to remove: the policy's labels for other verdicts, never a maintainer's own.
    var removing: Set<String>
    /// The lifecycle's effects, carried out after the evaluation's in the machine's order, by the same executor pass;
    /// its status line is not among them when the sticky comment above carries it.
    var lifecycle: [PlannedAction]
    /// What a comment's commands do to the item (`TrustService.run`: the reply, label changes), carried out last in the
    /// same pass.
    var commands: [PlannedAction]
    /// The reputation stake a newly opened pull request opens, appended to the ledger when the delivery records.
    var ledger: [LedgerEntry] = []

    init(
        actions: [PlannedAction], removing: Set<String>, lifecycle: [PlannedAction] = [], commands: [PlannedAction] = []
    ) {
        self.actions = actions
        self.removing = removing
        self.lifecycle = lifecycle
        self.commands = commands
    }

    /// The effects carried out after the evaluation's and the removals, in order.
    var later: [PlannedAction] { lifecycle + commands }

    /// The plan for an evaluated pull request or issue (`isItem`) or a comment or review on one. `status`: the
    /// lifecycle's status line as stored; `lifecycle`: the effects of this delivery's lifecycle step, whose newest
    /// status line replaces the stored one — written into the sticky comment when the plan writes it, so the comment
    /// is read and written once.
    init(
        _ evaluation: Evaluation, policy: Policy, isItem: Bool, sponsor: TrustService.SponsorWait?,
        status: String?, lifecycle: [PlannedAction] = []
    ) {
        var status = status
        var lifecycle = lifecycle
        var actions = evaluation.actions
        if let sponsor {
            actions.append(sponsor.label)
            if let index = actions.firstIndex(where: { $0.kind == .comment }) {
                actions[index].value += sponsor.paragraph
            } else {
                actions.append(
                    PlannedAction(
                        .comment(StickyComment.render(evaluation, policy: policy) + sponsor.paragraph),
                        reason: sponsor.label.reason, shadow: policy.shadow))
            }
        }
        // The sticky comment keeps the lifecycle's status line when the evaluation rewrites it, and takes a new one.
        if let index = actions.firstIndex(where: { $0.kind == .comment }) {
            if let new = lifecycle.last(where: { $0.kind == .status }) {
                status = new.value
                lifecycle.removeAll { $0.kind == .status }
            }
            if let status {
                actions[index].value = StickyComment.withStatus(
                    actions[index].value, section: StickyComment.statusSection(status))
            }
        }
        // The labels of an earlier verdict go when the verdict changes (an author who fixed their pull request does
        // not keep `levee:likely-slop`); only the policy's verdict labels, never a maintainer's own.
        let planned = Set(actions.filter { $0.kind == .label }.map(\.value))
        let removing =
            isItem
            ? Set(Verdict.allCases.flatMap { policy.actions.actions(for: $0).labels }).subtracting(planned) : []
        self.init(actions: actions, removing: removing, lifecycle: lifecycle)
    }
}
