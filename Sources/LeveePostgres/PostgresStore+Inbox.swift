import Foundation
import LeveeCore
import LeveeStore
import PostgresNIO

/// The inbox and the action log.
extension PostgresStore {
    public func enqueue(_ delivery: InboundDelivery) async throws -> EnqueueResult {
        let t = delivery.receivedAt.timeIntervalSince1970
        let inserted = try await rows(
            "store delivery \(delivery.deliveryID)",
            """
            INSERT INTO inbox (delivery_id, event, action, repository, installation_id, received_at, body,
                               next_attempt_at)
            VALUES (\(delivery.deliveryID), \(delivery.event), \(delivery.action), \(delivery.repository),
                    \(delivery.installationID), \(t), \(delivery.body), \(t))
            ON CONFLICT (delivery_id) DO NOTHING RETURNING id
            """)
        if let row = inserted.first { return .stored(id: try row.makeRandomAccess().value("id")) }
        let existing = try await rows(
            "find delivery \(delivery.deliveryID)", "SELECT id FROM inbox WHERE delivery_id = \(delivery.deliveryID)")
        guard let row = existing.first else {
            throw StoreError(database: name, reason: "delivery \(delivery.deliveryID) was neither stored nor found")
        }
        return .duplicate(id: try row.makeRandomAccess().value("id"))
    }

    public func claim(owner: String, now: Date, lease: TimeInterval) async throws -> InboxItem? {
        let t = now.timeIntervalSince1970
        // One statement: the row is locked by the subqueries and skipped by every other replica's. The first due
        // delivery by (next_attempt_at, id) is the first pending one, read in the order of the `inbox_due` index,
        // or a processing one whose lease ran out, whichever comes first; one `OR` query sorted the whole backlog.
        // The row locked but not taken is released when the statement ends.
        return try await rows(
            "claim a delivery",
            """
            WITH pending AS (
                SELECT id, next_attempt_at FROM inbox WHERE state = 'pending' AND next_attempt_at <= \(t)
                ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            ), expired AS (
                SELECT id, next_attempt_at FROM inbox WHERE state = 'processing' AND lease_until < \(t)
                ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            )
            UPDATE inbox SET state = 'processing', lease_owner = \(owner), lease_until = \(t + lease),
                attempts = attempts + 1
            WHERE id = (
                SELECT id FROM (SELECT * FROM pending UNION ALL SELECT * FROM expired) AS due
                ORDER BY next_attempt_at, id LIMIT 1)
            RETURNING *
            """
        ).first.map(Self.item)
    }

    public func complete(id: Int64, owner: String, outcome: String, now: Date) async throws -> Bool {
        try await !rows(
            "complete delivery \(id)",
            """
            UPDATE inbox SET state = 'done', outcome = \(outcome), processed_at = \(now.timeIntervalSince1970),
                lease_owner = NULL, lease_until = NULL, last_error = NULL
            WHERE id = \(id) AND state = 'processing' AND lease_owner = \(owner) RETURNING id
            """
        ).isEmpty
    }

    public func fail(id: Int64, owner: String, error: String, retryAt: Date?, now: Date) async throws -> Bool {
        let state = retryAt == nil ? "dead" : "pending"
        let processed: Double? = retryAt == nil ? now.timeIntervalSince1970 : nil
        return try await !rows(
            "record the failure of delivery \(id)",
            """
            UPDATE inbox SET state = \(state), last_error = \(error),
                next_attempt_at = \((retryAt ?? now).timeIntervalSince1970), lease_owner = NULL, lease_until = NULL,
                processed_at = \(processed)
            WHERE id = \(id) AND state = 'processing' AND lease_owner = \(owner) RETURNING id
            """
        ).isEmpty
    }

    public func postpone(id: Int64, owner: String, until: Date) async throws -> Bool {
        try await !rows(
            "postpone delivery \(id)",
            """
            UPDATE inbox SET state = 'pending', next_attempt_at = \(until.timeIntervalSince1970), lease_owner = NULL,
                lease_until = NULL, attempts = attempts - 1
            WHERE id = \(id) AND state = 'processing' AND lease_owner = \(owner) RETURNING id
            """
        ).isEmpty
    }

    public func releaseLeases(owner: String?) async throws -> Int {
        try await rows(
            "release leases",
            """
            UPDATE inbox SET state = 'pending', lease_owner = NULL, lease_until = NULL
            WHERE state = 'processing' AND (\(owner)::text IS NULL OR lease_owner = \(owner)) RETURNING id
            """
        ).count
    }

    public func depth() async throws -> Int {
        try await rows("count the inbox", "SELECT COUNT(*) AS n FROM inbox WHERE state IN ('pending', 'processing')")
            .first?.makeRandomAccess().value("n") ?? 0
    }

    public func item(deliveryID: String) async throws -> InboxItem? {
        try await rows("read delivery \(deliveryID)", "SELECT * FROM inbox WHERE delivery_id = \(deliveryID)")
            .first.map(Self.item)
    }

    public func items(limit: Int) async throws -> [InboxItem] {
        try await rows("list the inbox", "SELECT * FROM inbox ORDER BY id DESC LIMIT \(limit)").map(Self.item)
    }

    static func item(_ row: PostgresRow) throws -> InboxItem {
        let r = row.makeRandomAccess()
        return InboxItem(
            id: try r.value("id"),
            delivery: InboundDelivery(
                deliveryID: try r.value("delivery_id"), event: try r.value("event"), action: try r.value("action"),
                repository: try r.value("repository"), installationID: try r.value("installation_id"),
                receivedAt: try r.date("received_at"), body: try r.value("body")),
            state: InboxState(rawValue: try r.value("state")) ?? .pending, attempts: try r.value("attempts"),
            nextAttemptAt: try r.date("next_attempt_at"), leaseUntil: try r.optionalDate("lease_until"),
            lastError: try r.value("last_error"), outcome: try r.value("outcome"),
            processedAt: try r.optionalDate("processed_at"))
    }

    public func replaceActions(deliveryID: String, with records: [ActionRecord]) async throws {
        try await transaction("record the actions of delivery \(deliveryID)") { connection in
            try await connection.query("DELETE FROM action_log WHERE delivery_id = \(deliveryID)", logger: logger)
            for r in records {
                try await connection.query(
                    """
                    INSERT INTO action_log (delivery_id, repository, number, kind, value, reason, status, detail, at)
                    VALUES (\(deliveryID), \(r.repository), \(r.number), \(r.kind.rawValue), \(r.value), \(r.reason),
                            \(r.status.rawValue), \(r.detail), \(r.at.timeIntervalSince1970))
                    """, logger: logger)
            }
        }
    }

    public func actions(since: Date?, limit: Int) async throws -> [ActionRecord] {
        try await rows(
            "read the action log",
            """
            SELECT * FROM action_log WHERE at >= \(since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude)
            ORDER BY at, id LIMIT \(limit)
            """
        ).map(Self.actionRecord)
    }

    static func actionRecord(_ row: PostgresRow) throws -> ActionRecord {
        let r = row.makeRandomAccess()
        return ActionRecord(
            deliveryID: try r.value("delivery_id"), repository: try r.value("repository"),
            number: try r.value("number"), kind: try ActionLogKind(stored: try r.value("kind")),
            value: try r.value("value"),
            reason: try r.value("reason"), status: ActionStatus(rawValue: try r.value("status")) ?? .failed,
            detail: try r.value("detail"), at: try r.date("at"))
    }
}
