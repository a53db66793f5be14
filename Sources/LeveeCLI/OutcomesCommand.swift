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
        let (repository, days) = (self.repository, self.days)
        try await database.with("outcomes") { store in
            let since = days.map { Date().addingTimeInterval(-Double($0) * 86_400) } ?? .distantPast
            let outcomes = try await store.outcomes(repository: repository, since: since)
            let decisions = try await store.decisions(repository: repository, since: since)
            guard !outcomes.isEmpty || !decisions.isEmpty else {
                print("No closed items recorded yet (they are recorded as they close, and by `levee sync`).")
                return
            }
            print(
                "\(outcomes.count) closed item\(outcomes.count == 1 ? "" : "s")"
                    + (repository.map { " of \($0)" } ?? ""))
            if !outcomes.isEmpty { print(OutcomeTable(outcomes).text()) }
            let said = Dictionary(grouping: decisions, by: \.kind).mapValues(\.count)
            if !decisions.isEmpty {
                print(
                    "Said on items: \(said[.notSlop] ?? 0) not-slop by maintainers, \(said[.appeal] ?? 0) appeal(s) by authors"
                )
            }
            // Levee's false alarms by this project's own decisions (docs/evaluation.md, "On your own project"),
            // counted from each kind's re-arming, and whether Levee has stepped down.
            let (drift, states) = try await store.driftWatch(repository: repository, since: since, now: Date())
            if !drift.rows.isEmpty {
                print("\nFlagged among the items your maintainers accepted (merged, completed, or said not-slop):")
                print(drift.text())
            }
            for (name, state) in states.sorted(by: { $0.key < $1.key }) {
                for (_, entry) in state.steppedDown.sorted(by: { $0.key < $1.key }) {
                    print("\n\(name): \(entry.why) (re-arm: `levee calibrate --repository \(name)`)")
                }
            }
        }
    }
}
