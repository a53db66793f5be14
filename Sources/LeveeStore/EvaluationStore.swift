import Foundation
import LeveeCore

/// An evaluation as stored: where the contribution came from, when it was evaluated, and the result.
public struct StoredEvaluation: Sendable {
    public var source: String
    public var evaluatedAt: Date
    public var evaluation: Evaluation

    public init(source: String, evaluatedAt: Date, evaluation: Evaluation) {
        self.source = source
        self.evaluatedAt = evaluatedAt
        self.evaluation = evaluation
    }
}

/// Storage errors name the database and what failed.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var database: String
    public var reason: String

    public init(database: String, reason: String) {
        self.database = database
        self.reason = reason
    }

    public var description: String { "\(database): \(reason)" }
}

/// Where evaluations are kept. The server's inbox, events and ledger protocols join this one as they land;
/// every backend runs the same contract tests.
public protocol EvaluationStore: Sendable {
    /// Records the latest evaluation of a source, replacing an earlier one of the same source.
    func record(_ item: StoredEvaluation) throws
    /// Latest evaluations, newest first.
    func evaluations(limit: Int) throws -> [StoredEvaluation]
    func count() throws -> Int
    /// The latest evaluation of one source, if any.
    func evaluation(source: String) throws -> StoredEvaluation?
}
