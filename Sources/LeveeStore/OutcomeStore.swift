import Foundation
import LeveeCore

/// What became of closed items (`ItemOutcome`): one row per item, the last close wins (a reopened and closed again
/// item keeps its latest outcome); and the decisions said on items before they close (`ItemDecision`).
public protocol OutcomeStore: Sendable {
    func saveOutcome(_ outcome: ItemOutcome) async throws
    /// Outcomes closed at or after `since`, of one repository or all, oldest first.
    func outcomes(repository: String?, since: Date) async throws -> [ItemOutcome]
    /// A decision said on an item (`/levee appeal`, `/levee not-slop`): one per item and kind, the latest kept.
    func saveDecision(_ decision: ItemDecision) async throws
    /// Decisions said at or after `since`, of one repository or all, oldest first.
    func decisions(repository: String?, since: Date) async throws -> [ItemDecision]
}
