import Foundation
import LeveeCLI
import LeveeCore
import LeveePostgres
import LeveeSQLite
import LeveeStore
import Testing

@Suite(.serialized) struct TrustCommandTests {
    @Test func vouchCheckExitCodesMatchVouchs() async throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("VOUCHED.td").path
        let original = "# ours\r\nalice\r\n-mallory spam\r\n"
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["vouch", "check", "alice", "--file", file]) == 0)
        #expect(await LeveeCommand.run(arguments: ["vouch", "check", "@Mallory", "--file", file]) == 1)
        #expect(await LeveeCommand.run(arguments: ["vouch", "check", "github:nobody", "--file", file]) == 2)
        #expect(await LeveeCommand.run(arguments: ["vouch", "check", "not a handle!", "--file", file]) == 2)
        // Reading changes nothing.
        #expect(try String(contentsOfFile: file, encoding: .utf8) == original)

        #expect(await LeveeCommand.run(arguments: ["vouch", "add", "bob", "--file", file]) == 0)
        #expect(
            await LeveeCommand.run(arguments: ["vouch", "denounce", "alice", "--reason", "AI slop", "--file", file])
                == 0)
        #expect(
            try String(contentsOfFile: file, encoding: .utf8) == "# ours\r\n-alice AI slop\r\nbob\r\n-mallory spam\r\n")
        #expect(await LeveeCommand.run(arguments: ["vouch", "remove", "alice", "--file", file]) == 0)
        #expect(await LeveeCommand.run(arguments: ["vouch", "check", "alice", "--file", file]) == 2)
        #expect(await LeveeCommand.run(arguments: ["vouch", "add", "x", "--dry-run", "--file", file]) == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "# ours\r\nbob\r\n-mallory spam\r\n")
    }

    /// vouch's tests/cli.nu: `check --vouched-dir` falls through to inherited lists, and the local file overrides
    /// them; `remove` without a platform takes the user off every platform; `--sort` writes vouch's bytes;
    /// `codeowners` vouches CODEOWNERS' users (vouch's sync-codeowners action).
    @Test func vouchCLIFollowsVouchs() async throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("VOUCHED.td").path
        let inherited = dir.appendingPathComponent("inherited")
        try FileManager.default.createDirectory(at: inherited, withIntermediateDirectories: true)
        try "# Local\nalice\n-bob spam\n".write(toFile: file, atomically: true, encoding: .utf8)
        try "bob\ncarol\n".write(
            to: inherited.appendingPathComponent("000-other.td"), atomically: true, encoding: .utf8)
        try "-dave spam\n".write(to: inherited.appendingPathComponent("001-org.td"), atomically: true, encoding: .utf8)
        try "erin\n".write(to: inherited.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        func check(_ user: String) async -> Int32 {
            await LeveeCommand.run(arguments: ["vouch", "check", user, "--file", file, "--vouched-dir", inherited.path])
        }
        #expect(await check("carol") == 0)  // falls through to inherited
        #expect(await check("bob") == 1)  // local overrides inherited
        #expect(await check("dave") == 1)
        #expect(await check("erin") == 2)  // only *.td files
        #expect(
            await LeveeCommand.run(
                arguments: [
                    "vouch", "check", "carol", "--file", file, "--vouched-dir", dir.appendingPathComponent("none").path,
                ])
                == 2)

        try "alice\ngithub:alice\n-gitlab:alice spam\nbob\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["vouch", "remove", "alice", "--file", file]) == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "bob\n")

        try "# team\n  Zed\nbob\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["vouch", "add", "GitHub:Anna", "--sort", "--file", file]) == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "# team\ngithub:anna\nbob\nZed\n")

        let owners = dir.appendingPathComponent("CODEOWNERS").path
        try "* @bob @newowner @org/core\n".write(toFile: owners, atomically: true, encoding: .utf8)
        #expect(
            await LeveeCommand.run(arguments: ["vouch", "codeowners", "--codeowners", owners, "--file", file]) == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "# team\ngithub:anna\nbob\nnewowner\nZed\n")
    }

    /// vouch writes handles in lower case and re-sorts the whole file on every change (tests/lib.nu's sorted add): a
    /// list in vouch's own order and form stays so; any other list gets only its handle's line, in lower case; a
    /// list that does not exist is refused, unless `--create` starts it.
    @Test func vouchWritesAsVouchDoes() async throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("VOUCHED.td").path
        try "# vouch wrote this\nalice\ncarol\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["vouch", "add", "Bob", "--file", file]) == 0)
        #expect(
            await LeveeCommand.run(arguments: ["vouch", "denounce", "@Mallory", "--reason", "spam", "--file", file])
                == 0)
        #expect(
            try String(contentsOfFile: file, encoding: .utf8)
                == "# vouch wrote this\nalice\nbob\ncarol\n-mallory spam\n")

        try "carol\n# kept here\nalice\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["vouch", "add", "GitHub:Bob", "--file", file]) == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "github:bob\ncarol\n# kept here\nalice\n")

        let missing = dir.appendingPathComponent("none/VOUCHED.td").path
        #expect(await LeveeCommand.run(arguments: ["vouch", "add", "dave", "--file", missing]) == 2)
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(
            await LeveeCommand.run(arguments: ["vouch", "denounce", "eve", "--reason", "x", "--file", missing]) == 2)
        #expect(await LeveeCommand.run(arguments: ["vouch", "add", "Dave", "--create", "--file", missing]) == 0)
        #expect(try String(contentsOfFile: missing, encoding: .utf8).hasSuffix("\ndave\n"))
    }

    @Test func outcomesReadsTheDatabase() async throws {
        let dir = try Paths.temporaryDirectory()
        let path = dir.appendingPathComponent("levee.sqlite").path
        #expect(await LeveeCommand.run(arguments: ["outcomes", "--database", path]) != 0)  // no database: a clear error
        let store = try SQLiteStore(path: path)
        #expect(await LeveeCommand.run(arguments: ["outcomes", "--database", path]) == 0)  // empty: says so
        try await store.saveOutcome(
            ItemOutcome(
                repository: "o/r", number: 1, isPullRequest: true, author: "a", kind: .spam, closedAt: Date(),
                verdict: .likelySlop, slopScore: 0.99))
        #expect(await LeveeCommand.run(arguments: ["outcomes", "--database", path, "--repository", "o/r"]) == 0)
        #expect(try await store.outcomes(repository: "o/r", since: .distantPast).count == 1)
    }

    /// `levee calibrate` writes what the fit keeps, `--dry-run` writes nothing, `--reset` removes it, and a repository
    /// with too few decisions gets no calibration.
    @Test func calibrateWritesTheRepositorysCalibration() async throws {
        let dir = try Paths.temporaryDirectory()
        let path = dir.appendingPathComponent("levee.sqlite").path
        let store = try SQLiteStore(path: path)
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        // Spam the shipped score rates low (0.3) and accepted work rated lower still (0.1), closing in turn.
        for n in 0..<60 {
            let spam = n % 4 == 0
            try await store.saveOutcome(
                ItemOutcome(
                    repository: "o/r", number: n, isPullRequest: true, author: "a\(n)",
                    kind: spam ? .spam : .merged, closedAt: start.addingTimeInterval(Double(n) * 3600),
                    verdict: .review, slopScore: spam ? 0.3 + Double(n % 3) * 0.05 : 0.1 + Double(n % 5) * 0.02))
        }
        try await store.saveOutcome(
            ItemOutcome(
                repository: "few/r", number: 1, isPullRequest: true, author: "b", kind: .spam, closedAt: start,
                slopScore: 0.9))
        let name = Calibration.settingName("o/r")
        #expect(await LeveeCommand.run(arguments: ["calibrate", "--database", path, "--dry-run"]) == 0)
        #expect(try await store.setting(name) == nil)
        #expect(await LeveeCommand.run(arguments: ["calibrate", "--database", path]) == 0)
        let written = try #require(try await store.setting(name).flatMap(Calibration.stored))
        let shift = try #require(written.shift(for: .pullRequest))
        #expect(shift.shift > 0.5 && shift.spam == 15 && shift.accepted == 45)
        #expect(try await store.setting(Calibration.settingName("few/r")) == nil)
        #expect(await LeveeCommand.run(arguments: ["calibrate", "--database", path, "--reset"]) != 0)  // which one?
        #expect(
            await LeveeCommand.run(arguments: ["calibrate", "--database", path, "--reset", "--repository", "o/r"]) == 0)
        #expect(try await store.setting(name).flatMap(Calibration.stored) == nil)
    }

    @Test func checkReadsTheVouchListUnderTheRepoRoot() async throws {
        let dir = try Paths.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(".github"), withIntermediateDirectories: true)
        let example = Paths.example("01-first-timer-fix.json")
        let payload = try Data(contentsOf: URL(fileURLWithPath: example))
        let contribution = try #require(try ContributionDecoder.decode(payload, source: "x").contribution)
        let login = try #require(contribution.author?.login)
        try "-\(login) bulk agent PRs\n".write(
            to: dir.appendingPathComponent(".github/VOUCHED.td"), atomically: true, encoding: .utf8)
        // Without a vouch list it stays below needs_author; with its author denounced it reaches it.
        let empty = try Paths.temporaryDirectory()
        #expect(
            await LeveeCommand.run(arguments: [
                "check", example, "--repo-root", empty.path, "--fail-on", "needs_author",
            ])
                == 0)
        #expect(
            await LeveeCommand.run(arguments: ["check", example, "--repo-root", dir.path, "--fail-on", "needs_author"])
                == 1)
    }

    @Test func trustStatementsSignVerifyImportAndRefuseTampering() async throws {
        let dir = try Paths.temporaryDirectory()
        let key = dir.appendingPathComponent("trust.key").path
        let vouch = dir.appendingPathComponent("VOUCHED.td").path
        let statement = dir.appendingPathComponent("statement.json").path
        let database = dir.appendingPathComponent("levee.sqlite").path
        try "alice\n-mallory spam\n".write(toFile: vouch, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["trust", "keygen", "--out", key]) == 0)
        #expect(await LeveeCommand.run(arguments: ["trust", "keygen", "--out", key]) == 2)  // never overwrites
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(
            await LeveeCommand.run(arguments: [
                "trust", "export", "--key", key, "--issuer", "github.com/example/a", "--vouch-file", vouch,
                "--database", database, "--out", statement,
            ]) == 0)
        #expect(await LeveeCommand.run(arguments: ["trust", "verify", statement]) == 0)
        let signed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statement)))
        let publicKey = try #require((signed as? [String: Any])?["public_key"] as? String)
        #expect(await LeveeCommand.run(arguments: ["trust", "verify", statement, "--public-key", publicKey]) == 0)
        #expect(
            await LeveeCommand.run(arguments: [
                "trust", "import", statement, "--public-key", publicKey, "--weight", "1.5", "--database", database,
            ]) == 2)
        #expect(
            await LeveeCommand.run(arguments: [
                "trust", "import", statement, "--public-key", publicKey, "--weight", "0.5", "--database", database,
            ]) == 0)
        #expect(await LeveeCommand.run(arguments: ["trust", "list", "--database", database]) == 0)

        // One changed byte in the payload: refused.
        var text = try String(contentsOfFile: statement, encoding: .utf8)
        text = text.replacingOccurrences(of: "mallory", with: "mallorx")
        try text.write(toFile: statement, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["trust", "verify", statement]) == 2)
        #expect(
            await LeveeCommand.run(arguments: [
                "trust", "import", statement, "--public-key", publicKey, "--weight", "1", "--database", database,
            ]) == 2)
        #expect(await LeveeCommand.run(arguments: ["ledger", "--database", database]) == 0)
        #expect(await LeveeCommand.run(arguments: ["ledger", "someone", "--database", "/nonexistent.sqlite"]) == 2)
    }

    static let postgres = ProcessInfo.processInfo.environment["LEVEE_TEST_POSTGRES_URL"]

    /// Replicas keep their records in PostgreSQL: the reading commands take `--database-url` as `levee serve` does.
    @Test(.enabled(if: postgres != nil, "LEVEE_TEST_POSTGRES_URL is not set (.ci/run sets it)"))
    func theRecordCommandsReadAndWritePostgres() async throws {
        let server = try #require(Self.postgres)
        let name = "levee_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = try await PostgresStore.createDatabase(named: name, at: server)
        defer { Task { try? await PostgresStore.dropDatabase(named: name, at: server) } }
        let store = try await PostgresStore(url: url)
        try await store.replaceActions(
            deliveryID: "d1",
            with: [
                ActionRecord(
                    deliveryID: "d1", repository: "o/r", number: 3, kind: .label, value: "levee:review",
                    reason: "verdict review", status: .shadow, at: Date())
            ])

        let dir = try Paths.temporaryDirectory()
        let key = dir.appendingPathComponent("trust.key").path
        let vouch = dir.appendingPathComponent("VOUCHED.td").path
        let statement = dir.appendingPathComponent("statement.json").path
        let sqlite = dir.appendingPathComponent("levee.sqlite").path
        try "alice\n".write(toFile: vouch, atomically: true, encoding: .utf8)
        #expect(await LeveeCommand.run(arguments: ["trust", "keygen", "--out", key]) == 0)
        #expect(
            await LeveeCommand.run(arguments: [
                "trust", "export", "--key", key, "--issuer", "github.com/example/a", "--vouch-file", vouch,
                "--database-url", url, "--out", statement,
            ]) == 0)
        let signed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statement)))
        let publicKey = try #require((signed as? [String: Any])?["public_key"] as? String)
        #expect(
            await LeveeCommand.run(arguments: [
                "trust", "import", statement, "--public-key", publicKey, "--weight", "0.5", "--database-url", url,
                "--database", sqlite,
            ]) == 0)
        // The statement went to PostgreSQL, not to a SQLite file.
        #expect(try await store.statements().map(\.issuer) == ["github.com/example/a"])
        #expect(!FileManager.default.fileExists(atPath: sqlite))
        #expect(await LeveeCommand.run(arguments: ["trust", "list", "--database-url", url]) == 0)
        #expect(await LeveeCommand.run(arguments: ["actions", "--database-url", url]) == 0)
        #expect(await LeveeCommand.run(arguments: ["ledger", "--database-url", url]) == 0)
        await store.shutdown()

        // An unreachable server is an error naming it, not a hang or an empty list.
        let nowhere = "postgres://levee@127.0.0.1:1/nowhere?sslmode=disable"
        #expect(await LeveeCommand.run(arguments: ["actions", "--database-url", nowhere]) == 2)
        #expect(await LeveeCommand.run(arguments: ["ledger", "--database-url", nowhere]) == 2)
    }
}
