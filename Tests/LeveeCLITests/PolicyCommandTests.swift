import Foundation
import LeveeCLI
import LeveeConfig
import LeveeCore
import Testing

@Suite struct PolicyCommandTests {
    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func initWritesThreeFilesAndNeverOverwritesWithoutForce() async throws {
        let root = try Paths.temporaryDirectory()
        let prTemplate = root.appendingPathComponent(".github/pull_request_template.md")
        try FileManager.default.createDirectory(
            at: prTemplate.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("## Description\n\nWhat does this change?\n".utf8).write(to: prTemplate)

        #expect(
            await LeveeCommand.run(arguments: ["policy", "init", "--template", "django", "--repo-root", root.path]) == 0
        )
        let config = root.appendingPathComponent(".github/levee.yml")
        let policy = try PolicyLoader.load(contentsOf: config.path)
        #expect(policy.name == "Django")
        let pr = try read(prTemplate)
        #expect(pr.hasPrefix("## Description"), "the project's own template is kept")
        #expect(pr.contains("- [ ] No AI tools were used in preparing this PR."))
        let contributing = try read(root.appendingPathComponent("CONTRIBUTING.md"))
        #expect(contributing.contains("## Use of AI tools"))

        // A second init with another template changes nothing without --force.
        try Data((try read(config) + "# my edit\n").utf8).write(to: config)
        #expect(
            await LeveeCommand.run(arguments: ["policy", "init", "--template", "ban", "--repo-root", root.path]) == 0)
        #expect(try read(config).hasSuffix("# my edit\n"))
        #expect(try read(prTemplate) == pr)

        // With --force the file and the blocks are replaced, once each.
        #expect(
            await LeveeCommand.run(arguments: [
                "policy", "init", "--template", "ban", "--repo-root", root.path, "--force",
            ])
                == 0)
        #expect(try PolicyLoader.load(contentsOf: config.path).stance == .banned)
        let replaced = try read(prTemplate)
        #expect(replaced.components(separatedBy: PolicyDocuments.blockStart).count == 2)
        #expect(replaced.contains("I did not use AI tools") && !replaced.contains("No AI tools were used in preparing"))
        #expect(replaced.hasPrefix("## Description"))
    }

    @Test func initPlantsTheTrapsItWrites() async throws {
        let root = try Paths.temporaryDirectory()
        let box = "This pull request was opened by an AI agent without human review"
        #expect(
            await LeveeCommand.run(arguments: [
                "policy", "init", "--repo-root", root.path, "--canary", "🤖🤖🤖", "--trap-box", box,
            ]) == 0)
        let policy = try PolicyLoader.load(contentsOf: root.appendingPathComponent(".github/levee.yml").path)
        #expect(policy.traps == Traps(canary: "🤖🤖🤖", box: box))
        let template = try read(root.appendingPathComponent(".github/pull_request_template.md"))
        #expect(template.contains("- [ ] \(box)"))
        #expect(template.contains("<!-- " + Traps.canaryInstruction("🤖🤖🤖") + " -->"))
        #expect(PolicyDocuments.agentsMarkdown(policy).contains(Traps.canaryInstruction("🤖🤖🤖")))
        // A canary a person could write by chance is refused, naming the key.
        #expect(
            await LeveeCommand.run(arguments: ["policy", "init", "--repo-root", root.path, "--canary", "x", "--force"])
                == 2)
        do {
            _ = try PolicyLoader.load(yaml: "traps:\n  canary: x\n")
            Issue.record("a one-character canary was accepted")
        } catch {
            #expect(error.description.contains("traps.canary"))
        }
    }

    @Test func lintExitCodes() async throws {
        let root = try Paths.temporaryDirectory()
        let good = root.appendingPathComponent("good.yml")
        try Data("ai:\n  stance: banned\n".utf8).write(to: good)
        #expect(await LeveeCommand.run(arguments: ["policy", "lint", good.path]) == 0)
        let bad = root.appendingPathComponent("bad.yml")
        try Data("ai:\n  stance: forbidden\nforbiden: {}\n".utf8).write(to: bad)
        #expect(await LeveeCommand.run(arguments: ["policy", "lint", bad.path]) == 2)
        #expect(
            await LeveeCommand.run(arguments: ["policy", "lint", root.appendingPathComponent("none.yml").path]) == 2)
        #expect(await LeveeCommand.run(arguments: ["policy", "templates"]) == 0)
        #expect(await LeveeCommand.run(arguments: ["policy", "explain", "--template", "numpy"]) == 0)
        #expect(await LeveeCommand.run(arguments: ["policy", "explain", "--template", "numpy", "--yaml"]) == 0)
        #expect(await LeveeCommand.run(arguments: ["policy", "explain", "--template", "nump"]) == 2)
    }

    @Test func agentsMarkdownRefusesToOverwrite() async throws {
        let root = try Paths.temporaryDirectory()
        let out = root.appendingPathComponent("AGENTS.md")
        let args = ["policy", "agents-md", "--template", "linux-kernel", "--output", out.path]
        #expect(await LeveeCommand.run(arguments: args) == 0)
        #expect(try read(out).contains("Never add a `Signed-off-by:` line for yourself."))
        #expect(await LeveeCommand.run(arguments: args) == 2)
        #expect(await LeveeCommand.run(arguments: args + ["--force"]) == 0)
    }

    @Test func checkFindsThePolicyUnderTheRepoRoot() async throws {
        let root = try Paths.temporaryDirectory()
        let github = root.appendingPathComponent(".github")
        try FileManager.default.createDirectory(at: github, withIntermediateDirectories: true)
        let example = Paths.example("02-agent-drop.json")
        // A valid policy: evaluated, whatever the verdict.
        try Data(try #require(PolicyTemplates.named("ban")).yaml.utf8).write(
            to: github.appendingPathComponent("levee.yml"))
        #expect(await LeveeCommand.run(arguments: ["check", example, "--repo-root", root.path]) == 0)
        #expect(
            await LeveeCommand.run(arguments: [
                "check", example, "--repo-root", root.path, "--fail-on", "likely_slop",
            ]) == 1)
        // A broken policy is bad input (exit 2), named by file and line.
        try Data("ai:\n  stance: maybe\n".utf8).write(to: github.appendingPathComponent("levee.yml"))
        #expect(await LeveeCommand.run(arguments: ["check", example, "--repo-root", root.path]) == 2)
        #expect(
            await LeveeCommand.run(arguments: ["scan", Paths.backlog.path, "--repo-root", root.path, "--no-database"])
                == 2)
        #expect(await LeveeCommand.run(arguments: ["check", example, "--policy-template", "nope"]) == 2)
    }
}
