import Foundation
import GRDB
import LeveeCore
import LeveeStore

extension SQLiteStore: FingerprintStore {
    public func saveFingerprint(repository: String, item: FingerprintedItem, open: Bool, at: Date) async throws {
        let body = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
        try await wrap("save the fingerprint of \(repository)#\(item.number)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO fingerprint (repository, number, open, updated_at, body) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (repository, number) DO UPDATE SET open = excluded.open,
                            updated_at = excluded.updated_at, body = excluded.body
                        """,
                    arguments: [repository, item.number, open ? 1 : 0, at.timeIntervalSince1970, body])
            }
        }
    }

    public func fingerprints(repository: String, since: Date) async throws -> [FingerprintedItem] {
        try await wrap("read the fingerprints of \(repository)") {
            try await writer.read { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT body FROM fingerprint WHERE repository = ? AND (open = 1 OR updated_at >= ?)
                        ORDER BY updated_at DESC LIMIT 2000
                        """, arguments: [repository, since.timeIntervalSince1970]
                ).map { try JSONDecoder().decode(FingerprintedItem.self, from: Data($0.utf8)) }
            }
        }
    }

    /// The queue asks for the closed items on every request: a partial index holds just them, so the question reads
    /// no fingerprint body however many closed items the backfill brought in.
    public func closedFingerprints() async throws -> Set<String> {
        try await wrap("list closed fingerprints") {
            try await writer.read { db in
                Set(
                    try Row.fetchAll(db, sql: "SELECT repository, number FROM fingerprint WHERE open = 0").map {
                        row -> String in
                        let repository: String = row["repository"]
                        let number: Int = row["number"]
                        return "\(repository)#\(number)"
                    })
            }
        }
    }

    public func markClosed(repository: String, number: Int, at: Date) async throws {
        try await wrap("close the fingerprint of \(repository)#\(number)") {
            try await writer.write { db in
                try db.execute(
                    sql: "UPDATE fingerprint SET open = 0, updated_at = ? WHERE repository = ? AND number = ?",
                    arguments: [at.timeIntervalSince1970, repository, number])
            }
        }
    }
}
