import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// A pull request, issue, comment or review to evaluate, in five stages, each its own step:
/// gather (policy, files, author, trust, earlier items) → evaluate (LeveeCore, pure) → plan (`DeliveryPlan`) →
/// execute (on GitHub, or rehearsed in shadow mode: the evaluation's effects, the lifecycle's, the comment's commands') → record
/// (the evaluation, the fingerprint, the action log). Every step that touches GitHub is idempotent, so a delivery
/// processed twice after a crash changes nothing more on GitHub.
struct ContributionHandler: Sendable {
    let context: ServerContext

    /// Everything the evaluation and the later stages read, gathered once.
    struct Gathered: Sendable {
        var event: GitHubEvent
        var contribution: Contribution
        var reference: ItemReference
        var number: Int
        /// The repository's part: policy, scoring, template, step-down, index, files (`ContextGatherer`).
        var repository: ContextGatherer.Repository
        var shadow: Bool
        var tier: TierDecision?
        var evaluation: EvaluationContext
        var target: LifecycleService.Target
        var repo: RepositoryRef { repository.repo }
        var policy: Policy { repository.policy }
        var notes: [String] { repository.notes }
        /// A pull request or issue itself, not a comment or review on one.
        var isItem: Bool { contribution.kind.isItem }
    }

    func handle(
        _ event: GitHubEvent, contribution: Contribution, reference: ItemReference, number: Int, logger: Logger
    ) async throws -> ProcessOutcome {
        let gathered = try await gather(event, contribution: contribution, reference: reference, number: number)
        let evaluation = evaluate(gathered)
        let steps = try await lifecycleSteps(evaluation, gathered)
        var plan = try await plan(evaluation, gathered, lifecycle: steps)
        plan.commands = try await trustCommands(gathered, logger: logger)
        let at = context.now()
        let records = try await execute(plan, evaluation: evaluation, gathered, at: at, logger: logger)
        if let last = steps.last { try await context.lifecycle.commit(last) }
        var stored = evaluation
        stored.actions = plan.actions
        let outcome = try await record(stored, records: records, ledger: plan.ledger, gathered, at: at, logger: logger)
        return try await answered(gathered, logger: logger) ?? outcome
    }

    /// A comment in which the item's author answers while asked: kept, and the item evaluated again with it
    /// (`AuthorAnswers`). Nil for every other comment.
    func answered(_ gathered: Gathered, logger: Logger) async throws -> ProcessOutcome? {
        let answers = AuthorAnswers(store: context.store, now: context.now)
        guard !gathered.isItem, AuthorAnswers.byItemAuthor(gathered.event, comment: gathered.contribution) else {
            return nil
        }
        let kept = try await answers.replies(gathered.reference)
        guard try await answers.isAsked(gathered.reference, number: gathered.number, kept: kept),
            let event = try AuthorAnswers.itemEvent(gathered.event), let item = event.contribution
        else { return nil }
        try await answers.keep(gathered.contribution, after: kept, for: gathered.reference)
        return try await handle(
            event, contribution: item, reference: gathered.reference, number: gathered.number, logger: logger)
    }

    // MARK: Gather

    func gather(_ event: GitHubEvent, contribution: Contribution, reference: ItemReference, number: Int)
        async throws -> Gathered
    {
        var contribution = contribution
        let gatherer = ContextGatherer(context: context)
        let repository = try await gatherer.repository(
            RepositoryRef(fullName: reference.repository, installationID: event.installationID),
            template: contribution.kind == .pullRequest, items: contribution.kind.isItem)
        let (repo, policy) = (repository.repo, repository.policy)
        let shadow = try await context.shadow.isShadow(policy)
        if let client = context.client, contribution.kind == .pullRequest {
            // What a pull request's delivery does not carry: its files and commits, the issues it names, reactions.
            contribution = try ContributionDecoder.addingPullRequestDetails(
                to: contribution,
                files: .array(try await client.pullRequestFiles(repo, number: number)),
                commits: .array(try await client.pullRequestCommits(repo, number: number)),
                source: "delivery \(event.deliveryID)")
            if contribution.linkedIssues.isEmpty {
                contribution.linkedIssues = await ContextGatherer.linkedIssues(
                    of: contribution, in: repo, client: client)
            }
            if policy.count(NegativeReactionsRule.setting) != nil, contribution.negativeReactions == nil {
                // Only when the project counts them (`pulls.max_negative_reactions`): one request.
                contribution.negativeReactions = try? await client.negativeReactions(repo, number: number)
            }
        }
        let isItem = contribution.kind.isItem
        if isItem {
            contribution.authorReplies = try await AuthorAnswers(store: context.store, now: context.now).replies(
                reference)
        }
        var tier: TierDecision?
        if let person = contribution.author, isItem {
            tier = try await gatherer.tier(person, in: repository, reach: .delivery)
        }
        contribution = await gatherer.authorFacts(contribution, in: repository, tier: tier)
        // Open and recently closed items of the repository, for the near-duplicate check.
        let earlier =
            isItem
            ? try await context.store.fingerprints(
                repository: repo.fullName, since: context.now().addingTimeInterval(-90 * 86400)) : []
        let evaluation = gatherer.inputs(
            for: contribution, in: repository, tier: tier, earlier: earlier,
            author: try await authorRecord(contribution, policy: policy, repo: repo), at: context.now())
        let target = LifecycleService.Target(
            event, repo: repo, number: number, contribution: contribution, policy: policy, shadow: shadow)
        return Gathered(
            event: event, contribution: contribution, reference: reference, number: number, repository: repository,
            shadow: shadow, tier: tier, evaluation: evaluation, target: target)
    }

    /// Open pull requests of the author, asked of GitHub only when the policy has a cap to check.
    func authorRecord(_ contribution: Contribution, policy: Policy, repo: RepositoryRef) async throws -> AuthorRecord? {
        guard let client = context.client, contribution.kind == .pullRequest, let login = contribution.author?.login,
            policy.caps.openPRsPerNonWriter != nil || policy.caps.openAIPRsPerAuthor != nil
        else { return nil }
        let open = try await client.searchCount(
            "repo:\(repo.fullName) is:pr is:open author:\(login)", installationID: repo.installationID)
        return AuthorRecord(openPullRequests: open)
    }

    // MARK: Evaluate

    func evaluate(_ gathered: Gathered) -> Evaluation {
        let clock = ContinuousClock()
        let started = clock.now
        let evaluation = context.evaluator.evaluate(gathered.contribution, in: gathered.evaluation)
        context.metrics.evaluationSeconds.record(clock.now - started)
        return evaluation
    }

    // MARK: Plan

    /// The plan, after the ledger opened the stake of a newly opened pull request, with the lifecycle's `steps` (one
    /// plan: the sticky comment carries the step's status line, and the step's effects join the same executor pass).
    func plan(_ evaluation: Evaluation, _ gathered: Gathered, lifecycle steps: [LifecycleService.Step] = [])
        async throws -> DeliveryPlan
    {
        var sponsor: TrustService.SponsorWait?
        var stake: [LedgerEntry] = []
        if gathered.contribution.kind == .pullRequest, ["opened", "reopened"].contains(gathered.event.action),
            let tier = gathered.tier, let login = gathered.contribution.author?.login
        {
            (stake, sponsor) = try await context.trust.stake(
                evaluation, item: gathered.reference.description, author: login, tier: tier.tier,
                policy: gathered.policy)
        }
        let status =
            if let first = steps.first { first.stored?.status } else {
                try await context.store.lifecycleItem(
                    repository: gathered.reference.repository, number: gathered.number)?.status
            }
        let lifecycle = steps.flatMap { step in
            step.effects.map { PlannedAction($0, reason: step.reason, shadow: gathered.shadow) }
        }
        var plan = DeliveryPlan(
            evaluation, policy: gathered.policy, isItem: gathered.isItem, sponsor: sponsor, status: status,
            lifecycle: lifecycle)
        plan.ledger = stake
        return plan
    }

    // MARK: Execute

    /// Carries the plan out in one executor pass — on GitHub, or as a rehearsal recorded in shadow mode: the
    /// evaluation's effects, the removals, the lifecycle's, then the comment's commands'. Returns the action log's
    /// records.
    func execute(
        _ plan: DeliveryPlan, evaluation: Evaluation, _ gathered: Gathered, at: Date, logger: Logger
    ) async throws -> [ActionRecord] {
        let event = gathered.event
        let reference = gathered.reference
        let number = gathered.number
        let verdictNow = "verdict is now \(evaluation.verdict.rawValue)"
        var records: [ActionRecord] = []
        if gathered.shadow || context.client == nil {
            // A rehearsal: each would-be action once, against what shadow mode has already "done" to the item.
            var picture = ShadowPicture(
                labels: gathered.contribution.labels, closed: gathered.contribution.state == "closed",
                reopened: event.action == "reopened",
                records: try await context.store.actions(repository: reference.repository, number: number),
                excluding: event.deliveryID)
            // The lifecycle's effects are recorded as the machine gives them (its state is its own record).
            let rehearsed = picture.rehearse(plan.actions, removing: plan.removing, removalReason: verdictNow)
            records = (rehearsed + plan.later).map {
                ActionRecord(
                    deliveryID: event.deliveryID, repository: reference.repository, number: number, effect: $0.effect,
                    reason: $0.reason, status: .shadow, at: at)
            }
        } else if let client = context.client,
            !plan.actions.isEmpty || !plan.removing.isEmpty || !plan.later.isEmpty
        {
            let target = ActionTarget(repository: gathered.repo, number: number, headSHA: event.item?.headSHA)
            let summary = "Verdict **\(evaluation.verdict.rawValue)**, slop score \(evaluation.slopScore)."
            let executed = try await ActionExecutor(client: client).perform(
                plan.actions, on: target, summary: summary, removing: plan.removing, removalReason: verdictNow,
                then: plan.later)
            records = executed.map { result in
                ActionRecord(
                    deliveryID: event.deliveryID, repository: reference.repository, number: number,
                    effect: result.action.effect, reason: result.action.reason,
                    status: ActionStatus(result.status), detail: result.detail, at: at)
            }
        }
        return records
    }

    /// A new comment's trust commands (`vouch`, `sponsor`, …), in the policy's words: carried out on Levee's records
    /// and the vouch list, and returning what they do to the item for the plan.
    func trustCommands(_ gathered: Gathered, logger: Logger) async throws -> [PlannedAction] {
        let event = gathered.event
        guard event.kind == .issueComment, event.action == "created", let actor = gathered.contribution.author,
            !actor.isBot, let commentID = event.commentID
        else { return [] }
        let commands = CommentCommand.parse(gathered.contribution.body, keywords: gathered.policy.trust.commands)
        guard !commands.isEmpty else { return [] }
        let context = TrustService.CommandContext(
            repo: gathered.repo, number: gathered.number, isPullRequest: event.item?.isPullRequest ?? false,
            itemAuthor: event.item?.author, actor: actor, commentID: commentID, deliveryID: event.deliveryID,
            policy: gathered.policy, shadow: gathered.shadow,
            itemLabels: event.item?.json["labels"]?.array?.compactMap { $0["name"]?.string })
        return try await self.context.trust.run(commands, in: context, logger: logger)
    }

    /// After an evaluation: a new item enters the lifecycle; a comment or review may reset or start its clock; the
    /// lifecycle's commands (`hold`, `unhold`, `ok-to-test`) take effect. Planned here, each step from the one before;
    /// carried out with the plan and stored after it (`LifecycleService.commit`).
    func lifecycleSteps(_ evaluation: Evaluation, _ gathered: Gathered) async throws -> [LifecycleService.Step] {
        let lifecycle = context.lifecycle
        let target = gathered.target
        let action = gathered.event.action
        let contribution = gathered.contribution
        var steps: [LifecycleService.Step] = []
        func apply(_ event: LifecycleEvent) async throws {
            if let step = try await lifecycle.step(event, target: target, after: steps.last) { steps.append(step) }
        }
        switch contribution.kind {
        case .pullRequest, .issue:
            if action == "reopened" {
                try await apply(.reopened)
            } else if action == "opened", let tier = gathered.tier {
                try await apply(
                    .opened(
                        LifecycleEvent.Opened(
                            tier: tier.tier, verdict: evaluation.verdict,
                            followsPolicy: evaluation.violations.isEmpty,
                            firstTimer: contribution.author?.association?.isNewcomer ?? false,
                            overCap: evaluation.violations.contains {
                                $0.id == OpenPRCapRule.id || $0.id == AIPRCapRule.id
                            },
                            headSHA: gathered.event.item?.headSHA)))
            }
        case .comment, .review, .reviewComment:
            guard action == "created" || action == "submitted", let actor = contribution.author else { break }
            let isWriter = TrustService.isWriter(actor, policy: target.policy)
            let asks = contribution.body.contains("?") || gathered.event.reviewState == "changes_requested"
            try await apply(
                .comment(by: actor.login, isWriter: isWriter, isBot: actor.isBot, asks: asks, body: contribution.body))
            guard !actor.isBot else { break }
            for case .command(let command) in CommentCommand.parse(contribution.body) {
                switch command.verb {
                case .hold, .unhold:
                    try await apply(.hold(by: actor.login, isWriter: isWriter, on: command.verb == .hold))
                case .okToTest:
                    try await apply(.okToTest(by: actor.login, isWriter: isWriter))
                default: break
                }
            }
        case .securityReport:
            break
        }
        return steps
    }

    // MARK: Record

    /// Stores the evaluation (with the actions it planned), the item's fingerprint, the action log and the ledger's
    /// stake; returns the delivery's summary.
    func record(
        _ evaluation: Evaluation, records: [ActionRecord], ledger: [LedgerEntry] = [], _ gathered: Gathered, at: Date,
        logger: Logger
    ) async throws -> ProcessOutcome {
        let store = context.store
        if !ledger.isEmpty { try await store.appendLedger(ledger) }
        let reference = gathered.reference
        let number = gathered.number
        let key: EvaluationKey =
            gathered.isItem
            ? .item(reference.description)
            : .response(
                to: reference.description, kind: gathered.contribution.kind, delivery: gathered.event.deliveryID)
        try await store.saveEvaluation(StoredEvaluation(key, evaluatedAt: at, evaluation: evaluation))
        if gathered.isItem {
            try await store.saveFingerprint(
                repository: reference.repository,
                item: FingerprintedItem(
                    number: number, title: gathered.contribution.title,
                    fingerprint: Fingerprint(gathered.contribution)),
                open: gathered.contribution.state != "closed", at: at)
        }
        try await store.replaceActions(deliveryID: gathered.event.deliveryID, with: records)

        let counts = Dictionary(grouping: records, by: \.status).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
        var summary = "\(key.source): \(evaluation.verdict.rawValue) (\(evaluation.slopScore))"
        if !counts.isEmpty { summary += "; actions " + counts.joined(separator: ", ") }
        if !gathered.notes.isEmpty { summary += "; " + gathered.notes.joined(separator: "; ") }
        logger.info(
            "evaluated",
            metadata: [
                "verdict": "\(evaluation.verdict.rawValue)", "score": "\(evaluation.slopScore)",
                "actions": "\(records.count)", "shadow": "\(gathered.shadow)",
            ])
        return ProcessOutcome(summary: summary, evaluated: true)
    }
}
