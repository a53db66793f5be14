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
struct PrivateReportHandler: Sendable {
    let context: ServerContext

    func handle(_ event: GitHubEvent, logger: Logger) async throws -> ProcessOutcome {
        let action = event.action ?? "-"
        guard event.kind == .reportIntake || action == "reported" else {
            return ProcessOutcome(summary: "ignored: \(event.name).\(action)", evaluated: false)
        }
        guard let report = event.contribution, report.kind == .securityReport else {
            return ProcessOutcome(summary: "ignored: \(event.name).\(action) (no report)", evaluated: false)
        }
        guard let fullName = event.repository else {
            return ProcessOutcome(summary: "ignored: \(event.name).\(action) (no repository)", evaluated: false)
        }
        // The intake knows no installation: the one GitHub named in the repository's deliveries, if any.
        var installationID = event.installationID
        if installationID == nil {
            installationID = try await context.store.lifecycleItemPerRepository().first { $0.repository == fullName }?
                .installationID
        }
        let reference = report.metadata["GHSA"] ?? ItemReference.intake(deliveryID: event.deliveryID)
        return try await evaluate(
            report, reference: reference, repository: fullName, installationID: installationID, logger: logger)
    }

    /// Evaluates a privately received report and stores it as the queue item `owner/repo#<reference>`. Nothing is
    /// planned or sent: no label, comment, close or check run exists for a private report.
    func evaluate(
        _ report: Contribution, reference: String, repository fullName: String, installationID: Int?,
        logger: Logger
    ) async throws -> ProcessOutcome {
        let repo = RepositoryRef(fullName: fullName, installationID: installationID)
        // A report is kept even when the repository's policy cannot be read now: the intake has no redelivery.
        let (policy, notes): (Policy, [String])
        do {
            (policy, notes) = try await context.policies.policy(for: repo)
        } catch {
            (policy, notes) = (
                context.policies.fallback, ["the policy could not be read (\(error)); the fallback applies"]
            )
        }
        let at = context.now()
        // The repository's part as every front gathers it; a report's author is no GitHub account to look up.
        let gatherer = ContextGatherer(context: context)
        let repository = try await gatherer.repository(
            repo, policy: (policy, notes), template: false, items: false)
        var evaluation = context.evaluator.evaluate(
            report, in: gatherer.inputs(for: report, in: repository, tier: nil, at: at))
        evaluation.actions = []
        evaluation.withheld = nil
        let source = ItemReference(repository: fullName, report: reference).description
        try await context.store.saveEvaluation(
            StoredEvaluation(.item(source), evaluatedAt: at, evaluation: evaluation))
        logger.info(
            "private report evaluated",
            metadata: ["verdict": "\(evaluation.verdict.rawValue)", "score": "\(evaluation.slopScore)"])
        var summary = "\(source): \(evaluation.verdict.rawValue) (\(evaluation.slopScore)); private, nothing posted"
        if !notes.isEmpty { summary += "; " + notes.joined(separator: "; ") }
        return ProcessOutcome(summary: summary, evaluated: true)
    }
}
