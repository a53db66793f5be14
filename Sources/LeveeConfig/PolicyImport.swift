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
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw ImportError(description: "\(file): not a YAML workflow: \(error)")
        }
        var steps: [(uses: String, with: [String: String])] = []
        let jobs = (root as? [String: Any])?["jobs"] as? [String: Any] ?? [:]
        for name in jobs.keys.sorted() {
            for step in ((jobs[name] as? [String: Any])?["steps"] as? [Any]) ?? [] {
                guard let step = step as? [String: Any], let uses = step["uses"] as? String,
                    uses.hasPrefix(tool.uses)
                else { continue }
                var inputs: [String: String] = [:]
                for (key, value) in (step["with"] as? [String: Any]) ?? [:] { inputs[key] = "\(value)" }
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
        settings.set("shadow", "true  # see what Levee would do before it acts; `false` to act")
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

    mutating func mapAntiSlop() {
        let never =
            "Levee closes or locks only on a quoted policy violation or a score whose measured precision is ≥ 0.99 "
            + "(docs/scoring.md); the `pulls:` checks are quoted violations, and closing on one is "
            + "`actions.violations.<id>.close`, a choice to make by hand"
        let failures = Int(value("max-failures").0) ?? 3
        line(
            "max-failures", failures > 1 ? [("pulls.min_failures", "\(failures)")] : [],
            "the `pulls:` checks below are reported only when at least this many fail; Levee's score and its other "
                + "rules are weighed apart")
        let bots = Self.list(value("exempt-bots").0)
        line("exempt-bots", [("exempt.bots", Self.flow(bots))])
        let users = Self.list(value("exempt-users").0)
        line("exempt-users", users.isEmpty ? [] : [("exempt.users", Self.flow(users))])
        let associations = Self.list(value("exempt-author-association").0).map { $0.uppercased() }
        let writers = !Set(associations).isDisjoint(with: ["OWNER", "MEMBER", "COLLABORATOR"])
        line(
            "exempt-author-association", [("exempt.writers", "\(writers)")],
            "Levee exempts owners, members and collaborators together, or none of them")
        let labels = Self.list(value("exempt-label").0) + Self.list(value("exempt-pr-label").0)
        line("exempt-label", labels.isEmpty ? [] : [("exempt.labels", Self.flow(labels))])
        line(
            "exempt-pr-label", [], labels.isEmpty ? nil : "joined into exempt.labels", labels.isEmpty ? nil : .seeAbove)
        line("exempt-draft-prs", value("exempt-draft-prs").0 == "true" ? [("exempt.drafts", "true")] : [])
        // The milestones: every milestone if either "all" input is on, else both lists joined.
        let all = ["exempt-all-pr-milestones", "exempt-all-milestones"].first { value($0).0 == "true" }
        let listed = ["exempt-pr-milestones", "exempt-milestones"].filter { !Self.list(value($0).0).isEmpty }
        let milestones = all != nil ? ["*"] : listed.flatMap { Self.list(value($0).0) }
        let source = all ?? listed.first
        for input in ["exempt-all-pr-milestones", "exempt-all-milestones", "exempt-pr-milestones", "exempt-milestones"]
        {
            if input == source {
                line(input, [("exempt.milestones", Self.flow(milestones))])
            } else if source != nil, value(input).0 != "false", !value(input).0.isEmpty {
                line(input, [], "joined into exempt.milestones", .seeAbove)
            } else {
                line(input, [])
            }
        }
        if value("require-linked-issue").0 == "true" {
            line("require-linked-issue", [("pulls.linked_issue", "true")], "every pull request, whatever its size")
        } else {
            line("require-linked-issue", [], "off here; Levee's no_linked_issue signal still weighs it")
        }
        if value("require-pr-template").0 == "true" {
            line(
                "require-pr-template",
                [("signals.unfilled_template", "strict"), ("signals.template_ignored", "strict")],
                "compared with .github/pull_request_template.md")
        } else {
            line("require-pr-template", [])
        }
        let strictSections = Self.list(value("strict-pr-template-sections").0)
        line(
            "strict-pr-template-sections",
            strictSections.isEmpty
                ? []
                : [("template.required_sections", Self.flow(strictSections)), ("template.every_box_ticked", "true")],
            strictSections.isEmpty ? nil : "Levee asks every box of the checklist ticked, not only those sections'")
        line(
            "optional-pr-template-sections", [],
            "Levee asks only for the sections in template.required_sections; the others may be left out", .seeAbove)
        line(
            "max-additional-pr-template-sections", [],
            value("max-additional-pr-template-sections").0 == "0"
                ? nil : "sections the author adds are not counted: a person may add a useful one")
        if value("require-description").0 == "true" {
            line(
                "require-description", [("signals.undescribed_first_contribution", "strict")],
                "Levee asks newcomers for a description; writers and known contributors are not asked")
        } else {
            line("require-description", [])
        }
        // The pull checks: each a `pulls:` key of the same meaning (docs/policy.md).
        func count(_ input: String, _ key: String) {
            let n = Int(value(input).0) ?? 0
            line(input, n > 0 ? [(key, "\(n)")] : [])
        }
        func flag(_ input: String, _ key: String) {
            line(input, value(input).0 == "true" ? [(key, "true")] : [])
        }
        func words(_ input: String, _ key: String, separators: Set<Character> = ["\n"]) {
            let items = Self.list(value(input).0, separators: separators)
            line(input, items.isEmpty ? [] : [(key, Self.flow(items))])
        }
        words("allowed-target-branches", "pulls.allowed_target_branches")
        words("blocked-target-branches", "pulls.blocked_target_branches")
        words("allowed-source-branches", "pulls.allowed_source_branches")
        words("blocked-source-branches", "pulls.blocked_source_branches")
        count("max-negative-reactions", "pulls.max_negative_reactions")
        flag("require-maintainer-can-modify", "pulls.maintainer_can_modify")
        flag("require-conventional-title", "pulls.conventional_title")
        count("max-description-length", "pulls.max_description_length")
        count("max-emoji-count", "pulls.max_emoji")
        count("max-code-references", "pulls.max_code_references")
        words("blocked-terms", "pulls.blocked_terms")
        let issueNumbers = Self.list(value("blocked-issue-numbers").0)
        let numbers = issueNumbers.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) }
        line(
            "blocked-issue-numbers", numbers.isEmpty ? [] : [("pulls.blocked_issue_numbers", "\(numbers)")],
            numbers.count < issueNumbers.count
                ? "not a number, left out: "
                    + issueNumbers.filter { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) == nil }
                    .joined(separator: ", ") : nil)
        count("max-commit-message-length", "pulls.max_commit_message_length")
        flag("require-conventional-commits", "pulls.conventional_commits")
        flag("require-commit-author-match", "pulls.commit_author_match")
        words("blocked-commit-authors", "pulls.blocked_commit_authors", separators: [","])
        words("allowed-file-extensions", "pulls.allowed_file_extensions", separators: [","])
        words("allowed-paths", "pulls.allowed_paths")
        words("blocked-paths", "pulls.blocked_paths")
        flag("require-final-newline", "pulls.final_newline")
        count("max-added-comments", "pulls.max_added_comments")
        flag("detect-spam-usernames", "pulls.spam_usernames")
        // The author's account and record: evidence in Levee, never a gate by itself (docs/peers.md says why).
        line(
            "min-account-age", value("min-account-age").0 == "0" ? [("signals.fresh_account", "off")] : [],
            value("min-account-age").0 == "0"
                ? nil
                : "Levee's fresh_account signal weighs the account's age as evidence, never as a gate alone: an "
                    + "author cannot change it, so asking them would only turn away a newcomer",
            value("min-account-age").0 == "0" ? nil : .differs)
        let globalRatio = value("min-global-merge-ratio").0
        line(
            "min-global-merge-ratio", globalRatio == "0" ? [("signals.unmerged_record", "off")] : [],
            globalRatio == "0"
                ? nil
                : "Levee's unmerged_record signal weighs a stranger's record across GitHub (10 or more closed unmerged, "
                    + "three for each merged) as evidence, never as a gate alone",
            globalRatio == "0" ? nil : .differs)
        line("global-merge-ratio-exclude-own", [], "part of min-global-merge-ratio's difference", .seeAbove)
        line(
            "max-daily-forks", [],
            value("max-daily-forks").0 == "0"
                ? nil
                : "forks are not read; Levee's activity_burst signal weighs pull requests to many repositories in a "
                    + "week, the spraying forks lead to", value("max-daily-forks").0 == "0" ? nil : .differs)
        line(
            "min-profile-completeness", [],
            value("min-profile-completeness").0 == "0"
                ? nil
                : "Levee never reads profiles (name, company, bio, followers): an empty profile says nothing about a "
                    + "contribution, and many honest newcomers have one",
            value("min-profile-completeness").0 == "0" ? nil : .differs)
        line(
            "min-repo-merged-prs", [],
            value("min-repo-merged-prs").0 == "0"
                ? nil
                : "requiring earlier merges turns away every first-timer; the track record sets the trust tier, and "
                    + "`lifecycle.close_by_default` (tiers: [newcomer]) is the nearest gate, a choice to make by hand",
            value("min-repo-merged-prs").0 == "0" ? nil : .differs)
        count("min-repo-merge-ratio", "pulls.min_repo_merge_ratio")
        let success = Self.list(value("success-add-pr-labels").0)
        line(
            "success-add-pr-labels",
            success.isEmpty ? [] : [("actions.welcome", "{ labels: \(Self.flow(success)), comment: false }")])
        let failure = Self.list(value("failure-add-pr-labels").0)
        line(
            "failure-add-pr-labels",
            failure.isEmpty
                ? []
                : [
                    ("actions.needs_author", "{ labels: \(Self.flow(failure)), comment: true }"),
                    ("actions.likely_slop", "{ labels: \(Self.flow(failure)), comment: true }"),
                ])
        line(
            "failure-pr-message", [],
            "Levee's sticky comment lists each finding with its evidence; `actions.comment` changes its wording",
            .differs)
        line(
            "close-pr", [], value("close-pr").0 == "true" ? never : nil, value("close-pr").0 == "true" ? .differs : nil)
        line("lock-pr", [], value("lock-pr").0 == "true" ? never : nil, value("lock-pr").0 == "true" ? .differs : nil)
    }

    mutating func mapNoAutopilot() {
        let traps = Self.list(value("honesty-trap").0, separators: ["|"])
        let first = traps.first { $0.count >= 12 }
        line(
            "honesty-trap", first.map { [("traps.box", Self.quote($0))] } ?? [],
            traps.count > 1
                ? "Levee checks one trap box; not imported: " + traps.filter { $0 != first }.joined(separator: "; ")
                : nil)
        if value("close-on-honesty-trap").0 == "true", first != nil {
            line(
                "close-on-honesty-trap",
                [
                    (
                        "actions.violations.agent_trap_ticked",
                        "{ labels: [\"levee:policy\"], comment: true, close: true }"
                    )
                ],
                "a ticked trap box is a quoted policy violation, so closing is allowed")
        } else {
            line("close-on-honesty-trap", [])
        }
        let sections = Self.list(value("template-sections").0)
        if !sections.isEmpty {
            line(
                "template-sections",
                [
                    ("template.required_sections", Self.flow(sections)), ("template.every_box_ticked", "true"),
                    ("signals.unfilled_template", "strict"),
                ],
                "a required section left out or empty is the quoted violation template_section_empty; a box left "
                    + "unticked (the honesty trap's aside) is unticked_box, as no-autopilot checks them with the sections"
            )
        }
        if value("welcome-first-timers").0 == "true" {
            line(
                "welcome-first-timers", [("lifecycle.newcomer_lane.enabled", "true")],
                "the newcomer lane welcomes a first-timer and routes the item to a person")
        }
        let contributing = value("contributing-url").0
        if !contributing.isEmpty, !contributing.contains("://") {
            line("contributing-url", [("lifecycle.newcomer_lane.guide", Self.quote(contributing))])
        } else {
            line(
                "contributing-url", [],
                contributing.isEmpty ? nil : "a URL; the lane's guide is a path in the repository")
        }
        line("ai-names", [], "Levee's list of agents and their signatures is built in", .differs)
        line(
            "boilerplate-patterns", [],
            "Levee's llm_prose_markers signal is built in and weighs style as evidence only", .differs)
        // What no-autopilot does without an input.
        fact(
            "(check) AI Co-authored-by lines in commits", value: "blocking", isDefault: true,
            [("forbidden.ai_coauthor_trailers", "true")], nil)
        fact(
            "(check) AI footers in the description", value: "blocking", isDefault: true,
            [("forbidden.fully_generated_prs", "true")], "an agent's own footer or task link")
    }

    mutating func mapStale() {
        func days(_ specific: String, _ general: String) -> (input: String, value: Double?) {
            let input = given(specific) ? specific : general
            let text = value(input).0
            return (input, Double(text))
        }
        let stale = days("days-before-pr-stale", "days-before-stale")
        let close = days("days-before-pr-close", "days-before-close")
        let note =
            "actions/stale counts days without activity on any item; Levee's awaiting_author counts from a maintainer's"
            + " question the author has not answered"
        if let after = stale.value, after > 0 {
            settings.set("lifecycle.awaiting_author.enabled", "true")
            line(stale.input, [("lifecycle.awaiting_author.stale_after_days", "\(Int(after))")], note)
        } else {
            line(stale.input, [("lifecycle.awaiting_author.enabled", "false")], "-1: never marks stale")
        }
        if let after = close.value, after > 0 {
            line(close.input, [("lifecycle.awaiting_author.close_after_days", "\(Int(after))")])
        } else {
            line(
                close.input, [("lifecycle.awaiting_author.close_after_days", "3650")],
                "-1: never closes; Levee's longest wait")
        }
        for input in ["days-before-stale", "days-before-close", "days-before-issue-stale", "days-before-issue-close"]
        where !lines.contains(where: { $0.input == input }) {
            line(
                input, [],
                input.contains("issue")
                    ? "Levee uses one wait for issues and pull requests" : "overridden by the pull-request value",
                input.contains("issue") ? .differs : .seeAbove)
        }
        let label = given("stale-pr-label") ? "stale-pr-label" : "stale-issue-label"
        line(label, [("lifecycle.awaiting_author.stale_label", Self.quote(value(label).0))])
        let exempt = Self.list(value("exempt-pr-labels").0) + Self.list(value("exempt-issue-labels").0)
        line(
            "exempt-pr-labels", [("lifecycle.awaiting_author.hold_labels", Self.flow(["levee:hold"] + exempt))],
            "joined with exempt-issue-labels and Levee's levee:hold")
        line("exempt-issue-labels", [], nil, .seeAbove)
        if value("debug-only").0 == "true" { line("debug-only", [], "shadow: true above does the same", .seeAbove) }
        line("remove-stale-when-updated", [], "Levee always moves an item back when its author answers", .seeAbove)
        for input in ["stale-issue-message", "stale-pr-message", "close-issue-message", "close-pr-message"] {
            line(input, [], "Levee writes its own comment, with the question it waits on", .differs)
        }
    }

    mutating func mapVouch() {
        let file = value("vouched-file").0
        line(
            "vouched-file", file.isEmpty ? [] : [("trust.vouch_file", Self.quote(file))],
            file.isEmpty ? "auto-detect: Levee's default .github/VOUCHED.td" : nil, file.isEmpty ? .seeAbove : nil)
        let uses = steps.map(\.uses)
        func words(_ input: String, allow: String, default word: String, key: String) {
            let off = value(allow).0 == "false"
            let list = off ? [] : (Self.list(value(input).0).isEmpty ? [word] : Self.list(value(input).0))
            line(input, [("trust.commands.\(key)", Self.flow(list))])
            line(allow, [], off ? "turned off: an empty word list" : nil, .seeAbove)
        }
        if uses.contains(where: { $0.contains("/manage-by-") }) {
            words("vouch-keyword", allow: "allow-vouch", default: "vouch", key: "vouch")
            words("denounce-keyword", allow: "allow-denounce", default: "denounce", key: "denounce")
            words("unvouch-keyword", allow: "allow-unvouch", default: "unvouch", key: "unvouch")
            fact(
                "(comment syntax) vouch's first-line commands", value: "on", isDefault: true,
                [("trust.commands.bare", "true")], "maintainers keep writing `vouch @user` as before")
        }
        if uses.contains(where: { $0.contains("/manage-by-discussion") }) {
            fact(
                "(step) manage-by-discussion", value: "present", isDefault: false, [],
                "Levee reads the same commands in discussion comments (the App's discussion_comment event)",
                .seeAbove)
        }
        if uses.contains(where: { $0.contains("/sync-codeowners") }) {
            fact(
                "(step) sync-codeowners", value: "present", isDefault: false, [("trust.codeowners", "true")],
                "read on each decision instead of copied; teams not expanded")
        }
        if uses.contains(where: { $0.contains("/check-pr") || $0.contains("/check-issue") }) {
            line(
                "require-vouch", [],
                value("require-vouch").0 == "true"
                    ? "Levee does not shut unvouched people out; `lifecycle.close_by_default` (tiers: [newcomer]) is the nearest gate, and a choice to make by hand"
                    : nil, .differs)
            line(
                "auto-close", [],
                value("auto-close").0 == "true"
                    ? "a denounced author is the violation denounced_author; closing it is `actions.violations.denounced_author.close`, a choice to make by hand"
                    : nil, .differs)
        }
        line(
            "dry-run", [],
            value("dry-run").0 == "true" ? "shadow: true above does the same" : "Levee starts in shadow mode (above)",
            .seeAbove)
    }
}
