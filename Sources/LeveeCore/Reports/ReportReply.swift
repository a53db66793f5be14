import Foundation

/// What Levee would ask the reporter of a security report before a maintainer spends time on it (issue #21): only
/// what the report lacks and a maintainer needs — steps, the output seen, the version, where in the source a name
/// is, a proof of concept that runs the project's code. A draft for the maintainer, never sent: a private report
/// (GitHub's private vulnerability reporting, `POST /reports`) has no public thread, and a person decides what to ask.
public enum ReportReply {
    static func draft(_ c: Contribution, signals: [ScoredSignal], evidence: ReportEvidence) -> String {
        var asks: [String] = []
        if evidence.code.isEmpty, evidence.steps < 2, evidence.attachments.isEmpty {
            asks.append("The exact steps to reproduce it: the commands or the program you ran, and its input.")
        }
        if evidence.artefacts.isEmpty || !evidence.predictedOutcomes.isEmpty {
            var ask =
                "What you saw when it happened, pasted as text: the program's output, a sanitizer report or a "
                + "backtrace."
            if let line = evidence.predictedOutcomes.first {
                let quoted = line.count > 60 ? line.prefix(60) + "…" : line[...]
                ask += " The report says what should be seen (“\(quoted)”), not what you saw."
            }
            asks.append(ask)
        }
        if !ReportEvidence.statesVersion(c) {
            asks.append("The version or commit you found it in: a release number, or the commit of your checkout.")
        }
        if let missing = signals.first(where: { $0.id == InventedReferenceSignal.id })?.evidence, !missing.isEmpty {
            asks.append(
                "Where in the source you mean: we could not find "
                    + missing.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
                    + " — a file and line at the version you tested.")
        }
        if signals.contains(where: { $0.id == PocMissesProjectSignal.id }) {
            asks.append(
                "A proof of concept that runs this project's own code (its library, binary or API), not a copy of the "
                    + "bug in a program of your own.")
        }
        if signals.contains(where: { $0.id == SeverityInflationSignal.id }) {
            asks.append("How an attacker reaches this in practice, shown with the steps above: the severity follows.")
        }
        guard !asks.isEmpty else {
            return "Thank you for the report. It has what we need to start (the steps, what you saw and the "
                + "version); we will come back to you."
        }
        return "Thank you for the report. To look into it we need:\n\n" + asks.map { "- " + $0 }.joined(separator: "\n")
            + (asks.count == 1 ? "\n\nPlease add it to the report." : "\n\nPlease add them to the report.")
    }
}
