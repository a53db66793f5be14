import Foundation
import GRDB
import LeveeCore
import LeveeStore

/// SQLite through GRDB, in WAL mode. One owner of the database writer; migrations are named and append-only.
public final class SQLiteStore: EvaluationStore {
    let writer: any DatabaseWriter
    public let path: String

    /// How hard a commit is pushed to disk. `full` (the default) syncs the write-ahead log on every commit, so an
    /// acknowledged webhook survives a power cut; `normal` survives a crash of the process only, and is faster.
    public enum Durability: String, Sendable, CaseIterable {
        case full, normal
    }

    /// Opens (creating if needed) the database at `path` and migrates it. `:memory:` keeps it in memory.
    public convenience init(path: String, durability: Durability = .full) throws {
        try self.init(path: path, durability: durability, migratedUpTo: nil)
    }

    /// Opens the database migrated up to the migration named `last` only (nil: all of them); the upgrade tests start
    /// from an older schema this way.
    init(path: String, durability: Durability = .full, migratedUpTo last: String?) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        }
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration)
            } else {
                writer = try DatabasePool(path: path, configuration: configuration)
            }
            if let last { try Self.migrator.migrate(writer, upTo: last) } else { try Self.migrator.migrate(writer) }
        } catch {
            throw StoreError(database: path, reason: "cannot open or migrate: \(error)")
        }
    }

    /// Runs SQL as it is (the upgrade tests write rows in an older schema's shape).
    func execute(_ sql: String) throws { try writer.write { try $0.execute(sql: sql) } }

    /// The migrations this database has applied, by name, in the order they were applied.
    public func appliedMigrations() throws -> [String] {
        do {
            return try writer.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
            }
        } catch {
            throw StoreError(database: path, reason: "cannot read the applied migrations: \(error)")
        }
    }

    /// The schema's migrations (`Schema.migrations`), each recorded by name.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in Schema.migrations {
            migrator.registerMigration(migration.name) { db in try db.execute(sql: migration.sqlite) }
        }
        return migrator
    }

    public func record(_ item: StoredEvaluation) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = String(decoding: try encoder.encode(item.evaluation), as: UTF8.self)
        let e = item.evaluation
        do {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO evaluation
                            (source, kind, number, verdict, slop_score, review_minutes, evaluated_at, body, queued)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(source) DO UPDATE SET kind = excluded.kind, number = excluded.number,
                            verdict = excluded.verdict, slop_score = excluded.slop_score,
                            review_minutes = excluded.review_minutes, evaluated_at = excluded.evaluated_at,
                            body = excluded.body, queued = excluded.queued
                        """,
                    arguments: [
                        item.source, e.kind.rawValue, e.number, e.verdict.rawValue, e.slopScore, e.reviewMinutes,
                        item.evaluatedAt.timeIntervalSince1970, body, item.queued ? 1 : 0,
                    ])
            }
        } catch {
            throw StoreError(database: path, reason: "cannot record \(item.source): \(error)")
        }
    }

    public func evaluations(limit: Int) throws -> [StoredEvaluation] {
        let rows = try writer.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT source, queued, evaluated_at, body FROM evaluation ORDER BY evaluated_at DESC, source LIMIT ?",
                arguments: [limit])
        }
        return try rows.map(storedEvaluation)
    }

    public func evaluation(source: String) throws -> StoredEvaluation? {
        try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT source, queued, evaluated_at, body FROM evaluation WHERE source = ?",
                arguments: [source])
        }.map(storedEvaluation)
    }

    func storedEvaluation(_ row: Row) throws -> StoredEvaluation {
        let body: String = row["body"]
        let source: String = row["source"]
        do {
            return StoredEvaluation(
                source: source, queued: (row["queued"] as Int?) != 0,
                evaluatedAt: Date(timeIntervalSince1970: row["evaluated_at"]),
                evaluation: try JSONDecoder().decode(Evaluation.self, from: Data(body.utf8)))
        } catch {
            throw StoreError(database: path, reason: "stored evaluation of \(source) is unreadable: \(error)")
        }
    }

    public func count() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evaluation") ?? 0 }
    }

    /// The journal mode in force (`wal` for a file database).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}
