import Foundation
import LeveeCore

/// Text generated from a policy: the effective policy as YAML and as sentences, the disclosure block for the
/// pull-request template, a CONTRIBUTING section and an AGENTS.md for coding agents.
public enum PolicyDocuments {
    // MARK: YAML

    /// Every key of the table (`PolicySchema`) with its effective value, then the keys rules declare that the policy
    /// sets; loading it back gives the same rules. Only overridden thresholds are written: the rest follow the
    /// scoring model.
    public static func yaml(_ policy: Policy) -> String {
        var tree = YAMLTree()
        for field in PolicySchema.fields {
            for (path, value) in values(of: field, in: policy) { tree.insert(path, value) }
        }
        for setting in PolicyRules.settings {
            if let value = value(of: setting, in: policy) { tree.insert(setting.key, value) }
        }
        return tree.lines().joined(separator: "\n") + "\n"
    }

    /// One field's value as YAML, under its path; a map field gives one entry per key, an unset threshold none.
    static func values(of field: PolicyField, in policy: Policy) -> [(String, String)] {
        let text: String
        switch field.kind {
        case .flag(let key): text = "\(policy[keyPath: key])"
        case .count(let key, _): text = "\(policy[keyPath: key])"
        case .optionalCount(let key, _): text = policy[keyPath: key].map(String.init) ?? "null"
        case .amount(let key, _), .days(let key): text = "\(policy[keyPath: key])"
        case .fraction(let key):
            guard let value = policy[keyPath: key] else { return [] }
            text = "\(value)"
        case .text(let key, _): text = quote(policy[keyPath: key])
        case .optionalText(let key, _): text = policy[keyPath: key].map(quote) ?? "null"
        case .texts(let key, _): text = list(policy[keyPath: key].map(quote))
        case .choice(let choice): text = choice.get(policy).first ?? "null"
        case .choices(let choice): text = list(choice.get(policy))
        case .helpers(let key): text = helpers(policy[keyPath: key])
        case .uses(let key): text = uses(policy[keyPath: key])
        case .actionSet(let verdict): text = actionSet(policy.actions.actions(for: verdict))
        case .special(.version): text = "1"
        case .special(.checkboxes):
            guard let boxes = policy.disclosure.checkboxes else { return [(field.path, "null")] }
            text = flowMapping([
                (PolicySchema.CheckboxKey.options.rawValue, list(boxes.options.map(quote))),
                (PolicySchema.CheckboxKey.exactlyOne.rawValue, "\(boxes.exactlyOne)"),
            ])
        case .special(.aiWrittenCommunication):
            let f = policy.forbidden
            text =
                f.aiWrittenCommunication && f.translationExempt ? "except_translation" : "\(f.aiWrittenCommunication)"
        case .special(.weights):
            return policy.weights.sorted { $0.key < $1.key }.map { (field.path + "." + $0.key, "\($0.value)") }
        case .special(.signals):
            return policy.signals.sorted { $0.key < $1.key }.map { (field.path + "." + $0.key, $0.value.rawValue) }
        case .special(.violations):
            return policy.actions.violations.sorted { $0.key < $1.key }.map {
                (field.path + "." + $0.key, actionSet($0.value))
            }
        }
        return [(field.path, text)]
    }

    /// A rule's own key as YAML; nil when the policy does not set it.
    static func value(of setting: RuleSetting, in policy: Policy) -> String? {
        switch policy.settings[setting.key] {
        case .flag(let value): "\(value)"
        case .count(let value): "\(value)"
        case .words(let values): list(values.map(quote))
        case .numbers(let values): list(values.map(String.init))
        case nil: nil
        }
    }

    /// Dotted keys and their values as nested YAML mappings, each section where its first key was inserted.
    struct YAMLTree {
        var value: String?
        var children: [(String, YAMLTree)] = []

        mutating func insert(_ path: String, _ text: String) {
            insert(path.split(separator: ".").map(String.init)[...], text)
        }

        private mutating func insert(_ parts: ArraySlice<String>, _ text: String) {
            guard let first = parts.first else {
                value = text
                return
            }
            if let index = children.firstIndex(where: { $0.0 == first }) {
                children[index].1.insert(parts.dropFirst(), text)
            } else {
                var child = YAMLTree()
                child.insert(parts.dropFirst(), text)
                children.append((first, child))
            }
        }

        func lines(indent: String = "") -> [String] {
            children.flatMap { key, child in
                child.value.map { ["\(indent)\(key): \($0)"] }
                    ?? ["\(indent)\(key):"] + child.lines(indent: indent + "  ")
            }
        }
    }

    /// `{ key: value, … }`.
    static func flowMapping(_ entries: [(String, String)]) -> String {
        "{ " + entries.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + " }"
    }

    static func helpers(_ helpers: [Helper]) -> String {
        typealias Key = PolicySchema.HelperKey
        return list(
            helpers.map {
                flowMapping([(Key.login.rawValue, quote($0.login)), (Key.capacity.rawValue, "\($0.capacity)")])
            })
    }

    static func uses(_ uses: [Zones.Use]) -> String {
        typealias Key = PolicySchema.UseKey
        return list(
            uses.map { use in
                flowMapping(
                    [(Key.use.rawValue, quote(use.use))]
                        + (use.examples.isEmpty ? [] : [(Key.examples.rawValue, list(use.examples.map(quote)))]))
            })
    }

    /// An action set as a flow mapping, every key written (`verdict` only when set).
    public static func actionSet(_ set: ActionSet) -> String {
        flowMapping(
            PolicySchema.ActionSetKey.allCases.compactMap { key in
                let value: String? =
                    switch key {
                    case .labels: list(set.labels.map(quote))
                    case .comment: "\(set.comment)"
                    case .close: "\(set.close)"
                    case .lock: "\(set.lock)"
                    case .checkRun: set.checkRun?.rawValue ?? "null"
                    case .verdict: set.verdict?.rawValue
                    }
                return value.map { (key.rawValue, $0) }
            })
    }

    static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }

    /// A YAML double-quoted scalar (JSON string escaping is valid YAML).
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: Sentences

    /// The effective policy in plain sentences, one per line.
    public static func explain(_ policy: Policy) -> [String] {
        var lines: [String] = []
        let who = policy.name ?? "This project"
        if let source = policy.source { lines.append("Policy of \(who), following \(source).") }
        switch policy.stance {
        case .allowed: lines.append("AI-assisted contributions are allowed; no disclosure is required.")
        case .disclosureRequired: lines.append("AI-assisted contributions are welcome when AI use is disclosed.")
        case .restricted: lines.append("AI use must be disclosed, and some uses are forbidden.")
        case .banned: lines.append("AI-generated or AI-assisted contributions are not accepted.")
        }
        let d = policy.disclosure
        if policy.stance == .disclosureRequired || policy.stance == .restricted {
            let kinds = d.requiredFor.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.sorted()
            let named =
                kinds.count > 1 ? kinds.dropLast().joined(separator: ", ") + " or " + kinds.last! : kinds.first ?? ""
            let when = d.when == .always ? "Every" : "Every AI-assisted"
            lines.append(
                "\(when) \(named) must carry a disclosure" + (d.when == .always ? " saying whether AI was used" : "")
                    + ".")
            lines.append("A disclosure counts when it is " + DisclosureRule.places(d) + ".")
            if let boxes = d.checkboxes {
                lines.append(
                    "The checkbox set has \(boxes.options.count) option(s)"
                        + (boxes.exactlyOne ? "; exactly one must be ticked." : "."))
            }
            if let format = d.trailers.format {
                lines.append(
                    "Trailer values must match `\(format)`" + (d.trailers.example.map { ", e.g. “\($0)”" } ?? "")
                        + ".")
            }
            if d.mustNameTools { lines.append("The disclosure must name the tool(s) used.") }
            if d.mustDescribeScope {
                lines.append("The disclosure must say how AI was used and which code or text it produced.")
            }
        }
        switch d.prompts {
        case .allowed: break
        case .encouraged: lines.append("Attaching prompts or chat transcripts is encouraged.")
        case .forbidden: lines.append("Prompts and chat transcripts must not be pasted into contributions.")
        }
        for rule in forbiddenSentences(policy.forbidden) { lines.append("Forbidden: \(rule).") }
        for use in policy.zones.allowed { lines.append("Allowed use: \(use.use).") }
        for use in policy.zones.gray { lines.append("Gray zone (say so and explain): \(use.use).") }
        for use in policy.zones.forbidden { lines.append("Forbidden use: \(use.use).") }
        if let cap = policy.caps.openPRsPerNonWriter {
            lines.append("Contributors without write access may have at most \(cap) open pull requests.")
        }
        if let cap = policy.caps.openAIPRsPerAuthor {
            lines.append("Each author may have at most \(cap) open AI-assisted pull requests.")
        }
        lines += PullChecks.explain(policy)
        var exempt: [String] = []
        if policy.exempt.writers { exempt.append("people with write access") }
        if !policy.exempt.bots.isEmpty { exempt.append("the bots " + policy.exempt.bots.joined(separator: ", ")) }
        if !policy.exempt.users.isEmpty { exempt.append(policy.exempt.users.map { "@" + $0 }.joined(separator: ", ")) }
        if policy.exempt.vouched { exempt.append("vouched contributors") }
        if policy.exempt.drafts { exempt.append("draft pull requests") }
        if !policy.exempt.milestones.isEmpty {
            exempt.append(
                policy.exempt.milestones.contains("*")
                    ? "items in a milestone"
                    : "items in the milestones " + policy.exempt.milestones.joined(separator: ", "))
        }
        if !exempt.isEmpty { lines.append("The policy does not apply to " + exempt.joined(separator: "; ") + ".") }
        let trust = policy.trust
        lines.append(
            "Authors with \(trust.knownContributorAfter) merged pull requests are known contributors; "
                + "the vouch list is \(trust.vouchFile)"
                + (trust.maintainers.isEmpty ? "" : "; also maintainers: " + trust.maintainers.joined(separator: ", "))
                + ".")
        let l = policy.lifecycle
        if l.awaitingAuthor.enabled {
            lines.append(
                "When a maintainer asks and the author does not answer, the item is marked stale after "
                    + "\(Int(l.awaitingAuthor.staleAfterDays)) days and closed \(Int(l.awaitingAuthor.closeAfterDays)) "
                    + "days later; only the author's reply resets the clock.")
        }
        if l.closeByDefault.enabled {
            lines.append(
                "New pull requests from " + l.closeByDefault.tiers.map(\.rawValue).joined(separator: ", ")
                    + " authors are closed until the author explains the change in their own words.")
        }
        if l.firstTimerGate.enabled {
            lines.append("CI waits for a maintainer's `/levee ok-to-test` on newcomers' pull requests.")
        }
        if l.newcomerLane.enabled, !l.newcomerLane.mentors.isEmpty {
            lines.append(
                "First-time contributors who follow the policy are welcomed and get a mentor: "
                    + l.newcomerLane.mentors.map { "@" + $0.login }.joined(separator: ", ") + ".")
        }
        if !l.triagers.isEmpty {
            lines.append(
                "Flagged pull requests go to the triagers: " + l.triagers.map { "@" + $0.login }.joined(separator: ", ")
                    + ".")
        }
        if trust.reputation.enabled {
            let r = trust.reputation
            lines.append(
                "Reputation: newcomers start with \(r.startingBalance) points; opening a contribution stakes "
                    + "\(r.stakePerReviewMinute) per estimated review minute (at least \(r.minimumStake)); a merge "
                    + "returns the stake and \(Int(r.rewardRatio * 100))% more; closing as slop or for a policy "
                    + "violation forfeits it; without enough points a contribution waits for a sponsor.")
        }
        if !policy.weights.isEmpty {
            lines.append(
                "Signal weights changed: "
                    + policy.weights.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    + ".")
        }
        if !policy.signals.isEmpty {
            lines.append(
                "Signals switched: "
                    + policy.signals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.rawValue)" }
                    .joined(separator: ", ") + ".")
        }
        let scoring = policy.scoring(base: .default)
        for (kind, name) in [(ContributionKind.pullRequest, "pull requests and issues"), (.securityReport, "reports")] {
            let t = scoring.thresholds(for: kind)
            let gate =
                scoring.scoreMayActIrreversibly(for: kind)
                ? "" : "; the score alone never closes or locks (its measured precision is below 0.99)"
            lines.append(
                "Verdicts on \(name): welcome below \(t.welcomeBelow), needs_author from \(t.needsAuthorFrom), "
                    + "likely_slop from \(t.likelySlopFrom) (slop score 0–1)\(gate).")
        }
        for verdict in Verdict.allCases {
            let set = policy.actions.actions(for: verdict)
            let text = describe(set)
            if !text.isEmpty { lines.append("On \(verdict.rawValue): \(text).") }
        }
        for (id, set) in policy.actions.violations.sorted(by: { $0.key < $1.key })
        where id != AIUseBannedRule.id || policy.stance == .banned {
            let text = describe(set)
            lines.append(
                "On \(id == "default" ? "any other violation" : "violation " + id): "
                    + (text.isEmpty ? "nothing" : text)
                    + (set.verdict.map { "; verdict at least \($0.rawValue)" } ?? "")
                    + ".")
        }
        lines.append(
            policy.shadow
                ? "Shadow mode: Levee records what it would do and changes nothing on GitHub."
                : "Levee performs these actions on GitHub.")
        return lines
    }

    static func describe(_ set: ActionSet) -> String {
        var parts: [String] = []
        if !set.labels.isEmpty { parts.append("label " + set.labels.map { "`\($0)`" }.joined(separator: ", ")) }
        if set.comment { parts.append("post the sticky comment") }
        if set.close { parts.append("close") }
        if set.lock { parts.append("lock") }
        if let check = set.checkRun { parts.append("check run \(check.rawValue)") }
        return parts.joined(separator: ", ")
    }

    static func forbiddenSentences(_ f: ForbiddenUses) -> [String] {
        var rules: [String] = []
        if f.autonomousAgentPRs { rules.append("pull requests opened by a coding agent on its own") }
        if f.fullyGeneratedPRs { rules.append("pull requests fully generated by an AI tool") }
        if f.aiWrittenCommunication {
            rules.append(
                "descriptions, issues and comments written by AI"
                    + (f.translationExempt ? " (translation is fine)" : ""))
        }
        if f.agentInstructionFiles { rules.append("agent instruction files (AGENTS.md, CLAUDE.md, .cursorrules, …)") }
        if f.aiMedia { rules.append("AI-generated images, audio and video") }
        if f.aiWithoutLinkedIssue { rules.append("AI-assisted pull requests without an accepted issue") }
        if f.aiOnGoodFirstIssues { rules.append("AI-assisted pull requests for good first issues") }
        if f.firstTimerAIPRs { rules.append("AI-assisted first contributions") }
        if f.aiCoauthorTrailers { rules.append("an AI as Co-authored-by") }
        if f.aiAttributionTrailers {
            rules.append("AI attribution trailers (Assisted-by, Generated-by, Co-developed-by)")
        }
        if f.aiSignedOffBy { rules.append("an AI in Signed-off-by") }
        return rules
    }

    // MARK: Files for the repository

    public static let blockStart = "<!-- levee:policy:start -->"
    public static let blockEnd = "<!-- levee:policy:end -->"

    /// The disclosure block for `.github/pull_request_template.md`.
    public static func pullRequestBlock(_ policy: Policy) -> String {
        var lines = [blockStart]
        let d = policy.disclosure
        let heading = d.headings.first ?? "AI Disclosure"
        switch policy.stance {
        case .banned:
            lines += [
                "#### \(heading)",
                "<!-- \(policy.name ?? "This project") does not accept AI-generated contributions. -->",
                "- [ ] I did not use AI tools to write this contribution or its description.",
            ]
        case .allowed:
            lines += [
                "#### \(heading) (optional)",
                "<!-- If you used AI tools, say which and how; you remain responsible for every line. -->",
            ]
        case .disclosureRequired, .restricted:
            if !d.accept.contains(.section) && !d.accept.contains(.checkbox) && !d.accept.contains(.statement)
                && d.accept.contains(.trailer)
            {
                let key = d.trailers.keys.first ?? "Assisted-by"
                lines += [
                    "<!-- AI use is disclosed in each commit with a `\(key):` trailer"
                        + (d.trailers.example.map { ", e.g. `\(key): \($0)`" } ?? "") + ". -->"
                ]
                break
            }
            lines.append("#### \(heading)" + (d.when == .always ? " (required)" : ""))
            if let boxes = d.checkboxes {
                lines.append(boxes.exactlyOne ? "<!-- Please tick exactly ONE of the following. -->" : "")
                lines += boxes.options.map { "- [ ] \($0)" }
            } else {
                var ask = d.when == .always ? "Say whether you used AI tools" : "If you used AI tools, say so"
                if d.mustNameTools { ask += ", which ones" }
                if d.mustDescribeScope { ask += ", how, and which code or text they produced" }
                lines.append("<!-- \(ask). Write it in your own words. -->")
            }
        }
        if let box = policy.traps.box {
            lines += ["#### Review", "<!-- Tick only if it is true. -->", "- [ ] \(box)"]
        }
        if let canary = policy.traps.canary { lines.append("<!-- \(Traps.canaryInstruction(canary)) -->") }
        lines.append(blockEnd)
        return lines.filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }

    /// A CONTRIBUTING section stating the policy.
    public static func contributingSection(_ policy: Policy) -> String {
        var lines = [blockStart, "## Use of AI tools", ""]
        lines += explain(policy).filter {
            !$0.hasPrefix("Verdicts:") && !$0.hasPrefix("On ") && !$0.hasPrefix("Shadow")
                && !$0.hasPrefix("Levee performs")
        }
        .map { "- " + $0 }
        lines += [
            "",
            "Levee, our triage assistant, checks contributions against this policy and explains what it finds in one "
                + "comment. A maintainer makes every decision.",
            blockEnd,
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// AGENTS.md: what a coding agent must do and not do in this repository.
    public static func agentsMarkdown(_ policy: Policy) -> String {
        var lines = ["# Instructions for coding agents", ""]
        lines.append(
            "This repository follows \(policy.name.map { "\($0)'s" } ?? "its") AI-contribution policy"
                + (policy.source.map { " (\($0))" } ?? "") + ". Follow it exactly; a person reviews everything.")
        lines.append("")
        if policy.stance == .banned {
            lines += [
                "- Do not produce code, text or media for contributions to this project. It does not accept "
                    + "AI-generated content.",
                "- Do not open pull requests, issues or comments.",
            ]
            if let canary = policy.traps.canary { lines.append("- " + Traps.canaryInstruction(canary)) }
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("## Rules")
        lines.append("")
        if let canary = policy.traps.canary { lines.append("- " + Traps.canaryInstruction(canary)) }
        if let box = policy.traps.box {
            lines.append("- If no person reviewed the work before it was submitted, tick the template's box “\(box)”.")
        }
        lines.append(
            "- Never open a pull request, issue or comment yourself. The person you work for reads, understands and "
                + "submits the work, and answers reviews in their own words.")
        let d = policy.disclosure
        if policy.stance != .allowed {
            var how = "- Tell the person to disclose AI use: " + DisclosureRule.places(d) + "."
            if let key = d.trailers.keys.first, d.accept.contains(.trailer) {
                how += " In commits, add `\(key): " + (d.trailers.example ?? "<tool and model>") + "`."
            }
            lines.append(how)
        }
        for rule in forbiddenSentences(policy.forbidden) { lines.append("- Do not produce: \(rule).") }
        if policy.forbidden.aiSignedOffBy { lines.append("- Never add a `Signed-off-by:` line for yourself.") }
        if policy.forbidden.aiCoauthorTrailers { lines.append("- Never add yourself as `Co-authored-by:`.") }
        if d.prompts == .forbidden { lines.append("- Do not paste prompts or transcripts into the contribution.") }
        if !policy.zones.isEmpty {
            lines += ["", "## Uses"]
            for use in policy.zones.allowed { lines.append("- Allowed: \(use.use)") }
            for use in policy.zones.gray { lines.append("- Gray zone, disclose and explain: \(use.use)") }
            for use in policy.zones.forbidden { lines.append("- Forbidden: \(use.use)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
