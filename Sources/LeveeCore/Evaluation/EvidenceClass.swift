import Foundation

/// What a piece of evidence rests on. Every signal, every generic feature of the score and every score term has one,
/// and the verdict reads it: substance, behaviour and policy may convict; style only orders the queue
/// (docs/scoring.md, "Evidence classes").
public enum EvidenceClass: String, Sendable, Codable, CaseIterable, Comparable {
    /// Checked against something outside the prose: the source index at the right version, the diff, the template,
    /// the linked issue, an artefact shown (a trace, a transcript, sanitizer or debugger output, a program), or a
    /// contradiction between the text and those.
    case substance
    /// What the author did: account facts, activity, how the change was made (GitHub's own default title), replies.
    case behaviour
    /// A violation of the project's written policy, quoting its line.
    case policy
    /// How the text sounds: prose markers, severity words, length, title shape, formatting. How people write drifts
    /// every year (honest reporters now write with AI help), so style never makes `likely_slop` alone, never sinks a
    /// security report and never acts.
    case style
    /// Not evidence about the item: the kind's baseline and the project's calibration.
    case prior

    /// Whether evidence of this class may raise a verdict past what style is allowed (`Evaluator.verdict`).
    public var convicts: Bool { self == .substance || self == .behaviour || self == .policy }

    /// The order evidence is shown in: substance first, style last.
    public static func < (lhs: EvidenceClass, rhs: EvidenceClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The class of a score term or signal by its id: a signal's declared class, a generic feature's, `prior` for the
    /// baseline and the calibration. An id Levee does not know (a stored evaluation of a removed signal) is style: it
    /// may order, never convict.
    public static func of(_ id: String) -> EvidenceClass { byID[id] ?? .style }

    static let byID: [String: EvidenceClass] = {
        var classes: [String: EvidenceClass] = [ScoreTerm.baseline: .prior, ScoreTerm.calibration: .prior]
        for signal in SignalCatalog.all { classes[type(of: signal).id] = type(of: signal).evidenceClass }
        for feature in ScoreFeatures.generic { classes[feature.id] = feature.evidenceClass }
        return classes
    }()

    /// The heading a maintainer reads above this class's evidence.
    public var heading: String {
        switch self {
        case .substance: "Checked against the source, the diff, the template or an artefact"
        case .behaviour: "What the author did"
        case .policy: "The project's policy"
        case .style: "How it is written (orders the queue, never convicts)"
        case .prior: "Before reading the item"
        }
    }
}
