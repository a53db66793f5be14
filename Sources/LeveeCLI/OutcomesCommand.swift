import ArgumentParser
import Foundation
import LeveeCore
import LeveeStore

/// `levee outcomes`: what became of closed items beside what Levee said of them.
struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "How closed items ended (merged, completed, withdrawn, declined, spam) for each verdict Levee gave.",
        discussion: """
            Read from the server's database: a `closed` delivery records each item's outcome with Levee's last \
            verdict, and `levee sync` records the items closed in its window with the verdict Levee gives them. \
            `spam` is a close with a label that says spam, invalid or slop; `withdrawn` a close by the author.
            """)

    @Option(help: "Only this repository (owner/name).") var repository: String?
    @Option(help: "Only items closed in the last N days.") var days: Int?
    @OptionGroup var database: ServerDatabase

    func run() async throws {
        let since = days.map { Date().addingTimeInterval(-Double($0) * 86_400) } ?? .distantPast
        let outcomes =
            try await database.with("outcomes") { try await $0.outcomes(repository: repository, since: since) } ?? []
        guard !outcomes.isEmpty else {
            print("No closed items recorded yet (they are recorded as they close, and by `levee sync`).")
            return
        }
        print("\(outcomes.count) closed item\(outcomes.count == 1 ? "" : "s")" + (repository.map { " of \($0)" } ?? ""))
        print(OutcomeTable(outcomes).text())
        // Levee's false alarms by this project's own decisions (docs/evaluation.md, "On your own project").
        let drift = DriftWatch(outcomes, now: Date())
        if !drift.rows.isEmpty {
            print("\nFlagged among the items your maintainers accepted (merged, or completed):")
            print(drift.text())
        }
    }
}
