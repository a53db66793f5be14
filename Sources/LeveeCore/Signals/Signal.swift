import Foundation

/// What a signal saw in one contribution: how strongly (0…1), the evidence, and one sentence for a maintainer.
public struct SignalHit: Sendable, Hashable {
    public var id: String
    /// 0…1; the scoring model multiplies it by the signal's weight to get points.
    public var strength: Double
    public var evidence: [String]
    public var message: String
    /// The author should act before a maintainer spends time (fill the template, explain the change).
    public var asksAuthor: Bool

    /// A strength for a count past a threshold: 0.4 at `from`, rising evenly to 1 at `full` and staying there.
    public static func rising(_ count: Int, from: Int, full: Int) -> Double {
        0.4 + 0.6 * min(1, Double(count - from) / Double(full - from))
    }

    public init(id: String, strength: Double = 1, evidence: [String], message: String, asksAuthor: Bool = false) {
        self.id = id
        self.strength = min(max(strength, 0), 1)
        self.evidence = evidence
        self.message = message
        self.asksAuthor = asksAuthor
    }
}

/// A check over one contribution. Each lives in its own file, with a stable snake_case `id`
/// (renaming one is a breaking change of the CLI's JSON) and examples that must and must not trigger it.
public protocol Signal: Sendable {
    static var id: String { get }
    /// Its weight before any fitting, in the old points (`ScoringPrior`): what `levee train` pulls the fitted weight
    /// towards, and all it has while no labelled set shows it. The fitted weight is in `FittedModel.swift`.
    static var priorPoints: Double { get }
    /// What its evidence rests on (`EvidenceClass`): substance, behaviour and policy may convict, style only orders.
    /// Declared by every signal, so a new one cannot be scored without saying which.
    static var evidenceClass: EvidenceClass { get }
    func evaluate(_ contribution: Contribution, in context: SignalContext) -> SignalHit?

    static var triggeringExamples: [SignalExample] { get }
    static var nonTriggeringExamples: [SignalExample] { get }
}

/// A contribution shaped like a real one, with the context it is evaluated in.
public struct SignalExample: Sendable {
    public var name: String
    public var contribution: Contribution
    public var context: EvaluationContext

    public init(_ name: String, _ contribution: Contribution, context: EvaluationContext = EvaluationContext()) {
        self.name = name
        self.contribution = contribution
        self.context = context
    }
}

/// Every signal Levee runs, in report order.
public enum SignalCatalog {
    public static let all: [any Signal] = [
        SizeSignal(),
        DescriptionEffortMismatchSignal(),
        NoLinkedIssueSignal(),
        IssueOpenedJustBeforeSignal(),
        UnrelatedChurnSignal(),
        NewDependenciesSignal(),
        TrivialCreditChangeSignal(),
        TemplateIgnoredSignal(),
        LLMProseMarkersSignal(),
        AgentSignatureSignal(),
        TouchesSensitivePathsSignal(),
        SeverityInflationSignal(),
        DisclosureContradictionSignal(),
        InventedReferenceSignal(),
        ModifiedDistributionSignal(),
        NoReproductionSignal(),
        PocMissesProjectSignal(),
        TestCodeAsProductionSignal(),
        WeakenedTestsSignal(),
        ChangeMissesIssueSignal(),
        UnknownImportSignal(),
        TitleBodyMismatchSignal(),
        DefaultTitleSignal(),
        VagueTitleSignal(),
        EventCreditSignal(),
        UnfilledTemplateSignal(),
        FreshAccountSignal(),
        ActivityBurstSignal(),
        UnmergedRecordSignal(),
        GeneratedReplySignal(),
        UndescribedFirstContributionSignal(),
    ]

    public static var ids: [String] { all.map { type(of: $0).id } }
}
