import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// What came of processing one delivery: one line for the inbox and the log.
public struct ProcessOutcome: Sendable {
    public var summary: String
    public var evaluated: Bool
}

/// Another delivery of the same item is being processed; this one waits its turn (not counted as an attempt).
public struct ItemBusy: Error, CustomStringConvertible {
    public var item: String
    public var description: String { "\(item) is being processed by another delivery" }
}

/// Turns one stored delivery into an evaluation and its actions: decode, read the repository's policy and the pull
/// request's files when GitHub is reachable, evaluate (LeveeCore), then send the actions or, in shadow mode, only
/// record them. Every step that touches GitHub is idempotent, so a delivery processed twice after a crash changes
/// nothing more on GitHub.
public struct DeliveryProcessor: Sendable {
    public struct Settings: Sendable {
        /// Shadow mode set by the server's configuration; the repository's policy can only add to it.
        public var shadow: Bool
        /// The policy for repositories that have no `.github/levee.yml`.
        public var fallbackPolicy: Policy

        /// Where the repositories' source indexes are (`<folder>/<owner>/<repo>.json`); nil: claims are not checked.
        public var sourceIndexFolder: String?
        /// How long one delivery may hold its item (`worker.lease_seconds`): a crashed holder's hold runs out then.
        public var itemLease: TimeInterval

        public init(
            shadow: Bool = true, fallbackPolicy: Policy = .builtin, sourceIndexFolder: String? = nil,
            itemLease: TimeInterval = 120
        ) {
            self.shadow = shadow
            self.fallbackPolicy = fallbackPolicy
            self.sourceIndexFolder = sourceIndexFolder
            self.itemLease = itemLease
        }
    }

    /// Webhook events and actions that carry something to evaluate; every other delivery is stored and ignored.
    public static let evaluatedActions: [String: Set<String>] = [
        "pull_request": ["opened", "reopened", "edited", "synchronize", "ready_for_review"],
        "issues": ["opened", "reopened", "edited"],
        "issue_comment": ["created", "edited"],
        "pull_request_review": ["submitted", "edited"],
        "pull_request_review_comment": ["created", "edited"],
    ]

    /// Webhook events read only for the vouch list's commands (`DiscussionCommands.swift`).
    public static let commandEvents: Set<String> = ["discussion_comment"]

    let settings: Settings
    let client: GitHubClient?
    let store: any ServerStore
    let metrics: ServerMetrics
    let now: @Sendable () -> Date
    let evaluator = Evaluator()
    let histories = HistoryCache()
    let accounts = AccountCache()
    let indexes: SourceIndexCatalog

    public init(
        settings: Settings, client: GitHubClient?,
        store: any ServerStore,
        metrics: ServerMetrics,
        now: @escaping @Sendable () -> Date
    ) {
        self.settings = settings
        self.client = client.flatMap { $0.hasCredentials ? $0 : nil }
        self.store = store
        self.metrics = metrics
        self.now = now
        self.indexes = SourceIndexCatalog(
            folder: settings.sourceIndexFolder, logger: Logger(label: "levee.source-index"))
    }

    public func process(_ item: InboxItem, logger: Logger) async throws -> ProcessOutcome {
        let delivery = item.delivery
        if let handled = try await discussionCommands(delivery, logger: logger) { return handled }
        if let handled = try await privateReport(delivery, logger: logger) { return handled }
        let payload = try WebhookDelivery(event: delivery.event, deliveryID: delivery.deliveryID, body: delivery.body)
            .decode()
        let action = delivery.action ?? "-"
        if let queued = try await queueBackfill(delivery) { return queued }
        guard case .contribution(let contribution) = payload,
            let fullName = delivery.repository ?? contribution.repository, let number = contribution.number
        else {
            return ProcessOutcome(summary: "ignored: \(delivery.event).\(action)", evaluated: false)
        }
        let onItem = delivery.event == "pull_request" || delivery.event == "issues"
        let lifecycleOnly = onItem && ["closed", "labeled", "unlabeled"].contains(action)
        let evaluated = Self.evaluatedActions[delivery.event]?.contains(action) == true
        guard evaluated || lifecycleOnly else {
            return ProcessOutcome(summary: "ignored: \(delivery.event).\(action)", evaluated: false)
        }
        // One delivery of an item at a time, across workers and replicas: two deliveries of the same pull request
        // processed at once would each find no sticky comment and each post one. A busy item puts the delivery back.
        let reference = ItemReference(repository: fullName, number: number)
        let lock = "item:\(reference)"
        guard
            try await store.acquireLease(
                name: lock, owner: delivery.deliveryID, now: now(), seconds: settings.itemLease)
        else {
            throw ItemBusy(item: reference.description)
        }
        do {
            let outcome = try await processItem(
                delivery, contribution: contribution, fullName: fullName, number: number, onItem: onItem,
                lifecycleOnly: lifecycleOnly, evaluated: evaluated, logger: logger)
            try? await store.releaseLease(name: lock, owner: delivery.deliveryID)
            return outcome
        } catch {
            try? await store.releaseLease(name: lock, owner: delivery.deliveryID)
            throw error
        }
    }

    func processItem(
        _ delivery: InboundDelivery, contribution: Contribution, fullName: String, number: Int, onItem: Bool,
        lifecycleOnly: Bool, evaluated: Bool, logger: Logger
    ) async throws -> ProcessOutcome {
        var contribution = contribution
        let action = delivery.action ?? "-"
        let repo = RepositoryRef(fullName: fullName, installationID: delivery.installationID)
        let json = try JSONValue.parse(delivery.body, source: "delivery \(delivery.deliveryID)")
        let (policy, notes) = try await loadPolicy(repo)
        let trust = TrustService(client: client, store: store, now: now, histories: histories)
        let lifecycle = LifecycleService(client: client, store: store, now: now)
        let item = ItemReference(repository: fullName, number: number).description
        let shadow = try await isShadow(policy)
        let parent = json["pull_request"] ?? json["issue"]
        let target = LifecycleService.Target(
            repo: repo, number: number,
            isPullRequest: json["pull_request"] != nil || json["issue"]?["pull_request"] != nil,
            author: parent?["user"]?["login"]?.string ?? contribution.author?.login ?? "",
            body: parent?["body"]?.string ?? "", policy: policy, shadow: shadow, deliveryID: delivery.deliveryID)

        if lifecycleOnly {
            return try await lifecycleEvent(
                action, json: json, contribution: contribution, target: target, trust: trust, lifecycle: lifecycle)
        }

        var template: String?
        if client != nil, contribution.kind == .pullRequest {
            contribution = try await enrich(json, repo: repo, number: number, source: delivery.deliveryID)
            contribution.action = delivery.action
            template = try await pullRequestTemplate(repo, policy: policy)
        }
        let isItem = contribution.kind == .pullRequest || contribution.kind == .issue
        if let client, isItem, let person = contribution.author, !person.hasWriteAccess, person.type != "Bot" {
            // Evidence, not a gate: when GitHub cannot say (a deleted account, a rate limit), the evaluation goes on
            // without it.
            let at = contribution.createdAt ?? now()
            contribution.authorAccount = try? await accounts.account(person.login, now: now()) {
                try await client.authorAccount(person.login, at: at, installationID: repo.installationID)
            }
        }
        var tier: TierDecision?
        if let person = contribution.author, isItem {
            tier = try await trust.decide(person, repo: repo, policy: policy)
        }
        let author = try await authorRecord(contribution, policy: policy, repo: repo)

        // Open and recently closed items of the repository, for the near-duplicate check.
        let earlier =
            isItem
            ? try await store.fingerprints(repository: fullName, since: now().addingTimeInterval(-90 * 86400)) : []
        let clock = ContinuousClock()
        let sourceIndex = await indexes.index(for: fullName)
        let started = clock.now
        var evaluation = evaluator.evaluate(
            contribution,
            in: EvaluationContext(
                now: now(), scoring: try await scoring(fullName), pullRequestTemplate: template, policy: policy,
                author: author, trust: tier, sourceIndex: sourceIndex, earlier: earlier))
        metrics.evaluationSeconds.record(clock.now - started)
        if contribution.kind == .pullRequest, ["opened", "reopened"].contains(action), let tier,
            let login = contribution.author?.login
        {
            try await trust.stake(&evaluation, item: item, author: login, tier: tier.tier, policy: policy)
        }

        // The sticky comment keeps the lifecycle's status line when the evaluation rewrites it.
        if let status = try await store.lifecycleItem(repository: fullName, number: number)?.status,
            let index = evaluation.actions.firstIndex(where: { $0.kind == .comment })
        {
            evaluation.actions[index].value = StickyComment.withStatus(
                evaluation.actions[index].value, section: StickyComment.statusSection(status))
        }
        let at = now()
        // The labels of an earlier verdict go when the verdict changes (an author who fixed their pull request does
        // not keep `levee:likely-slop`); only the policy's verdict labels, never a maintainer's own.
        let planned = Set(evaluation.actions.filter { $0.kind == .label }.map(\.value))
        let stale =
            isItem
            ? Set(Verdict.allCases.flatMap { policy.actions.actions(for: $0).labels }).subtracting(planned) : []
        let verdictNow = "verdict is now \(evaluation.verdict.rawValue)"
        var records: [ActionRecord] = []
        if shadow || client == nil {
            // A rehearsal: each would-be action once, against what shadow mode has already "done" to the item.
            var picture = ShadowPicture(
                labels: contribution.labels, closed: contribution.state == "closed", reopened: action == "reopened",
                records: try await store.actions(repository: fullName, number: number),
                excluding: delivery.deliveryID)
            records = picture.rehearse(evaluation.actions, removing: stale).map { step in
                ActionRecord(
                    deliveryID: delivery.deliveryID, repository: fullName, number: number, kind: step.kind,
                    value: step.value, reason: step.removed ? verdictNow : step.reason, status: .shadow, at: at)
            }
        } else if let client, !evaluation.actions.isEmpty || !stale.isEmpty {
            let target = ActionTarget(
                repository: repo, number: number, headSHA: json["pull_request"]?["head"]?["sha"]?.string)
            let summary = "Verdict **\(evaluation.verdict.rawValue)**, slop score \(evaluation.slopScore)."
            let executed = try await ActionExecutor(client: client).perform(
                evaluation.actions, on: target, summary: summary, removing: stale)
            records = executed.map { result in
                let removed = result.removedLabel
                return ActionRecord(
                    deliveryID: delivery.deliveryID, repository: fullName, number: number,
                    kind: removed ? .unlabel : ActionLogKind(result.action.kind), value: result.action.value,
                    reason: removed ? verdictNow : result.action.reason,
                    status: ActionStatus(rawValue: result.status.rawValue) ?? .failed,
                    detail: result.detail, at: at)
            }
        }
        if delivery.event == "issue_comment", action == "created", let actor = contribution.author,
            actor.type != "Bot", let commentID = json["comment"]?["id"]?.int
        {
            let commands = CommentCommand.parse(contribution.body, keywords: policy.trust.commands)
            if !commands.isEmpty {
                let context = TrustService.CommandContext(
                    repo: repo, number: number, isPullRequest: json["issue"]?["pull_request"] != nil,
                    itemAuthor: json["issue"]?["user"]?["login"]?.string, actor: actor, commentID: commentID,
                    deliveryID: delivery.deliveryID, policy: policy, shadow: shadow)
                records += try await trust.run(commands, in: context, logger: logger)
            }
        }
        records += try await lifecycleAfterEvaluation(
            action, json: json, contribution: contribution, evaluation: evaluation, tier: tier, target: target)
        let source =
            isItem
            ? "\(fullName)#\(number)" : "\(fullName)#\(number) \(contribution.kind.rawValue) \(delivery.deliveryID)"
        try await store.saveEvaluation(StoredEvaluation(source: source, evaluatedAt: at, evaluation: evaluation))
        if isItem {
            try await store.saveFingerprint(
                repository: fullName,
                item: FingerprintedItem(
                    number: number, title: contribution.title, fingerprint: Fingerprint(contribution)),
                open: contribution.state != "closed", at: at)
        }
        try await store.replaceActions(deliveryID: delivery.deliveryID, with: records)

        let counts = Dictionary(grouping: records, by: \.status).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
        var summary = "\(source): \(evaluation.verdict.rawValue) (\(evaluation.slopScore))"
        if !counts.isEmpty { summary += "; actions " + counts.joined(separator: ", ") }
        if !notes.isEmpty { summary += "; " + notes.joined(separator: "; ") }
        logger.info(
            "evaluated",
            metadata: [
                "verdict": "\(evaluation.verdict.rawValue)", "score": "\(evaluation.slopScore)",
                "actions": "\(records.count)", "shadow": "\(shadow)",
            ])
        return ProcessOutcome(summary: summary, evaluated: true)
    }

    /// What became of an item a `closed` delivery closed, beside what Levee last said of it.
    func closedOutcome(_ json: JSONValue, target: LifecycleService.Target) async throws -> ItemOutcome {
        ItemOutcome(
            closed: json["pull_request"] ?? json["issue"], repository: target.repo.fullName, number: target.number,
            isPullRequest: target.isPullRequest, author: target.author, closedBy: json["sender"]?["login"]?.string,
            said: try await store.storedEvaluation(source: "\(target.repo.fullName)#\(target.number)")?.evaluation,
            at: now())
    }

    /// Shadow unless credentials exist and both the server and the repository's policy turned it off.
    func isShadow(_ policy: Policy) async throws -> Bool { try await serverShadow() || policy.shadow }

    /// The server's side of shadow mode: the dashboard's switch once a maintainer used it, else the configuration's
    /// `shadow`. Without credentials always shadow.
    public func serverShadow() async throws -> Bool {
        guard client != nil else { return true }
        switch try await store.setting(DashboardSetting.actions) {
        case "on": return false
        case "off": return true
        default: return settings.shadow
        }
    }

    /// Whether real actions could be sent at all (GitHub credentials are configured).
    var canAct: Bool { client != nil }

    /// closed, labeled, unlabeled: the ledger and the lifecycle, no evaluation.
    func lifecycleEvent(
        _ action: String, json: JSONValue, contribution: Contribution, target: LifecycleService.Target,
        trust: TrustService, lifecycle: LifecycleService
    ) async throws -> ProcessOutcome {
        var summary: [String] = []
        var records: [ActionRecord] = []
        let item = "\(target.repo.fullName)#\(target.number)"
        switch action {
        case "closed":
            try await store.markClosed(repository: target.repo.fullName, number: target.number, at: now())
            let outcome = try await closedOutcome(json, target: target)
            try await store.saveOutcome(outcome)
            summary.append("outcome \(outcome.kind.rawValue)")
            if target.isPullRequest, !target.author.isEmpty {
                let merged = json["pull_request"]?["merged"]?.bool == true
                summary.append(
                    try await trust.settle(
                        item: item, author: target.author, merged: merged, policy: target.policy,
                        // The calibration matters only to a ledger that settles: no read otherwise.
                        scoring: target.policy.trust.reputation.enabled
                            ? try await scoring(target.repo.fullName) : .default))
            }
            records += try await lifecycle.handle(.closed, target: target)
            // A slot freed: the author's oldest parked item takes it.
            if let parked = try await store.lifecycleItems(
                repository: target.repo.fullName, author: target.author, phase: .parked
            ).first(where: { $0.number != target.number }) {
                var other = target
                other.number = parked.number
                other.isPullRequest = parked.isPullRequest
                records += try await lifecycle.handle(.slotFreed, target: other)
                summary.append("unparked #\(parked.number)")
            }
        case "labeled", "unlabeled":
            if let label = json["label"]?["name"]?.string {
                records += try await lifecycle.handle(
                    action == "labeled" ? .labeled(label) : .unlabeled(label), target: target)
            }
        default: break
        }
        try await store.replaceActions(deliveryID: target.deliveryID, with: records)
        summary.append("\(item): lifecycle \(action)" + (records.isEmpty ? "" : ", \(records.count) action(s)"))
        return ProcessOutcome(summary: summary.joined(separator: "; "), evaluated: false)
    }

    /// After an evaluation: a new item enters the lifecycle; a comment or review may reset or start its clock; the
    /// lifecycle's commands (`hold`, `unhold`, `ok-to-test`) take effect.
    func lifecycleAfterEvaluation(
        _ action: String, json: JSONValue, contribution: Contribution, evaluation: Evaluation, tier: TierDecision?,
        target: LifecycleService.Target
    ) async throws -> [ActionRecord] {
        let lifecycle = LifecycleService(client: client, store: store, now: now)
        switch contribution.kind {
        case .pullRequest, .issue:
            if action == "reopened" { return try await lifecycle.handle(.reopened, target: target) }
            guard action == "opened", let tier else { return [] }
            let association = contribution.author?.association?.uppercased() ?? ""
            let facts = LifecycleEvent.Opened(
                tier: tier.tier, verdict: evaluation.verdict, followsPolicy: evaluation.violations.isEmpty,
                firstTimer: ["FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "NONE"].contains(association),
                overCap: evaluation.violations.contains { $0.id == OpenPRCapRule.id || $0.id == AIPRCapRule.id },
                headSHA: json["pull_request"]?["head"]?["sha"]?.string)
            return try await lifecycle.handle(.opened(facts), target: target)
        case .comment, .review, .reviewComment:
            guard ["created", "submitted"].contains(action), let actor = contribution.author else { return [] }
            let isWriter = TrustService.isWriter(actor, policy: target.policy)
            let reviewState = json["review"]?["state"]?.string?.lowercased()
            let asks = contribution.body.contains("?") || reviewState == "changes_requested"
            var records = try await lifecycle.handle(
                .comment(
                    by: actor.login, isWriter: isWriter, isBot: actor.type == "Bot", asks: asks, body: contribution.body
                ),
                target: target)
            guard actor.type != "Bot" else { return records }
            for case .command(let command) in CommentCommand.parse(contribution.body) {
                switch command.verb {
                case .hold, .unhold:
                    records += try await lifecycle.handle(
                        .hold(by: actor.login, isWriter: isWriter, on: command.verb == .hold), target: target)
                case .okToTest:
                    records += try await lifecycle.handle(
                        .okToTest(by: actor.login, isWriter: isWriter), target: target)
                default: break
                }
            }
            return records
        case .securityReport:
            return []
        }
    }

    /// An App installed on repositories (`installation` created, `installation_repositories` added): each gets a
    /// backfill of its existing backlog (`Backfill`), run by `BackfillService` beside the worker.
    func queueBackfill(_ delivery: InboundDelivery) async throws -> ProcessOutcome? {
        let key: String
        switch (delivery.event, delivery.action) {
        case ("installation", "created"): key = "repositories"
        case ("installation_repositories", "added"): key = "repositories_added"
        default: return nil
        }
        let json = try JSONValue.parse(delivery.body, source: "delivery \(delivery.deliveryID)")
        let names = (json[key]?.array ?? []).compactMap { $0["full_name"]?.string }
        guard client != nil else {
            return ProcessOutcome(
                summary: "no backfill of \(names.joined(separator: ", ")): no GitHub credentials", evaluated: false)
        }
        let installation = json["installation"]?["id"]?.int ?? delivery.installationID
        for name in names {
            try await Backfill.enqueue(name, installationID: installation, in: store, at: now())
        }
        return ProcessOutcome(
            summary: "backfill queued: \(names.isEmpty ? "no repositories" : names.joined(separator: ", "))",
            evaluated: false)
    }

    /// The repository's pull-request template: where the policy's `template.path` says, else the first of GitHub's
    /// places it has; nil without one or without GitHub.
    func pullRequestTemplate(_ repo: RepositoryRef, policy: Policy) async throws -> String? {
        try await client?.firstFile(repo, among: policy.template.paths)
    }

    /// The repository's own policy wins over the fallback; a broken one is reported in the outcome and the
    /// repository is handled in shadow mode until it is fixed.
    func loadPolicy(_ repo: RepositoryRef) async throws -> (Policy, [String]) {
        guard let client, let text = try await client.fileContents(repo, path: PolicyLoader.path) else {
            return (settings.fallbackPolicy, [])
        }
        do {
            return (try PolicyLoader.load(yaml: text, file: "\(repo.fullName):\(PolicyLoader.path)"), [])
        } catch {
            var policy = Policy.builtin
            policy.shadow = true
            return (policy, ["policy unusable, shadow mode: \(error.diagnostics.first?.description ?? "")"])
        }
    }

    /// The repository's calibration (`levee calibrate`), if it has one. A stored calibration that cannot be read
    /// counts as none: the shipped score is what the repository had before it.
    func calibration(_ fullName: String) async throws -> Calibration? {
        guard let text = try await store.setting(Calibration.settingName(fullName)) else { return nil }
        return (try? Calibration.stored(text)) ?? nil
    }

    /// The shipped score with the repository's calibration applied, when it has one.
    func scoring(_ fullName: String) async throws -> ScoringModel {
        try await calibration(fullName).map { $0.applied(to: .default) } ?? .default
    }

    /// The payload made into a bundle with the pull request's files and commits from the API, decoded again by the
    /// core's bundle reader: the server and `levee check` read the same contract.
    func enrich(_ payload: JSONValue, repo: RepositoryRef, number: Int, source: String) async throws -> Contribution {
        guard let client, var object = payload.object else {
            throw ContributionError(source: source, reason: "expected a JSON object")
        }
        object["files"] = .array(try await client.pullRequestFiles(repo, number: number))
        object["commits"] = .array(try await client.pullRequestCommits(repo, number: number))
        guard
            let contribution = try ContributionDecoder.decode(json: .object(object), source: "delivery \(source)")
                .contribution
        else { throw ContributionError(source: source, reason: "no contribution in the enriched bundle") }
        return contribution
    }

    /// Open pull requests of the author, asked of GitHub only when the policy has a cap to check.
    func authorRecord(_ contribution: Contribution, policy: Policy, repo: RepositoryRef) async throws -> AuthorRecord? {
        guard let client, contribution.kind == .pullRequest, let login = contribution.author?.login,
            policy.caps.openPRsPerNonWriter != nil || policy.caps.openAIPRsPerAuthor != nil
        else { return nil }
        let open = try await client.searchCount(
            "repo:\(repo.fullName) is:pr is:open author:\(login)", installationID: repo.installationID)
        return AuthorRecord(openPullRequests: open)
    }
}
