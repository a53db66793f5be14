import Foundation
import LeveeCore
import Yams

/// The tools maintainers already run, whose workflow setup `levee policy import` carries over.
public enum PeerTool: String, Sendable, CaseIterable {
    case antiSlop = "anti-slop"
    case noAutopilot = "no-autopilot"
    case stale
    case vouch

    /// What a workflow step's `uses:` starts with for this tool.
    public var uses: String {
        switch self {
        case .antiSlop: "peakoss/anti-slop"
        case .noAutopilot: "eljojo/no-autopilot"
        case .stale: "actions/stale"
        case .vouch: "mitchellh/vouch/action/"
        }
    }

    /// The action's inputs and their defaults, from its public `action.yml` (anti-slop's README table at 114daf3, with
    /// `max-added-comments` of its changelog's next release, off unless given;
    /// no-autopilot's at 3bbcab7, actions/stale's at 002bc97, vouch's actions at their latest stored versions).
    /// An input without a default has `nil`.
    public var inputs: [(name: String, default: String?)] {
        switch self {
        case .antiSlop:
            return [
                ("max-failures", "3"), ("allowed-target-branches", ""), ("blocked-target-branches", ""),
                ("allowed-source-branches", ""), ("blocked-source-branches", "main\nmaster"),
                ("max-negative-reactions", "0"), ("require-maintainer-can-modify", "true"),
                ("require-conventional-title", "false"), ("require-description", "true"),
                ("max-description-length", "0"), ("max-emoji-count", "2"), ("max-code-references", "0"),
                ("require-linked-issue", "false"), ("blocked-terms", ""), ("blocked-issue-numbers", ""),
                ("require-pr-template", "false"), ("strict-pr-template-sections", ""),
                ("optional-pr-template-sections", ""), ("max-additional-pr-template-sections", "0"),
                ("max-commit-message-length", "500"), ("require-conventional-commits", "false"),
                ("require-commit-author-match", "true"), ("blocked-commit-authors", ""),
                ("allowed-file-extensions", ""), ("allowed-paths", ""),
                ("blocked-paths", "README.md\nSECURITY.md\nLICENSE\nCODE_OF_CONDUCT.md"),
                ("require-final-newline", "true"), ("max-added-comments", "0"), ("detect-spam-usernames", "true"),
                ("min-account-age", "7"), ("max-daily-forks", "7"), ("min-profile-completeness", "4"),
                ("min-repo-merged-prs", "0"), ("min-repo-merge-ratio", "0"), ("min-global-merge-ratio", "30"),
                ("global-merge-ratio-exclude-own", "false"), ("exempt-draft-prs", "false"),
                ("exempt-bots", "actions-user\ndependabot[bot]\nrenovate[bot]\ngithub-actions[bot]"),
                ("exempt-users", ""), ("exempt-author-association", "OWNER,MEMBER,COLLABORATOR"),
                ("exempt-label", "exempt"), ("exempt-pr-label", ""), ("exempt-all-milestones", "false"),
                ("exempt-all-pr-milestones", "false"), ("exempt-milestones", ""), ("exempt-pr-milestones", ""),
                ("success-add-pr-labels", ""), ("failure-remove-pr-labels", ""),
                ("failure-remove-all-pr-labels", "false"), ("failure-add-pr-labels", ""), ("failure-pr-message", ""),
                ("close-pr", "true"), ("lock-pr", "false"),
            ]
        case .noAutopilot:
            return [
                ("marker", "<!-- no-autopilot -->"),
                (
                    "ai-names",
                    "claude|copilot|chatgpt|cursor|anthropic|openai|gemini|gpt-4|gpt-5|devin|codeium|tabnine|cody|windsurf|supermaven|goose|codex|aider|lovable|bolt|v0|replit|sweep|sourcegraph"
                ),
                ("contributing-url", ""), ("guidelines-url", ""),
                ("template-sections", "What this changes, How I tested this"),
                (
                    "honesty-trap",
                    "I did not answer truthfully|This PR was authored and submitted by an AI agent without human review"
                ),
                ("boilerplate-patterns", "(three patterns: Copilot boilerplate, AI puffery, AI offer to continue)"),
                ("welcome-first-timers", "true"), ("close-on-honesty-trap", "true"),
            ]
        case .stale:
            return [
                ("stale-issue-message", nil), ("stale-pr-message", nil), ("close-issue-message", nil),
                ("close-pr-message", nil), ("days-before-stale", "60"), ("days-before-issue-stale", nil),
                ("days-before-pr-stale", nil), ("days-before-close", "7"), ("days-before-issue-close", nil),
                ("days-before-pr-close", nil), ("stale-issue-label", "Stale"), ("close-issue-label", nil),
                ("exempt-issue-labels", ""), ("stale-pr-label", "Stale"), ("close-pr-label", nil),
                ("exempt-pr-labels", ""), ("exempt-milestones", ""), ("exempt-issue-milestones", ""),
                ("exempt-pr-milestones", ""), ("exempt-all-milestones", "false"), ("exempt-all-issue-milestones", ""),
                ("exempt-all-pr-milestones", ""), ("only-labels", ""), ("any-of-labels", ""),
                ("any-of-issue-labels", ""), ("any-of-pr-labels", ""), ("only-issue-labels", ""),
                ("only-pr-labels", ""), ("operations-per-run", "30"), ("remove-stale-when-updated", "true"),
                ("remove-issue-stale-when-updated", ""), ("remove-pr-stale-when-updated", ""),
                ("debug-only", "false"), ("ascending", "false"), ("delete-branch", "false"), ("start-date", ""),
                ("exempt-assignees", ""), ("exempt-issue-assignees", ""), ("exempt-pr-assignees", ""),
                ("exempt-all-assignees", "false"), ("exempt-all-issue-assignees", ""),
                ("exempt-all-pr-assignees", ""), ("enable-statistics", "true"), ("labels-to-add-when-unstale", ""),
                ("labels-to-remove-when-unstale", ""),
            ]
        case .vouch:
            return [
                ("vouched-file", ""), ("require-vouch", "true"), ("auto-close", "false"), ("dry-run", "false"),
                ("vouch-keyword", ""), ("denounce-keyword", ""), ("unvouch-keyword", ""), ("allow-vouch", "true"),
                ("allow-denounce", "true"), ("allow-unvouch", "true"),
            ]
        }
    }

    /// Inputs every workflow passes that say nothing about policy.
    static let plumbing: Set<String> = [
        "github-token", "repo-token", "repo", "pr-number", "issue-id", "issue-number", "comment-id",
        "comment-node-id", "discussion-number", "user", "ref",
    ]
}

/// `levee policy import`: a peer tool's workflow setup as `.github/levee.yml`, and input by input what maps to
/// which key and what has no equivalent yet. Written from the tools' public docs and `action.yml` defaults; an
/// input the workflow leaves out takes the tool's default, since that is what the project runs today.
public struct PolicyImport: Sendable {
    public struct Line: Sendable, Hashable {
        public var input: String
        /// The value the project runs with (the workflow's, else the action's default).
        public var value: String
        public var isDefault: Bool
        /// The Levee keys it became, as `key: value`; empty when nothing did.
        public var keys: [String]
        /// Why it maps that way, or why it does not.
        public var note: String?
        public var outcome: Outcome
    }

    public enum Outcome: String, Sendable, Hashable {
        /// Became the keys shown.
        case mapped
        /// Taken into another input's keys, or already Levee's behaviour.
        case seeAbove = "covered"
        /// Levee does this differently on purpose; the note says how.
        case differs = "Levee differs"
        /// Nothing in Levee does this yet.
        case none = "no equivalent yet"
        /// The workflow leaves it off (empty, `0` or `false`), so nothing is carried over.
        case off = "off"
    }

    public var tool: PeerTool
    /// The `uses:` of each step that was read.
    public var steps: [String]
    public var lines: [Line]
    /// The policy file's text.
    public var yaml: String

    public struct ImportError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ tool: PeerTool, workflow text: String, file: String) throws -> PolicyImport {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ImportError(description: "\(file): not a YAML workflow: \(error)")
        }
        var steps: [(uses: String, with: [String: String])] = []
        let jobs: [(key: Node, value: Node)] = root?.mapping?["jobs"]?.mapping.map { Array($0) } ?? []
        for job in jobs.sorted(by: { ($0.key.string ?? "") < ($1.key.string ?? "") }).map(\.value) {
            for step in job.mapping?["steps"]?.sequence.map({ Array($0) }) ?? [] {
                guard let uses = step.mapping?["uses"]?.string, uses.hasPrefix(tool.uses) else { continue }
                var inputs: [String: String] = [:]
                let with: [(key: Node, value: Node)] = step.mapping?["with"]?.mapping.map { Array($0) } ?? []
                for entry in with {
                    if let key = entry.key.string { inputs[key] = entry.value.scalar?.string ?? "" }
                }
                steps.append((uses, inputs))
            }
        }
        guard !steps.isEmpty else {
            throw ImportError(
                description: "\(file): no step uses \(tool.uses)… (is this the \(tool.rawValue) workflow?)")
        }
        var importer = Importer(tool: tool, steps: steps)
        importer.map()
        return PolicyImport(
            tool: tool, steps: steps.map(\.uses), lines: importer.lines, yaml: importer.settings.yaml(tool: tool))
    }

    /// The report printed beside the file: one line per input.
    public var report: String {
        var out = ["Read \(steps.count) step\(steps.count == 1 ? "" : "s"): " + steps.joined(separator: ", ")]
        for line in lines {
            let value = line.value.replacingOccurrences(of: "\n", with: ", ")
            let shown = value.count > 60 ? String(value.prefix(57)) + "…" : value
            let target = line.outcome == .mapped ? "→ " + line.keys.joined(separator: "; ") : line.outcome.rawValue
            out.append(
                "  \(line.input) = \(shown.isEmpty ? "\"\"" : shown)\(line.isDefault ? " (default)" : ""): \(target)"
                    + (line.note.map { " — \($0)" } ?? ""))
        }
        return out.joined(separator: "\n")
    }
}

/// Ordered `key.path: value` settings, written as nested YAML.
struct ImportedSettings {
    var entries: [(path: [String], value: String)] = []

    mutating func set(_ path: String, _ value: String) {
        let parts = path.split(separator: ".").map(String.init)
        entries.removeAll { $0.path == parts }
        entries.append((parts, value))
    }

    func yaml(tool: PeerTool) -> String {
        var out = [
            "# Imported from \(tool.rawValue)'s workflow by `levee policy import \(tool.rawValue)`.",
            "# Every key is in docs/policy.md; `levee policy explain` says what this policy does.",
            "version: 1",
        ]
        var written: [[String]] = []
        // Group by top-level key, in order of first appearance, then by each deeper level.
        var order: [String] = []
        for entry in entries where !order.contains(entry.path[0]) { order.append(entry.path[0]) }
        for top in order {
            for entry in entries where entry.path[0] == top {
                for depth in 0..<(entry.path.count - 1) {
                    let prefix = Array(entry.path[0...depth])
                    if !written.contains(prefix) {
                        out.append(String(repeating: "  ", count: depth) + prefix[depth] + ":")
                        written.append(prefix)
                    }
                }
                out.append(
                    String(repeating: "  ", count: entry.path.count - 1) + entry.path.last! + ": " + entry.value)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The mapping of one tool's inputs.
struct Importer {
    let tool: PeerTool
    let steps: [(uses: String, with: [String: String])]
    var lines: [PolicyImport.Line] = []
    var settings = ImportedSettings()

    init(tool: PeerTool, steps: [(uses: String, with: [String: String])]) {
        self.tool = tool
        self.steps = steps
        settings.set(PolicyField.shadow.path, "true  # see what Levee would do before it acts; `false` to act")
    }

    /// The value the project runs with, and whether it is the action's default.
    func value(_ input: String) -> (String, Bool) {
        for step in steps { if let given = step.with[input] { return (given, false) } }
        return (tool.inputs.first { $0.name == input }?.default ?? "", true)
    }

    func given(_ input: String) -> Bool { steps.contains { $0.with[input] != nil } }

    static func list(_ text: String, separators: Set<Character> = [",", "\n"]) -> [String] {
        text.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    static func flow(_ items: [String]) -> String {
        "[" + items.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ", ") + "]"
    }

    static func quote(_ text: String) -> String { flow([text]).dropFirst().dropLast().description }

    /// `signals.<id>`, the key that switches a signal.
    static func signal(_ id: String) -> String { PolicyField.signals.path + "." + id }

    mutating func line(
        _ input: String, _ keys: [(String, String)], _ note: String? = nil, _ outcome: PolicyImport.Outcome? = nil
    ) {
        let (value, isDefault) = value(input)
        fact(input, value: value, isDefault: isDefault, keys, note, outcome)
    }

    /// A line for something the tool does or has without an input of its own (a built-in check, a step).
    mutating func fact(
        _ what: String, value: String, isDefault: Bool, _ keys: [(String, String)], _ note: String?,
        _ outcome: PolicyImport.Outcome? = nil
    ) {
        for (key, setting) in keys { settings.set(key, setting) }
        lines.append(
            PolicyImport.Line(
                input: what, value: value, isDefault: isDefault, keys: keys.map { "\($0.0): \($0.1)" }, note: note,
                outcome: outcome ?? (keys.isEmpty ? (["", "0", "false"].contains(value) ? .off : .none) : .mapped)))
    }

    mutating func map() {
        switch tool {
        case .antiSlop: mapAntiSlop()
        case .noAutopilot: mapNoAutopilot()
        case .stale: mapStale()
        case .vouch: mapVouch()
        }
        // Every other input of the action, and any the workflow passes that the action does not know.
        var handled = Set(lines.map(\.input))
        // vouch is several actions with different inputs: only what the workflow passes is listed.
        for (name, _) in tool.inputs where !handled.contains(name) && (tool != .vouch || given(name)) {
            line(name, [])
        }
        let known = Set(tool.inputs.map(\.name))
        for step in steps {
            for name in step.with.keys.sorted()
            where !known.contains(name) && !PeerTool.plumbing.contains(name) && !handled.contains(name) {
                line(name, [], "not an input of \(tool.rawValue)'s action.yml")
                handled.insert(name)
            }
        }
    }
}
