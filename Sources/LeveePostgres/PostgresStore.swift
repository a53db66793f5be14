import Foundation
import LeveeCore
import LeveeStore
import Logging
import PostgresNIO

/// Every storage protocol of the server on PostgreSQL, for several `levee serve` replicas sharing one database.
/// Deliveries are claimed with `FOR UPDATE SKIP LOCKED` in one statement, so two replicas never hold the same one;
/// a repeated delivery id is refused by the unique index; the timers' lease is one row taken with a conditional
/// upsert. Times are seconds since 1970 (`double precision`), as in the SQLite store, and the contract tests are the
/// same.
public final class PostgresStore: ServerStore, Sendable {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger
    /// The database as named in errors: host, port and database, never the password.
    public let name: String

    public var sharedByReplicas: Bool { true }

    /// Connects (`postgres://user:password@host:port/database`, `?sslmode=disable|prefer|require`) and migrates.
    /// One connection is made first, on its own, so a server that cannot be reached is an error naming it (the pool
    /// would keep retrying) after NIO's connect timeout of ten seconds.
    public init(url: String, logger: Logger = Logger(label: "levee.postgres")) async throws {
        let target = try Target(url)
        name = target.name
        self.logger = logger
        do {
            let probe = try await PostgresConnection.connect(
                configuration: target.connection, id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw Self.failure(target.name, "connect", error)
        }
        let client = PostgresClient(configuration: target.client, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        do {
            try await migrate()
        } catch {
            runner.cancel()
            throw error
        }
    }

    /// Closes every connection.
    public func shutdown() async {
        runner.cancel()
        _ = await runner.value
    }

    deinit { runner.cancel() }

    /// A database URL, read once for the pool and for the first connection.
    struct Target {
        var client: PostgresClient.Configuration
        var connection: PostgresConnection.Configuration
        /// Host, port and database, never the password.
        var name: String

        init(_ url: String) throws {
            guard let components = URLComponents(string: url),
                ["postgres", "postgresql"].contains(components.scheme ?? ""), let host = components.host,
                !host.isEmpty
            else {
                throw StoreError(
                    database: "database.url", reason: "expected postgres://user:password@host:port/database")
            }
            let database = String(components.path.drop { $0 == "/" })
            let user = components.user ?? "postgres"
            let port = components.port ?? 5432
            let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
            guard ["disable", "prefer", "require"].contains(mode) else {
                throw StoreError(
                    database: "database.url", reason: "sslmode must be disable, prefer or require, not `\(mode)`")
            }
            let tls = TLSConfiguration.makeClientConfiguration()
            client = PostgresClient.Configuration(
                host: host, port: port, username: user, password: components.password,
                database: database.isEmpty ? nil : database,
                tls: mode == "disable" ? .disable : mode == "prefer" ? .prefer(tls) : .require(tls))
            client.options.maximumConnections = 8
            let context = mode == "disable" ? nil : try NIOSSLContext(configuration: tls)
            connection = PostgresConnection.Configuration(
                host: host, port: port, username: user, password: components.password,
                database: database.isEmpty ? nil : database,
                tls: context.map { mode == "prefer" ? .prefer($0) : .require($0) } ?? .disable)
            name = "postgres://\(host):\(port)/\(database)"
        }
    }

    // MARK: Running queries

    func rows(_ what: String, _ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw failure(what, error)
        }
    }

    func transaction<T: Sendable>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw failure(what, error)
        }
    }

    /// The server's own message, not the bound values (a delivery's body is not for the log).
    func failure(_ what: String, _ error: any Error) -> StoreError { Self.failure(name, what, error) }

    static func failure(_ name: String, _ what: String, _ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            let message = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            return StoreError(database: name, reason: "cannot \(what): \(message)")
        }
        return StoreError(database: name, reason: "cannot \(what): \(error)")
    }

    // MARK: Schema

    /// The schema's migrations that have PostgreSQL statements (`Schema.migrations`), numbered from 1 in
    /// `levee_schema`.
    static let migrations: [String] = Schema.migrations.compactMap(\.postgres)

    /// Applies the migrations not yet applied, one replica at a time (a transaction-scoped advisory lock).
    func migrate() async throws {
        try await transaction("migrate the schema") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7268207)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS levee_schema (version INTEGER NOT NULL)", logger: logger)
            var version = 0
            for try await value in try await connection.query(
                "SELECT COALESCE(MAX(version), 0) FROM levee_schema", logger: logger
            ).decode(Int.self) {
                version = value
            }
            guard version <= Self.migrations.count else {
                throw StoreError(
                    database: name,
                    reason: "the schema is version \(version), newer than this Levee knows (\(Self.migrations.count))")
            }
            for (number, sql) in Self.migrations.enumerated().dropFirst(version) {
                // One statement per query: the extended protocol postgres-nio speaks takes no more.
                for statement in sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
                where !statement.isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO levee_schema (version) VALUES (\(number + 1))", logger: logger)
            }
        }
    }
}

// MARK: Decoding rows

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func date(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try value(column, as: Double.self))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try value(column, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }
}

extension PostgresStore {
    /// Drops a database made by `createDatabase` (after its stores are shut down).
    public static func dropDatabase(named database: String, at url: String) async throws {
        try await administer("DROP DATABASE IF EXISTS", database, at: url)
    }

    /// Creates an empty database on the server of `url` and returns the URL that names it (tests and benchmarks: one
    /// database each). The name must be lower-case letters, digits and `_`.
    public static func createDatabase(named database: String, at url: String) async throws -> String {
        try await administer("CREATE DATABASE", database, at: url)
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + database
        return components.string ?? url
    }

    static func administer(_ command: String, _ database: String, at url: String) async throws {
        guard !database.isEmpty, database.allSatisfy({ $0 == "_" || $0.isNumber || ($0.isLetter && $0.isLowercase) })
        else { throw StoreError(database: url, reason: "not a plain database name: \(database)") }
        let target = try Target(url)
        let name = target.name
        let client = PostgresClient(configuration: target.client)
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        do {
            try await client.query(PostgresQuery(unsafeSQL: "\(command) \(database)"))
        } catch {
            throw StoreError(
                database: name, reason: "cannot \(command.lowercased()) \(database): \(String(reflecting: error))")
        }
    }
}
