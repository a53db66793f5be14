import Foundation

/// What every signal may read of one contribution, found once by the `Evaluator` before any signal runs: the text scan,
/// the disclosure, the agent detection, the claims checked against a source index and a report's evidence. Signals
/// read them from here and never compute them again.
public struct Observations: Sendable {
    public let text: TextScan
    public let disclosure: Disclosure
    public let agent: AgentDetection
    /// Nil without a source index.
    public let claims: ClaimsReport?
    /// A security report's code, steps and traces; nil for other kinds.
    let reportEvidence: ReportEvidence?

    public init(_ contribution: Contribution, in context: EvaluationContext) {
        let text = TextScan(contribution)
        self.text = text
        disclosure = DisclosureDetector.detect(contribution, policy: context.policy.disclosure, text: text)
        agent = AgentDetector.detect(contribution, loweredBody: text.loweredBody)
        claims = context.sourceIndex.map { ClaimVerifier.verify(contribution, index: $0) }
        reportEvidence = contribution.kind == .securityReport ? ReportEvidence(contribution.body) : nil
    }
}

/// What a signal is given beside the contribution: the evaluation's inputs (`EvaluationContext`, whose properties it
/// reads directly: `context.policy`, `context.now`) and the observations made once for all signals.
@dynamicMemberLookup
public struct SignalContext: Sendable {
    public let inputs: EvaluationContext
    public let observed: Observations

    public init(_ contribution: Contribution, in inputs: EvaluationContext) {
        self.inputs = inputs
        observed = Observations(contribution, in: inputs)
    }

    public subscript<T>(dynamicMember path: KeyPath<EvaluationContext, T>) -> T { inputs[keyPath: path] }
}
