import Foundation

/// Everything an evaluation depends on besides the contribution itself: its inputs only. The core reads no clock,
/// file or environment: time, scoring and templates come in here as values. What the signals share of the
/// contribution (its text, disclosure, agent detection, claims) is observed once by the `Evaluator`
/// (`Observations`, handed to the signals in a `SignalContext`).
public struct EvaluationContext: Sendable {
    /// The evaluation's notion of "now", for age-based signals. Nil: such signals use the contribution's own dates only.
    public var now: Date?
    public var scoring: ScoringModel
    /// The repository's pull-request template, for `template_ignored`.
    public var pullRequestTemplate: String?
    /// The project's policy (`.github/levee.yml`); without one, `Policy.builtin` scores and labels in shadow mode.
    public var policy: Policy
    /// Trust and open work of the author, when the caller knows them.
    public var author: AuthorRecord?
    /// The author's trust tier and why, when the caller decided it (`TrustAssessor`).
    public var trust: TierDecision?
    /// The project's source, for checking what the contribution claims about it (`levee index`).
    public var sourceIndex: SourceIndex?
    /// Open and recently closed items of the same repository, for the near-duplicate check.
    public var earlier: [FingerprintedItem] = []
    /// Why Levee stood down for this kind of item in this repository (`StepDown.reason`), when it has: the verdict's
    /// labels, close and lock are withheld and the comment only asks.
    public var stepDown: String? = nil

    public init(
        now: Date? = nil, scoring: ScoringModel = .default, pullRequestTemplate: String? = nil,
        policy: Policy = .builtin, author: AuthorRecord? = nil, trust: TierDecision? = nil,
        sourceIndex: SourceIndex? = nil, earlier: [FingerprintedItem] = []
    ) {
        self.now = now
        self.scoring = scoring
        self.pullRequestTemplate = pullRequestTemplate
        self.policy = policy
        self.author = author
        self.trust = trust
        self.sourceIndex = sourceIndex
        self.earlier = earlier
    }
}
