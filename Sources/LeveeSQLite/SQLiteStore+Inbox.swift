import Foundation
import GRDB
import LeveeStore

extension SQLiteStore: InboxStore, ActionLogStore {
    public func enqueue(_ delivery: InboundDelivery) async throws -> EnqueueResult {
        do {
            return try await writer.write { db in
                if let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM inbox WHERE delivery_id = ?", arguments: [delivery.deliveryID])
                {
                    return .duplicate(id: id)
                }
                try db.execute(
                    sql: """
                        INSERT INTO inbox (delivery_id, event, action, repository, installation_id, received_at, body,
                                           next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        delivery.deliveryID, delivery.event, delivery.action, delivery.repository,
                        delivery.installationID, delivery.receivedAt.timeIntervalSince1970, delivery.body,
                        delivery.receivedAt.timeIntervalSince1970,
                    ])
                return .stored(id: db.lastInsertedRowID)
            }
        } catch {
            throw StoreError(database: path, reason: "cannot store delivery \(delivery.deliveryID): \(error)")
        }
    }

    public func claim(owner: String, now: Date, lease: TimeInterval) async throws -> InboxItem? {
        let t = now.timeIntervalSince1970
        return try await wrap("claim a delivery") {
            try await writer.write { db in
                // The first due delivery by (next_attempt_at, id): the first pending one, read in the order of the
                // `inbox_due` index, or a processing one whose lease ran out (there are only as many processing as
                // workers), whichever comes first. One query with `OR` sorted every pending row on each claim —
                // 6 ms a claim behind a backlog of 60,000, while webhook acknowledgements waited for the writer.
                let pending = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, next_attempt_at FROM inbox WHERE state = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT 1
                        """,
                    arguments: [t])
                let expired = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, next_attempt_at FROM inbox WHERE state = 'processing' AND lease_until < ?
                        ORDER BY next_attempt_at, id LIMIT 1
                        """,
                    arguments: [t])
                func key(_ row: Row) -> (Double, Int64) { (row["next_attempt_at"], row["id"]) }
                guard let row = [pending, expired].compactMap({ $0 }).min(by: { key($0) < key($1) }) else { return nil }
                let id: Int64 = row["id"]
                try db.execute(
                    sql: """
                        UPDATE inbox SET state = 'processing', lease_owner = ?, lease_until = ?, attempts = attempts + 1
                        WHERE id = ?
                        """,
                    arguments: [owner, t + lease, id])
                return try Self.fetchItem(db, where: "id = ?", id)
            }
        }
    }

    public func complete(id: Int64, owner: String, outcome: String, now: Date) async throws -> Bool {
        try await wrap("complete delivery \(id)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE inbox SET state = 'done', outcome = ?, processed_at = ?, lease_owner = NULL,
                            lease_until = NULL, last_error = NULL
                        WHERE id = ? AND state = 'processing' AND lease_owner = ?
                        """,
                    arguments: [outcome, now.timeIntervalSince1970, id, owner])
                return db.changesCount == 1
            }
        }
    }

    public func fail(id: Int64, owner: String, error: String, retryAt: Date?, now: Date) async throws -> Bool {
        try await wrap("record the failure of delivery \(id)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE inbox SET state = ?, last_error = ?, next_attempt_at = ?, lease_owner = NULL,
                            lease_until = NULL, processed_at = CASE WHEN ? THEN ? ELSE NULL END
                        WHERE id = ? AND state = 'processing' AND lease_owner = ?
                        """,
                    arguments: [
                        retryAt == nil ? "dead" : "pending", error,
                        (retryAt ?? now).timeIntervalSince1970, retryAt == nil, now.timeIntervalSince1970, id, owner,
                    ])
                return db.changesCount == 1
            }
        }
    }

    public func postpone(id: Int64, owner: String, until: Date) async throws -> Bool {
        try await wrap("postpone delivery \(id)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE inbox SET state = 'pending', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                            attempts = attempts - 1
                        WHERE id = ? AND state = 'processing' AND lease_owner = ?
                        """,
                    arguments: [until.timeIntervalSince1970, id, owner])
                return db.changesCount == 1
            }
        }
    }

    public func releaseLeases(owner: String?) async throws -> Int {
        try await wrap("release leases") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE inbox SET state = 'pending', lease_owner = NULL, lease_until = NULL
                        WHERE state = 'processing' AND (? IS NULL OR lease_owner = ?)
                        """,
                    arguments: [owner, owner])
                let released = db.changesCount
                // Taking back everything at start also frees the items those deliveries held.
                if owner == nil { try db.execute(sql: "DELETE FROM lease WHERE name LIKE 'item:%'") }
                return released
            }
        }
    }

    public func depth() async throws -> Int {
        try await wrap("count the inbox") {
            try await writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbox WHERE state IN ('pending', 'processing')") ?? 0
            }
        }
    }

    public func item(deliveryID: String) async throws -> InboxItem? {
        try await wrap("read delivery \(deliveryID)") {
            try await writer.read { db in try Self.fetchItem(db, where: "delivery_id = ?", deliveryID) }
        }
    }

    public func items(limit: Int) async throws -> [InboxItem] {
        try await wrap("list the inbox") {
            try await writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM inbox ORDER BY id DESC LIMIT ?", arguments: [limit])
                    .map(Self.item(from:))
            }
        }
    }

    public func replaceActions(deliveryID: String, with records: [ActionRecord]) async throws {
        try await wrap("record the actions of delivery \(deliveryID)") {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM action_log WHERE delivery_id = ?", arguments: [deliveryID])
                for record in records {
                    try db.execute(
                        sql: """
                            INSERT INTO action_log (delivery_id, repository, number, kind, value, reason, status, detail, at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            deliveryID, record.repository, record.number, record.kind.rawValue, record.value,
                            record.reason,
                            record.status.rawValue, record.detail, record.at.timeIntervalSince1970,
                        ])
                }
            }
        }
    }

    public func actions(since: Date?, limit: Int) async throws -> [ActionRecord] {
        try await wrap("read the action log") {
            try await writer.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM action_log WHERE at >= ? ORDER BY at, id LIMIT ?",
                    arguments: [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude, limit]
                ).map { try Self.actionRecord(from: $0) }
            }
        }
    }

    static func fetchItem(_ db: Database, where condition: String, _ argument: any DatabaseValueConvertible) throws
        -> InboxItem?
    {
        try Row.fetchOne(db, sql: "SELECT * FROM inbox WHERE \(condition)", arguments: [argument]).map(item(from:))
    }

    static func item(from row: Row) -> InboxItem {
        let date = { (column: String) -> Date? in
            (row[column] as Double?).map(Date.init(timeIntervalSince1970:))
        }
        return InboxItem(
            id: row["id"],
            delivery: InboundDelivery(
                deliveryID: row["delivery_id"], event: row["event"], action: row["action"],
                repository: row["repository"], installationID: row["installation_id"],
                receivedAt: date("received_at") ?? Date(timeIntervalSince1970: 0), body: row["body"]),
            state: InboxState(rawValue: row["state"]) ?? .pending, attempts: row["attempts"],
            nextAttemptAt: date("next_attempt_at") ?? Date(timeIntervalSince1970: 0), leaseUntil: date("lease_until"),
            lastError: row["last_error"], outcome: row["outcome"], processedAt: date("processed_at"))
    }

    func wrap<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(database: path, reason: "cannot \(what): \(error)")
        }
    }
}

extension SQLiteStore {
    /// `PRAGMA synchronous` of a connection: 2 FULL, 1 NORMAL.
    public func synchronousMode() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }
}
