import Foundation
import GRDB
import LeveeCore
import LeveeStore

extension SQLiteStore: DashboardStore {
    public func evaluationStamps(limit: Int) async throws -> [EvaluationStamp] {
        try await wrap("list evaluation stamps") {
            try await writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT source, \(EvaluationStamp.sql) AS version FROM evaluation
                        ORDER BY evaluated_at DESC, source LIMIT ?
                        """,
                    arguments: [limit]
                ).map { EvaluationStamp(source: $0["source"], version: $0["version"]) }
            }
        }
    }

    public func storedEvaluations(sources: [String]) async throws -> [StoredEvaluation] {
        var found: [StoredEvaluation] = []
        // SQLite allows 32,766 parameters; a chunk of 500 keeps each statement small.
        for start in stride(from: 0, to: sources.count, by: 500) {
            let chunk = Array(sources[start..<min(start + 500, sources.count)])
            let rows = try await wrap("read evaluations") {
                try writer.read { db in
                    try Row.fetchAll(
                        db,
                        sql: "SELECT source, queued, evaluated_at, body FROM evaluation WHERE source IN ("
                            + Array(repeating: "?", count: chunk.count).joined(separator: ",") + ")",
                        arguments: StatementArguments(chunk))
                }
            }
            found += try rows.map(storedEvaluation)
        }
        return found
    }

    public func evaluationFigures(since: Date) async throws -> [EvaluationFigures] {
        try await wrap("read evaluation figures") {
            try await writer.read { db in
                try Row.fetchAll(db, sql: EvaluationFigures.sql + "?", arguments: [since.timeIntervalSince1970])
                    .compactMap { row in
                        guard let kind = ContributionKind(rawValue: row["kind"]),
                            let verdict = Verdict(rawValue: row["verdict"])
                        else { return nil }
                        return EvaluationFigures(
                            kind: kind, verdict: verdict, reviewMinutes: row["review_minutes"],
                            evaluatedAt: Date(timeIntervalSince1970: row["evaluated_at"]))
                    }
            }
        }
    }

    public func actions(repository: String, number: Int) async throws -> [ActionRecord] {
        try await wrap("read the action log of \(repository)#\(number)") {
            try await writer.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM action_log WHERE repository = ? AND number = ? ORDER BY at, id",
                    arguments: [repository, number]
                ).map { try Self.actionRecord(from: $0) }
            }
        }
    }

    public func evaluationTally() async throws -> EvaluationTally {
        try await wrap("count evaluations") {
            try await writer.read { db in
                let row = try Row.fetchOne(db, sql: EvaluationTally.sql)
                let latest: Double? = row?["latest"]
                return EvaluationTally(count: row?["n"] ?? 0, latest: latest.map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    public func latestItemEvaluation() async throws -> Date? {
        try await wrap("read the latest evaluation time") {
            try await writer.read { db in
                try Double.fetchOne(db, sql: EvaluationTally.latestSQL).map(Date.init(timeIntervalSince1970:))
            }
        }
    }

    public func itemEvaluations(since: Date) async throws -> [StoredEvaluation] {
        try await wrap("read evaluations since \(since)") {
            try await writer.read { [self] db in
                try Row.fetchAll(db, sql: EvaluationTally.sinceSQL + "?", arguments: [since.timeIntervalSince1970])
                    .map(storedEvaluation)
            }
        }
    }

    public func lifecycleItemPerRepository() async throws -> [LifecycleItem] {
        try await wrap("list lifecycle items per repository") {
            try await writer.read { db in try String.fetchAll(db, sql: EvaluationTally.perRepositorySQL) }
                .map(Self.decodeItem)
        }
    }

    public func lifecycleTimes() async throws -> [LifecycleTimes] {
        try await wrap("read lifecycle times") {
            try await writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT phase, json_extract(body, '$.opened_at') AS opened,
                            json_extract(body, '$.first_response_at') AS answered,
                            json_extract(body, '$.phase_since') AS since
                        FROM lifecycle_item
                        """
                ).compactMap { row in
                    guard let phase = LifecycleItem.Phase(rawValue: row["phase"]) else { return nil }
                    func date(_ column: String) -> Date? {
                        (row[column] as Double?).map(Date.init(timeIntervalSince1970:))
                    }
                    return LifecycleTimes(
                        phase: phase, openedAt: date("opened"), firstResponseAt: date("answered"),
                        phaseSince: date("since"))
                }
            }
        }
    }

    public func allLifecycleItems(limit: Int) async throws -> [LifecycleItem] {
        try await wrap("list lifecycle items") {
            try await writer.read { db in
                try String.fetchAll(
                    db, sql: "SELECT body FROM lifecycle_item ORDER BY repository, number DESC LIMIT ?",
                    arguments: [limit])
            }.map(Self.decodeItem)
        }
    }

    public func lifecycleItems(in phases: [LifecycleItem.Phase]) async throws -> Set<String> {
        guard !phases.isEmpty else { return [] }
        return try await wrap("list lifecycle items by phase") {
            try await writer.read { db in
                Set(
                    try Row.fetchAll(
                        db,
                        sql: "SELECT repository, number FROM lifecycle_item WHERE phase IN ("
                            + Array(repeating: "?", count: phases.count).joined(separator: ",") + ")",
                        arguments: StatementArguments(phases.map(\.rawValue))
                    ).map { row -> String in
                        let repository: String = row["repository"]
                        let number: Int = row["number"]
                        return "\(repository)#\(number)"
                    })
            }
        }
    }

    public func setting(_ name: String) async throws -> String? {
        try await wrap("read the setting \(name)") {
            try await writer.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name])
            }
        }
    }

    public func saveSetting(_ name: String, value: String, at: Date) async throws {
        try await wrap("save the setting \(name)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO setting (name, value, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                        """,
                    arguments: [name, value, at.timeIntervalSince1970])
            }
        }
    }

    static func actionRecord(from row: Row) throws -> ActionRecord {
        ActionRecord(
            deliveryID: row["delivery_id"], repository: row["repository"], number: row["number"],
            kind: try ActionLogKind(stored: row["kind"]), value: row["value"], reason: row["reason"],
            status: ActionStatus(rawValue: row["status"]) ?? .failed, detail: row["detail"],
            at: Date(timeIntervalSince1970: row["at"]))
    }
}
