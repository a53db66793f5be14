import Foundation
import LeveeCore

/// The keys of `.github/levee.yml`, by section, in one table: the loader accepts exactly these in each mapping
/// (`Reader.mapping`, with the keys rules declare for themselves, `PolicyRules.settings`), and `DocumentationTests`
/// checks that docs/policy.md lists every one. Maps keyed by an id — `signals`, `weights`, `actions.violations` — take
/// their keys from the catalogs and are listed there as `signals.<signal id>` and the like.
public enum PolicySchema {
    public static let sections: [String: [String]] = [
        "": [
            "version", "name", "source", "shadow", "ai", "disclosure", "forbidden", "zones", "caps", "thresholds",
            "weights", "exempt", "actions", "trust", "lifecycle", "traps", "signals", "template",
        ],
        "ai": ["stance"],
        "disclosure": [
            "required_for", "when", "accept", "section", "checkboxes", "trailers", "report_fields", "must_name_tools",
            "must_describe_scope", "prompts",
        ],
        "disclosure.section": ["headings"],
        "disclosure.checkboxes": ["options", "exactly_one"],
        "disclosure.trailers": ["keys", "format", "example"],
        "forbidden": forbiddenKeys,
        "zones": ["allowed", "gray", "forbidden"],
        "caps": ["open_prs_per_non_writer", "open_ai_prs_per_author"],
        "thresholds": thresholdKeys + ["security_report"],
        "thresholds.security_report": thresholdKeys,
        "exempt": ["writers", "bots", "users", "vouched", "labels", "drafts", "milestones"],
        "actions": Verdict.allCases.map(\.rawValue) + ["violations", "comment"],
        "trust": [
            "known_contributor_after", "maintainers", "vouch_file", "reputation", "inherit", "managers_file",
            "codeowners", "commands",
        ],
        "trust.commands": ["vouch", "denounce", "unvouch", "bare"],
        "trust.reputation": [
            "enabled", "starting_balance", "stake_per_review_minute", "minimum_stake", "reward_ratio",
        ],
        "lifecycle": [
            "awaiting_author", "close_by_default", "first_timer_gate", "newcomer_lane", "triagers", "park_label",
        ],
        "lifecycle.awaiting_author": [
            "enabled", "stale_after_days", "close_after_days", "label", "stale_label", "hold_labels",
        ],
        "lifecycle.close_by_default": ["enabled", "tiers", "min_words", "label"],
        "lifecycle.first_timer_gate": ["enabled", "label"],
        "lifecycle.newcomer_lane": ["enabled", "guide", "mentors"],
        "traps": ["canary", "box"],
        "template": ["path", "required_sections", "every_box_ticked"],
    ]

    /// The keys of one section (`""`: the top level), as the loader accepts them.
    public static func keys(_ section: String) -> [String] { sections[section] ?? [] }

    /// The three thresholds of a verdict scale.
    static let thresholdKeys = ["welcome_below", "needs_author_from", "likely_slop_from"]

    /// The flags of `forbidden:`: one per rule a flag switches on (`PolicyRules.forbidding`), and
    /// `ai_written_communication`, which also takes `except_translation`.
    static let forbiddenKeys: [String] = {
        var keys = PolicyRules.forbidding.map { String($0.keys[0].dropFirst("forbidden.".count)) }
        keys.insert("ai_written_communication", at: min(2, keys.count))
        return keys
    }()

    /// Every key that holds a value rather than a section, as a dotted path (`lifecycle.awaiting_author.enabled`),
    /// the rules' own keys included; the maps keyed by an id or a verdict (`signals`, `weights`, `actions.<verdict>`,
    /// `actions.violations`) are left out: docs/policy.md names them by their placeholder.
    public static var leafPaths: [String] {
        var paths: [String] = []
        for (section, keys) in sections.sorted(by: { $0.key < $1.key }) {
            for key in keys {
                let path = section.isEmpty ? key : section + "." + key
                guard sections[path] == nil, !["signals", "weights"].contains(path) else { continue }
                if section == "actions", key != "comment" { continue }
                paths.append(path)
            }
        }
        return paths + PolicyRules.settings.map(\.key)
    }
}
