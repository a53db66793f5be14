import Foundation

/// Turns an evaluation and the policy's `actions` into what Levee would do: labels, one sticky comment, close,
/// lock and a check-run conclusion. Verdict and violations each contribute; their actions are merged.
public enum ActionPlanner {
    /// Violations whose evidence is how the text sounds: never enough to close or lock.
    public static let styleOnlyViolations: Set<String> = [AIWrittenCommunicationRule.id]

    /// Whether an evaluation may back what cannot be undone — a close, a lock, a forfeited stake: a violation with
    /// quoted evidence that is not style alone, or a `likely_slop` verdict of a score whose precision was measured at
    /// 0.99 or more (`ScoringModel.scoreMayActIrreversibly`).
    public static func backsIrreversibleAction(_ evaluation: Evaluation, scoring: ScoringModel) -> Bool {
        evaluation.violations.contains(where: backsIrreversibleAction)
            || (evaluation.verdict == .likelySlop && scoring.scoreMayActIrreversibly(for: evaluation.kind))
    }

    /// A violation that quotes its evidence, and whose evidence is not how the text sounds.
    static func backsIrreversibleAction(_ violation: PolicyViolation) -> Bool {
        !violation.evidence.isEmpty && !styleOnlyViolations.contains(violation.id)
    }

    /// Plans the actions. Closing and locking cannot be undone quietly, so they are planned only on (a) a policy
    /// violation with quoted evidence that is not about style alone, or (b) a verdict of the score when
    /// `scoreMayActIrreversibly` (its `likely_slop` precision measured ≥ 0.99 in cross-validation, at the lower bound,
    /// `ScoringModel.scoreMayActIrreversibly`); otherwise the second value says what was not done and why.
    public static func plan(_ evaluation: Evaluation, policy: Policy, scoreMayActIrreversibly: Bool)
        -> (actions: [PlannedAction], withheld: [String])
    {
        guard evaluation.kind == .pullRequest || evaluation.kind == .issue else { return ([], []) }
        var withheld: [String] = []
        var steps: [(set: ActionSet, reason: String)] = []
        func gated(_ set: ActionSet, reason: String, allowed: Bool, why: String) -> ActionSet {
            guard !allowed, set.close || set.lock else { return set }
            var set = set
            let what = [set.close ? "close" : nil, set.lock ? "lock" : nil].compactMap { $0 }.joined(separator: " and ")
            withheld.append("\(what) on \(reason): \(why)")
            set.close = false
            set.lock = false
            return set
        }
        let verdictReason = "verdict \(evaluation.verdict.rawValue) (slop score \(evaluation.slopScore))"
        var verdictSet = gated(
            policy.actions.actions(for: evaluation.verdict), reason: verdictReason,
            allowed: scoreMayActIrreversibly,
            why:
                "the score's likely_slop precision was not measured at 0.99 or more (lower bound of its confidence interval)"
        )
        if evaluation.steppedDown != nil {
            // Stepped down (`StepDown`): the verdict only asks. The project's own quoted rules below still apply.
            let what =
                verdictSet.labels.map { "label \($0)" }
                + (verdictSet.checkRun.map { ["check run \($0.rawValue)"] } ?? [])
            if !what.isEmpty {
                withheld.append(
                    "\(what.joined(separator: ", ")) on \(verdictReason): Levee has stepped down for this kind here")
            }
            verdictSet.labels = []
            verdictSet.checkRun = nil
        }
        steps.append((verdictSet, verdictReason))
        for violation in evaluation.violations {
            let reason = "policy: \(violation.id)"
            let allowed = backsIrreversibleAction(violation)
            let why = violation.evidence.isEmpty ? "the violation quotes no evidence" : "its evidence is style alone"
            steps.append(
                (
                    gated(
                        policy.actions.actions(forViolation: violation.id), reason: reason, allowed: allowed, why: why),
                    reason
                ))
        }
        let shadow = policy.shadow
        var actions: [PlannedAction] = []
        var labels = Set<String>()
        for step in steps {
            for label in step.set.labels where labels.insert(label).inserted {
                actions.append(PlannedAction(.addLabel(label), reason: step.reason, shadow: shadow))
            }
        }
        if let duplicate = evaluation.duplicateOf {
            actions.append(
                PlannedAction(
                    .addLabel("levee:possible-duplicate"),
                    reason:
                        "near-duplicate of #\(duplicate.number) (\(duplicate.by) similarity \(duplicate.similarity))",
                    shadow: shadow))
        }
        if let step = steps.first(where: { $0.set.comment }) {
            let body =
                evaluation.steppedDown != nil
                ? StickyComment.question(evaluation, policy: policy) : StickyComment.render(evaluation, policy: policy)
            actions.append(PlannedAction(.comment(body), reason: step.reason, shadow: shadow))
        }
        if let step = steps.first(where: { $0.set.close }) {
            actions.append(PlannedAction(.close, reason: step.reason, shadow: shadow))
        }
        if let step = steps.first(where: { $0.set.lock }) {
            actions.append(PlannedAction(.lock, reason: step.reason, shadow: shadow))
        }
        let checks = steps.compactMap { step in step.set.checkRun.map { ($0, step.reason) } }
        if let worst = checks.max(by: { $0.0 < $1.0 }) {
            actions.append(PlannedAction(.checkRun(conclusion: worst.0.rawValue), reason: worst.1, shadow: shadow))
        }
        return (actions, withheld)
    }
}

/// The one comment Levee keeps on a contribution, edited in place. The hidden marker finds it again.
public enum StickyComment {
    public static let marker = "<!-- levee:sticky -->"
    /// Where the lifecycle's status line starts; everything after it belongs to the lifecycle.
    public static let statusMarker = "<!-- levee:status -->"

    /// The lifecycle's part of the comment for a status line.
    public static func statusSection(_ status: String) -> String { statusMarker + "\n**Status:** " + status }

    /// The comment a status line makes of the current one: its status section replaced (or added), or — when there is
    /// no comment yet — a comment holding only the status.
    public static func withStatus(_ status: String, in current: String?) -> String {
        let section = statusSection(status)
        guard let current else { return marker + "\n" + section }
        return withStatus(current, section: section)
    }

    /// The comment with its status section replaced (or added).
    public static func withStatus(_ body: String, section: String) -> String {
        let head = body.components(separatedBy: statusMarker).first ?? body
        let trimmed = head.hasSuffix("\n\n") ? String(head.dropLast()) : head.hasSuffix("\n") ? head : head + "\n"
        return trimmed + "\n" + section
    }

    public static let defaultTemplate = """
        {{greeting}}

        {{violations}}

        {{signals}}

        _Estimated review time: {{review_minutes}} minutes. A person makes every final decision; reply here in your \
        own words if something is wrong._
        """

    public static func render(_ evaluation: Evaluation, policy: Policy = .builtin) -> String {
        var values: [String: String] = [
            "greeting": greeting(evaluation.verdict, violations: !evaluation.violations.isEmpty),
            "verdict": evaluation.verdict.rawValue,
            "violations": violations(evaluation.violations, policy: policy),
            "signals": signalsByClass(evaluation),
            "review_minutes": format(evaluation.reviewMinutes),
            "policy_name": policy.name ?? "this project's policy",
            "policy_url": policy.source ?? "",
            "disclosure_help": "To disclose AI use here, use " + DisclosureRule.places(policy.disclosure)
                + ".",
            "author": evaluation.author.map { "@" + $0 } ?? "",
        ]
        if !evaluation.signals.isEmpty, let explanation = evaluation.scoreExplanation {
            values["signals"]! += "\n\n_How the score adds up (log-odds):_ \(inert(explanation))"
        }
        if !evaluation.signals.isEmpty, !evaluation.violations.isEmpty {
            values["signals"] = "What Levee noticed besides:\n\n" + values["signals"]!
        }
        if let duplicate = evaluation.duplicateOf {
            values["signals"] =
                (values["signals"].map { $0.isEmpty ? "" : $0 + "\n" } ?? "")
                + "- **possible duplicate** of #\(duplicate.number) (“\(inert(duplicate.title))”): its \(duplicate.by) is "
                + "\(Int((duplicate.similarity * 100).rounded()))% the same."
        }
        let text = fill(policy.actions.commentTemplate ?? defaultTemplate, with: values)
        // Collapse the blank lines an empty placeholder leaves behind.
        var lines: [Substring] = []
        var lastBlank = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let blank = line.textStart == nil
            if blank, lastBlank { continue }
            lines.append(line)
            lastBlank = blank
        }
        while let last = lines.last, last.textStart == nil { lines.removeLast() }
        var comment = marker
        for line in lines {
            comment += "\n"
            comment += line
        }
        return comment
    }

    /// The comment while Levee has stepped down (`StepDown`): a plain question to the author, the project's own quoted
    /// rules if any were broken, and the line saying why Levee only asks. No verdict, no signals: the judgement is
    /// what is in doubt.
    public static func question(_ evaluation: Evaluation, policy: Policy = .builtin) -> String {
        var parts = [
            "Thanks for this\(evaluation.author.map { ", @" + $0 } ?? ""). Could you say in a few words of your own what "
                + "it changes and how you checked it? A maintainer will read your answer."
        ]
        if !evaluation.violations.isEmpty { parts.append(violations(evaluation.violations, policy: policy)) }
        if let why = evaluation.steppedDown { parts.append("_\(why)_") }
        return marker + "\n" + parts.joined(separator: "\n\n")
    }

    /// The first six signals, under one heading per evidence class, substance first (`EvidenceClass`), and the
    /// sentence saying when style was held back from the verdict.
    static func signalsByClass(_ evaluation: Evaluation) -> String {
        let shown = evaluation.signals.prefix(6)
        var groups: [String] = []
        for evidenceClass in EvidenceClass.allCases {
            let members = shown.filter { $0.evidenceClass == evidenceClass }
            guard !members.isEmpty else { continue }
            groups.append(
                "_\(evidenceClass.heading):_\n"
                    + members.map { "- **\($0.id)**: \($0.message)" }.joined(separator: "\n"))
        }
        if let held = evaluation.styleHeld { groups.append("_\(held)_") }
        for missing in evaluation.unchecked ?? [] { groups.append("_Not checked: \(missing)._") }
        if let engagement = evaluation.engagement { groups.append("_Answered: \(engagement)._") }
        return groups.joined(separator: "\n\n")
    }

    /// The template with each `{{name}}` of `values` replaced, in one pass over the template: text a value brings
    /// in (a quoted title, say) is never read for placeholders. Unknown names are left as written.
    static func fill(_ template: String, with values: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(template.utf8.count + values.values.reduce(0) { $0 + $1.utf8.count })
        let utf8 = template.utf8
        var copied = utf8.startIndex
        var i = utf8.startIndex
        // "{", "}" are ASCII: every index found here is a character boundary.
        while let open = utf8[i...].firstIndex(of: 0x7B) {
            i = utf8.index(after: open)
            guard i < utf8.endIndex, utf8[i] == 0x7B else { continue }
            let nameStart = utf8.index(after: i)
            guard let close = utf8[nameStart...].firstIndex(of: 0x7D), utf8.index(after: close) < utf8.endIndex,
                utf8[utf8.index(after: close)] == 0x7D,
                let value = values[String(template[nameStart..<close])]
            else { continue }
            out += template[copied..<open]
            out += value
            copied = utf8.index(close, offsetBy: 2)
            i = copied
        }
        out += template[copied...]
        return out
    }

    /// Text quoted from a contribution, made inert in Levee's comment: an `@name` there would notify that person or
    /// team from Levee's account (a word joiner after the `@` keeps it readable but not a mention), and an HTML
    /// comment opener could hide the rest of the comment.
    public static func inert(_ quoted: String) -> String {
        guard quoted.utf8.contains(where: { $0 == 0x40 || $0 == 0x3C }) else { return quoted }
        return quoted.replacingOccurrences(of: "@", with: "@\u{2060}").replacingOccurrences(of: "<!--", with: "&lt;!--")
    }

    static func greeting(_ verdict: Verdict, violations: Bool) -> String {
        switch verdict {
        case .likelySlop:
            return violations
                ? "Thanks for your contribution. Levee, this project's triage assistant, found that it conflicts with "
                    + "the project's contribution policy:"
                : "Thanks for your contribution. Levee, this project's triage assistant, found several signs that "
                    + "it may not be ready for a maintainer's review yet:"
        case .needsAuthor:
            return violations
                ? "Thanks for your contribution. Before a maintainer reviews it, please look at the project's policy "
                    + "points below:"
                : "Thanks for your contribution. Before a maintainer reviews it, could you look at the points below?"
        case .review, .welcome:
            return "Thanks for your contribution! A maintainer will review it."
        }
    }

    static func violations(_ violations: [PolicyViolation], policy: Policy) -> String {
        guard !violations.isEmpty else { return "" }
        var lines: [String] = []
        if let name = policy.name {
            lines.append(policy.source.map { "From [\(name)'s AI policy](\($0)):" } ?? "From \(name)'s AI policy:")
            lines.append("")
        }
        for violation in violations {
            lines.append("- **\(violation.id)**: \(violation.message)")
            for item in violation.evidence.prefix(2) { lines.append("  - \(inert(item))") }
            if let line = violation.policyLine {
                lines.append("  > \(line.note ?? line.text) — `\(line.file)` line \(line.line)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
