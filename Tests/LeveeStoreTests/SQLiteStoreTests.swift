import Foundation
import LeveeCore
import LeveeSQLite
import LeveeStore
import Testing

@Suite struct SQLiteStoreTests {
    func evaluation(_ title: String, body: String = "") -> Evaluation {
        Evaluator().evaluate(Contribution(kind: .issue, number: 3, title: title, body: body))
    }

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("levee-\(UUID().uuidString).sqlite").path
    }

    @Test func recordsReplacesAndReadsBack() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteStore(path: path)
        #expect(try store.journalMode() == "wal")
        let first = StoredEvaluation(
            .item("a.json"), evaluatedAt: Date(timeIntervalSince1970: 100), evaluation: evaluation("A"))
        try store.record(first)
        try store.record(
            StoredEvaluation(.item("b.md"), evaluatedAt: Date(timeIntervalSince1970: 200), evaluation: evaluation("B"))
        )
        try store.record(
            StoredEvaluation(
                .item("a.json"), evaluatedAt: Date(timeIntervalSince1970: 300), evaluation: evaluation("A2")))
        #expect(try store.count() == 2)
        let latest = try store.evaluations(limit: 10)
        #expect(latest.map(\.source) == ["a.json", "b.md"])
        #expect(latest[0].evaluation.title == "A2")

        // Reopening runs the migrations again without losing anything.
        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.count() == 2)
    }

    @Test func schemaRefusesImpossibleValues() throws {
        let store = try SQLiteStore(path: ":memory:")
        var bad = evaluation("x")
        bad.slopScore = 1.5
        #expect(throws: StoreError.self) {
            try store.record(
                StoredEvaluation(.item("x"), evaluatedAt: Date(timeIntervalSince1970: 1), evaluation: bad))
        }
        #expect(try store.count() == 0)
    }

    @Test func unopenablePathIsAClearError() {
        do {
            _ = try SQLiteStore(path: "/nonexistent-dir/levee.sqlite")
            Issue.record("expected an error")
        } catch let error as StoreError {
            #expect(error.database == "/nonexistent-dir/levee.sqlite")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
