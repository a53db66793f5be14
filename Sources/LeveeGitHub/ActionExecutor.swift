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
    /// The action took a label off (an earlier verdict's) rather than putting one on.
    public var removedLabel = false
}

/// The contribution an action is about.
public struct ActionTarget: Sendable, Hashable {
    public var repository: RepositoryRef
    public var number: Int
    /// The pull request's head commit, for the check run.
    public var headSHA: String?

    public init(repository: RepositoryRef, number: Int, headSHA: String? = nil) {
        self.repository = repository
        self.number = number
        self.headSHA = headSHA
    }
}

/// Performs planned actions so that doing it twice changes nothing: a label already there is not added again, the
/// sticky comment is found by its hidden marker and edited only when its text changed, a closed item is not closed
/// again, one check run per commit is updated in place. A failure that may pass (rate limit, 5xx, timeout) is thrown
/// so the worker retries the whole delivery later; a refusal is recorded as `failed` and the rest go on.
public struct ActionExecutor: Sendable {
    public static let checkRunName = "Levee"
    /// The order actions are sent in: labels first, a close or lock last (a closed item still shows why).
    public static let order: [PlannedAction.Kind] = [.label, .comment, .checkRun, .close, .lock]
    let client: GitHubClient

    public init(client: GitHubClient) {
        self.client = client
    }

    /// `removing`: labels to take off when present (an earlier verdict's), checked against the same label list.
    public func perform(
        _ actions: [PlannedAction], on target: ActionTarget, summary: String, removing: Set<String> = []
    ) async throws -> [ExecutedAction] {
        let sorted = actions.sorted { Self.order.firstIndex(of: $0.kind)! < Self.order.firstIndex(of: $1.kind)! }
        var results: [ExecutedAction] = []
        var issue: JSONValue?
        var labels: [String]?
        for action in sorted {
            do {
                switch action.kind {
                case .label:
                    if labels == nil { labels = try await client.issueLabels(target.repository, number: target.number) }
                    if labels!.contains(where: { $0.caseInsensitiveCompare(action.value) == .orderedSame }) {
                        results.append(ExecutedAction(action: action, status: .unchanged))
                    } else {
                        try await client.addLabels(target.repository, number: target.number, [action.value])
                        labels!.append(action.value)
                        results.append(ExecutedAction(action: action, status: .sent))
                    }
                case .comment:
                    results.append(try await sticky(action, on: target))
                case .checkRun:
                    guard let sha = target.headSHA else {
                        results.append(ExecutedAction(action: action, status: .failed, detail: "no head commit"))
                        continue
                    }
                    let existing = try await client.checkRuns(target.repository, sha: sha, name: Self.checkRunName)
                        .first
                    if let existing, existing["conclusion"]?.string == action.value {
                        results.append(ExecutedAction(action: action, status: .unchanged))
                    } else {
                        try await client.completeCheckRun(
                            target.repository, sha: sha, name: Self.checkRunName, conclusion: action.value,
                            title: "Levee: \(action.reason)", summary: summary, existing: existing?["id"]?.int)
                        results.append(ExecutedAction(action: action, status: .sent))
                    }
                case .close, .lock:
                    if issue == nil { issue = try await client.issue(target.repository, number: target.number) }
                    let done =
                        action.kind == .close ? issue?["state"]?.string == "closed" : issue?["locked"]?.bool == true
                    if done {
                        results.append(ExecutedAction(action: action, status: .unchanged))
                    } else {
                        if action.kind == .close {
                            try await client.close(target.repository, number: target.number)
                        } else {
                            try await client.lock(target.repository, number: target.number)
                        }
                        results.append(ExecutedAction(action: action, status: .sent))
                    }
                }
            } catch let error as GitHubError where error.retryAt == nil {
                results.append(ExecutedAction(action: action, status: .failed, detail: error.description))
            }
        }
        if !removing.isEmpty {
            if labels == nil { labels = try await client.issueLabels(target.repository, number: target.number) }
            for label in labels! where removing.contains(label) {
                let action = PlannedAction(kind: .label, value: label, reason: "no longer the verdict", shadow: false)
                do {
                    try await client.removeLabel(target.repository, number: target.number, label)
                    results.append(ExecutedAction(action: action, status: .sent, removedLabel: true))
                } catch let error as GitHubError where error.retryAt == nil {
                    results.append(
                        ExecutedAction(action: action, status: .failed, detail: error.description, removedLabel: true))
                }
            }
        }
        return results
    }

    func sticky(_ action: PlannedAction, on target: ActionTarget) async throws -> ExecutedAction {
        if let (id, body) = try await client.stickyComment(target.repository, number: target.number) {
            if body == action.value { return ExecutedAction(action: action, status: .unchanged) }
            try await client.updateComment(target.repository, id: id, body: action.value)
            return ExecutedAction(action: action, status: .sent, detail: "edited comment \(id)")
        }
        let id = try await client.createComment(target.repository, number: target.number, body: action.value)
        return ExecutedAction(action: action, status: .sent, detail: id.map { "comment \($0)" })
    }
}
