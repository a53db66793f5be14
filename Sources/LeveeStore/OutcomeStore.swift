import Foundation
import LeveeCore

/// What became of closed items (`ItemOutcome`): one row per item, the last close wins (a reopened and closed again
/// item keeps its latest outcome).
public protocol OutcomeStore: Sendable {
    func saveOutcome(_ outcome: ItemOutcome) async throws
    /// Outcomes closed at or after `since`, of one repository or all, oldest first.
    func outcomes(repository: String?, since: Date) async throws -> [ItemOutcome]
}
