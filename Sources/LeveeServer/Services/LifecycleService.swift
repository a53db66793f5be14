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

    /// One event applied to an item, planned and not yet carried out: the item before (nil when Levee had not seen it)
    /// and after, and the effects to carry out. `commit` stores the item once the effects are done.
    struct Step: Sendable {
        /// The item as stored before the delivery; nil when Levee had not seen it.
        var stored: LifecycleItem?
        var next: LifecycleItem
        var effects: [Effect]
        var reason: String { "lifecycle: \(next.phase.rawValue)" }
    }

    /// The machine's answer to `event`, from `item` (a step planned before in the same delivery) or the stored item;
    /// nil when the policy asks for no lifecycle or a timer finds nothing stored. Reads, never writes.
    func step(_ event: LifecycleEvent, target: Target, after earlier: Step? = nil) async throws -> Step? {
        guard Self.isActive(target.policy) else { return nil }
        let stored =
            if let earlier { earlier.stored } else {
                try await store.lifecycleItem(repository: target.repo.fullName, number: target.number)
            }
        if stored == nil, earlier == nil, case .tick = event { return nil }
        var item =
            earlier?.next ?? stored
            ?? LifecycleItem(
                repository: target.repo.fullName, number: target.number, isPullRequest: target.isPullRequest,
                author: target.author, body: String(target.body.prefix(20_000)))
        item.installationID = target.repo.installationID ?? item.installationID
        // Only a new item is assigned a mentor or triager; other events need no load count.
        var load: [String: Int] = [:]
        if case .opened = event { load = try await store.helperLoad(repository: target.repo.fullName) }
        let (next, effects) = LifecycleMachine(policy: target.policy, load: load).apply(event, to: item, now: now())
        return Step(stored: stored, next: next, effects: effects)
    }

    /// Stores the item a step reached, when it changed or is new.
    func commit(_ step: Step) async throws {
        if step.next != step.stored || step.stored == nil { try await store.saveLifecycleItem(step.next) }
    }

    /// A lifecycle event on its own (a timer, a label, a close): planned, carried out, stored.
    func handle(_ event: LifecycleEvent, target: Target) async throws -> [ActionRecord] {
        guard let step = try await step(event, target: target) else { return [] }
        let records = try await perform(step.effects, item: step.next, target: target)
        try await commit(step)
        return records
    }

    /// Carries the machine's effects out in order through the one executor — or, in shadow mode, only records them.
    func perform(_ effects: [Effect], item: LifecycleItem, target: Target) async throws -> [ActionRecord] {
        var records: [ActionRecord] = []
        var state = ActionExecutor.ItemState()
        let reason = "lifecycle: \(item.phase.rawValue)"
        let on = ActionTarget(repository: target.repo, number: target.number, headSHA: item.headSHA)
        for effect in effects {
            var status: ActionStatus = .shadow
            var detail: String?
            if let client, !target.shadow {
                let executed = try await ActionExecutor(client: client).carryOut(
                    PlannedAction(effect, reason: reason, shadow: false), on: on, summary: "", state: &state)
                status = ActionStatus(executed.status)
                detail = executed.detail
            }
            records.append(
                ActionRecord(
                    deliveryID: target.deliveryID, repository: target.repo.fullName, number: target.number,
                    effect: effect, reason: reason, status: status, detail: detail, at: now()))
        }
        return records
    }
}

/// Fires the lifecycle's timers: every `interval` it takes the items whose deadline has passed and sends them a tick.
/// Deadlines live in the database, so a restart loses none, and an item a timer moved on is no longer due, so none
/// fires twice. With several replicas on one database only the one holding the `lifecycle-timers` lease fires them
/// (the lease lasts ten intervals and at least a minute, and its holder renews it on every round).
struct LifecycleTimerService: Service {
    let interval: Duration
    let owner: String
    let context: ServerContext
    let logger: Logger

    var store: any ServerStore { context.store }
    var now: @Sendable () -> Date { context.now }

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                _ = try await fire()
            } catch {
                logger.warning("lifecycle timers failed; trying again", metadata: ["error": "\(error)"])
            }
            await ServicePause.sleep(interval)
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
            let reference = ItemReference(repository: item.repository, number: item.number)
            let deliveryID = "timer:\(reference)@\(Int(item.deadline?.timeIntervalSince1970 ?? 0))"
            let service = context.lifecycle
            let records = try await service.handle(
                .tick,
                target: .init(
                    repo: repo, number: item.number, isPullRequest: item.isPullRequest, author: item.author,
                    body: item.body, policy: policy, shadow: try await context.shadow.isShadow(policy),
                    deliveryID: deliveryID))
            try await store.replaceActions(deliveryID: deliveryID, with: records)
            logger.info(
                "lifecycle timer",
                metadata: ["item": "\(reference)", "actions": "\(records.count)"])
        }
        return due.count
    }
}

extension LifecycleService.Target {
    /// The item a delivery is about: the payload's pull request or issue (a comment's parent), else the contribution.
    init(
        _ event: GitHubEvent, repo: RepositoryRef, number: Int, contribution: Contribution, policy: Policy,
        shadow: Bool
    ) {
        self.init(
            repo: repo, number: number, isPullRequest: event.item?.isPullRequest ?? false,
            author: event.item?.author ?? contribution.author?.login ?? "", body: event.item?.body ?? "",
            policy: policy, shadow: shadow, deliveryID: event.deliveryID)
    }
}

extension ActionStatus {
    /// What GitHub made of a sent effect, as the action log records it.
    init(_ status: ExecutedAction.Status) {
        switch status {
        case .sent: self = .sent
        case .unchanged: self = .unchanged
        case .failed: self = .failed
        }
    }
}
