import Foundation
import LeveeCore
import LeveeStore
import Logging

/// An App installed on repositories (`installation` created, `installation_repositories` added): each gets a
/// backfill of its existing backlog (`Backfill`), run by `BackfillService` beside the worker.
struct InstallationHandler: Sendable {
    let context: ServerContext

    func handle(_ event: GitHubEvent) async throws -> ProcessOutcome {
        let key: String
        switch (event.kind, event.action) {
        case (.installation, "created"): key = "repositories"
        case (.installationRepositories, "added"): key = "repositories_added"
        default: return ProcessOutcome(summary: "ignored: \(event.name).\(event.action ?? "-")", evaluated: false)
        }
        let names = (event.payload?[key]?.array ?? []).compactMap { $0["full_name"]?.string }
        guard context.client != nil else {
            return ProcessOutcome(
                summary: "no backfill of \(names.joined(separator: ", ")): no GitHub credentials", evaluated: false)
        }
        let installation = event.payload?["installation"]?["id"]?.int ?? event.installationID
        for name in names {
            try await Backfill.enqueue(name, installationID: installation, in: context.store, at: context.now())
        }
        return ProcessOutcome(
            summary: "backfill queued: \(names.isEmpty ? "no repositories" : names.joined(separator: ", "))",
            evaluated: false)
    }
}
