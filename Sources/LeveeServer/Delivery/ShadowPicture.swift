import Foundation
import LeveeCore
import LeveeGitHub
import LeveeStore

/// What shadow mode has "done" to one item so far, as GitHub would show it had the actions been sent: the labels on
/// it, the sticky comment's text, whether it was closed or locked, the check run's conclusion.
///
/// It starts from what GitHub says (the delivery's labels and state) and replays the item's earlier shadow records
/// in order, so that a rehearsal records each would-be action once: a label is put on once (and again only after it
/// came off), the comment when its text changes, a close or a lock once. The live path gets the same from
/// `ActionExecutor`, which asks GitHub; the shadow path has only its own records to ask.
struct ShadowPicture: Equatable {
    /// By `Effect.labelKey`: GitHub's label names are case-insensitive.
    private(set) var labels: Set<String>
    private(set) var comment: String?
    private(set) var closed: Bool
    private(set) var locked: Bool
    private(set) var checkRun: String?

    /// `labels` and `closed`: what GitHub says now (the delivery's payload); `reopened`: this delivery reopens the
    /// item. `records`: the item's action log in order; only other deliveries' shadow records count (a retried
    /// delivery replaces its own).
    init(labels: [String], closed: Bool, reopened: Bool, records: [ActionRecord], excluding deliveryID: String) {
        self.labels = Set(labels.map(Effect.labelKey))
        self.closed = false
        self.locked = false
        for record in records where record.status == .shadow && record.deliveryID != deliveryID {
            apply(Effect(kind: record.kind, value: record.value))
        }
        if reopened { self.closed = false }
        if closed { self.closed = true }
    }

    private mutating func apply(_ effect: Effect) {
        switch effect {
        case .addLabel(let label): labels.insert(Effect.labelKey(label))
        case .removeLabel(let label): labels.remove(Effect.labelKey(label))
        case .comment(let body): comment = body
        case .close: closed = true
        case .lock: locked = true
        case .checkRun(let conclusion): checkRun = conclusion
        case .reply, .status, .reopen, .approveWorkflowRuns, .assign, .requestReview: break
        }
    }

    /// Whether `effect` would change what GitHub shows.
    func changes(_ effect: Effect) -> Bool {
        switch effect {
        case .addLabel(let label): !labels.contains(Effect.labelKey(label))
        case .removeLabel(let label): labels.contains(Effect.labelKey(label))
        case .comment(let body): comment != body
        case .close: !closed
        case .lock: !locked
        case .checkRun(let conclusion): checkRun != conclusion
        case .reply, .status, .reopen, .approveWorkflowRuns, .assign, .requestReview: true
        }
    }

    /// The would-be actions of one delivery that change the picture, in the order the executor sends them, then the
    /// earlier verdict's labels that would come off (with `removalReason`); the picture moves with them.
    mutating func rehearse(_ actions: [PlannedAction], removing stale: Set<String>, removalReason: String = "")
        -> [PlannedAction]
    {
        let sorted = actions.sorted {
            ActionExecutor.order.firstIndex(of: $0.kind)! < ActionExecutor.order.firstIndex(of: $1.kind)!
        }
        let removals = stale.sorted().map { PlannedAction(.removeLabel($0), reason: removalReason, shadow: true) }
        var result: [PlannedAction] = []
        for action in sorted + removals where changes(action.effect) {
            apply(action.effect)
            result.append(action)
        }
        return result
    }
}
