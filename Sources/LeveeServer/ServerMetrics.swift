import Foundation
import Prometheus

/// What `/metrics` shows, in Prometheus' text format: deliveries by event and outcome, evaluation latency, inbox
/// depth, GitHub calls by status and the rate limit left.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let evaluationSeconds: DurationHistogram
    let inboxDepth: Gauge
    let rateLimitRemaining: Gauge

    public init() {
        evaluationSeconds = registry.makeDurationHistogram(
            descriptor: Self.name(
                "evaluation", "seconds", "Time to evaluate one contribution (LeveeCore only, no network)"),
            buckets: [
                .microseconds(50), .microseconds(200), .milliseconds(1), .milliseconds(5), .milliseconds(20),
                .milliseconds(100), .milliseconds(500), .seconds(2),
            ])
        inboxDepth = registry.makeGauge(
            descriptor: Self.name(
                "inbox", "depth", "Deliveries stored and not yet processed (pending or processing)"))
        rateLimitRemaining = registry.makeGauge(
            descriptor: Self.name(
                "github_rate_limit", "remaining", "x-ratelimit-remaining of GitHub's latest answer"))
    }

    /// `outcome`: stored, duplicate, unauthorized, too_large, bad_request, processed, ignored, retry, dead.
    public func delivery(event: String, outcome: String) {
        registry.makeCounter(
            descriptor: Self.name("deliveries", "total", "Webhook deliveries by event and outcome"),
            labels: [("event", Self.eventLabel(event)), ("outcome", outcome)]
        ).increment()
    }

    public func githubCall(status: Int?, rateLimitRemaining: Int?) {
        registry.makeCounter(
            descriptor: Self.name("github_requests", "total", "Requests to GitHub's REST API by status"),
            labels: [("status", status.map(String.init) ?? "error")]
        ).increment()
        if let rateLimitRemaining { self.rateLimitRemaining.set(Int64(rateLimitRemaining)) }
    }

    func setInboxDepth(_ depth: Int) { inboxDepth.set(Int64(depth)) }

    /// Items of existing backlogs read by backfills (`Backfill`), counted page by page.
    func backfill(items: Int) {
        registry.makeCounter(
            descriptor: Self.name("backfill_items", "total", "Items of existing backlogs read by backfills")
        ).increment(by: Int64(items))
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "levee", metricName: metric, unitName: unit, helpText: help)
    }

    public func render() -> String { registry.emitToString() }

    /// Event names come from a header anyone can send: keep label values to GitHub's shape and a bounded length.
    static func eventLabel(_ event: String) -> String {
        let clean = event.prefix(40).filter { $0.isLetter || $0 == "_" }
        return clean.isEmpty ? "unknown" : String(clean)
    }
}
