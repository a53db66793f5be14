import ArgumentParser
import Foundation
import LeveeConfig
import LeveeStore

/// Where the commands that read or add to the server's records (`actions`, `ledger`, `trust export|import|list`) find
/// them: PostgreSQL when `--database-url`, `LEVEE_DATABASE_URL` or `LEVEE_DATABASE_URL_FILE` names one (as for
/// `levee serve`), else the SQLite file.
struct ServerDatabase: ParsableArguments {
    @Option(help: "The server's SQLite database (used when no PostgreSQL URL is given).") var database = "levee.sqlite"
    @Option(
        name: .customLong("database-url"),
        help: "The server's PostgreSQL database (default: $LEVEE_DATABASE_URL, or the file $LEVEE_DATABASE_URL_FILE).")
    var databaseURL: String?

    /// `--database-url`, else what `levee serve` would read from `LEVEE_DATABASE_URL[_FILE]` (the same parsing and
    /// checks, through `ServerConfiguration`).
    func url() throws -> String? {
        if let databaseURL { return databaseURL }
        let keys = ["database.url", "database.url_file"].map(ServerConfiguration.environmentName)
        let environment = ProcessInfo.processInfo.environment.filter { keys.contains($0.key) }
        do {
            return try ServerConfiguration.load(file: nil, environment: environment).databaseURL
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Opens the database, runs `body` and closes it. A missing SQLite file is an error naming it (exit 2), or, when
    /// `optional`, gives nil without running `body`, or, when `create`, is made.
    func with<T>(
        _ command: String, optional: Bool = false, create: Bool = false, _ body: (any ServerStore) async throws -> T
    ) async throws -> T? {
        let opened: StoreFactory.Opened
        do {
            let url = try url()
            if url == nil, !create, !FileManager.default.fileExists(atPath: database) {
                if optional { return nil }
                throw CLIError(
                    "levee \(command): \(database): no such database (run `levee serve` first, or pass --database "
                        + "or --database-url)")
            }
            opened = try await StoreFactory.open(url: url, sqlitePath: database)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("levee \(command): \(error)")
        }
        do {
            let result = try await body(opened.store)
            await opened.close()
            return result
        } catch {
            await opened.close()
            throw error
        }
    }
}
