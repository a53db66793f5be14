import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// What came of processing one delivery: one line for the inbox and the log.
public struct ProcessOutcome: Sendable {
    public var summary: String
    public var evaluated: Bool
}

/// Another delivery of the same item is being processed; this one waits its turn (not counted as an attempt).
public struct ItemBusy: Error, CustomStringConvertible {
    public var item: String
    public var description: String { "\(item) is being processed by another delivery" }
}

/// Turns one stored delivery into what Levee does about it: decodes it once into a `GitHubEvent`, then hands it to
/// the one handler of its kind — `ContributionHandler` (evaluate, in named stages), `ItemLifecycleHandler` (closed,
/// labeled), `DiscussionCommandHandler`, `PrivateReportHandler`, `InstallationHandler` — holding the item's lease
/// while a pull request or issue is handled.
public struct DeliveryProcessor: Sendable {
    public struct Settings: Sendable {
        /// Shadow mode set by the server's configuration; the repository's policy can only add to it.
        public var shadow: Bool
        /// The policy for repositories that have no `.github/levee.yml`.
        public var fallbackPolicy: Policy

        /// Where the repositories' source indexes are (`<folder>/<owner>/<repo>.json`); nil: claims are not checked.
        public var sourceIndexFolder: String?
        /// How long one delivery may hold its item (`worker.lease_seconds`): a crashed holder's hold runs out then.
        public var itemLease: TimeInterval

        public init(
            shadow: Bool = true, fallbackPolicy: Policy = .builtin, sourceIndexFolder: String? = nil,
            itemLease: TimeInterval = 120
        ) {
            self.shadow = shadow
            self.fallbackPolicy = fallbackPolicy
            self.sourceIndexFolder = sourceIndexFolder
            self.itemLease = itemLease
        }
    }

    /// Webhook events and actions that carry something to evaluate; every other delivery is stored and ignored.
    public static let evaluatedActions: [String: Set<String>] = [
        "pull_request": ["opened", "reopened", "edited", "synchronize", "ready_for_review"],
        "issues": ["opened", "reopened", "edited"],
        "issue_comment": ["created", "edited"],
        "pull_request_review": ["submitted", "edited"],
        "pull_request_review_comment": ["created", "edited"],
    ]
    /// Actions on a pull request or issue that move its lifecycle without an evaluation.
    static let lifecycleActions: Set<String> = ["closed", "labeled", "unlabeled"]

    /// Webhook events read only for the vouch list's commands (`DiscussionCommands.swift`).
    public static let commandEvents: Set<String> = ["discussion_comment"]
    /// The webhook event of GitHub's private vulnerability reports (action `reported`).
    public static let advisoryEvent = "repository_advisory"
    /// The inbox's event name for reports sent to `POST /reports` (never a GitHub event name).
    public static let intakeEvent = "levee_report"

    public let context: ServerContext

    public init(context: ServerContext) { self.context = context }

    public init(
        settings: Settings, client: GitHubClient?, store: any ServerStore, metrics: ServerMetrics,
        now: @escaping @Sendable () -> Date
    ) {
        self.init(context: ServerContext(settings: settings, client: client, store: store, metrics: metrics, now: now))
    }

    public func process(_ item: InboxItem, logger: Logger) async throws -> ProcessOutcome {
        let event = try GitHubEvent.decode(item.delivery)
        switch event.kind {
        case .discussionComment:
            return try await DiscussionCommandHandler(context: context).handle(event, logger: logger)
        case .repositoryAdvisory, .reportIntake:
            return try await PrivateReportHandler(context: context).handle(event, logger: logger)
        case .installation, .installationRepositories:
            return try await InstallationHandler(context: context).handle(event)
        case .pullRequest, .issues, .issueComment, .review, .reviewComment:
            return try await onItem(event, logger: logger)
        case .other:
            return Self.ignored(event)
        }
    }

    static func ignored(_ event: GitHubEvent) -> ProcessOutcome {
        ProcessOutcome(summary: "ignored: \(event.name).\(event.action ?? "-")", evaluated: false)
    }

    /// A delivery about a pull request or issue (or a comment or review on one), handled while it holds the item.
    func onItem(_ event: GitHubEvent, logger: Logger) async throws -> ProcessOutcome {
        let action = event.action ?? "-"
        guard let contribution = event.contribution, let fullName = event.repository,
            let number = contribution.number
        else { return Self.ignored(event) }
        let lifecycleOnly = event.kind.isItem && Self.lifecycleActions.contains(action)
        let evaluated = Self.evaluatedActions[event.name]?.contains(action) == true
        guard evaluated || lifecycleOnly else { return Self.ignored(event) }
        // One delivery of an item at a time, across workers and replicas: two deliveries of the same pull request
        // processed at once would each find no sticky comment and each post one. A busy item puts the delivery back.
        let reference = ItemReference(repository: fullName, number: number)
        let lock = "item:\(reference)"
        let store = context.store
        guard
            try await store.acquireLease(
                name: lock, owner: event.deliveryID, now: context.now(), seconds: context.itemLease)
        else {
            throw ItemBusy(item: reference.description)
        }
        do {
            let outcome =
                lifecycleOnly
                ? try await ItemLifecycleHandler(context: context).handle(
                    event, contribution: contribution, reference: reference, number: number, logger: logger)
                : try await ContributionHandler(context: context).handle(
                    event, contribution: contribution, reference: reference, number: number, logger: logger)
            try? await store.releaseLease(name: lock, owner: event.deliveryID)
            return outcome
        } catch {
            try? await store.releaseLease(name: lock, owner: event.deliveryID)
            throw error
        }
    }
}
