import Foundation

/// Everything an evaluation depends on besides the contribution itself. The core reads no clock,
/// file or environment: time, scoring and templates come in here as values.
public struct EvaluationContext: Sendable {
    /// The evaluation's notion of "now", for age-based signals. Nil: such signals use the contribution's own dates only.
    public var now: Date?
    public var scoring: ScoringModel
    /// The repository's pull-request template, for `template_ignored`.
    public var pullRequestTemplate: String?
    /// Whether actions are only recorded (shadow mode, the default) or performed.
    public var shadow: Bool

    public init(
        now: Date? = nil, scoring: ScoringModel = .default, pullRequestTemplate: String? = nil, shadow: Bool = true
    ) {
        self.now = now
        self.scoring = scoring
        self.pullRequestTemplate = pullRequestTemplate
        self.shadow = shadow
    }
}
