import ArgumentParser
import Foundation
import LeveeStore

struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "List what the server did, or in shadow mode would have done, with the reason for each.")

    @Option(help: "Only actions since this time: an ISO 8601 date or time, or an age such as 30m, 24h, 7d.")
    var since: String?
    @OptionGroup var store: ServerDatabase
    @Option(help: "At most this many actions.") var limit = 1000
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func run() async throws {
        var start: Date?
        if let since {
            guard let date = Self.parse(since, now: Date()) else {
                throw CLIError(
                    "levee actions: --since \(since): expected an ISO 8601 date or time, or an age (30m, 24h, 7d)")
            }
            start = date
        }
        let records: [ActionRecord]
        do {
            records = try await store.with("actions") { try await $0.actions(since: start, limit: limit) } ?? []
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("levee actions: \(error)")
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(records), as: UTF8.self))
        case .text, .markdown:
            if records.isEmpty { print("No actions recorded\(since.map { " since \($0)" } ?? "").") }
            let formatter = ISO8601DateFormatter()
            for record in records {
                let value = record.kind == .comment ? "sticky comment" : record.value
                let item = record.number.map { "\(record.repository)#\($0)" } ?? record.repository
                var line =
                    "\(formatter.string(from: record.at))  \(record.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(item)  \(record.kind.rawValue) \(value) — \(record.reason)"
                if let detail = record.detail { line += " (\(detail))" }
                print(line)
            }
        }
    }

    static func parse(_ text: String, now: Date) -> Date? {
        if let unit = text.last, let amount = Double(text.dropLast()), amount >= 0 {
            let seconds: Double? = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800][unit]
            if let seconds { return now.addingTimeInterval(-amount * seconds) }
        }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
