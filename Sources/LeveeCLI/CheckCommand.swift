import ArgumentParser
import Foundation
import LeveeConfig
import LeveeCore

/// `levee check`'s output formats: the shared ones and GitHub Actions' annotations.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, markdown, github
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate one contribution and explain what Levee sees.",
        discussion: """
            FILE is a GitHub webhook payload, a REST pull request or issue, a contribution bundle (JSON), \
            or a security report (Markdown or text). Use - for standard input.
            The policy is --policy FILE, --policy-template NAME, or .github/levee.yml under --repo-root (default: \
            the current directory); without one, Levee scores and labels and enforces no AI policy.
            Exit codes: 0 evaluated, 1 the verdict reaches --fail-on, 2 bad input or policy.
            """)

    @Argument(help: "The contribution file, or - for standard input.") var file: String
    @Option(help: "A unified diff of the pull request.") var diff: String?
    @Option(help: "The repository's pull-request template, for the template_ignored check.") var template: String?
    @Option(help: "A source index (`levee index`) to check the contribution's references against.") var index: String?
    @OptionGroup var policyOptions: PolicyOptions
    @Option(
        help: """
            Output format: text, json, markdown, or github (workflow annotations on standard output, and the Markdown \
            table appended to $GITHUB_STEP_SUMMARY when it is set).
            """)
    var format: CheckFormat = .text
    @Option(help: "Exit 1 when the verdict is this or worse: welcome, review, needs_author, likely_slop.")
    var failOn: Verdict?

    func run() async throws {
        let evaluation: Evaluation
        do {
            let (policy, _) = try policyOptions.resolve()
            var contribution = try InputReader.contribution(path: file, diffPath: diff)
            let facts = try await policyOptions.repositoryFacts(for: contribution, policy: policy)
            if let packages = facts.packages { contribution.projectPackages = packages }
            let template =
                try self.template.map { String(decoding: try InputReader.read(path: $0), as: UTF8.self) }
                ?? facts.template
            // The source to check references against: --index, else the tree under --repo-root.
            let sourceIndex =
                try index.map(IndexCommand.load)
                ?? policyOptions.repoRoot.map { try IndexCommand.build($0, project: nil) }
            evaluation = Evaluator().evaluate(
                contribution,
                in: EvaluationContext(
                    pullRequestTemplate: template, policy: policy,
                    trust: facts.tier, sourceIndex: sourceIndex))
        } catch let error as ContributionError {
            throw CLIError("levee: \(error)")
        } catch let error as PolicyError {
            throw CLIError(error.description)
        }
        switch format {
        case .github: print(GitHubAnnotations.commands(evaluation), terminator: "")
        case .text: print(Renderer.render(evaluation, as: .text, colour: Console.stdoutIsTerminal), terminator: "")
        case .json: print(Renderer.render(evaluation, as: .json), terminator: "")
        case .markdown: print(Renderer.render(evaluation, as: .markdown), terminator: "")
        }
        if format == .github, let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty
        {
            do {
                try Self.append(Renderer.markdown(evaluation) + "\n", to: summary)
            } catch {
                throw CLIError("levee: \(summary): cannot append the job summary: \(error.localizedDescription)")
            }
        }
        if let failOn, evaluation.verdict >= failOn { throw CLIError.exit(ExitStatus.failOnReached) }
    }

    /// Appends to a file, making it when missing (GitHub makes `$GITHUB_STEP_SUMMARY`; another CI may not).
    static func append(_ text: String, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission)
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
