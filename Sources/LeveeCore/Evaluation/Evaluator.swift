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
        let signalContext = SignalContext(contribution, in: context)
        let observed = signalContext.observed
        let (detected, agent) = (observed.disclosure, observed.agent)
        let policy = context.policy
        let model = policy.scoring(base: context.scoring)
        let hits = Self.switched(signals.compactMap { $0.evaluate(contribution, in: signalContext) }, by: policy)
        var disclosure = detected
        disclosure.required = policy.requiresDisclosure(for: contribution.kind)
        var author = context.author
        if context.trust?.tier == .vouched {
            var record = author ?? AuthorRecord()
            record.vouched = true
            author = record
        }
        let exemption = PolicyChecker.exemption(for: contribution, policy: policy, author: author)
        var violations =
            exemption != nil
            ? []
            : PolicyChecker.violations(
                of: contribution, disclosure: disclosure, agent: agent, signals: hits, policy: policy,
                author: author, template: context.pullRequestTemplate, trust: context.trust)
        if let trust = context.trust, trust.tier == .denounced,
            contribution.kind == .pullRequest || contribution.kind == .issue
        {
            violations.insert(
                DenouncedAuthor.violation(trust, login: contribution.author?.login, policy: policy), at: 0)
        }
        let terms = Self.terms(
            ScoreFeatures.values(contribution, hits: hits, in: signalContext), kind: contribution.kind, model: model)
        let weightOf = Dictionary(terms.map { ($0.id, $0.weight) }, uniquingKeysWith: { first, _ in first })
        let scored = hits.map { hit in
            ScoredSignal(
                id: hit.id, points: ((weightOf[hit.id] ?? 0) * hit.strength).rounded(toPlaces: 2),
                evidence: hit.evidence, message: hit.message)
        }
        .sorted { ($0.evidenceClass, -$0.points, $0.id) < ($1.evidenceClass, -$1.points, $1.id) }
        let score = ScoringModel.score(logit: terms.reduce(0) { $0 + $1.points }).rounded(toPlaces: 3)
        let judged = Self.verdict(
            score: score, terms: terms, hits: hits, contribution: contribution, model: model,
            agentMade: agent.detected)
        var verdict = judged.verdict
        // Asked, the author answered in their own words about the change: an item that waited for the answer goes to
        // a person. The policy's quoted violations still raise it below; `likely_slop` stays.
        let engagement = Engagement.latest(contribution).flatMap { reading -> String? in
            guard reading.answered else { return nil }
            return "the author answered in their own words, naming "
                + reading.refersTo.map { "`\($0)`" }.joined(separator: ", ")
        }
        if engagement != nil, verdict == .needsAuthor { verdict = .review }
        for violation in violations {
            if let least = policy.actions.actions(forViolation: violation.id).verdict { verdict = max(verdict, least) }
        }
        if exemption != nil { verdict = min(verdict, .review) }
        let unchecked = Self.unchecked(contribution, in: context)
        if !unchecked.isEmpty, verdict == .welcome { verdict = .review }
        var evaluation = Evaluation(
            kind: contribution.kind, title: contribution.title, number: contribution.number,
            author: contribution.author?.login, verdict: verdict, slopScore: score,
            reviewMinutes: model.reviewCost.minutes(for: contribution),
            signals: scored, scoreTerms: terms,
            disclosure: disclosure, agent: agent, claims: observed.claims ?? .unchecked, violations: violations,
            policy: policy.name, exempt: exemption, trust: context.trust, actions: [])
        evaluation.styleHeld = judged.styleHeld
        evaluation.unchecked = unchecked.isEmpty ? nil : unchecked
        evaluation.engagement = engagement
        if !context.earlier.isEmpty, contribution.kind == .pullRequest || contribution.kind == .issue {
            evaluation.duplicateOf = DuplicateMatch.find(
                Fingerprint(contribution), among: context.earlier, excluding: contribution.number)
        }
        if contribution.kind.isItem { evaluation.steppedDown = context.stepDown }
        let planned = ActionPlanner.plan(
            evaluation, policy: policy, scoreMayActIrreversibly: model.scoreMayActIrreversibly(for: contribution.kind))
        if contribution.kind == .securityReport, let evidence = observed.reportEvidence {
            evaluation.replyDraft = ReportReply.draft(contribution, signals: evaluation.signals, evidence: evidence)
        }
        evaluation.actions = planned.actions
        evaluation.withheld = planned.withheld.isEmpty ? nil : planned.withheld
        return evaluation
    }

    /// What could not be gathered for a stranger's item: each a sentence. It lowers confidence, never trust.
    static func unchecked(_ contribution: Contribution, in context: EvaluationContext) -> [String] {
        guard let failure = contribution.authorActivity?.failure, AuthorActivity.isStranger(contribution, in: context)
        else { return [] }
        return [
            "the author's activity across GitHub could not be read (\(failure)): nothing is counted against them, "
                + "and a person looks at this instead of Levee welcoming it unseen"
        ]
    }

    /// The hits as the policy's `signals:` wants them: off ones dropped, strict ones asking the author.
    static func switched(_ hits: [SignalHit], by policy: Policy) -> [SignalHit] {
        guard !policy.signals.isEmpty else { return hits }
        return hits.compactMap { hit in
            switch policy.signals[hit.id] {
            case .off: return nil
            case .strict:
                var hit = hit
                hit.asksAuthor = true
                return hit
            case .on, nil: return hit
            }
        }
    }

    /// The context the signals are run in, with the observations they share made once. For timing the signals apart
    /// from that shared work (`levee bench eval --by-signal`).
    public func signalContext(for contribution: Contribution, in context: EvaluationContext = EvaluationContext())
        -> SignalContext
    {
        SignalContext(contribution, in: context)
    }

    /// The values the fitted score reads (`ScoreFeatures`): what `levee train` fits on, with the same signals and
    /// context an evaluation uses.
    public func features(_ contribution: Contribution, in context: EvaluationContext = EvaluationContext())
        -> [String: Double]
    {
        let context = SignalContext(contribution, in: context)
        let hits = signals.compactMap { $0.evaluate(contribution, in: context) }
        return ScoreFeatures.values(contribution, hits: hits, in: context)
    }

    /// Every term of the score: the kind's baseline, then each feature present with its value, weight and points.
    static func terms(_ values: [String: Double], kind: ContributionKind, model: ScoringModel) -> [ScoreTerm] {
        let kindModel = model.model(for: kind)
        var terms = [
            ScoreTerm(
                id: ScoreTerm.baseline, value: 1, weight: kindModel.intercept.rounded(toPlaces: 3),
                points: kindModel.intercept.rounded(toPlaces: 2))
        ]
        if kindModel.calibration != 0 {
            terms.append(
                ScoreTerm(
                    id: ScoreTerm.calibration, value: 1, weight: kindModel.calibration.rounded(toPlaces: 3),
                    points: kindModel.calibration.rounded(toPlaces: 2)))
        }
        // A policy's `weights:` can score a signal the shipped model does not (`ScoreFeatures.notScored`).
        let ids = ScoreFeatures.ids(for: kind)
        for id in ids + model.weights.keys.filter({ !ids.contains($0) }).sorted() {
            guard let value = values[id], value != 0 else { continue }
            let weight = model.weight(of: id, for: kind)
            terms.append(
                ScoreTerm(
                    id: id, value: value.rounded(toPlaces: 3), weight: weight.rounded(toPlaces: 3),
                    points: (weight * value).rounded(toPlaces: 2)))
        }
        return terms
    }

    /// The verdict the evidence supports, and why style was held back when it was.
    ///
    /// The kind's thresholds on the score give one verdict. The same thresholds on the *standing* score — the score
    /// without its style terms, what substance and behaviour say by themselves (`levee train` fits them first, alone,
    /// and style on top) — and the hits that are not style give the verdict the checkable evidence supports. Style
    /// may add to that verdict up to its ceiling only: `needs_author` for pull requests, issues and comments, `review`
    /// for security reports, so `likely_slop` always rests on evidence that was checked and a real vulnerability never
    /// sinks because of how it is written; style may lower a verdict, but never to `welcome`. `likely_slop` also
    /// needs one term of substance or behaviour with positive points.
    static func verdict(
        score: Double, terms: [ScoreTerm], hits: [SignalHit], contribution: Contribution, model: ScoringModel,
        agentMade: Bool
    ) -> (verdict: Verdict, styleHeld: String?) {
        let full = verdict(score: score, hits: hits, contribution: contribution, model: model, agentMade: agentMade)
        let standingLogit = terms.reduce(0) { $0 + ($1.evidenceClass == .style ? 0 : $1.points) }
        let standingScore = ScoringModel.score(logit: standingLogit).rounded(toPlaces: 3)
        var standing = verdict(
            score: standingScore, hits: hits.filter { EvidenceClass.of($0.id) != .style },
            contribution: contribution, model: model, agentMade: agentMade)
        if standing == .likelySlop, !terms.contains(where: { $0.evidenceClass.convicts && $0.points > 0 }) {
            standing = .needsAuthor
        }
        let judged = Verdict.judged(full: full, standing: standing, kind: contribution.kind)
        guard full > judged else { return (judged, nil) }
        let style = terms.filter { $0.evidenceClass == .style && $0.points > 0 }.sorted { $0.points > $1.points }
        let asking = hits.filter { $0.asksAuthor && EvidenceClass.of($0.id) == .style }.map(\.id)
        let named = (style.prefix(4).map { "\($0.id) \(ScoreTerm.signed($0.points))" } + asking)
        return (
            judged,
            "How the text is written (\(named.joined(separator: ", "))) would make this \(full.rawValue); the rest of "
                + "the evidence scores \(standingScore) on its own. Style orders the queue but never convicts, so the "
                + "verdict is \(judged.rawValue)."
        )
    }

    /// The verdict from the kind's thresholds. A signal that asks the author to act makes it at least
    /// `needs_author`; an agent's work is reviewed like any other but never thanked as a newcomer's (`welcome`).
    static func verdict(
        score: Double, hits: [SignalHit], contribution: Contribution, model: ScoringModel, agentMade: Bool = false
    ) -> Verdict {
        let verdict = model.thresholds(for: contribution.kind).verdict(score)
        if verdict < .needsAuthor, hits.contains(where: \.asksAuthor) { return .needsAuthor }
        if verdict == .welcome, agentMade { return .review }
        return verdict
    }
}
