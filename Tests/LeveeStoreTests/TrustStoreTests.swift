import Foundation
import LeveeCore
import LeveeStore
import Testing

@Suite struct TrustStoreTests {
    func store() throws -> (SQLiteStore, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "levee-trust-\(UUID().uuidString).sqlite"
        )
        .path
        return (try SQLiteStore(path: path), path)
    }

    @Test func ledgersAuditAndStatementsPersist() async throws {
        let (store, path) = try store()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let rules = ReputationRules(enabled: true)
        let (opened, _) = Ledger.open(
            LedgerAccount(author: "Newbie"), item: "o/r#1", reviewMinutes: 40, tier: .newcomer, rules: rules, at: at)
        try await store.appendLedger(opened)
        try await store.appendLedger([
            LedgerEntry(author: "other", item: "o/r#2", kind: .start, amount: 12, note: "starting balance", at: at)
        ])
        // Logins are not case-sensitive on GitHub.
        let entries = try await store.ledger(author: "newbie")
        #expect(entries == opened)
        let account = LedgerAccount(author: "newbie", entries: entries)
        #expect(account.waiting == ["o/r#1": 20])
        #expect(try await store.balances().map(\.author) == ["other", "Newbie"])
        #expect(try await store.balances().map(\.balance) == [12, 10])

        try await store.recordAudit(
            AuditRecord(
                repository: "o/r", actor: "mia", command: "denounce", subject: "spammer", reason: "spam",
                status: .shadow, at: at))
        #expect(try await store.audit(limit: 5).map(\.subject) == ["spammer"])

        let statement = StoredStatement(
            issuer: "ghostty", publicKey: "AAAA", weight: 0.5, signed: Data("{}".utf8), expiresAt: at, importedAt: at)
        try await store.saveStatement(statement)
        var reweighted = statement
        reweighted.weight = 1
        try await store.saveStatement(reweighted)
        #expect(try await store.statements() == [reweighted])

        var bad = statement
        bad.weight = 2
        await #expect(throws: StoreError.self) { try await store.saveStatement(bad) }
    }
}
