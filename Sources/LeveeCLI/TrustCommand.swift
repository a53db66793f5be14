import ArgumentParser
import Foundation
import LeveeConfig
import LeveeCore
import LeveeStore

/// `levee trust`: signed statements of vouches and denouncements, shared between projects that choose to.
struct TrustCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Publish and import signed trust statements (vouches, denouncements, merged counts).",
        discussion: """
            A statement is signed with an Ed25519 key (`keygen`). Another project imports it with the public key \
            it got from you through a channel it trusts, and a weight from 0 to 1; a person counts as vouched (or \
            denounced) when the weights of the statements saying so add up to 1. Unsigned, changed, expired \
            statements and statements signed by another key are refused.
            """,
        subcommands: [Keygen.self, Export.self, Verify.self, Import.self, List.self])

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a signing key; print its public key.")
        @Option(help: "Where to write the private key (mode 0600).") var out = "levee-trust.key"
        @Flag(help: "Replace an existing key file.") var force = false

        func run() async throws {
            if FileManager.default.fileExists(atPath: out), !force {
                throw CLIError("levee trust keygen: \(out) exists (use --force to replace it)")
            }
            let key = TrustKey.generate()
            guard
                FileManager.default.createFile(
                    atPath: out, contents: Data((TrustKey.encode(key) + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw CLIError("levee trust keygen: cannot write \(out)")
            }
            print("private key: \(out) (keep it secret)")
            print("public key:  \(TrustKey.publicKey(of: key))")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign a statement of this project's vouch list (and merged counts from the ledger).")
        @Option(help: "The private key file from `levee trust keygen`.") var key: String
        @Option(help: "Who issues it: the project (github.com/owner/repo).") var issuer: String
        @Option(help: "The vouch list (default: VOUCHED.td, else .github/VOUCHED.td).") var vouchFile: String?
        @Option(help: "Days until it expires.") var days = 90
        /// For merged counts from the ledger (skipped when the SQLite file is missing).
        @OptionGroup var database: ServerDatabase
        @Option(help: "Where to write the statement (default: standard output).") var out: String?

        func run() async throws {
            let signingKey = try TrustCommand.readKey(key)
            let path =
                vouchFile
                ?? ["VOUCHED.td", ".github/VOUCHED.td"].first {
                    FileManager.default.fileExists(atPath: $0)
                }
            guard let path, let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("levee trust export: no vouch list (pass --vouch-file)")
            }
            guard (1...3650).contains(days) else {
                throw CLIError("levee trust export: --days must be from 1 to 3650")
            }
            let merged: [String: Int] =
                try await database.with("trust export", optional: true) { store -> [String: Int] in
                    var merged: [String: Int] = [:]
                    for (author, _) in try await store.balances() {
                        let count = try await store.ledger(author: author).filter { $0.kind == .reward }.count
                        if count > 0 { merged[author.lowercased()] = count }
                    }
                    return merged
                } ?? [:]
            let statement = TrustStatement(
                issuer: issuer, vouchFile: VouchFile(parsing: String(decoding: data, as: UTF8.self)), merged: merged,
                issuedAt: Date(), lifetime: Double(days) * 86400)
            let signed = try SignedTrustStatement.sign(statement, with: signingKey).encoded()
            if let out {
                try signed.write(to: URL(fileURLWithPath: out))
                print(
                    "\(out): \(statement.vouches.count) vouches, \(statement.denouncements.count) denouncements, "
                        + "signed by \(TrustKey.publicKey(of: signingKey))")
            } else {
                print(String(decoding: signed, as: UTF8.self))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a statement's signature and dates. Exit 0 valid, 2 refused (with the reason).")
        @Argument(help: "The statement file.") var file: String
        @Option(help: "The public key you expect it to be signed with.") var publicKey: String?

        func run() async throws {
            let statement = try TrustCommand.verified(file, publicKey: publicKey)
            print(
                "\(file): valid, issued by \(statement.issuer) on \(ISO8601DateFormatter().string(from: statement.issuedAt)), "
                    + "expires \(ISO8601DateFormatter().string(from: statement.expiresAt)); "
                    + "\(statement.vouches.count) vouches, \(statement.denouncements.count) denouncements")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify a statement and keep it, with a weight.")
        @Argument(help: "The statement file.") var file: String
        @Option(help: "The issuer's public key, as they published it.") var publicKey: String
        @Option(help: "How much this issuer's word counts, from 0 to 1 (1: as much as your own list).")
        var weight: Double
        @OptionGroup var database: ServerDatabase

        func run() async throws {
            guard (0...1).contains(weight) else {
                throw CLIError("levee trust import: --weight must be from 0 to 1")
            }
            let statement = try TrustCommand.verified(file, publicKey: publicKey)
            let data = FileManager.default.contents(atPath: file) ?? Data()
            let stored = StoredStatement(
                issuer: statement.issuer, publicKey: publicKey.trimmingCharacters(in: .whitespacesAndNewlines),
                weight: weight, signed: data, expiresAt: statement.expiresAt, importedAt: Date())
            // Importing may start a new SQLite database; PostgreSQL must already be there.
            _ = try await database.with("trust import", create: true) { try await $0.saveStatement(stored) }
            print(
                "imported \(statement.issuer) with weight \(weight): \(statement.vouches.count) vouches, "
                    + "\(statement.denouncements.count) denouncements")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The imported statements and their weights.")
        @OptionGroup var database: ServerDatabase

        func run() async throws {
            let statements = try await database.with("trust list") { try await $0.statements() } ?? []
            if statements.isEmpty { print("No statements imported.") }
            let formatter = ISO8601DateFormatter()
            for s in statements {
                let state = s.expiresAt < Date() ? "expired" : "expires"
                print(
                    "\(s.issuer)  weight \(s.weight)  \(state) \(formatter.string(from: s.expiresAt))  key \(s.publicKey)"
                )
            }
        }
    }

    static func readKey(_ path: String) throws -> Curve25519SigningKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("levee trust: \(path): cannot read the key file")
        }
        do {
            return try TrustKey.read(String(decoding: data, as: UTF8.self), source: path)
        } catch {
            throw CLIError("levee trust: \(error)")
        }
    }

    static func verified(_ file: String, publicKey: String?) throws -> TrustStatement {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("levee trust: \(file): no such file")
        }
        do {
            return try SignedTrustStatement.read(data, source: file).verify(trustedKey: publicKey, now: Date())
        } catch {
            throw CLIError("levee trust: \(file): refused: \(error)")
        }
    }
}
