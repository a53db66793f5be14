import Foundation
import LeveePostgres
import LeveeSQLite
import LeveeStore
import Logging

/// The one place that picks the storage backend: PostgreSQL when a URL is given (replicas sharing one database), else
/// the SQLite file (the embedded default). `levee serve` and the commands that read the server's records open their
/// store here.
enum StoreFactory {
    /// An open store and how to close it (PostgreSQL's connection pool; nothing for SQLite).
    struct Opened {
        let store: any ServerStore
        let close: @Sendable () async -> Void
    }

    static func open(
        url: String?, sqlitePath: String, durability: SQLiteStore.Durability = .full,
        logger: Logger = Logger(label: "levee.postgres")
    ) async throws -> Opened {
        if let url {
            let postgres = try await PostgresStore(url: url, logger: logger)
            return Opened(store: postgres, close: { await postgres.shutdown() })
        }
        return Opened(store: try SQLiteStore(path: sqlitePath, durability: durability), close: {})
    }
}
