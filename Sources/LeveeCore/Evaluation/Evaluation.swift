import Foundation

/// A signal's hit as reported: id, points after weighting, evidence, the sentence for a maintainer, and what the
/// evidence rests on (`class` in JSON).
public struct ScoredSignal: Sendable, Hashable, Codable {
    public var id: String
    public var points: Double
    public var evidence: [String]
    public var message: String
    public var evidenceClass: EvidenceClass

    public init(id: String, points: Double, evidence: [String], message: String, evidenceClass: EvidenceClass? = nil) {
        self.id = id
        self.points = points
        self.evidence = evidence
        self.message = message
        self.evidenceClass = evidenceClass ?? EvidenceClass.of(id)
    }

    enum CodingKeys: String, CodingKey {
        case id, points, evidence, message
        case evidenceClass = "class"
    }

    /// An evaluation stored before classes were recorded reads its signals' classes from their ids.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        points = try c.decode(Double.self, forKey: .points)
        evidence = try c.decode([String].self, forKey: .evidence)
        message = try c.decode(String.self, forKey: .message)
        evidenceClass = try c.decodeIfPresent(EvidenceClass.self, forKey: .evidenceClass) ?? EvidenceClass.of(id)
    }
}

/// One term of the slop score: a feature's value × its weight = its points (log-odds). The score is
/// `σ(Σ points)`; `baseline` is the kind's intercept. A maintainer reads every term that moved the score.
public struct ScoreTerm: Sendable, Hashable, Codable {
    public static let baseline = "baseline"
    /// The project's calibration (`Calibration`): log-odds fitted on its own maintainers' decisions.
    public static let calibration = "project_calibration"
    public var id: String
    public var value: Double
    public var weight: Double
    public var points: Double
    /// What the term rests on (`class` in JSON): the verdict lets only substance, behaviour and policy convict.
    public var evidenceClass: EvidenceClass

    public init(id: String, value: Double, weight: Double, points: Double, evidenceClass: EvidenceClass? = nil) {
        self.id = id
        self.value = value
        self.weight = weight
        self.points = points
        self.evidenceClass = evidenceClass ?? EvidenceClass.of(id)
    }

    enum CodingKeys: String, CodingKey {
        case id, value, weight, points
        case evidenceClass = "class"
    }

    /// An evaluation stored before classes were recorded reads its terms' classes from their ids.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        value = try c.decode(Double.self, forKey: .value)
        weight = try c.decode(Double.self, forKey: .weight)
        points = try c.decode(Double.self, forKey: .points)
        evidenceClass = try c.decodeIfPresent(EvidenceClass.self, forKey: .evidenceClass) ?? EvidenceClass.of(id)
    }
}

/// Claims checked against the project's source (filled by claim verification; empty until a source index is given).
public struct ClaimsReport: Sendable, Hashable, Codable {
    public var checked: Int
    public var missing: [String]
    /// What the claims were checked against: the index's trees (releases, `checkout@revision`); nil when unknown.
    public var against: [String]? = nil

    public init(checked: Int, missing: [String], against: [String]? = nil) {
        self.checked = checked
        self.missing = missing
        self.against = against
    }

    enum CodingKeys: String, CodingKey {
        case checked, missing
        case against = "checked_against"
    }

    public static let unchecked = ClaimsReport(checked: 0, missing: [])
}

/// Something Levee would do about a contribution, and why. In shadow mode it is only recorded. Stored and printed as
/// `{kind, value, reason, shadow}`: the effect's kind and value.
public struct PlannedAction: Sendable, Hashable, Codable {
    public var effect: Effect
    public var reason: String
    public var shadow: Bool

    public init(_ effect: Effect, reason: String, shadow: Bool) {
        self.effect = effect
        self.reason = reason
        self.shadow = shadow
    }

    public var kind: Effect.Kind { effect.kind }
    /// The label name, the comment's Markdown, the check-run conclusion, …; setting it keeps the kind.
    public var value: String {
        get { effect.value }
        set { effect = Effect(kind: effect.kind, value: newValue) }
    }

    enum CodingKeys: String, CodingKey { case kind, value, reason, shadow }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        effect = Effect(
            kind: try container.decode(Effect.Kind.self, forKey: .kind),
            value: try container.decode(String.self, forKey: .value))
        reason = try container.decode(String.self, forKey: .reason)
        shadow = try container.decode(Bool.self, forKey: .shadow)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(value, forKey: .value)
        try container.encode(reason, forKey: .reason)
        try container.encode(shadow, forKey: .shadow)
    }
}

/// The whole result of evaluating one contribution. Encoded as the CLI's JSON (snake_case keys).
public struct Evaluation: Sendable, Codable {
    public var kind: ContributionKind
    public var title: String
    public var number: Int?
    public var author: String?
    public var verdict: Verdict
    public var slopScore: Double
    public var reviewMinutes: Double
    public var signals: [ScoredSignal]
    /// Every term of the score (baseline, signals, generic features), each value × weight.
    /// Nil in evaluations stored before the score was fitted.
    public var scoreTerms: [ScoreTerm]? = nil
    public var disclosure: Disclosure
    public var agent: AgentDetection
    public var claims: ClaimsReport
    /// Rules of the project's policy this contribution breaks, each quoting its policy line.
    public var violations: [PolicyViolation]
    /// The policy's name, when the policy gives one.
    public var policy: String?
    /// Why the policy does not apply to this author (writer, exempt bot, vouched), if it does not.
    public var exempt: String?
    /// The author's trust tier and why, when it was decided.
    public var trust: TierDecision?
    /// An open or recently closed item this one nearly duplicates, when earlier items were given.
    public var duplicateOf: DuplicateMatch?
    public var actions: [PlannedAction]
    /// Irreversible actions the policy asked for and the gate withheld, each with why (`ActionPlanner`).
    public var withheld: [String]? = nil
    /// For a security report: what Levee would ask the reporter (`ReportReply`), a draft for the maintainer.
    public var replyDraft: String? = nil
    /// When how the text is written would have raised the verdict past what style may (`Evaluator.verdict`): which
    /// style terms, the score without them, and the verdict kept.
    public var styleHeld: String? = nil
    /// When Levee has stepped down for this kind in this repository (`StepDown`): why. The verdict stands as measured;
    /// its labels, close and lock are withheld and the comment only asks.
    public var steppedDown: String? = nil
    /// Evidence Levee tried to gather and could not (the author's activity when GitHub's search failed): a missing
    /// fact never counts against the author, and the item goes to a person rather than being welcomed unseen.
    public var unchecked: [String]? = nil
    /// When the author, asked about the change, answered in their own words naming what it touches: the question is
    /// answered, and an item that only waited for that answer goes to a person (`Engagement`).
    public var engagement: String? = nil

    enum CodingKeys: String, CodingKey {
        case kind, title, number, author, verdict
        case slopScore = "slop_score"
        case reviewMinutes = "review_minutes"
        case scoreTerms = "score_terms"
        case signals, disclosure, agent, claims, violations, policy, exempt, trust, actions, withheld
        case duplicateOf = "duplicate_of"
        case replyDraft = "reply_draft"
        case styleHeld = "style_held"
        case steppedDown = "stepped_down"
        case unchecked, engagement
    }

    /// Review value per minute, for ordering a queue: cheap, clean contributions first.
    public var priority: Double { (1 - slopScore) / max(reviewMinutes, 1) }
}

extension ScoreTerm {
    /// Points with their sign (`+1.20`, `−0.85`, `+0`).
    public static func signed(_ points: Double) -> String {
        (points < 0 ? "−" : "+") + Ledger.format(abs(points))
    }

    /// `severity_inflation +5.06`, or for a measurement `description_length −0.54 (0.38 × −1.40)`.
    public var explained: String {
        if id == Self.baseline { return "baseline \(Self.signed(points))" }
        if id == Self.calibration { return "this project's calibration \(Self.signed(points))" }
        let detail = value == 1 ? "" : " (\(String(format: "%.2f", value)) × \(Self.signed(weight)))"
        return "\(id) \(Self.signed(points))\(detail)"
    }
}

extension Evaluation {
    /// How the score adds up, in one line a maintainer can check: `σ(sum of the terms)`, each term's points.
    public var scoreExplanation: String? {
        guard let terms = scoreTerms, !terms.isEmpty else { return nil }
        let sum = terms.reduce(0) { $0 + $1.points }
        return "slop score \(slopScore) = σ(" + terms.map(\.explained).joined(separator: ", ")
            + ") = σ(\(ScoreTerm.signed((sum * 100).rounded() / 100)))"
    }
}
