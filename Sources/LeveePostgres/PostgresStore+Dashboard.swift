import Foundation
import LeveeCore
import LeveeStore
import PostgresNIO

/// What the dashboard reads: evaluation stamps and figures, the tally, lifecycle times, settings.
extension PostgresStore {
    public func evaluationStamps(limit: Int) async throws -> [EvaluationStamp] {
        try await rows(
            "list evaluation stamps",
            PostgresQuery(
                unsafeSQL: """
                    SELECT source, \(EvaluationStamp.sql) AS version FROM evaluation
                    ORDER BY evaluated_at DESC, source LIMIT \(max(0, limit))
                    """)
        ).map { row in
            let r = row.makeRandomAccess()
            return EvaluationStamp(source: try r.value("source"), version: try r.value("version"))
        }
    }

    public func storedEvaluations(sources: [String]) async throws -> [StoredEvaluation] {
        guard !sources.isEmpty else { return [] }
        return try await rows(
            "read evaluations",
            "SELECT source, queued, evaluated_at, body FROM evaluation WHERE source = ANY(\(sources))"
        ).map(decodeEvaluation)
    }

    public func evaluationFigures(since: Date) async throws -> [EvaluationFigures] {
        var query = PostgresQuery(unsafeSQL: EvaluationFigures.sql + "$1")
        query.binds.append(since.timeIntervalSince1970)
        return try await rows("read evaluation figures", query).compactMap { row in
            let r = row.makeRandomAccess()
            guard let kind = ContributionKind(rawValue: try r.value("kind")),
                let verdict = Verdict(rawValue: try r.value("verdict"))
            else { return nil }
            return EvaluationFigures(
                kind: kind, verdict: verdict, reviewMinutes: try r.value("review_minutes"),
                evaluatedAt: try r.date("evaluated_at"))
        }
    }

    func decodeEvaluation(_ row: PostgresRow) throws -> StoredEvaluation {
        let r = row.makeRandomAccess()
        let source: String = try r.value("source")
        do {
            return StoredEvaluation(
                source: source, queued: try r.value("queued", as: Int16.self) != 0,
                evaluatedAt: try r.date("evaluated_at"),
                evaluation: try JSONDecoder().decode(
                    Evaluation.self, from: Data(try r.value("body", as: String.self).utf8)))
        } catch {
            throw StoreError(database: name, reason: "stored evaluation of \(source) is unreadable: \(error)")
        }
    }

    public func actions(repository: String, number: Int) async throws -> [ActionRecord] {
        try await rows(
            "read the action log of \(repository)#\(number)",
            "SELECT * FROM action_log WHERE repository = \(repository) AND number = \(number) ORDER BY at, id"
        ).map(Self.actionRecord)
    }

    public func evaluationTally() async throws -> EvaluationTally {
        let row = try await rows("count evaluations", PostgresQuery(unsafeSQL: EvaluationTally.sql)).first
        let r = row?.makeRandomAccess()
        let count = try r?.value("n", as: Int.self) ?? 0
        let latest = try r?.value("latest", as: Double?.self)
        return EvaluationTally(count: count, latest: latest.map(Date.init(timeIntervalSince1970:)))
    }

    public func latestItemEvaluation() async throws -> Date? {
        let row = try await rows(
            "read the latest evaluation time", PostgresQuery(unsafeSQL: EvaluationTally.latestSQL)
        ).first
        return try row?.makeRandomAccess().value("latest", as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }

    public func itemEvaluations(since: Date) async throws -> [StoredEvaluation] {
        var query = PostgresQuery(unsafeSQL: EvaluationTally.sinceSQL + "$1")
        query.binds.append(since.timeIntervalSince1970)
        return try await rows("read evaluations since \(since)", query).map(decodeEvaluation)
    }

    public func lifecycleItemPerRepository() async throws -> [LifecycleItem] {
        try await rows(
            "list lifecycle items per repository", PostgresQuery(unsafeSQL: EvaluationTally.perRepositorySQL)
        ).map(Self.decodeItem)
    }

    public func lifecycleTimes() async throws -> [LifecycleTimes] {
        try await rows(
            "read lifecycle times",
            """
            SELECT phase, (body::jsonb->>'opened_at')::double precision AS opened,
                (body::jsonb->>'first_response_at')::double precision AS answered,
                (body::jsonb->>'phase_since')::double precision AS since
            FROM lifecycle_item
            """
        ).compactMap { row in
            let r = row.makeRandomAccess()
            guard let phase = LifecycleItem.Phase(rawValue: try r.value("phase", as: String.self)) else { return nil }
            func date(_ column: String) throws -> Date? {
                try r.value(column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
            }
            return LifecycleTimes(
                phase: phase, openedAt: try date("opened"), firstResponseAt: try date("answered"),
                phaseSince: try date("since"))
        }
    }

    public func allLifecycleItems(limit: Int) async throws -> [LifecycleItem] {
        try await rows(
            "list lifecycle items",
            "SELECT body FROM lifecycle_item ORDER BY repository, number DESC LIMIT \(limit)"
        ).map(Self.decodeItem)
    }

    public func lifecycleItems(in phases: [LifecycleItem.Phase]) async throws -> Set<String> {
        guard !phases.isEmpty else { return [] }
        let names = phases.map(\.rawValue)
        return Set(
            try await rows(
                "list lifecycle items by phase",
                "SELECT repository, number FROM lifecycle_item WHERE phase = ANY(\(names))"
            ).map { row in
                let r = row.makeRandomAccess()
                return ItemReference(repository: try r.value("repository"), number: try r.value("number")).description
            })
    }

    public func setting(_ name: String) async throws -> String? {
        try await rows("read the setting \(name)", "SELECT value FROM setting WHERE name = \(name)").first.map {
            try $0.makeRandomAccess().value("value", as: String.self)
        }
    }

    public func saveSetting(_ name: String, value: String, at: Date) async throws {
        _ = try await rows(
            "save the setting \(name)",
            """
            INSERT INTO setting (name, value, updated_at) VALUES (\(name), \(value), \(at.timeIntervalSince1970))
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """)
    }
}
