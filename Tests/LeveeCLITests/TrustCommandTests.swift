import Foundation
import LeveeCLI
import LeveeCore
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
}
