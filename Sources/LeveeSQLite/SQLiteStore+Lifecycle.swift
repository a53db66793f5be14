import Foundation
import GRDB
import LeveeCore
import LeveeStore

extension SQLiteStore: LifecycleStore {
    public func lifecycleItem(repository: String, number: Int) async throws -> LifecycleItem? {
        try await wrap("read lifecycle item \(repository)#\(number)") {
            try await writer.read { db in
                try String.fetchOne(
                    db, sql: "SELECT body FROM lifecycle_item WHERE repository = ? AND number = ?",
                    arguments: [repository, number]
                ).map(Self.decodeItem)
            }
        }
    }

    public func saveLifecycleItem(_ item: LifecycleItem) async throws {
        let body = try StoredJSON.text(item)
        try await wrap("save lifecycle item \(item.repository)#\(item.number)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO lifecycle_item (repository, number, author, phase, held, deadline, mentor, triager, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (repository, number) DO UPDATE SET author = excluded.author, phase = excluded.phase,
                            held = excluded.held, deadline = excluded.deadline, mentor = excluded.mentor,
                            triager = excluded.triager, body = excluded.body
                        """,
                    arguments: [
                        item.repository, item.number, item.author, item.phase.rawValue, item.held ? 1 : 0,
                        item.deadline?.timeIntervalSince1970, item.mentor, item.triager, body,
                    ])
            }
        }
    }

    public func dueLifecycleItems(now: Date, limit: Int) async throws -> [LifecycleItem] {
        try await wrap("read due lifecycle items") {
            try await writer.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT body FROM lifecycle_item WHERE deadline IS NOT NULL AND deadline <= ? AND held = 0
                        ORDER BY deadline LIMIT ?
                        """, arguments: [now.timeIntervalSince1970, limit]
                ).map(Self.decodeItem)
            }
        }
    }

    public func lifecycleItems(repository: String, author: String, phase: LifecycleItem.Phase) async throws
        -> [LifecycleItem]
    {
        try await wrap("read lifecycle items of \(author)") {
            try await writer.read { db in
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT body FROM lifecycle_item WHERE repository = ? AND author = ? AND phase = ? ORDER BY number",
                    arguments: [repository, author, phase.rawValue]
                ).map(Self.decodeItem)
            }
        }
    }

    public func helperLoad(repository: String) async throws -> [String: Int] {
        try await wrap("count helpers' items") {
            try await writer.read { db in
                var load: [String: Int] = [:]
                for column in ["mentor", "triager"] {
                    for row in try Row.fetchAll(
                        db,
                        sql: """
                            SELECT \(column) AS login, COUNT(*) AS n FROM lifecycle_item
                            WHERE repository = ? AND \(column) IS NOT NULL AND phase != 'closed' GROUP BY \(column)
                            """, arguments: [repository])
                    {
                        load[row["login"], default: 0] += row["n"] as Int
                    }
                }
                return load
            }
        }
    }

    static func decodeItem(_ body: String) throws -> LifecycleItem {
        try StoredJSON.value(LifecycleItem.self, from: body)
    }
}
