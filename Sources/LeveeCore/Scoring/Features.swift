import Foundation

/// What the generic features read, measured once per evaluation: the description's words (without the template's
/// hidden comments) and a report's evidence.
struct FeatureInput {
    let contribution: Contribution
    let descriptionWords: Int
    let report: ReportEvidence?

    init(_ c: Contribution, context: SignalContext) {
        contribution = c
        descriptionWords =
            c.kind == .securityReport
            ? TextStats.wordCount(c.body)
            : TextStats.wordCount(context.observed.text.withoutComments)
        report = c.kind == .securityReport ? context.observed.reportEvidence : nil
    }
}

/// A number the fitted score reads besides the signals' strengths. Each is one sentence a maintainer understands;
/// none is a list of words or phrases learned from the evaluation items.
public struct ScoreFeature: Sendable {
    public var id: String
    public var kinds: Set<ContributionKind>
    /// What the measurement rests on (`EvidenceClass`).
    public var evidenceClass: EvidenceClass
    public var description: String
    let value: @Sendable (FeatureInput) -> Double
}

/// The features of the fitted score: every signal's strength (0 when it did not fire) and a few generic,
/// documented measurements of the contribution (docs/scoring.md lists them).
public enum ScoreFeatures {
    static let pulls: Set<ContributionKind> = [.pullRequest, .issue]

    public static let generic: [ScoreFeature] = [
        ScoreFeature(
            id: "description_length", kinds: pulls, evidenceClass: .style,
            description: "How long the description is: 0 for none, 1 at 1,000 words (logarithmic).",
            value: { min(1, log10(1 + Double($0.descriptionWords)) / 3) }),
        ScoreFeature(
            id: "no_description", kinds: pulls, evidenceClass: .style,
            description: "The description has fewer than three words once the template's hidden comments are removed.",
            value: { $0.descriptionWords < 3 ? 1 : 0 }),
        ScoreFeature(
            id: "shows_code", kinds: pulls, evidenceClass: .style,
            description: "The description shows code: a fenced code block or an inline code span (backticks).",
            value: { $0.contribution.body.hasByte(0x60) ? 1 : 0 }),
        ScoreFeature(
            id: "references_issue", kinds: pulls, evidenceClass: .behaviour,
            description:
                "The title or description refers to an issue or discussion (#N, GH-N, an issue or discussion URL).",
            value: { input in
                let c = input.contribution
                return !c.linkedIssues.isEmpty
                    || !NoLinkedIssueSignal.issueReferences(in: c.title + "\n" + c.body).isEmpty
                    ? 1 : 0
            }),
        ScoreFeature(
            id: "report_artefacts", kinds: [.securityReport], evidenceClass: .substance,
            description: "The report carries a transcript, a sanitizer or debugger trace, or a protocol log.",
            value: { $0.report?.artefacts.isEmpty == false ? 1 : 0 }),
        ScoreFeature(
            id: "report_steps", kinds: [.securityReport], evidenceClass: .style,
            description:
                "Numbered reproduction steps under a heading about reproducing: 0 for none, 1 at five or more.",
            value: { min(1, Double($0.report?.steps ?? 0) / 5) }),
        // Style by the drift rule (docs/evaluation.md, "Forward in time"): present on 6.5%, 7.9%, 8.3%, 9.1% of genuine
        // reports of 2021–2024, more every year.
        ScoreFeature(
            id: "report_program", kinds: [.securityReport], evidenceClass: .style,
            description: "The report's code includes a program (an include, a main function, an import, a definition).",
            value: { $0.report?.hasProgram == true ? 1 : 0 }),
        ScoreFeature(
            id: "report_annotated_quote", kinds: [.securityReport], evidenceClass: .substance,
            description:
                "A line of the report's code ends in a comment pointing at the flaw (`// <-- overflow here`): the bug "
                + "asserted in quoted code rather than shown running.",
            value: { $0.report?.annotatedLines.isEmpty == false ? 1 : 0 }),
        // Style by the drift rule: on 0%, 1.4%, 2.1%, 2.9% of genuine reports of 2021–2024, as honest reporters take
        // up assistants' "Expected result" headings.
        ScoreFeature(
            id: "report_predicted_outcome", kinds: [.securityReport], evidenceClass: .style,
            description:
                "A step or heading tells what should be seen (`3. Observe the crash`, `Expected output:`) instead of "
                + "showing what was seen: the outcome predicted, not observed.",
            value: { $0.report?.predictedOutcomes.isEmpty == false ? 1 : 0 }),
        ScoreFeature(
            id: "report_length", kinds: [.securityReport], evidenceClass: .style,
            description: "How long the report is: 0 for none, 1 at 3,000 words (logarithmic).",
            value: { min(1, log10(1 + Double($0.descriptionWords)) / log10(3001)) }),
    ]

    /// Signals shown with their evidence but not scored. `agent_signature`: among the agents' own pull requests,
    /// being closed unmerged is unrelated to everything Levee reads (ROC AUC 0.45–0.51 in `levee eval`), and many
    /// are requested by the maintainers themselves; whether an agent may open pull requests is the policy's call
    /// (`agents:`, `forbidden:`), not the score's.
    public static let notScored: Set<String> = ["agent_signature"]

    /// The feature ids a kind's model reads, in a fixed order: the signals, then the generic features of that kind.
    public static func ids(for kind: ContributionKind) -> [String] { idsByKind[kind] ?? [] }

    static let idsByKind: [ContributionKind: [String]] = Dictionary(
        uniqueKeysWithValues: ContributionKind.allCases.map { kind in
            (
                kind,
                SignalCatalog.ids.filter { !notScored.contains($0) }
                    + generic.filter { $0.kinds.contains(kind) }.map(\.id)
            )
        })

    /// The feature values of one contribution: each signal hit's strength by id, then the generic features.
    public static func values(_ c: Contribution, hits: [SignalHit], in context: SignalContext) -> [String: Double] {
        var values: [String: Double] = [:]
        for hit in hits { values[hit.id] = max(values[hit.id] ?? 0, hit.strength) }
        let input = FeatureInput(c, context: context)
        for feature in generic where feature.kinds.contains(c.kind) { values[feature.id] = feature.value(input) }
        return values
    }
}
