import Foundation
import LeveeCore

/// Turns an evaluation into text for a person, JSON for tools (DESIGN.md's contract) or Markdown for a comment.
public enum Renderer {
    public static func render(_ evaluation: Evaluation, as format: OutputFormat, colour: Bool = false) -> String {
        switch format {
        case .json: return json(evaluation) + "\n"
        case .markdown: return markdown(evaluation)
        case .text: return text(evaluation, colour: colour)
        }
    }

    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func text(_ e: Evaluation, colour: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let verdictColour: String
        switch e.verdict {
        case .welcome: verdictColour = "32"
        case .review: verdictColour = "36"
        case .needsAuthor: verdictColour = "33"
        case .likelySlop: verdictColour = "31"
        }
        var out = ""
        let heading = [
            e.kind.rawValue.replacingOccurrences(of: "_", with: " ") + (e.number.map { " #\($0)" } ?? ""),
            e.author.map { "by @\($0)" },
        ].compactMap { $0 }.joined(separator: " ")
        out += "\(heading): \(TextStats.quote(e.title, limit: 90))\n"
        out += "verdict \(paint(e.verdict.rawValue, "1;" + verdictColour))  slop score \(format(e.slopScore))  "
        out += "review ≈ \(format(e.reviewMinutes)) min\n"
        if let explanation = e.scoreExplanation { out += explanation + "\n" }
        if e.agent.detected, let name = e.agent.name {
            out += "agent: \(name)\(e.agent.strength == .style ? " (layout only)" : "")\n"
        }
        if e.disclosure.present {
            out += "AI disclosure: " + (e.disclosure.statesNoAI ? "says no AI was used" : "present")
            out += e.disclosure.tools.isEmpty ? "\n" : " (\(e.disclosure.tools.joined(separator: ", ")))\n"
        }
        if let trust = e.trust { out += "author: \(trust.tier.rawValue) (\(trust.reason))\n" }
        if let exempt = e.exempt { out += "policy does not apply: \(exempt)\n" }
        for violation in e.violations {
            out += "\n" + paint("policy: " + violation.id, "1;" + verdictColour) + "  \(violation.message)\n"
            for item in violation.evidence { out += "  · \(item)\n" }
            if let line = violation.policyLine {
                out += "  > \(line.file):\(line.line): \(line.text)" + (line.note.map { "  # \($0)" } ?? "") + "\n"
            }
        }
        if e.signals.isEmpty {
            out += e.violations.isEmpty ? "no signals\n" : "\nno signals\n"
        }
        for signal in e.signals {
            out += "\n" + paint(signal.id, "1") + " [\(signal.evidenceClass.rawValue)]"
            out += " (\(ScoreTerm.signed(signal.points)))  \(signal.message)\n"
            for item in signal.evidence { out += "  · \(item)\n" }
        }
        if let held = e.styleHeld { out += "\nstyle held back: \(held)\n" }
        for missing in e.unchecked ?? [] { out += "\nnot checked: \(missing)\n" }
        if let engagement = e.engagement { out += "\nanswered: \(engagement)\n" }
        for withheld in e.withheld ?? [] { out += "\nwithheld: \(withheld)\n" }
        if let draft = e.replyDraft {
            out += "\nto ask the reporter (a draft; nothing is sent):\n"
            out += draft.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
                .joined(separator: "\n")
            out += "\n"
        }
        if !e.actions.isEmpty {
            out += "\nwould " + (e.actions.first!.shadow ? "(shadow mode, nothing sent): " : ": ")
            out += e.actions.map { action in
                switch action.effect {
                case .addLabel(let label): return "label \(label)"
                case .comment: return "comment (sticky)"
                case .checkRun(let conclusion): return "check run \(conclusion)"
                default: return action.kind.rawValue
                }
            }.joined(separator: ", ")
            out += "\n"
        }
        return out
    }

    static func markdown(_ e: Evaluation) -> String {
        var out =
            "### Levee: `\(e.verdict.rawValue)` — slop score \(format(e.slopScore)), review ≈ \(format(e.reviewMinutes)) min\n\n"
        if let explanation = e.scoreExplanation { out += "`\(explanation)`\n\n" }
        if e.agent.detected, let name = e.agent.name { out += "**Agent:** \(name)\n\n" }
        if let trust = e.trust { out += "**Author:** \(trust.tier.rawValue) — \(trust.reason)\n\n" }
        if !e.violations.isEmpty {
            out += "| policy | rule | evidence |\n|---|---|---|\n"
            for violation in e.violations {
                let quote = violation.policyLine.map { " (`\($0.file)` line \($0.line))" } ?? ""
                let evidence = ([violation.message] + violation.evidence).map {
                    $0.replacingOccurrences(of: "|", with: "\\|")
                }.joined(separator: "<br>")
                out += "| `\(violation.id)` | `\(violation.rule)`\(quote) | \(evidence) |\n"
            }
            out += "\n"
        }
        if e.signals.isEmpty { out += "No signals.\n" }
        if !e.signals.isEmpty {
            out += "| class | signal | points | evidence |\n|---|---|---:|---|\n"
            for signal in e.signals {
                let evidence = signal.evidence.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(
                    separator: "<br>")
                out +=
                    "| \(signal.evidenceClass.rawValue) | `\(signal.id)` | \(format(signal.points)) | \(evidence) |\n"
            }
            if let held = e.styleHeld { out += "\n_\(held)_\n" }
        }
        for missing in e.unchecked ?? [] { out += "\n_Not checked: \(missing)._\n" }
        if let engagement = e.engagement { out += "\n_Answered: \(engagement)._\n" }
        return out
    }

    static func format(_ value: Double) -> String {
        value == value.rounded()
            ? String(Int(value)) : String(format: "%.2f", value).replacingOccurrences(of: ".00", with: "")
    }
}
