import Foundation
import GRDB
import LeveeCore
import LeveeStore

extension SQLiteStore: TrustStore {
    public func appendLedger(_ entries: [LedgerEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await wrap("append to the ledger") {
            try await writer.write { db in
                for e in entries {
                    try db.execute(
                        sql:
                            "INSERT INTO ledger (author, item, kind, amount, stake, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [
                            e.author, e.item, e.kind.rawValue, e.amount, e.stake, e.note, e.at.timeIntervalSince1970,
                        ])
                }
            }
        }
    }

    public func ledger(author: String) async throws -> [LedgerEntry] {
        try await wrap("read the ledger of \(author)") {
            try await writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM ledger WHERE author = ? ORDER BY id", arguments: [author]).map
                {
                    row in
                    LedgerEntry(
                        author: row["author"], item: row["item"],
                        kind: LedgerEntry.Kind(rawValue: row["kind"]) ?? .start, amount: row["amount"],
                        stake: row["stake"], note: row["note"], at: Date(timeIntervalSince1970: row["at"]))
                }
            }
        }
    }

    public func balances() async throws -> [(author: String, balance: Double)] {
        try await wrap("read the balances") {
            try await writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT author, ROUND(SUM(amount), 2) AS balance FROM ledger
                        GROUP BY author COLLATE NOCASE ORDER BY balance DESC, author
                        """
                ).map { (author: $0["author"], balance: $0["balance"]) }
            }
        }
    }

    public func recordAudit(_ r: AuditRecord) async throws {
        try await wrap("record an audit entry") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO audit (repository, actor, command, subject, reason, status, detail, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        r.repository, r.actor, r.command, r.subject, r.reason, r.status.rawValue, r.detail,
                        r.at.timeIntervalSince1970,
                    ])
            }
        }
    }

    public func audit(limit: Int) async throws -> [AuditRecord] {
        try await wrap("read the audit log") {
            try await writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                    row in
                    AuditRecord(
                        repository: row["repository"], actor: row["actor"], command: row["command"],
                        subject: row["subject"], reason: row["reason"],
                        status: AuditRecord.Status(rawValue: row["status"]) ?? .failed, detail: row["detail"],
                        at: Date(timeIntervalSince1970: row["at"]))
                }
            }
        }
    }

    public func saveStatement(_ s: StoredStatement) async throws {
        try await wrap("store the statement of \(s.issuer)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO trust_statement (issuer, public_key, weight, signed, expires_at, imported_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (issuer, public_key) DO UPDATE SET weight = excluded.weight,
                            signed = excluded.signed, expires_at = excluded.expires_at, imported_at = excluded.imported_at
                        """,
                    arguments: [
                        s.issuer, s.publicKey, s.weight, s.signed, s.expiresAt.timeIntervalSince1970,
                        s.importedAt.timeIntervalSince1970,
                    ])
            }
        }
    }

    public func statements() async throws -> [StoredStatement] {
        try await wrap("read the imported statements") {
            try await writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM trust_statement ORDER BY issuer").map { row in
                    StoredStatement(
                        issuer: row["issuer"], publicKey: row["public_key"], weight: row["weight"],
                        signed: row["signed"], expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
                        importedAt: Date(timeIntervalSince1970: row["imported_at"]))
                }
            }
        }
    }
}
