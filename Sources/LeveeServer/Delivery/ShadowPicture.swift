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
    /// Lower-cased: GitHub's label names are case-insensitive.
    private(set) var labels: Set<String>
    private(set) var comment: String?
    private(set) var closed: Bool
    private(set) var locked: Bool
    private(set) var checkRun: String?

    /// `labels` and `closed`: what GitHub says now (the delivery's payload); `reopened`: this delivery reopens the
    /// item. `records`: the item's action log in order; only other deliveries' shadow records count (a retried
    /// delivery replaces its own).
    init(labels: [String], closed: Bool, reopened: Bool, records: [ActionRecord], excluding deliveryID: String) {
        self.labels = Set(labels.map { $0.lowercased() })
        self.closed = false
        self.locked = false
        for record in records where record.status == .shadow && record.deliveryID != deliveryID {
            apply(kind: record.kind, value: record.value)
        }
        if reopened { self.closed = false }
        if closed { self.closed = true }
    }

    private mutating func apply(kind: ActionLogKind, value: String) {
        switch kind {
        case .label: labels.insert(value.lowercased())
        case .unlabel: labels.remove(value.lowercased())
        case .comment: comment = value
        case .close: closed = true
        case .lock: locked = true
        case .checkRun: checkRun = value
        case .status, .reopen, .approveRuns, .assign, .requestReview: break
        }
    }

    /// Whether `action` would change what GitHub shows.
    func changes(_ action: PlannedAction) -> Bool {
        switch action.kind {
        case .label: !labels.contains(action.value.lowercased())
        case .comment: comment != action.value
        case .close: !closed
        case .lock: !locked
        case .checkRun: checkRun != action.value
        }
    }

    /// The would-be actions of one delivery that change the picture, in the order the executor sends them, then the
    /// earlier verdict's labels that would come off; the picture moves with them.
    mutating func rehearse(_ actions: [PlannedAction], removing stale: Set<String>) -> [(
        kind: ActionLogKind, value: String, reason: String, removed: Bool
    )] {
        var result: [(kind: ActionLogKind, value: String, reason: String, removed: Bool)] = []
        let sorted = actions.sorted {
            ActionExecutor.order.firstIndex(of: $0.kind)! < ActionExecutor.order.firstIndex(of: $1.kind)!
        }
        for action in sorted where changes(action) {
            apply(kind: ActionLogKind(action.kind), value: action.value)
            result.append((ActionLogKind(action.kind), action.value, action.reason, false))
        }
        for label in stale.sorted() where labels.contains(label.lowercased()) {
            apply(kind: .unlabel, value: label)
            result.append((.unlabel, label, "", true))
        }
        return result
    }
}
