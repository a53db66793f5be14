import ArgumentParser
import Foundation
import LeveeConfig
import LeveeCore

/// Where `check` and `scan` take the policy from: `--policy FILE`, `--policy-template NAME`, or the repository's
/// `.github/levee.yml` under `--repo-root` (default: the current directory). Without any, the built-in policy.
struct PolicyOptions: ParsableArguments {
    @Option(help: "The policy file (.github/levee.yml).") var policy: String?
    @Option(help: "Use a built-in policy template instead of a file (see `levee policy templates`).")
    var policyTemplate: String?
    @Option(help: "The repository whose .github/levee.yml and pull-request template to use.")
    var repoRoot: String?

    /// The policy to apply, and where it came from (nil: built-in).
    func resolve() throws(PolicyError) -> (policy: Policy, source: String?) {
        if let policy { return (try PolicyLoader.load(contentsOf: policy), policy) }
        if let name = policyTemplate {
            guard let template = PolicyTemplates.named(name) else {
                throw PolicyError([
                    PolicyDiagnostic(
                        file: "--policy-template", line: 1, column: 1, path: "", message: "no template `\(name)`",
                        allowed: PolicyTemplates.names,
                        suggestion: PolicyTemplates.suggestion(for: name))
                ])
            }
            return (try template.policy(), "template:\(name)")
        }
        let root = repoRoot ?? FileManager.default.currentDirectoryPath
        let path = URL(fileURLWithPath: root).appendingPathComponent(PolicyLoader.path).path
        if FileManager.default.fileExists(atPath: path) { return (try PolicyLoader.load(contentsOf: path), path) }
        return (.builtin, nil)
    }

    /// The checkout under `--repo-root`, read as the server reads GitHub (`RepositoryFacts`); nil without it.
    var checkout: CheckoutSource? { repoRoot.map(CheckoutSource.init(root:)) }

    /// What `levee check` takes from the repository under `--repo-root`, through the same `RepositoryFacts` the server
    /// reads GitHub with: the pull-request template, the author's tier from the vouch list (the policy's
    /// `trust.vouch_file`, else `VOUCHED.td`, else `.github/VOUCHED.td`), inherited lists in this repository and
    /// CODEOWNERS, and the packages the project knows. Without `--repo-root`, nothing. `levee check` sees no track record, so known contributors show as newcomers unless
    /// GitHub says they contributed before.
    func repositoryFacts(for contribution: Contribution, policy: Policy) async throws
        -> (template: String?, tier: TierDecision?, packages: ProjectPackages?)
    {
        guard let checkout else { return (nil, nil, nil) }
        return try await Self.repositoryFacts(for: contribution, policy: policy, in: checkout)
    }

    /// The template, the author's tier and the project's packages for one contribution, from a checkout's files (a
    /// backlog scan passes a memoized source, so each file is read once for the whole backlog).
    static func repositoryFacts(for contribution: Contribution, policy: Policy, in checkout: some RepositorySource)
        async throws -> (template: String?, tier: TierDecision?, packages: ProjectPackages?)
    {
        let template = try await RepositoryFacts.template(policy, in: checkout)
        var tier: TierDecision?
        if let person = contribution.author {
            // The lists as the server reads them; lists in other repositories are not reached from a checkout.
            var inputs = try await RepositoryFacts.trustInputs(person, policy: policy, in: checkout)
            inputs.record = person.association == .contributor ? TrackRecord(merged: 1) : nil
            tier = TrustAssessor.decide(inputs, policy: policy.trust, bots: policy.exempt.bots)
        }
        let packages =
            RepositoryFacts.wantsPackages(contribution) ? try await RepositoryFacts.projectPackages(in: checkout) : nil
        return (template, tier, packages)
    }
}

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Write, check and explain the project's AI-contribution policy (.github/levee.yml).",
        subcommands: [
            TemplatesCommand.self, InitCommand.self, LintCommand.self, ExplainCommand.self, AgentsMarkdownCommand.self,
            ImportCommand.self,
        ])

    struct ImportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Write .github/levee.yml from a peer tool's workflow: anti-slop, no-autopilot, stale or vouch.",
            discussion: """
                Reads the workflow's steps that use the tool (peakoss/anti-slop, eljojo/no-autopilot, \
                actions/stale, mitchellh/vouch's actions), takes each input's value — the workflow's, else the \
                action's default — and prints, input by input, which Levee key it became or that it has no \
                equivalent yet. The file is never written over without --force; --dry-run prints it instead.
                """)

        @Argument(help: "anti-slop, no-autopilot, stale or vouch.") var tool: String
        @Argument(help: "The workflow file, e.g. .github/workflows/anti-slop.yml.") var workflow: String
        @Option(help: "Where to write the policy.") var output: String = PolicyLoader.path
        @Flag(help: "Replace an existing policy file.") var force = false
        @Flag(help: "Print the policy instead of writing it.") var dryRun = false

        func run() async throws {
            guard let peer = PeerTool(rawValue: tool) else {
                throw CLIError(
                    "levee policy import: unknown tool `\(tool)` (one of: "
                        + PeerTool.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            guard let data = FileManager.default.contents(atPath: workflow) else {
                throw CLIError("levee policy import: cannot read \(workflow)")
            }
            let imported: PolicyImport
            do {
                imported = try PolicyImport.read(peer, workflow: String(decoding: data, as: UTF8.self), file: workflow)
                _ = try PolicyLoader.load(yaml: imported.yaml, file: output)  // what is written must load
            } catch let error as PolicyImport.ImportError {
                throw CLIError("levee policy import: \(error.description)")
            } catch let error as PolicyError {
                throw CLIError("levee policy import: the imported policy does not load (a bug): \(error)")
            }
            print(imported.report)
            if dryRun {
                print("")
                print(imported.yaml, terminator: "")
                return
            }
            if FileManager.default.fileExists(atPath: output), !force {
                throw CLIError("levee policy import: \(output) exists; nothing written (use --force to replace it)")
            }
            let url = URL(fileURLWithPath: output)
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(imported.yaml.utf8).write(to: url, options: .atomic)
            print("Wrote \(output). `levee policy explain \(output)` says what it does.")
        }
    }

    struct TemplatesCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "templates", abstract: "List the policy templates, one line each.")

        func run() async throws {
            let width = PolicyTemplates.names.map(\.count).max() ?? 0
            for template in PolicyTemplates.all {
                let name = template.name.padding(toLength: width, withPad: " ", startingAt: 0)
                print("\(name)  \(template.summary)" + (template.sources.first.map { "  <\($0)>" } ?? ""))
            }
        }
    }

    struct InitCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write .github/levee.yml from a template, with the disclosure block and a CONTRIBUTING section.",
            discussion: """
                Writes .github/levee.yml; adds the policy's disclosure block to .github/pull_request_template.md \
                and a "Use of AI tools" section to CONTRIBUTING.md (creating them if needed). Nothing is \
                overwritten without --force: an existing levee.yml is kept, and blocks Levee wrote before \
                (between <!-- levee:policy:start --> and <!-- levee:policy:end -->) are replaced only with --force.
                """)

        @Option(help: "The template (see `levee policy templates`).") var template: String = "default"
        @Option(help: "The repository root.") var repoRoot: String = "."
        @Option(help: "A canary for coding agents (\(PolicyField.canary.path)), planted in the pull-request template.")
        var canary: String?
        @Option(help: "An honesty checkbox for the template (\(PolicyField.trapBox.path)).") var trapBox: String?
        @Flag(help: "Replace files and blocks Levee wrote before.") var force = false

        func run() async throws {
            guard let chosen = PolicyTemplates.named(template) else {
                throw CLIError(
                    "levee: no template `\(template)`; templates: " + PolicyTemplates.names.joined(separator: ", "))
            }
            var yaml = chosen.yaml
            if canary != nil || trapBox != nil {
                yaml += "\ntraps:"
                if let canary { yaml += "\n  canary: " + PolicyDocuments.quote(canary) }
                if let trapBox { yaml += "\n  box: " + PolicyDocuments.quote(trapBox) }
            }
            let policy: Policy
            do {
                policy = try PolicyLoader.load(yaml: yaml, file: "levee policy init")
            } catch {
                throw CLIError(error.description)
            }
            let root = URL(fileURLWithPath: repoRoot)
            var wrote: [String] = []
            var kept: [String] = []
            let config = root.appendingPathComponent(PolicyLoader.path)
            if FileManager.default.fileExists(atPath: config.path) && !force {
                kept.append("\(PolicyLoader.path) exists (use --force to replace it)")
            } else {
                try write(yaml + "\n", to: config)
                wrote.append(PolicyLoader.path)
            }
            for (path, block) in [
                (".github/pull_request_template.md", PolicyDocuments.pullRequestBlock(policy)),
                ("CONTRIBUTING.md", PolicyDocuments.contributingSection(policy)),
            ] {
                let url = root.appendingPathComponent(path)
                switch try insert(block, into: url) {
                case .written: wrote.append(path)
                case .kept: kept.append("\(path) already has a Levee block (use --force to replace it)")
                }
            }
            for path in wrote { print("wrote \(path)") }
            for note in kept { print("kept  \(note)") }
            print("next: levee policy lint \(config.path)")
        }

        enum Outcome { case written, kept }

        /// Appends the block, or replaces an earlier Levee block with --force.
        func insert(_ block: String, into url: URL) throws -> Outcome {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                try write(block, to: url)
                return .written
            }
            let text = String(decoding: data, as: UTF8.self)
            if let start = text.range(of: PolicyDocuments.blockStart),
                let end = text.range(of: PolicyDocuments.blockEnd, range: start.upperBound..<text.endIndex)
            {
                guard force else { return .kept }
                var replaced = text
                let endLine =
                    replaced[end.upperBound...].first == "\n" ? replaced.index(after: end.upperBound) : end.upperBound
                replaced.replaceSubrange(start.lowerBound..<endLine, with: block)
                try write(replaced, to: url)
                return .written
            }
            try write(text + (text.hasSuffix("\n") || text.isEmpty ? "\n" : "\n\n") + block, to: url)
            return .written
        }

        func write(_ text: String, to url: URL) throws {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        }
    }

    struct LintCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check a policy file: exit 0 when valid, 2 with located errors when not.")

        @Argument(help: "The policy file.") var file: String = PolicyLoader.path

        func run() async throws {
            do {
                let policy = try PolicyLoader.load(contentsOf: file)
                print("\(file): valid (\(policy.stance.rawValue)\(policy.shadow ? ", shadow mode" : ""))")
            } catch {
                throw CLIError(error.description)
            }
        }
    }

    struct ExplainCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain", abstract: "Print the effective policy in plain sentences (or as full YAML).")

        @Argument(help: "The policy file.") var file: String = PolicyLoader.path
        @Option(help: "Explain a built-in template instead of a file.") var template: String?
        @Flag(help: "Print every key with its effective value as YAML.") var yaml = false

        func run() async throws {
            let policy = try loadPolicy(file: file, template: template)
            if yaml {
                print(PolicyDocuments.yaml(policy), terminator: "")
            } else {
                for line in PolicyDocuments.explain(policy) { print("- " + line) }
            }
        }
    }

    struct AgentsMarkdownCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agents-md", abstract: "Write AGENTS.md telling coding agents the project's policy.")

        @Argument(help: "The policy file.") var file: String = PolicyLoader.path
        @Option(help: "Use a built-in template instead of a file.") var template: String?
        @Option(help: "Where to write; - for standard output.") var output: String = "AGENTS.md"
        @Flag(help: "Replace an existing file.") var force = false

        func run() async throws {
            let policy = try loadPolicy(file: file, template: template)
            let text = PolicyDocuments.agentsMarkdown(policy)
            if output == "-" {
                print(text, terminator: "")
                return
            }
            if FileManager.default.fileExists(atPath: output) && !force {
                throw CLIError("levee: \(output) exists; use --force to replace it")
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            print("wrote \(output)")
        }
    }
}

/// A template by name or a policy file; a bad one ends the command with exit 2 and located errors.
func loadPolicy(file: String, template: String?) throws -> Policy {
    do {
        if let template {
            guard let chosen = PolicyTemplates.named(template) else {
                throw CLIError(
                    "levee: no template `\(template)`; templates: " + PolicyTemplates.names.joined(separator: ", "))
            }
            return try chosen.policy()
        }
        return try PolicyLoader.load(contentsOf: file)
    } catch let error as PolicyError {
        throw CLIError(error.description)
    }
}
