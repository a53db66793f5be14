import Foundation
import LeveeCore
import LeveeStore
import PostgresNIO

/// Lifecycle items and fingerprints.
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
