import Foundation
import Hummingbird
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import NIOCore

/// Everything the server uses from outside, passed in so tests can hand it a temporary database, a fake GitHub,
/// a fixed clock and a log they can read.
public struct ServerDependencies: Sendable {
    public var store: any ServerStore
    public var github: GitHubClient?
    public var fallbackPolicy: Policy
    public var metrics: ServerMetrics
    public var now: @Sendable () -> Date
    public var logger: Logger
    /// Called with the port the server listens on (useful with port 0).
    public var onListening: @Sendable (Int) async -> Void
    public var pollInterval: Duration
    /// How often the lifecycle's timers are checked.
    public var timerInterval: Duration

    public init(
        store: any ServerStore, github: GitHubClient?, fallbackPolicy: Policy = .builtin,
        metrics: ServerMetrics = ServerMetrics(), now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "levee"), onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        pollInterval: Duration = .seconds(1), timerInterval: Duration = .seconds(30)
    ) {
        self.store = store
        self.github = github
        self.fallbackPolicy = fallbackPolicy
        self.metrics = metrics
        self.now = now
        self.logger = logger
        self.onListening = onListening
        self.pollInterval = pollInterval
        self.timerInterval = timerInterval
    }
}

/// Builds the server: the webhook route, the dashboard, health and metrics, and the worker service, in one application whose
/// service group stops them in reverse order on SIGTERM. `levee serve` and the tests both call it.
public func buildApplication(
    configuration: ServerConfiguration, webhookSecret: String, dependencies: ServerDependencies
) async throws -> some ApplicationProtocol {
    let deps = dependencies
    // A single-process server: leases left by a process that was killed are free again. Replicas sharing a database
    // leave each other's leases alone; a dead replica's run out (`worker.lease_seconds`) and are claimed again.
    if !deps.store.sharedByReplicas {
        let released = try await deps.store.releaseLeases(owner: nil)
        if released > 0 {
            deps.logger.notice("took back deliveries left in processing", metadata: ["count": "\(released)"])
        }
    }
    let replica = "levee-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    let doorbell = Doorbell()
    let route = WebhookRoute(
        signature: WebhookSignature(secret: webhookSecret), maxBodyBytes: configuration.maxBodyBytes,
        inbox: deps.store, doorbell: doorbell, metrics: deps.metrics, now: deps.now)
    // The parts the worker, the timers, the backfill and the dashboard share, each with one owner.
    let context = ServerContext(
        settings: .init(
            shadow: configuration.shadow, fallbackPolicy: deps.fallbackPolicy,
            sourceIndexFolder: configuration.claimsIndexFolder, itemLease: configuration.workerLeaseSeconds),
        client: deps.github,
        store: deps.store, metrics: deps.metrics, now: deps.now)
    let processor = DeliveryProcessor(context: context)
    let worker = WorkerService(
        settings: .init(
            concurrency: configuration.workerConcurrency, maxAttempts: configuration.workerMaxAttempts,
            lease: configuration.workerLeaseSeconds, pollInterval: deps.pollInterval),
        inbox: deps.store, processor: processor, doorbell: doorbell, metrics: deps.metrics, now: deps.now,
        logger: deps.logger)

    let timers = LifecycleTimerService(
        interval: deps.timerInterval, owner: replica, context: context, logger: deps.logger)

    // The existing backlogs of repositories the App is installed on, read when GitHub can be asked.
    let backfills = context.client.map { client in
        BackfillService(
            interval: deps.timerInterval,
            backfill: Backfill(
                context: context, client: client, metrics: deps.metrics),
            owner: replica, logger: deps.logger)
    }

    let router = Router()
    let logger = deps.logger
    router.post("/webhooks/github") { request, _ in
        try await route.handle(request, logger: logger)
    }
    let reports = ReportRoute(
        sources: configuration.reportSources, maxBodyBytes: configuration.maxBodyBytes, inbox: deps.store,
        doorbell: doorbell, now: deps.now)
    router.post("/reports") { request, _ in
        try await reports.handle(request, logger: logger)
    }
    router.get("/healthz") { _, _ in "ok\n" }
    router.get("/readyz") { _, _ -> Response in
        do {
            _ = try await deps.store.depth()
            return WebhookRoute.text(.ok, "ready\n")
        } catch {
            return WebhookRoute.text(.serviceUnavailable, "database unavailable\n")
        }
    }
    router.get("/metrics") { _, _ -> Response in
        if let depth = try? await deps.store.depth() { deps.metrics.setInboxDepth(depth) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: deps.metrics.render())))
    }

    let dashboard = try Dashboard(
        context: context,
        auth: DashboardAuth(
            token: configuration.dashboardToken, host: configuration.httpHost, secret: webhookSecret,
            oauth: configuration.dashboardGitHubClientID.map { id in
                GitHubOAuth(
                    clientID: id, clientSecret: configuration.dashboardGitHubClientSecret ?? "",
                    webURL: configuration.dashboardGitHubURL, apiURL: configuration.githubAPIURL)
            }, publicURL: configuration.dashboardPublicURL),
        capacityHours: configuration.dashboardCapacityHours, logger: deps.logger)
    dashboard.register(on: router)

    let onListening = deps.onListening
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "levee"),
        services: backfills.map { [worker, timers, $0] } ?? [worker, timers],
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
        logger: deps.logger)
}
