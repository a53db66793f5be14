import Foundation
import LeveeGitHub
import LeveeStore
import Logging
import ServiceLifecycle
import Synchronization

/// Rung by the webhook route after it stores a delivery, so an idle worker starts at once instead of at its
/// next poll.
public final class Doorbell: Sendable {
    private let rings = Atomic<Int>(0)

    public init() {}

    public func ring() { rings.add(1, ordering: .relaxed) }
    var value: Int { rings.load(ordering: .relaxed) }
}

/// Takes deliveries from the inbox and processes them, `concurrency` at a time. A delivery that fails is given
/// back with its error and a retry time (GitHub's rate-limit reset when it said so, otherwise an exponential
/// back-off), and set aside as dead after `maxAttempts`. On a graceful shutdown the workers finish what they hold.
public struct WorkerService: Service {
    public struct Settings: Sendable {
        public var concurrency: Int
        public var maxAttempts: Int
        public var lease: TimeInterval
        /// How long an idle worker waits before looking again when nobody rings.
        public var pollInterval: Duration

        public init(
            concurrency: Int = 2, maxAttempts: Int = 8, lease: TimeInterval = 120, pollInterval: Duration = .seconds(1)
        ) {
            self.concurrency = concurrency
            self.maxAttempts = maxAttempts
            self.lease = lease
            self.pollInterval = pollInterval
        }
    }

    let settings: Settings
    let inbox: any InboxStore
    let processor: DeliveryProcessor
    let doorbell: Doorbell
    let metrics: ServerMetrics
    let now: @Sendable () -> Date
    let logger: Logger
    /// This process's name in leases.
    let owner = "levee-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    public init(
        settings: Settings, inbox: any InboxStore, processor: DeliveryProcessor, doorbell: Doorbell,
        metrics: ServerMetrics, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.settings = settings
        self.inbox = inbox
        self.processor = processor
        self.doorbell = doorbell
        self.metrics = metrics
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<settings.concurrency {
                group.addTask { await loop(worker: index) }
            }
        }
        _ = try? await inbox.releaseLeases(owner: owner)
    }

    func loop(worker: Int) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let seen = doorbell.value
            do {
                if try await runOne() { continue }
            } catch {
                logger.error("inbox unavailable", metadata: ["error": "\(error)"])
            }
            await idle(since: seen)
        }
    }

    /// Waits until the doorbell rings or the poll interval passes.
    func idle(since seen: Int) async {
        let clock = ContinuousClock()
        let deadline = clock.now + settings.pollInterval
        while doorbell.value == seen, clock.now < deadline, !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Processes one due delivery; false when none was due.
    @discardableResult
    public func runOne() async throws -> Bool {
        // The inbox-depth gauge is read when /metrics is scraped, not counted here on every delivery.
        guard let item = try await inbox.claim(owner: owner, now: now(), lease: settings.lease) else { return false }
        var logger = self.logger
        logger[metadataKey: "delivery"] = "\(item.delivery.deliveryID)"
        logger[metadataKey: "event"] = "\(item.delivery.event)"
        logger[metadataKey: "action"] = "\(item.delivery.action ?? "-")"
        do {
            let outcome = try await processor.process(item, logger: logger)
            try await inbox.complete(id: item.id, owner: owner, outcome: outcome.summary, now: now())
            metrics.delivery(event: item.delivery.event, outcome: outcome.evaluated ? "processed" : "ignored")
            logger.debug("done", metadata: ["outcome": "\(outcome.summary)"])
        } catch let busy as ItemBusy {
            // Back in the queue at once, the attempt not counted; this worker pauses briefly (real time) so it does
            // not spin on the same delivery while the item's holder finishes.
            try await inbox.postpone(id: item.id, owner: owner, until: now())
            logger.debug("waiting for its item", metadata: ["item": "\(busy.item)"])
            try? await Task.sleep(for: .milliseconds(50))
        } catch {
            let message = "\(error)"
            if item.attempts >= settings.maxAttempts {
                try await inbox.fail(id: item.id, owner: owner, error: message, retryAt: nil, now: now())
                metrics.delivery(event: item.delivery.event, outcome: "dead")
                logger.error("gave up", metadata: ["attempts": "\(item.attempts)", "error": "\(message)"])
            } else {
                let backoff = min(5 * pow(2, Double(item.attempts - 1)), 3600)
                let retryAt = max((error as? GitHubError)?.retryAt ?? now(), now().addingTimeInterval(backoff))
                try await inbox.fail(id: item.id, owner: owner, error: message, retryAt: retryAt, now: now())
                metrics.delivery(event: item.delivery.event, outcome: "retry")
                logger.warning(
                    "failed, will retry",
                    metadata: ["attempts": "\(item.attempts)", "retry_at": "\(retryAt)", "error": "\(message)"])
            }
        }
        return true
    }
}
