import Foundation

/// Something Levee does to an item on GitHub — or, in shadow mode, records that it would. The planner, the
/// lifecycle's state machine and the ledger's sponsor request produce effects; one executor (`ActionExecutor`)
/// carries each out idempotently, and the action log stores each as its `kind` and `value`.
public enum Effect: Sendable, Hashable {
    case addLabel(String)
    case removeLabel(String)
    /// The whole body of the one sticky comment.
    case comment(String)
    /// A comment of its own answering a `/levee` command (or vouch's words) under the comment that gave it; never the
    /// sticky comment.
    case reply(String)
    /// The status line of the sticky comment, replaced in place.
    case status(String)
    case close
    case reopen
    case lock
    /// The `Levee` check run's conclusion on the pull request's head commit.
    case checkRun(conclusion: String)
    /// Approve the workflow runs of this head commit that wait for a maintainer (forks of first-time contributors).
    case approveWorkflowRuns(headSHA: String)
    case assign(login: String)
    case requestReview(login: String)

    /// The kinds of effect, by the names the action log stores (exactly the `action_log.kind` CHECK).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case label, unlabel, comment, reply, status, close, reopen, lock
        case checkRun = "check_run"
        case approveRuns = "approve_runs"
        case assign
        case requestReview = "request_review"
    }

    public var kind: Kind {
        switch self {
        case .addLabel: .label
        case .removeLabel: .unlabel
        case .comment: .comment
        case .reply: .reply
        case .status: .status
        case .close: .close
        case .reopen: .reopen
        case .lock: .lock
        case .checkRun: .checkRun
        case .approveWorkflowRuns: .approveRuns
        case .assign: .assign
        case .requestReview: .requestReview
        }
    }

    /// What the action log stores beside the kind: the label, the Markdown, the conclusion, the login, the head
    /// commit; the state reached for a close, reopen or lock.
    public var value: String {
        switch self {
        case .addLabel(let text), .removeLabel(let text), .comment(let text), .reply(let text), .status(let text): text
        case .checkRun(let conclusion): conclusion
        case .approveWorkflowRuns(let sha): sha
        case .assign(let login), .requestReview(let login): login
        case .close: "closed"
        case .reopen: "open"
        case .lock: "locked"
        }
    }

    /// The effect a stored kind and value describe (the inverse of `kind` and `value`).
    public init(kind: Kind, value: String) {
        switch kind {
        case .label: self = .addLabel(value)
        case .unlabel: self = .removeLabel(value)
        case .comment: self = .comment(value)
        case .reply: self = .reply(value)
        case .status: self = .status(value)
        case .close: self = .close
        case .reopen: self = .reopen
        case .lock: self = .lock
        case .checkRun: self = .checkRun(conclusion: value)
        case .approveRuns: self = .approveWorkflowRuns(headSHA: value)
        case .assign: self = .assign(login: value)
        case .requestReview: self = .requestReview(login: value)
        }
    }

    /// GitHub's label names are case-insensitive: `Bug` and `bug` are one label. Every comparison of labels goes
    /// through here.
    public static func sameLabel(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        labelKey(a) == labelKey(b)
    }

    /// The form two labels are equal in (for sets of labels).
    public static func labelKey(_ label: some StringProtocol) -> String { label.lowercased() }

    /// Whether `labels` has `label`, without regard to case.
    public static func labels(_ labels: some Sequence<String>, contain label: String) -> Bool {
        labels.contains { sameLabel($0, label) }
    }
}
