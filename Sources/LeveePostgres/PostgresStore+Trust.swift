import Foundation
import LeveeCore
import LeveeStore
import PostgresNIO

/// The reputation ledger, the audit log and imported trust statements.
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
