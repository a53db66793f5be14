import Foundation
import LeveeCore
import LeveePostgres
import LeveeSQLite
import LeveeStore
import LeveeStoreContract
import Testing

/// The backends every storage contract runs on: SQLite always; PostgreSQL when LEVEE_TEST_POSTGRES_URL names a server
/// (`.ci/run` starts one with `scripts/test-postgres`, and sets LEVEE_REQUIRE_POSTGRES so its absence fails).
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["LEVEE_TEST_POSTGRES_URL"]
    static let postgresRequired = ProcessInfo.processInfo.environment["LEVEE_REQUIRE_POSTGRES"] == "1"

    /// A fresh, empty store, and how to dispose of it; nil when this backend is not available here.
    func makeStore() async throws -> (store: any ServerStore, close: @Sendable () async -> Void)? {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "levee-contract-\(UUID().uuidString).sqlite"
            ).path
            let store = try SQLiteStore(path: path)
            return (
                store,
                {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            )
        case .postgres:
            guard let url = Self.postgresURL else {
                if Self.postgresRequired {
                    Issue.record("LEVEE_REQUIRE_POSTGRES is set but LEVEE_TEST_POSTGRES_URL is not")
                }
                return nil
            }
            let name = "levee_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let store = try await PostgresStore(url: try await PostgresStore.createDatabase(named: name, at: url))
            return (
                store,
                {
                    await store.shutdown()
                    try? await PostgresStore.dropDatabase(named: name, at: url)
                }
            )
        }
    }
}

@Suite struct StoreContractTests {
    @Test(arguments: Backend.allCases, ContractCheck.allCases)
    func inbox(_ backend: Backend, _ check: ContractCheck) async throws {
        guard let (store, close) = try await backend.makeStore() else { return }
        do { try await check.run(store) } catch {
            await close()
            throw error
        }
        await close()
    }

    @Test(arguments: Backend.allCases, StoreCheck.allCases)
    func store(_ backend: Backend, _ check: StoreCheck) async throws {
        guard let (store, close) = try await backend.makeStore() else { return }
        do { try await check.run(store) } catch {
            await close()
            throw error
        }
        await close()
    }

    @Test(.enabled(if: Backend.postgresURL != nil, "LEVEE_TEST_POSTGRES_URL is not set"))
    func postgresErrorsNameTheDatabaseNotThePassword() async throws {
        await #expect(throws: StoreError.self) { _ = try await PostgresStore(url: "mysql://x") }
        do {
            _ = try await PostgresStore(url: "postgres://levee:s3cret@127.0.0.1:1/nowhere?sslmode=disable")
            Issue.record("connected to a closed port")
        } catch {
            #expect("\(error)".contains("127.0.0.1:1/nowhere"))
            #expect(!"\(error)".contains("s3cret"))
        }
    }
}
