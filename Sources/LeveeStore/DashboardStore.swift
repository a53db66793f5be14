import Foundation
import GRDB
import LeveeCore

/// What the dashboard reads besides the other protocols: the queue of latest evaluations, one item's action log, the
/// lifecycle items for the load figures, and the settings a maintainer changes from the page (the shadow switch).
public protocol DashboardStore: Sendable {
    /// Latest evaluations, newest first.
    func recentEvaluations(limit: Int) async throws -> [StoredEvaluation]
    /// The action log of one item, oldest first.
    func actions(repository: String, number: Int) async throws -> [ActionRecord]
    /// Lifecycle items, highest number first within each repository.
    func allLifecycleItems(limit: Int) async throws -> [LifecycleItem]
    /// A setting changed from the dashboard; nil when never set.
    func setting(_ name: String) async throws -> String?
    func saveSetting(_ name: String, value: String, at: Date) async throws
}

/// The names of the settings the dashboard writes.
public enum DashboardSetting {
    /// `on` or `off`: real actions, overriding the configuration's `shadow` (a repository's policy can still ask for
    /// shadow mode). Absent: the configuration decides.
    public static let actions = "actions"
}

extension SQLiteStore: DashboardStore {
    static func registerDashboardMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-dashboard") { db in
            try db.execute(
                sql: """
                    CREATE TABLE setting (
                        name TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX action_log_item ON action_log (repository, number);
                    """)
        }
    }

    public func recentEvaluations(limit: Int) async throws -> [StoredEvaluation] {
        try await wrap("list evaluations") { try evaluations(limit: limit) }
    }

    public func actions(repository: String, number: Int) async throws -> [ActionRecord] {
        try await wrap("read the action log of \(repository)#\(number)") {
            try await writer.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM action_log WHERE repository = ? AND number = ? ORDER BY at, id",
                    arguments: [repository, number]
                ).map(Self.actionRecord(from:))
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

    static func actionRecord(from row: Row) -> ActionRecord {
        ActionRecord(
            deliveryID: row["delivery_id"], repository: row["repository"], number: row["number"],
            kind: row["kind"], value: row["value"], reason: row["reason"],
            status: ActionStatus(rawValue: row["status"]) ?? .failed, detail: row["detail"],
            at: Date(timeIntervalSince1970: row["at"]))
    }
}
