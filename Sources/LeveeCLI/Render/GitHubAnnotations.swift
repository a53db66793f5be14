import Foundation
import LeveeCore

/// `levee check --format github`: the evaluation as GitHub Actions workflow commands (one annotation per finding, on
/// standard output) and the Markdown table for the job summary (`$GITHUB_STEP_SUMMARY`).
///
/// Written from GitHub's "Workflow commands for GitHub Actions" page: `::notice title=…::message`, `::warning …`,
/// `::error …`; a message escapes `%`, CR and LF (`%25`, `%0D`, `%0A`), a property also `:` and `,`. Every annotation is
/// one line, so a title or body written by the contribution's author cannot start a workflow command of its own.
/// GitHub shows at most 10 warnings and 10 errors per step: findings beyond 9 of a level are counted in one last
/// annotation of that level, and all of them are in the summary.
public enum GitHubAnnotations {
    public enum Level: String, Sendable { case notice, warning, error }

    public static let perLevel = 10

    /// The verdict's level: a notice for welcome and review, a warning when the author is asked for more, an error
    /// for `likely_slop`.
    static func level(_ verdict: Verdict) -> Level {
        switch verdict {
        case .welcome, .review: .notice
        case .needsAuthor: .warning
        case .likelySlop: .error
        }
    }

    public static func commands(_ e: Evaluation) -> String {
        var lines: [(Level, String, String)] = []
        let verdict = level(e.verdict)
        lines.append(
            (
                verdict, "Levee: \(e.verdict.rawValue) (slop score \(Renderer.format(e.slopScore)))",
                e.scoreExplanation ?? "review ≈ \(Renderer.format(e.reviewMinutes)) min"
            ))
        // A broken policy rule is at least a warning: the project wrote it.
        let violationLevel: Level = verdict == .error ? .error : .warning
        for v in e.violations {
            var message = ([v.message] + v.evidence).joined(separator: " · ")
            if let line = v.policyLine { message += " · \(line.file):\(line.line): \(line.text)" }
            lines.append((violationLevel, "Levee policy: \(v.id) (\(v.rule))", message))
        }
        for s in e.signals {
            lines.append(
                (
                    .notice, "Levee signal: \(s.id) (\(ScoreTerm.signed(s.points)))",
                    ([s.message] + s.evidence).joined(separator: " · ")
                ))
        }
        var out = ""
        for level in [Level.error, .warning, .notice] {
            let ofLevel = lines.filter { $0.0 == level }
            let shown = ofLevel.count > perLevel ? ofLevel.prefix(perLevel - 1) : ofLevel[...]
            for (_, title, message) in shown { out += command(level, title: title, message: message) }
            if ofLevel.count > shown.count {
                out += command(
                    level, title: "Levee: \(ofLevel.count - shown.count) more",
                    message:
                        "GitHub shows \(perLevel) \(level.rawValue)s per step; every finding is in the job summary.")
            }
        }
        return out
    }

    public static func command(_ level: Level, title: String, message: String) -> String {
        "::\(level.rawValue) title=\(escapeProperty(title))::\(escapeData(message))\n"
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
