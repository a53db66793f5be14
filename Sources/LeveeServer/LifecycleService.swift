import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import ServiceLifecycle

/// Applies lifecycle events to stored items and carries out what the state machine decides: on GitHub, or, in shadow
/// mode, only in the action log. Effects are idempotent (labels added only when missing, the status line edited only
/// when it changed, close and reopen only when the state differs), so an event or a timer handled again after a crash
/// changes nothing more.
struct LifecycleService: Sendable {
    let client: GitHubClient?
    let store: any LifecycleStore & ActionLogStore
    let now: @Sendable () -> Date

    struct Target: Sendable {
        var repo: RepositoryRef
        var number: Int
        var isPullRequest: Bool
        var author: String
        var body: String
        var policy: Policy
        var shadow: Bool
        var deliveryID: String
    }

    /// Whether the policy asks for any lifecycle behaviour at all.
    static func isActive(_ policy: Policy) -> Bool {
        policy.lifecycle != LifecyclePolicy() || policy.caps.openPRsPerNonWriter != nil
            || policy.caps.openAIPRsPerAuthor != nil
    }

    func handle(_ event: LifecycleEvent, target: Target) async throws -> [ActionRecord] {
        guard Self.isActive(target.policy) else { return [] }
        let stored = try await store.lifecycleItem(repository: target.repo.fullName, number: target.number)
        if stored == nil, case .tick = event { return [] }
        var item =
            stored
            ?? LifecycleItem(
                repository: target.repo.fullName, number: target.number, isPullRequest: target.isPullRequest,
                author: target.author, body: String(target.body.prefix(20_000)))
        item.installationID = target.repo.installationID ?? item.installationID
        // Only a new item is assigned a mentor or triager; other events need no load count.
        var load: [String: Int] = [:]
        if case .opened = event { load = try await store.helperLoad(repository: target.repo.fullName) }
        let (next, effects) = LifecycleMachine(policy: target.policy, load: load).apply(event, to: item, now: now())
        let records = try await perform(effects, item: next, target: target)
        if next != item || stored == nil { try await store.saveLifecycleItem(next) }
        return records
    }

    func perform(_ effects: [LifecycleEffect], item: LifecycleItem, target: Target) async throws -> [ActionRecord] {
        var records: [ActionRecord] = []
        var labels: [String]?
        for effect in effects {
            let (kind, value) = Self.describe(effect, item: item)
            var status: ActionStatus = .shadow
            var detail: String?
            if let client, !target.shadow {
                do {
                    (status, detail) = try await send(
                        effect, item: item, repo: target.repo, client: client, labels: &labels)
                } catch let error as GitHubError where error.retryAt == nil {
                    (status, detail) = (.failed, error.description)
                }
            }
            records.append(
                ActionRecord(
                    deliveryID: target.deliveryID, repository: target.repo.fullName, number: target.number, kind: kind,
                    value: value, reason: "lifecycle: \(item.phase.rawValue)", status: status, detail: detail,
                    at: now()))
        }
        return records
    }

    /// `labels`: the item's labels, fetched by the first label effect and kept up to date for the next ones.
    func send(
        _ effect: LifecycleEffect, item: LifecycleItem, repo: RepositoryRef, client: GitHubClient,
        labels: inout [String]?
    ) async throws -> (ActionStatus, String?) {
        let number = item.number
        switch effect {
        case .addLabel(let label), .removeLabel(let label):
            if labels == nil { labels = try await client.issueLabels(repo, number: number) }
            let adding = effect == .addLabel(label)
            if labels!.contains(label) == adding { return (.unchanged, nil) }
            if adding {
                try await client.addLabels(repo, number: number, [label])
                labels!.append(label)
            } else {
                try await client.removeLabel(repo, number: number, label)
                labels!.removeAll { $0 == label }
            }
        case .status(let text):
            return (try await client.setStickyStatus(repo, number: number, status: text) ? .sent : .unchanged, nil)
        case .close, .reopen:
            let state = try await client.issue(repo, number: number)["state"]?.string
            let wanted = effect == .close ? "closed" : "open"
            if state == wanted { return (.unchanged, nil) }
            if effect == .close {
                try await client.close(repo, number: number)
            } else {
                try await client.reopen(repo, number: number)
            }
        case .approveWorkflowRuns:
            guard let sha = item.headSHA else { return (.failed, "no head commit") }
            let approved = try await client.approvePendingRuns(repo, headSHA: sha)
            return (approved == 0 ? .unchanged : .sent, "\(approved) workflow run(s) approved")
        case .assign(let login):
            try await client.assign(repo, number: number, [login])
        case .requestReview(let login):
            try await client.requestReviewers(repo, number: number, [login])
        }
        return (.sent, nil)
    }

    static func describe(_ effect: LifecycleEffect, item: LifecycleItem) -> (ActionLogKind, String) {
        switch effect {
        case .addLabel(let label): return (.label, label)
        case .removeLabel(let label): return (.unlabel, label)
        case .status(let text): return (.status, text)
        case .close: return (.close, "closed")
        case .reopen: return (.reopen, "open")
        case .approveWorkflowRuns: return (.approveRuns, item.headSHA ?? "")
        case .assign(let login): return (.assign, login)
        case .requestReview(let login): return (.requestReview, login)
        }
    }
}

/// Fires the lifecycle's timers: every `interval` it takes the items whose deadline has passed and sends them a tick.
/// Deadlines live in the database, so a restart loses none, and an item a timer moved on is no longer due, so none
/// fires twice. With several replicas on one database only the one holding the `lifecycle-timers` lease fires them
/// (the lease lasts ten intervals and at least a minute, and its holder renews it on every round).
struct LifecycleTimerService: Service {
    let interval: Duration
    let store: any LifecycleStore & ActionLogStore & LeaseStore
    let owner: String
    let context: ServerContext
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                _ = try await fire()
            } catch {
                logger.warning("lifecycle timers failed; trying again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Ticks every due item once; returns how many.
    @discardableResult
    func fire() async throws -> Int {
        let seconds = max(60, 10 * (interval / .seconds(1)))
        guard try await store.acquireLease(name: "lifecycle-timers", owner: owner, now: now(), seconds: seconds) else {
            return 0
        }
        let due = try await store.dueLifecycleItems(now: now(), limit: 100)
        for item in due {
            let repo = RepositoryRef(fullName: item.repository, installationID: item.installationID)
            let (policy, _) = try await context.policies.policy(for: repo)
            let deliveryID = "timer:\(item.repository)#\(item.number)@\(Int(item.deadline?.timeIntervalSince1970 ?? 0))"
            let service = LifecycleService(client: context.client, store: store, now: now)
            let records = try await service.handle(
                .tick,
                target: .init(
                    repo: repo, number: item.number, isPullRequest: item.isPullRequest, author: item.author,
                    body: item.body, policy: policy, shadow: try await context.shadow.isShadow(policy),
                    deliveryID: deliveryID))
            try await store.replaceActions(deliveryID: deliveryID, with: records)
            logger.info(
                "lifecycle timer",
                metadata: ["item": "\(item.repository)#\(item.number)", "actions": "\(records.count)"])
        }
        return due.count
    }
}
