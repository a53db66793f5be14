import Foundation

/// The one pure evaluation the CLI and the server share: contribution + context → evaluation.
public struct Evaluator: Sendable {
    public var signals: [any Signal]

    public init(signals: [any Signal] = SignalCatalog.all) {
        self.signals = signals
    }

    public func evaluate(_ contribution: Contribution, in context: EvaluationContext = EvaluationContext())
        -> Evaluation
    {
        let model = context.scoring
        var hits: [SignalHit] = []
        for signal in signals {
            if let hit = signal.evaluate(contribution, in: context) { hits.append(hit) }
        }
        let scored = hits.map { hit in
            ScoredSignal(
                id: hit.id, points: (model.weight(of: hit.id) * hit.strength).rounded(toPlaces: 2),
                evidence: hit.evidence, message: hit.message)
        }
        let points = scored.reduce(0) { $0 + $1.points }
        let score = model.score(points: points).rounded(toPlaces: 3)
        let verdict = Self.verdict(score: score, hits: hits, contribution: contribution, model: model)
        var evaluation = Evaluation(
            kind: contribution.kind, title: contribution.title, number: contribution.number,
            author: contribution.author?.login, verdict: verdict, slopScore: score,
            reviewMinutes: model.reviewCost.minutes(for: contribution),
            signals: scored.sorted { $0.points > $1.points },
            disclosure: DisclosureDetector.detect(contribution), agent: AgentDetector.detect(contribution),
            claims: .unchecked, actions: [])
        evaluation.actions = Self.plannedActions(for: evaluation, shadow: context.shadow)
        return evaluation
    }

    static func verdict(score: Double, hits: [SignalHit], contribution: Contribution, model: ScoringModel) -> Verdict {
        let thresholds = model.thresholds(for: contribution.kind)
        if score >= thresholds.likelySlopFrom { return .likelySlop }
        if score >= thresholds.needsAuthorFrom || hits.contains(where: \.asksAuthor) { return .needsAuthor }
        if score < thresholds.welcomeBelow { return .welcome }
        return .review
    }

    /// Without a policy file Levee plans only a label and, where the author should act, one sticky comment.
    /// The policy evaluator replaces this with the project's own actions.
    static func plannedActions(for evaluation: Evaluation, shadow: Bool) -> [PlannedAction] {
        guard evaluation.kind == .pullRequest || evaluation.kind == .issue else { return [] }
        var actions: [PlannedAction] = []
        let reason = "verdict \(evaluation.verdict.rawValue) (slop score \(evaluation.slopScore))"
        if evaluation.verdict != .review {
            actions.append(
                PlannedAction(
                    kind: .label,
                    value: "levee:" + evaluation.verdict.rawValue.replacingOccurrences(of: "_", with: "-"),
                    reason: reason, shadow: shadow))
        }
        if evaluation.verdict >= .needsAuthor {
            actions.append(
                PlannedAction(kind: .comment, value: StickyComment.render(evaluation), reason: reason, shadow: shadow))
        }
        return actions
    }
}

/// The one comment Levee keeps on a contribution, edited in place. The hidden marker finds it again.
public enum StickyComment {
    public static let marker = "<!-- levee:sticky -->"

    public static func render(_ evaluation: Evaluation) -> String {
        var lines = [marker]
        switch evaluation.verdict {
        case .likelySlop:
            lines.append(
                "Thanks for your contribution. Levee, this project's triage assistant, found several signs that it "
                    + "may not be ready for a maintainer's review yet:")
        case .needsAuthor:
            lines.append(
                "Thanks for your contribution. Before a maintainer reviews it, could you look at the points below?")
        case .review, .welcome:
            lines.append("Thanks for your contribution! A maintainer will review it.")
        }
        lines.append("")
        for signal in evaluation.signals.prefix(6) {
            lines.append("- **\(signal.id)**: \(signal.message)")
        }
        lines.append("")
        lines.append(
            "_Estimated review time: \(evaluation.reviewMinutes) minutes. A person makes every final decision; "
                + "reply here in your own words if something is wrong._")
        return lines.joined(separator: "\n")
    }
}
