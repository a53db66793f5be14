import Foundation
import LeveeCore

/// What became of one planned action when it met GitHub.
public struct ExecutedAction: Sendable, Hashable {
    public enum Status: String, Sendable {
        /// Sent and accepted.
        case sent
        /// Already so on GitHub: nothing was sent.
        case unchanged
        /// Refused for good (permissions, validation); the detail says why.
        case failed
    }

    public var action: PlannedAction
    public var status: Status
    public var detail: String?

    public init(action: PlannedAction, status: Status, detail: String? = nil) {
        self.action = action
        self.status = status
        self.detail = detail
    }
}

/// The contribution an action is about.
public struct ActionTarget: Sendable, Hashable {
    public var repository: RepositoryRef
    public var number: Int
    /// The pull request's head commit, for the check run.
    public var headSHA: String?
    /// Set when `number` is a discussion's (vouch's manage-by-discussion): a reply then goes under its comment.
    public var discussion: DiscussionThread?

    public init(repository: RepositoryRef, number: Int, headSHA: String? = nil, discussion: DiscussionThread? = nil) {
        self.repository = repository
        self.number = number
        self.headSHA = headSHA
        self.discussion = discussion
    }
}

/// Where a reply in a discussion goes: the discussion's node id and the top-level comment it answers (nil: beside a
/// comment that is itself a reply).
public struct DiscussionThread: Sendable, Hashable {
    public var nodeID: String
    public var replyTo: String?

    public init(nodeID: String, replyTo: String?) {
        self.nodeID = nodeID
        self.replyTo = replyTo
    }
}

/// Carries out effects — the evaluation's, the lifecycle's, the ledger's — so that doing it twice changes nothing: a
/// label already there is not added again (nor one absent removed), the sticky comment is found by its hidden marker
/// and edited only when its text changed, a closed item is not closed again, one check run per commit is updated in
/// place. A failure that may pass (rate limit, 5xx, timeout) is thrown so the worker retries the whole delivery
/// later; a refusal is recorded as `failed` and the rest go on. Labels are compared without regard to case, as
/// GitHub does (`Effect.sameLabel`).
public struct ActionExecutor: Sendable {
    public static let checkRunName = "Levee"
    /// The order an evaluation's actions are sent in: labels first, a close or lock last (a closed item still shows
    /// why). The lifecycle's effects are sent in the order its state machine gives them.
    public static let order: [Effect.Kind] = [.label, .comment, .checkRun, .close, .lock]
    let client: GitHubClient

    public init(client: GitHubClient) {
        self.client = client
    }

    /// What the executor has read of the item, so a batch asks GitHub once and sees its own changes: the labels,
    /// the state, the sticky comment.
    public struct ItemState: Sendable {
        var labels: [String]?
        var closed: Bool?
        var locked: Bool?
        /// nil: not read yet; `.some(nil)`: the item has no sticky comment.
        var sticky: StickyFound??

        public init() {}
    }

    /// The sticky comment as read (or last written): its id and body.
    struct StickyFound: Sendable {
        var id: Int
        var body: String
    }

    /// The sticky comment, read once per batch.
    func sticky(_ target: ActionTarget, _ state: inout ItemState) async throws -> StickyFound? {
        if let known = state.sticky { return known }
        let found = try await client.stickyComment(target.repository, number: target.number).map {
            StickyFound(id: $0.id, body: $0.body)
        }
        state.sticky = .some(found)
        return found
    }

    /// Makes the sticky comment read `body`: edited in place when it changed, created when there is none.
    func writeSticky(_ body: String, on target: ActionTarget, state: inout ItemState) async throws
        -> (ExecutedAction.Status, String?)
    {
        if let current = try await sticky(target, &state) {
            if current.body == body { return (.unchanged, nil) }
            try await client.updateComment(target.repository, id: current.id, body: body)
            state.sticky = .some(StickyFound(id: current.id, body: body))
            return (.sent, "edited comment \(current.id)")
        }
        let id = try await client.createComment(target.repository, number: target.number, body: body)
        state.sticky = id.map { .some(StickyFound(id: $0, body: body)) }
        return (.sent, id.map { "comment \($0)" })
    }

    /// Whether the item is closed and locked, asked of GitHub once per batch.
    func readState(_ target: ActionTarget, into state: inout ItemState) async throws {
        guard state.closed == nil || state.locked == nil else { return }
        let issue = try await client.issue(target.repository, number: target.number)
        state.closed = issue["state"]?.string == "closed"
        state.locked = issue["locked"]?.bool == true
    }

    /// An evaluation's actions in `order`, then `removing`: labels to take off when present (an earlier verdict's),
    /// recorded with `removalReason`; then `later` (the lifecycle's effects) in the order given. One pass: what it
    /// read of the item (labels, state) it reads once.
    public func perform(
        _ actions: [PlannedAction], on target: ActionTarget, summary: String, removing: Set<String> = [],
        removalReason: String = "no longer the verdict", then later: [PlannedAction] = []
    ) async throws -> [ExecutedAction] {
        let sorted = actions.sorted { Self.order.firstIndex(of: $0.kind)! < Self.order.firstIndex(of: $1.kind)! }
        var state = ItemState()
        var results: [ExecutedAction] = []
        for action in sorted {
            results.append(try await carryOut(action, on: target, summary: summary, state: &state))
        }
        if !removing.isEmpty {
            if state.labels == nil {
                state.labels = try await client.issueLabels(target.repository, number: target.number)
            }
            for label in state.labels! where removing.contains(where: { Effect.sameLabel($0, label) }) {
                let action = PlannedAction(.removeLabel(label), reason: removalReason, shadow: false)
                results.append(try await carryOut(action, on: target, summary: summary, state: &state))
            }
        }
        for action in later {
            results.append(try await carryOut(action, on: target, summary: summary, state: &state))
        }
        return results
    }

    /// One effect, with a refusal recorded as `failed`.
    public func carryOut(_ action: PlannedAction, on target: ActionTarget, summary: String, state: inout ItemState)
        async throws -> ExecutedAction
    {
        do {
            let (status, detail) = try await send(
                action.effect, on: target, title: "Levee: \(action.reason)", summary: summary, state: &state)
            return ExecutedAction(action: action, status: status, detail: detail)
        } catch let error as GitHubError where error.retryAt == nil {
            return ExecutedAction(action: action, status: .failed, detail: error.description)
        }
    }

    /// Sends one effect unless GitHub already shows it. `title` and `summary` are the check run's.
    func send(
        _ effect: Effect, on target: ActionTarget, title: String, summary: String, state: inout ItemState
    ) async throws -> (ExecutedAction.Status, String?) {
        let repo = target.repository
        let number = target.number
        switch effect {
        case .addLabel(let label), .removeLabel(let label):
            if state.labels == nil { state.labels = try await client.issueLabels(repo, number: number) }
            let adding = effect.kind == .label
            if Effect.labels(state.labels!, contain: label) == adding { return (.unchanged, nil) }
            if adding {
                try await client.addLabels(repo, number: number, [label])
                state.labels!.append(label)
            } else {
                // The name as GitHub spells it on the item.
                let name = state.labels!.first { Effect.sameLabel($0, label) } ?? label
                try await client.removeLabel(repo, number: number, name)
                state.labels!.removeAll { Effect.sameLabel($0, label) }
            }
            return (.sent, nil)
        case .comment(let body):
            return try await writeSticky(body, on: target, state: &state)
        case .reply(let text):
            // The first line is the reply's marker (`<!-- levee:reply:ID -->`): posted once, whatever the retries.
            let marker = String(text.prefix { $0 != "\n" })
            let body = String(text.dropFirst(marker.count).drop { $0 == "\n" })
            let sent =
                if let thread = target.discussion {
                    try await client.replyToDiscussionOnce(
                        repo, number: number, discussionID: thread.nodeID, replyTo: thread.replyTo, marker: marker,
                        body: body)
                } else {
                    try await client.replyOnce(repo, number: number, marker: marker, body: body)
                }
            return (sent ? .sent : .unchanged, nil)
        case .status(let text):
            // The status line replaces the comment's status section; the rest of the comment stays as it is.
            let current = try await sticky(target, &state)
            let status = try await writeSticky(
                StickyComment.withStatus(text, in: current?.body), on: target, state: &state)
            return (status.0, nil)
        case .checkRun(let conclusion):
            guard let sha = target.headSHA else { return (.failed, "no head commit") }
            let existing = try await client.checkRuns(repo, sha: sha, name: Self.checkRunName).first
            if let existing, existing["conclusion"]?.string == conclusion { return (.unchanged, nil) }
            try await client.completeCheckRun(
                repo, sha: sha, name: Self.checkRunName, conclusion: conclusion, title: title, summary: summary,
                existing: existing?["id"]?.int)
            return (.sent, nil)
        case .close, .reopen:
            try await readState(target, into: &state)
            let closing = effect == .close
            if state.closed == closing { return (.unchanged, nil) }
            if closing {
                try await client.close(repo, number: number)
            } else {
                try await client.reopen(repo, number: number)
            }
            state.closed = closing
            return (.sent, nil)
        case .lock:
            try await readState(target, into: &state)
            if state.locked == true { return (.unchanged, nil) }
            try await client.lock(repo, number: number)
            state.locked = true
            return (.sent, nil)
        case .approveWorkflowRuns(let sha):
            guard !sha.isEmpty else { return (.failed, "no head commit") }
            let approved = try await client.approvePendingRuns(repo, headSHA: sha)
            return (approved == 0 ? .unchanged : .sent, "\(approved) workflow run(s) approved")
        case .assign(let login):
            try await client.assign(repo, number: number, [login])
            return (.sent, nil)
        case .requestReview(let login):
            try await client.requestReviewers(repo, number: number, [login])
            return (.sent, nil)
        }
    }
}
