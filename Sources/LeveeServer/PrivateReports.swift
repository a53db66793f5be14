import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// Security reports received where they are filed (issue #21): GitHub's private vulnerability reports
/// (`repository_advisory.reported`) and the intake (`POST /reports`). Each is evaluated like a report given to
/// `levee check` and becomes a private item of the queue, `owner/repo#<reference>`; Levee posts nothing anywhere —
/// what it would ask the reporter is a draft on the item page (`ReportReply`).
extension DeliveryProcessor {
    /// The webhook event of GitHub's private vulnerability reports, and the action Levee evaluates.
    public static let advisoryEvent = "repository_advisory"
    /// The inbox's event name for reports sent to `POST /reports` (never a GitHub event name).
    public static let intakeEvent = "levee_report"

    /// A private report's delivery handled; nil when the delivery is something else.
    func privateReport(_ delivery: InboundDelivery, logger: Logger) async throws -> ProcessOutcome? {
        guard delivery.event == Self.advisoryEvent || delivery.event == Self.intakeEvent else { return nil }
        let action = delivery.action ?? "-"
        guard delivery.event == Self.intakeEvent || action == "reported" else {
            return ProcessOutcome(summary: "ignored: \(delivery.event).\(action)", evaluated: false)
        }
        let report: Contribution
        if delivery.event == Self.intakeEvent {
            // The intake stores the report as Markdown (`ReportRoute`), whatever its first character.
            report = SecurityReportReader.read(String(decoding: delivery.body, as: UTF8.self))
        } else {
            let payload = try WebhookDelivery(
                event: delivery.event, deliveryID: delivery.deliveryID, body: delivery.body
            ).decode()
            guard case .contribution(let advisory) = payload, advisory.kind == .securityReport else {
                return ProcessOutcome(summary: "ignored: \(delivery.event).\(action) (no report)", evaluated: false)
            }
            report = advisory
        }
        guard let fullName = delivery.repository ?? report.repository else {
            return ProcessOutcome(summary: "ignored: \(delivery.event).\(action) (no repository)", evaluated: false)
        }
        // The intake knows no installation: the one GitHub named in the repository's deliveries, if any.
        var installationID = delivery.installationID
        if installationID == nil {
            installationID = try await store.lifecycleItemPerRepository().first { $0.repository == fullName }?
                .installationID
        }
        let reference = report.metadata["GHSA"] ?? ItemReference.intake(deliveryID: delivery.deliveryID)
        return try await evaluateReport(
            report, reference: reference, repository: fullName, installationID: installationID, logger: logger)
    }

    /// Evaluates a privately received report and stores it as the queue item `owner/repo#<reference>`. Nothing is
    /// planned or sent: no label, comment, close or check run exists for a private report.
    func evaluateReport(
        _ report: Contribution, reference: String, repository fullName: String, installationID: Int?,
        logger: Logger
    ) async throws -> ProcessOutcome {
        let repo = RepositoryRef(fullName: fullName, installationID: installationID)
        // A report is kept even when the repository's policy cannot be read now: the intake has no redelivery.
        let (policy, notes): (Policy, [String])
        do {
            (policy, notes) = try await loadPolicy(repo)
        } catch {
            (policy, notes) = (
                settings.fallbackPolicy, ["the policy could not be read (\(error)); the fallback applies"]
            )
        }
        let at = now()
        var evaluation = evaluator.evaluate(
            report,
            in: EvaluationContext(
                now: at, scoring: try await scoring(fullName), policy: policy,
                sourceIndex: await indexes.index(for: fullName)))
        evaluation.actions = []
        evaluation.withheld = nil
        let source = "\(fullName)#\(reference)"
        try await store.saveEvaluation(StoredEvaluation(source: source, evaluatedAt: at, evaluation: evaluation))
        logger.info(
            "private report evaluated",
            metadata: ["verdict": "\(evaluation.verdict.rawValue)", "score": "\(evaluation.slopScore)"])
        var summary = "\(source): \(evaluation.verdict.rawValue) (\(evaluation.slopScore)); private, nothing posted"
        if !notes.isEmpty { summary += "; " + notes.joined(separator: "; ") }
        return ProcessOutcome(summary: summary, evaluated: true)
    }
}
