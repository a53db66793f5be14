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
        var context = context
        if let index = context.sourceIndex, context.claims == nil {
            context.claims = ClaimVerifier.verify(contribution, index: index)
        }
        let policy = context.policy
        let model = policy.scoring(base: context.scoring)
        // Found once here; several signals read them.
        let detected = context.disclosure ?? DisclosureDetector.detect(contribution, policy: policy.disclosure)
        let agent = context.agent ?? AgentDetector.detect(contribution)
        context.disclosure = detected
        context.agent = agent
        if context.text == nil { context.text = TextScan(contribution) }
        if contribution.kind == .securityReport, context.reportEvidence == nil {
            context.reportEvidence = ReportEvidence(contribution.body)
        }
        var hits: [SignalHit] = []
        for signal in signals {
            if let hit = signal.evaluate(contribution, in: context) { hits.append(hit) }
        }
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
                author: author)
        if let trust = context.trust, trust.tier == .denounced,
            contribution.kind == .pullRequest || contribution.kind == .issue
        {
            violations.insert(PolicyChecker.denounced(trust, login: contribution.author?.login, policy: policy), at: 0)
        }
        let scored = hits.map { hit in
            ScoredSignal(
                id: hit.id, points: (model.weight(of: hit.id) * hit.strength).rounded(toPlaces: 2),
                evidence: hit.evidence, message: hit.message)
        }
        let points = scored.reduce(0) { $0 + $1.points }
        let score = model.score(points: points).rounded(toPlaces: 3)
        var verdict = Self.verdict(score: score, hits: hits, contribution: contribution, model: model)
        for violation in violations {
            if let least = policy.actions.actions(forViolation: violation.id).verdict { verdict = max(verdict, least) }
        }
        if exemption != nil { verdict = min(verdict, .review) }
        var evaluation = Evaluation(
            kind: contribution.kind, title: contribution.title, number: contribution.number,
            author: contribution.author?.login, verdict: verdict, slopScore: score,
            reviewMinutes: model.reviewCost.minutes(for: contribution),
            signals: scored.sorted { $0.points > $1.points },
            disclosure: disclosure, agent: agent, claims: context.claims ?? .unchecked, violations: violations,
            policy: policy.name, exempt: exemption, trust: context.trust, actions: [])
        if !context.earlier.isEmpty, contribution.kind == .pullRequest || contribution.kind == .issue {
            evaluation.duplicateOf = DuplicateMatch.find(
                Fingerprint(contribution), among: context.earlier, excluding: contribution.number)
        }
        evaluation.actions = ActionPlanner.plan(evaluation, policy: policy)
        return evaluation
    }

    static func verdict(score: Double, hits: [SignalHit], contribution: Contribution, model: ScoringModel) -> Verdict {
        let thresholds = model.thresholds(for: contribution.kind)
        if score >= thresholds.likelySlopFrom { return .likelySlop }
        if score >= thresholds.needsAuthorFrom || hits.contains(where: \.asksAuthor) { return .needsAuthor }
        if score < thresholds.welcomeBelow { return .welcome }
        return .review
    }
}
