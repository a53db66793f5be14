import Foundation
import LeveeCore
import LeveeStore
import PostgresNIO

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

extension PostgresStore {
    public func saveEvaluation(_ item: StoredEvaluation) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = String(decoding: try encoder.encode(item.evaluation), as: UTF8.self)
        let e = item.evaluation
        _ = try await rows(
            "record \(item.source)",
            """
            INSERT INTO evaluation
                (source, kind, number, verdict, slop_score, review_minutes, evaluated_at, body, queued)
            VALUES (\(item.source), \(e.kind.rawValue), \(e.number), \(e.verdict.rawValue), \(e.slopScore),
                    \(e.reviewMinutes), \(item.evaluatedAt.timeIntervalSince1970), \(body), \(Int16(item.queued ? 1 : 0)))
            ON CONFLICT (source) DO UPDATE SET kind = excluded.kind, number = excluded.number,
                verdict = excluded.verdict, slop_score = excluded.slop_score, review_minutes = excluded.review_minutes,
                evaluated_at = excluded.evaluated_at, body = excluded.body, queued = excluded.queued
            """)
    }

    public func storedEvaluation(source: String) async throws -> StoredEvaluation? {
        try await rows(
            "read the evaluation of \(source)",
            "SELECT source, queued, evaluated_at, body FROM evaluation WHERE source = \(source)"
        ).first.map(decodeEvaluation)
    }

    public func releaseLease(name lease: String, owner: String) async throws {
        _ = try await rows(
            "release the lease \(lease)", "DELETE FROM lease WHERE name = \(lease) AND owner = \(owner)")
    }

    public func acquireLease(name lease: String, owner: String, now: Date, seconds: TimeInterval) async throws -> Bool {
        let t = now.timeIntervalSince1970
        return try await !rows(
            "take the lease \(lease)",
            """
            INSERT INTO lease (name, owner, until) VALUES (\(lease), \(owner), \(t + seconds))
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
            WHERE lease.owner = excluded.owner OR lease.until < \(t)
            RETURNING owner
            """
        ).isEmpty
    }
}

extension PostgresStore {
    public func appendLedger(_ entries: [LedgerEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await transaction("append to the ledger") { connection in
            for e in entries {
                try await connection.query(
                    """
                    INSERT INTO ledger (author, item, kind, amount, stake, note, at)
                    VALUES (\(e.author), \(e.item), \(e.kind.rawValue), \(e.amount), \(e.stake), \(e.note),
                            \(e.at.timeIntervalSince1970))
                    """, logger: logger)
            }
        }
    }

    public func ledger(author: String) async throws -> [LedgerEntry] {
        try await rows(
            "read the ledger of \(author)", "SELECT * FROM ledger WHERE lower(author) = lower(\(author)) ORDER BY id"
        ).map { row in
            let r = row.makeRandomAccess()
            return LedgerEntry(
                author: try r.value("author"), item: try r.value("item"),
                kind: LedgerEntry.Kind(rawValue: try r.value("kind")) ?? .start, amount: try r.value("amount"),
                stake: try r.value("stake"), note: try r.value("note"), at: try r.date("at"))
        }
    }

    public func balances() async throws -> [(author: String, balance: Double)] {
        // The first spelling seen names the author, as SQLite's NOCASE grouping does.
        try await rows(
            "read the balances",
            """
            SELECT (array_agg(author ORDER BY id))[1] AS author, ROUND(SUM(amount)::numeric, 2)::float8 AS balance
            FROM ledger GROUP BY lower(author) ORDER BY balance DESC, author
            """
        ).map { row in
            let r = row.makeRandomAccess()
            return (author: try r.value("author"), balance: try r.value("balance"))
        }
    }

    public func recordAudit(_ r: AuditRecord) async throws {
        _ = try await rows(
            "record an audit entry",
            """
            INSERT INTO audit (repository, actor, command, subject, reason, status, detail, at)
            VALUES (\(r.repository), \(r.actor), \(r.command), \(r.subject), \(r.reason), \(r.status.rawValue),
                    \(r.detail), \(r.at.timeIntervalSince1970))
            """)
    }

    public func audit(limit: Int) async throws -> [AuditRecord] {
        try await rows("read the audit log", "SELECT * FROM audit ORDER BY id DESC LIMIT \(limit)").map { row in
            let r = row.makeRandomAccess()
            return AuditRecord(
                repository: try r.value("repository"), actor: try r.value("actor"), command: try r.value("command"),
                subject: try r.value("subject"), reason: try r.value("reason"),
                status: AuditRecord.Status(rawValue: try r.value("status")) ?? .failed, detail: try r.value("detail"),
                at: try r.date("at"))
        }
    }

    public func saveStatement(_ s: StoredStatement) async throws {
        _ = try await rows(
            "store the statement of \(s.issuer)",
            """
            INSERT INTO trust_statement (issuer, public_key, weight, signed, expires_at, imported_at)
            VALUES (\(s.issuer), \(s.publicKey), \(s.weight), \(s.signed), \(s.expiresAt.timeIntervalSince1970),
                    \(s.importedAt.timeIntervalSince1970))
            ON CONFLICT (issuer, public_key) DO UPDATE SET weight = excluded.weight, signed = excluded.signed,
                expires_at = excluded.expires_at, imported_at = excluded.imported_at
            """)
    }

    public func statements() async throws -> [StoredStatement] {
        try await rows("read the imported statements", "SELECT * FROM trust_statement ORDER BY issuer").map { row in
            let r = row.makeRandomAccess()
            return StoredStatement(
                issuer: try r.value("issuer"), publicKey: try r.value("public_key"), weight: try r.value("weight"),
                signed: try r.value("signed"), expiresAt: try r.date("expires_at"),
                importedAt: try r.date("imported_at"))
        }
    }
}

extension PostgresStore {
    static func decodeItem(_ row: PostgresRow) throws -> LifecycleItem {
        let body: String = try row.makeRandomAccess().value("body")
        return try StoredJSON.value(LifecycleItem.self, from: body)
    }

    public func lifecycleItem(repository: String, number: Int) async throws -> LifecycleItem? {
        try await rows(
            "read lifecycle item \(repository)#\(number)",
            "SELECT body FROM lifecycle_item WHERE repository = \(repository) AND number = \(number)"
        ).first.map(Self.decodeItem)
    }

    public func saveLifecycleItem(_ item: LifecycleItem) async throws {
        let body = try StoredJSON.text(item)
        _ = try await rows(
            "save lifecycle item \(item.repository)#\(item.number)",
            """
            INSERT INTO lifecycle_item (repository, number, author, phase, held, deadline, mentor, triager, body)
            VALUES (\(item.repository), \(item.number), \(item.author), \(item.phase.rawValue), \(item.held),
                    \(item.deadline?.timeIntervalSince1970), \(item.mentor), \(item.triager), \(body))
            ON CONFLICT (repository, number) DO UPDATE SET author = excluded.author, phase = excluded.phase,
                held = excluded.held, deadline = excluded.deadline, mentor = excluded.mentor,
                triager = excluded.triager, body = excluded.body
            """)
    }

    public func dueLifecycleItems(now: Date, limit: Int) async throws -> [LifecycleItem] {
        try await rows(
            "read due lifecycle items",
            """
            SELECT body FROM lifecycle_item
            WHERE deadline IS NOT NULL AND deadline <= \(now.timeIntervalSince1970) AND NOT held
            ORDER BY deadline LIMIT \(limit)
            """
        ).map(Self.decodeItem)
    }

    public func lifecycleItems(repository: String, author: String, phase: LifecycleItem.Phase) async throws
        -> [LifecycleItem]
    {
        try await rows(
            "read lifecycle items of \(author)",
            """
            SELECT body FROM lifecycle_item
            WHERE repository = \(repository) AND lower(author) = lower(\(author)) AND phase = \(phase.rawValue)
            ORDER BY number
            """
        ).map(Self.decodeItem)
    }

    public func helperLoad(repository: String) async throws -> [String: Int] {
        var load: [String: Int] = [:]
        for row in try await rows(
            "count helpers' items",
            """
            SELECT login, COUNT(*) AS n FROM (
                SELECT mentor AS login FROM lifecycle_item
                WHERE repository = \(repository) AND mentor IS NOT NULL AND phase != 'closed'
                UNION ALL
                SELECT triager AS login FROM lifecycle_item
                WHERE repository = \(repository) AND triager IS NOT NULL AND phase != 'closed'
            ) helpers GROUP BY login
            """)
        {
            let r = row.makeRandomAccess()
            load[try r.value("login", as: String.self), default: 0] += try r.value("n", as: Int.self)
        }
        return load
    }

    public func saveFingerprint(repository: String, item: FingerprintedItem, open: Bool, at: Date) async throws {
        let body = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
        _ = try await rows(
            "save the fingerprint of \(repository)#\(item.number)",
            """
            INSERT INTO fingerprint (repository, number, open, updated_at, body)
            VALUES (\(repository), \(item.number), \(open), \(at.timeIntervalSince1970), \(body))
            ON CONFLICT (repository, number) DO UPDATE SET open = excluded.open, updated_at = excluded.updated_at,
                body = excluded.body
            """)
    }

    public func fingerprints(repository: String, since: Date) async throws -> [FingerprintedItem] {
        try await rows(
            "read the fingerprints of \(repository)",
            """
            SELECT body FROM fingerprint WHERE repository = \(repository) AND (open OR updated_at >= \(since.timeIntervalSince1970))
            ORDER BY updated_at DESC LIMIT 2000
            """
        ).map { row in
            let body: String = try row.makeRandomAccess().value("body")
            return try JSONDecoder().decode(FingerprintedItem.self, from: Data(body.utf8))
        }
    }

    public func closedFingerprints() async throws -> Set<String> {
        Set(
            try await rows("list closed fingerprints", "SELECT repository, number FROM fingerprint WHERE NOT open").map
            {
                row in
                let r = row.makeRandomAccess()
                return ItemReference(repository: try r.value("repository"), number: try r.value("number")).description
            })
    }

    public func markClosed(repository: String, number: Int, at: Date) async throws {
        _ = try await rows(
            "close the fingerprint of \(repository)#\(number)",
            """
            UPDATE fingerprint SET open = FALSE, updated_at = \(at.timeIntervalSince1970)
            WHERE repository = \(repository) AND number = \(number)
            """)
    }
}

extension PostgresStore {
    public func saveOutcome(_ outcome: ItemOutcome) async throws {
        let body = try StoredJSON.text(outcome)
        _ = try await rows(
            "save the outcome of \(outcome.repository)#\(outcome.number)",
            """
            INSERT INTO outcome (repository, number, closed_at, body)
            VALUES (\(outcome.repository), \(outcome.number), \(outcome.closedAt.timeIntervalSince1970), \(body))
            ON CONFLICT (repository, number) DO UPDATE SET closed_at = EXCLUDED.closed_at, body = EXCLUDED.body
            """)
    }

    public func outcomes(repository: String?, since: Date) async throws -> [ItemOutcome] {
        let query: PostgresQuery =
            repository.map {
                "SELECT body FROM outcome WHERE repository = \($0) AND closed_at >= \(since.timeIntervalSince1970) ORDER BY closed_at, repository, number"
            }
            ?? "SELECT body FROM outcome WHERE closed_at >= \(since.timeIntervalSince1970) ORDER BY closed_at, repository, number"
        return try await rows("list outcomes", query).map {
            try StoredJSON.value(ItemOutcome.self, from: try $0.makeRandomAccess().value("body", as: String.self))
        }
    }

    public func saveDecision(_ decision: ItemDecision) async throws {
        let body = try StoredJSON.text(decision)
        _ = try await rows(
            "save the \(decision.kind.rawValue) decision on \(decision.repository)#\(decision.number)",
            """
            INSERT INTO decision (repository, number, kind, at, body)
            VALUES (\(decision.repository), \(decision.number), \(decision.kind.rawValue), \(decision.at.timeIntervalSince1970), \(body))
            ON CONFLICT (repository, number, kind) DO UPDATE SET at = EXCLUDED.at, body = EXCLUDED.body
            """)
    }

    public func decisions(repository: String?, since: Date) async throws -> [ItemDecision] {
        let query: PostgresQuery =
            repository.map {
                "SELECT body FROM decision WHERE repository = \($0) AND at >= \(since.timeIntervalSince1970) ORDER BY at, repository, number, kind"
            }
            ?? "SELECT body FROM decision WHERE at >= \(since.timeIntervalSince1970) ORDER BY at, repository, number, kind"
        return try await rows("list decisions", query).map {
            try StoredJSON.value(ItemDecision.self, from: try $0.makeRandomAccess().value("body", as: String.self))
        }
    }
}
