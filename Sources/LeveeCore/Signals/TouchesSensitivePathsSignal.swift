import Foundation

/// Flags changes to files that run with the project's privileges or steer its tools: CI
/// workflows, release and publishing scripts, code owners, and instruction files for coding
/// agents (AGENTS.md, CLAUDE.md, .cursorrules, copilot-instructions.md). A stranger's change
/// there needs a maintainer's eye whatever its size.
public struct TouchesSensitivePathsSignal: Signal {
    public static let id = "touches_sensitive_paths"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 1.5
    /// Substance: the paths the diff touches.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest else { return nil }
        let paths = c.files.flatMap { [$0.path] + ($0.previousPath.map { [$0] } ?? []) }.compactMap { path in
            Self.category(of: path).map { "\(path) (\($0))" }
        }
        guard !paths.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: 1, evidence: Array(paths.prefix(5)),
            message: "This changes files that run with the project's privileges or instruct its tools: "
                + paths.prefix(3).joined(separator: ", ") + ".")
    }

    static func category(of path: String) -> String? {
        let lower = path.lowercasedFast
        let name = lower.split(separator: "/").last.map(String.init) ?? lower
        if lower.hasPrefix(".github/workflows/") || lower.hasPrefix(".github/actions/") || lower == ".gitlab-ci.yml"
            || lower.hasPrefix(".circleci/") || lower == ".travis.yml" || lower == "azure-pipelines.yml"
            || lower == "jenkinsfile" || lower.hasPrefix(".buildkite/")
        {
            return "CI workflow"
        }
        if agentFiles.contains(name) || lower.hasPrefix(".cursor/rules") || lower.hasPrefix(".github/instructions/")
            || lower.hasPrefix(".claude/") || lower.hasPrefix(".gemini/")
        {
            return "agent instructions"
        }
        if name == "codeowners" || lower == ".github/dependabot.yml" || lower == ".github/renovate.json"
            || name == "renovate.json"
        {
            return "repository governance"
        }
        if name.hasPrefix("release") && (name.hasSuffix(".sh") || name.hasSuffix(".py") || name.hasSuffix(".yml"))
            || lower.hasPrefix("scripts/release") || lower.hasPrefix("scripts/publish") || name == ".goreleaser.yml"
            || name == ".goreleaser.yaml" || name == ".npmrc" || name == ".pypirc"
        {
            return "release or publishing"
        }
        return nil
    }

    static let agentFiles: Set<String> = [
        "agents.md", "claude.md", "gemini.md", ".cursorrules", "copilot-instructions.md", ".windsurfrules",
        "conventions.md", ".clinerules", "agent.md",
    ]

    public static let triggeringExamples = [
        SignalExample("workflow", Example.pull(files: [Example.file(".github/workflows/ci.yml", added: 3)])),
        SignalExample(
            "agent instructions", Example.pull(files: [Example.file("AGENTS.md", added: 40, status: .added)])),
        SignalExample("release script", Example.pull(files: [Example.file("scripts/release.sh", added: 2)])),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("ordinary source", Example.pull(files: [Example.file("lib/transfer.c", added: 30)])),
        SignalExample("docs about workflows", Example.pull(files: [Example.file("docs/workflows.md", added: 10)])),
    ]
}
