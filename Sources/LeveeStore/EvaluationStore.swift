import Foundation
import LeveeCore

/// An evaluation as stored: where the contribution came from, when it was evaluated, and the result.
public struct StoredEvaluation: Sendable {
    public var source: String
    /// An item of the queue (a pull request, issue or report), not a response on one (`EvaluationKey`).
    public var queued: Bool
    public var evaluatedAt: Date
    public var evaluation: Evaluation

    public init(_ key: EvaluationKey, evaluatedAt: Date, evaluation: Evaluation) {
        self.init(source: key.source, queued: key.isQueued, evaluatedAt: evaluatedAt, evaluation: evaluation)
    }

    /// As stored (the store reads rows back with this).
    public init(source: String, queued: Bool, evaluatedAt: Date, evaluation: Evaluation) {
        self.source = source
        self.queued = queued
        self.evaluatedAt = evaluatedAt
        self.evaluation = evaluation
    }
}

/// What an evaluation is stored under: an item of the queue — a pull request or issue (`owner/repo#12`) or a privately
/// received report (`owner/repo#GHSA-…`, `owner/repo#report-…`) —, evaluated again in place on every event, or one
/// response on an item (a comment or review, kept per delivery), which the queue never lists.
public enum EvaluationKey: Sendable, Hashable {
    case item(String)
    case response(to: String, kind: ContributionKind, delivery: String)

    /// The stored key: the item's own, or the item's followed by the response's kind and delivery.
    public var source: String {
        switch self {
        case .item(let item): item
        case .response(let item, let kind, let delivery): "\(item) \(kind.rawValue) \(delivery)"
        }
    }

    public var isQueued: Bool {
        if case .item = self { return true }
        return false
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
