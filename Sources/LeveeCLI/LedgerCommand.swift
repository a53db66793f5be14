import ArgumentParser
import Foundation
import LeveeCore
import LeveeStore

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "An author's reputation balance and its history, or every author's balance.")

    @Argument(help: "The author's login; without it, every balance.") var user: String?
    @OptionGroup var database: ServerDatabase

    func run() async throws {
        _ = try await database.with("ledger") { try await show($0) }
    }

    func show(_ store: any ServerStore) async throws {
        guard let user else {
            let balances = try await store.balances()
            if balances.isEmpty {
                print("No ledger yet (\(PolicyField.reputationEnabled.path) is off, or nobody opened anything).")
            }
            for (author, balance) in balances {
                print("\(Ledger.format(balance).padding(toLength: 9, withPad: " ", startingAt: 0)) \(author)")
            }
            return
        }
        let account = LedgerAccount(author: user, entries: try await store.ledger(author: user))
        guard !account.entries.isEmpty else {
            print("\(user) has no ledger entries.")
            return
        }
        print("\(user): balance \(Ledger.format(account.balance))")
        if !account.held.isEmpty {
            print(
                "held: "
                    + account.held.sorted { $0.key < $1.key }.map {
                        "\($0.key) \(Ledger.format($0.value.amount))"
                            + ($0.value.sponsor.map { " (sponsored by \($0))" } ?? "")
                    }.joined(separator: ", "))
        }
        if !account.waiting.isEmpty {
            print(
                "waiting for a sponsor: "
                    + account.waiting.sorted { $0.key < $1.key }.map {
                        "\($0.key) (stake \(Ledger.format($0.value)))"
                    }.joined(separator: ", "))
        }
        let formatter = ISO8601DateFormatter()
        for entry in account.entries {
            let amount = entry.amount == 0 ? "" : (entry.amount > 0 ? "+" : "") + Ledger.format(entry.amount)
            print(
                "\(formatter.string(from: entry.at))  \(entry.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(amount.padding(toLength: 8, withPad: " ", startingAt: 0)) \(entry.item)  \(entry.note)"
            )
        }
    }
}
