import Foundation
import GRDB
import LeveeCore
import LeveeStore

extension SQLiteStore: OutcomeStore {
    public func saveOutcome(_ outcome: ItemOutcome) async throws {
        let body = try StoredJSON.text(outcome)
        try await wrap("save the outcome of \(outcome.repository)#\(outcome.number)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO outcome (repository, number, closed_at, body) VALUES (?, ?, ?, ?)
                        ON CONFLICT (repository, number) DO UPDATE SET closed_at = excluded.closed_at, body = excluded.body
                        """,
                    arguments: [outcome.repository, outcome.number, outcome.closedAt.timeIntervalSince1970, body])
            }
        }
    }

    public func outcomes(repository: String?, since: Date) async throws -> [ItemOutcome] {
        try await wrap("list outcomes") {
            try await writer.read { db in
                try String.fetchAll(
                    db,
                    sql: "SELECT body FROM outcome WHERE (? IS NULL OR repository = ?) AND closed_at >= ? "
                        + "ORDER BY closed_at, repository, number",
                    arguments: [repository, repository, since.timeIntervalSince1970])
            }.map { try StoredJSON.value(ItemOutcome.self, from: $0) }
        }
    }

    public func saveDecision(_ decision: ItemDecision) async throws {
        let body = try StoredJSON.text(decision)
        try await wrap("save the \(decision.kind.rawValue) decision on \(decision.repository)#\(decision.number)") {
            try await writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO decision (repository, number, kind, at, body) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (repository, number, kind) DO UPDATE SET at = excluded.at, body = excluded.body
                        """,
                    arguments: [
                        decision.repository, decision.number, decision.kind.rawValue, decision.at.timeIntervalSince1970,
                        body,
                    ])
            }
        }
    }

    public func decisions(repository: String?, since: Date) async throws -> [ItemDecision] {
        try await wrap("list decisions") {
            try await writer.read { db in
                try String.fetchAll(
                    db,
                    sql: "SELECT body FROM decision WHERE (? IS NULL OR repository = ?) AND at >= ? "
                        + "ORDER BY at, repository, number, kind",
                    arguments: [repository, repository, since.timeIntervalSince1970])
            }.map { try StoredJSON.value(ItemDecision.self, from: $0) }
        }
    }
}
