import Foundation
import LeveeCore
import LeveeStore
import Testing

@testable import LeveeSQLite

/// The schema's one history (`Schema.migrations`): both backends apply it, so it must stay coherent.
@Suite struct SchemaMigrationTests {
    /// The early SQLite migrations that PostgreSQL's first migration contains (it was written after them). No other
    /// migration may leave PostgreSQL out: a new one is written for both backends.
    static let inPostgresFirst = [
        "v2-inbox-and-action-log", "v3-trust", "v4-lifecycle", "v5-fingerprints", "v6-leases",
    ]

    @Test func everyMigrationAfterTheFirstSixIsWrittenForBothBackends() {
        let withoutPostgres = Schema.migrations.filter { $0.postgres == nil }.map(\.name)
        #expect(withoutPostgres == Self.inPostgresFirst)
        #expect(Schema.migrations.allSatisfy { !$0.sqlite.isEmpty && $0.postgres?.isEmpty != true })
    }

    /// Names are unique and numbered in order (`vN-…`): SQLite records them by name, PostgreSQL by position.
    @Test func namesAreUniqueAndInOrder() {
        let numbers = Schema.migrations.map { Int($0.name.dropFirst().prefix { $0.isNumber }) ?? 0 }
        #expect(numbers == Array(1...Schema.migrations.count))
        #expect(Set(Schema.migrations.map(\.name)).count == Schema.migrations.count)
    }

    /// A fresh SQLite database has applied every migration, by name, in order.
    /// v12: evaluations stored before the queue column existed are sorted by their key — a response (a comment, a
    /// review) had a space in it — once, and read back as queued or not.
    @Test func theQueueColumnIsFilledFromTheOldKeys() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("levee-v11-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let body = String(
            decoding: try JSONEncoder().encode(Evaluator().evaluate(Contribution(kind: .comment, number: 3))),
            as: UTF8.self
        ).replacingOccurrences(of: "'", with: "''")
        do {
            let old = try SQLiteStore(path: path, migratedUpTo: "v11-decisions")
            try old.execute(
                """
                INSERT INTO evaluation (source, kind, number, verdict, slop_score, review_minutes, evaluated_at, body)
                VALUES ('o/r#3', 'pull_request', 3, 'review', 0.1, 1, 1, '\(body)'),
                       ('o/r#3 comment d-1', 'comment', 3, 'review', 0.1, 1, 2, '\(body)')
                """)
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.evaluation(source: "o/r#3")?.queued == true)
        #expect(try store.evaluation(source: "o/r#3 comment d-1")?.queued == false)
    }

    /// v13: a reply to a `/levee` command stored as a comment before replies had a kind of their own becomes a reply;
    /// the sticky comment stays a comment.
    @Test func earlierCommandRepliesBecomeReplies() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("levee-v12-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let old = try SQLiteStore(path: path, migratedUpTo: "v12-evaluation-queue")
            try old.execute(
                """
                INSERT INTO action_log (delivery_id, repository, number, kind, value, reason, status, at)
                VALUES ('d1', 'o/r', 3, 'comment', 'the sticky comment', 'verdict', 'shadow', 1),
                       ('d2', 'o/r', 3, 'comment', '<!-- levee:reply:7 -->
                @alice is vouched for.', 'reply to /levee', 'shadow', 2)
                """)
        }
        let store = try SQLiteStore(path: path)
        let kinds = try await store.actions(repository: "o/r", number: 3).map(\.kind)
        #expect(kinds == [.comment, .reply])
    }

    @Test func sqliteRecordsEveryMigrationByName() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("levee-schema-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SQLiteStore(path: path).appliedMigrations() == Schema.migrations.map(\.name))
    }

    /// `ActionLogKind` has exactly the values the `action_log.kind` column allows, on both backends (the last CHECK
    /// written for it), and a stored value outside them is an error that names it.
    @Test func actionKindsAreTheColumnsValues() throws {
        // The last statement that sets the column's values: a table made with its CHECK, or (PostgreSQL) the CHECK
        // constraint put back by name.
        func allowed(_ sql: [String]) -> Set<String> {
            let forms = ["kind TEXT NOT NULL CHECK (kind IN (", "action_log_kind_check CHECK (kind IN ("]
            guard let last = sql.last(where: { text in forms.contains { text.contains($0) } }),
                let check = forms.compactMap({ last.range(of: $0) }).max(by: { $0.lowerBound < $1.lowerBound })
            else { return [] }
            let list = last[check.upperBound...].prefix { $0 != ")" }
            return Set(
                list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(["'"])) })
        }
        let kinds = Set(ActionLogKind.allCases.map(\.rawValue))
        #expect(allowed(Schema.migrations.map(\.sqlite)) == kinds)
        #expect(allowed(Schema.migrations.compactMap(\.postgres)) == kinds)
        #expect(throws: StoreError.self) { try ActionLogKind(stored: "relabel") }
    }
}
