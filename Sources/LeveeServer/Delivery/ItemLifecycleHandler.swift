import Foundation
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// `closed`, `labeled` and `unlabeled` on a pull request or issue: the outcome, the ledger and the lifecycle, no
/// evaluation.
struct ItemLifecycleHandler: Sendable {
    let context: ServerContext

    func handle(
        _ event: GitHubEvent, contribution: Contribution, reference: ItemReference, number: Int, logger: Logger
    ) async throws -> ProcessOutcome {
        let store = context.store
        let repo = RepositoryRef(fullName: reference.repository, installationID: event.installationID)
        let (policy, _) = try await context.policies.policy(for: repo)
        let target = LifecycleService.Target(
            event, repo: repo, number: number, contribution: contribution, policy: policy,
            shadow: try await context.shadow.isShadow(policy))
        let lifecycle = context.lifecycle
        let action = event.action ?? "-"
        var summary: [String] = []
        var records: [ActionRecord] = []
        switch action {
        case "closed":
            try await store.markClosed(repository: reference.repository, number: number, at: context.now())
            let outcome = ItemOutcome(
                closed: event.item?.json, repository: reference.repository, number: number,
                isPullRequest: target.isPullRequest, author: target.author, closedBy: event.sender,
                said: try await store.storedEvaluation(source: reference.description)?.evaluation,
                at: context.now())
            try await store.saveOutcome(outcome)
            summary.append("outcome \(outcome.kind.rawValue)")
            // A decision: the drift watch reads it, and may step Levee down for the kind here.
            for kind in try await context.decisions.refresh(reference.repository, logger: logger) {
                summary.append("stepped down for \(kind)")
            }
            if target.isPullRequest, !target.author.isEmpty {
                summary.append(
                    try await context.trust.settle(
                        item: reference.description, author: target.author, merged: event.item?.merged == true,
                        policy: policy,
                        // The calibration matters only to a ledger that settles: no read otherwise.
                        scoring: policy.trust.reputation.enabled
                            ? try await context.policies.scoring(reference.repository) : .default))
            }
            records += try await lifecycle.handle(.closed, target: target)
            // A slot freed: the author's oldest parked item takes it.
            if let parked = try await store.lifecycleItems(
                repository: reference.repository, author: target.author, phase: .parked
            ).first(where: { $0.number != number }) {
                var other = target
                other.number = parked.number
                other.isPullRequest = parked.isPullRequest
                records += try await lifecycle.handle(.slotFreed, target: other)
                summary.append("unparked #\(parked.number)")
            }
        case "labeled", "unlabeled":
            if let label = event.label {
                records += try await lifecycle.handle(
                    action == "labeled" ? .labeled(label) : .unlabeled(label), target: target)
            }
        default: break
        }
        try await store.replaceActions(deliveryID: event.deliveryID, with: records)
        summary.append("\(reference): lifecycle \(action)" + (records.isEmpty ? "" : ", \(records.count) action(s)"))
        return ProcessOutcome(summary: summary.joined(separator: "; "), evaluated: false)
    }
}
