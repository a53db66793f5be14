import Foundation

/// A pull request adds or changes files that instruct coding agents (AGENTS.md, CLAUDE.md, `.cursor/rules/`, …) where
/// the project does not take them (`forbidden.agent_instruction_files`).
public struct AgentInstructionFilesRule: ForbiddingRule {
    public static let id = "agent_instruction_files"
    public static let key = "forbidden.agent_instruction_files"
    public static let ids = [id]
    public static let keys = [key]
    public static var flag: WritableKeyPath<ForbiddenUses, Bool> { \.agentInstructionFiles }
    public init() {}

    static let files = [
        "agents.md", "claude.md", "gemini.md", ".cursorrules", ".windsurfrules", ".clinerules",
        ".github/copilot-instructions.md", "copilot-instructions.md", ".aider.conf.yml", ".junie/guidelines.md",
    ]
    static let directories = [".cursor/rules/", ".github/instructions/", ".claude/", ".clinerules/"]

    static func isAgentInstructionFile(_ path: String) -> Bool {
        let lowered = path.lowercasedFast
        let name = lowered.split(separator: "/").last.map(String.init) ?? lowered
        return files.contains(lowered) || ["agents.md", "claude.md", "gemini.md"].contains(name)
            || directories.contains { lowered.hasPrefix($0) }
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.forbidden[keyPath: Self.flag] else { return [] }
        let files = input.contribution.files.filter { $0.status != .removed && Self.isAgentInstructionFile($0.path) }
        guard !files.isEmpty else { return [] }
        return [
            input.violation(
                Self.id, Self.key, "This project does not take agent instruction files (AGENTS.md, CLAUDE.md, …).",
                files.map { "changes `\($0.path)`" })
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.forbidden[keyPath: flag] = true }

    public static let triggeringExamples = [
        PolicyExample(
            "adds CLAUDE.md",
            Example.pull(body: "Fixes #12.", files: [Example.file("CLAUDE.md", added: 40, status: .added)]),
            policy: forbidden),
        PolicyExample(
            "a Cursor rule",
            Example.pull(body: "Fixes #12.", files: [Example.file(".cursor/rules/style.mdc", added: 12)]),
            policy: forbidden),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "removes AGENTS.md",
            Example.pull(
                body: "Fixes #12.", files: [Example.file("AGENTS.md", added: 0, removed: 30, status: .removed)]),
            policy: forbidden),
        PolicyExample(
            "not forbidden",
            Example.pull(body: "Fixes #12.", files: [Example.file("CLAUDE.md", added: 40, status: .added)])),
    ]
}
