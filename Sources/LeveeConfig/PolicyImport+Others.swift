import Foundation
import LeveeCore

/// no-autopilot's, actions/stale's and vouch's inputs (`docs/peers.md`).
extension Importer {
    mutating func mapNoAutopilot() {
        let traps = Self.list(value("honesty-trap").0, separators: ["|"])
        let first = traps.first { $0.count >= 12 }
        line(
            "honesty-trap", first.map { [(PolicyField.trapBox.path, Self.quote($0))] } ?? [],
            traps.count > 1
                ? "Levee checks one trap box; not imported: " + traps.filter { $0 != first }.joined(separator: "; ")
                : nil)
        if value("close-on-honesty-trap").0 == "true", first != nil {
            line(
                "close-on-honesty-trap",
                [
                    (
                        PolicyField.violation(AgentTrapTickedRule.id),
                        PolicyDocuments.actionSet(ActionSet(labels: ["levee:policy"], comment: true, close: true))
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
                    (PolicyField.requiredSections.path, Self.flow(sections)), (PolicyField.everyBoxTicked.path, "true"),
                    (Self.signal(UnfilledTemplateSignal.id), "strict"),
                ],
                "a required section left out or empty is the quoted violation template_section_empty; a box left "
                    + "unticked (the honesty trap's aside) is unticked_box, as no-autopilot checks them with the sections"
            )
        }
        if value("welcome-first-timers").0 == "true" {
            line(
                "welcome-first-timers", [(PolicyField.newcomerLaneEnabled.path, "true")],
                "the newcomer lane welcomes a first-timer and routes the item to a person")
        }
        let contributing = value("contributing-url").0
        if !contributing.isEmpty, !contributing.contains("://") {
            line("contributing-url", [(PolicyField.newcomerGuide.path, Self.quote(contributing))])
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
            [(AICoauthorTrailerRule.keys[0], "true")], nil)
        fact(
            "(check) AI footers in the description", value: "blocking", isDefault: true,
            [(FullyGeneratedPRRule.key, "true")], "an agent's own footer or task link")
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
            settings.set(PolicyField.awaitingAuthorEnabled.path, "true")
            line(stale.input, [(PolicyField.staleAfterDays.path, "\(Int(after))")], note)
        } else {
            line(stale.input, [(PolicyField.awaitingAuthorEnabled.path, "false")], "-1: never marks stale")
        }
        if let after = close.value, after > 0 {
            line(close.input, [(PolicyField.closeAfterDays.path, "\(Int(after))")])
        } else {
            line(
                close.input, [(PolicyField.closeAfterDays.path, "3650")],
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
        line(label, [(PolicyField.staleLabel.path, Self.quote(value(label).0))])
        let exempt = Self.list(value("exempt-pr-labels").0) + Self.list(value("exempt-issue-labels").0)
        line(
            "exempt-pr-labels", [(PolicyField.holdLabels.path, Self.flow(["levee:hold"] + exempt))],
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
            "vouched-file", file.isEmpty ? [] : [(PolicyField.vouchFile.path, Self.quote(file))],
            file.isEmpty ? "auto-detect: Levee's default .github/VOUCHED.td" : nil, file.isEmpty ? .seeAbove : nil)
        let uses = steps.map(\.uses)
        func words(_ input: String, allow: String, default word: String, field: PolicyField) {
            let off = value(allow).0 == "false"
            let list = off ? [] : (Self.list(value(input).0).isEmpty ? [word] : Self.list(value(input).0))
            line(input, [(field.path, Self.flow(list))])
            line(allow, [], off ? "turned off: an empty word list" : nil, .seeAbove)
        }
        if uses.contains(where: { $0.contains("/manage-by-") }) {
            words("vouch-keyword", allow: "allow-vouch", default: "vouch", field: .vouchCommand)
            words("denounce-keyword", allow: "allow-denounce", default: "denounce", field: .denounceCommand)
            words("unvouch-keyword", allow: "allow-unvouch", default: "unvouch", field: .unvouchCommand)
            fact(
                "(comment syntax) vouch's first-line commands", value: "on", isDefault: true,
                [(PolicyField.bareCommands.path, "true")], "maintainers keep writing `vouch @user` as before")
        }
        if uses.contains(where: { $0.contains("/manage-by-discussion") }) {
            fact(
                "(step) manage-by-discussion", value: "present", isDefault: false, [],
                "Levee reads the same commands in discussion comments (the App's discussion_comment event)",
                .seeAbove)
        }
        if uses.contains(where: { $0.contains("/sync-codeowners") }) {
            fact(
                "(step) sync-codeowners", value: "present", isDefault: false, [(PolicyField.codeowners.path, "true")],
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
                    ? "a denounced author is the violation denounced_author; closing it is `\(PolicyField.violation(DenouncedAuthor.id)).close`, a choice to make by hand"
                    : nil, .differs)
        }
        line(
            "dry-run", [],
            value("dry-run").0 == "true" ? "shadow: true above does the same" : "Levee starts in shadow mode (above)",
            .seeAbove)
    }
}
