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

        public init(shadow: Bool = true, fallbackPolicy: Policy = .builtin) {
            self.shadow = shadow
            self.fallbackPolicy = fallbackPolicy
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

    static let templatePaths = [
        ".github/pull_request_template.md", ".github/PULL_REQUEST_TEMPLATE.md", "pull_request_template.md",
        "docs/pull_request_template.md",
    ]

    let settings: Settings
    let client: GitHubClient?
    let store: any EvaluationStore & ActionLogStore & TrustStore
    let metrics: ServerMetrics
    let now: @Sendable () -> Date
    let evaluator = Evaluator()

    public init(
        settings: Settings, client: GitHubClient?, store: any EvaluationStore & ActionLogStore & TrustStore,
        metrics: ServerMetrics,
        now: @escaping @Sendable () -> Date
    ) {
        self.settings = settings
        self.client = client.flatMap { $0.hasCredentials ? $0 : nil }
        self.store = store
        self.metrics = metrics
        self.now = now
    }

    public func process(_ item: InboxItem, logger: Logger) async throws -> ProcessOutcome {
        let delivery = item.delivery
        let payload = try WebhookDelivery(event: delivery.event, deliveryID: delivery.deliveryID, body: delivery.body)
            .decode()
        let action = delivery.action ?? "-"
        guard case .contribution(var contribution) = payload,
            let fullName = delivery.repository ?? contribution.repository, let number = contribution.number
        else {
            return ProcessOutcome(summary: "ignored: \(delivery.event).\(action)", evaluated: false)
        }
        let closed = delivery.event == "pull_request" && action == "closed"
        let evaluated = Self.evaluatedActions[delivery.event]?.contains(action) == true
        guard evaluated || closed else {
            return ProcessOutcome(summary: "ignored: \(delivery.event).\(action)", evaluated: false)
        }
        let repo = RepositoryRef(fullName: fullName, installationID: delivery.installationID)
        let json = try JSONValue.parse(delivery.body, source: "delivery \(delivery.deliveryID)")
        let (policy, notes) = try await loadPolicy(repo)
        let trust = TrustService(client: client, store: store, now: now)
        let item = "\(fullName)#\(number)"

        if closed {
            guard let author = contribution.author?.login else {
                return ProcessOutcome(summary: "ignored: closed pull request without an author", evaluated: false)
            }
            let merged = json["pull_request"]?["merged"]?.bool == true
            return ProcessOutcome(
                summary: try await trust.settle(item: item, author: author, merged: merged, policy: policy),
                evaluated: false)
        }

        var template: String?
        if let client, contribution.kind == .pullRequest {
            contribution = try await enrich(json, repo: repo, number: number, source: delivery.deliveryID)
            contribution.action = delivery.action
            for path in Self.templatePaths {
                if let text = try await client.fileContents(repo, path: path) {
                    template = text
                    break
                }
            }
        }
        var tier: TierDecision?
        if let person = contribution.author, contribution.kind == .pullRequest || contribution.kind == .issue {
            tier = try await trust.decide(person, repo: repo, policy: policy)
        }
        let author = try await authorRecord(contribution, policy: policy, repo: repo)

        let clock = ContinuousClock()
        let started = clock.now
        var evaluation = evaluator.evaluate(
            contribution,
            in: EvaluationContext(
                now: now(), pullRequestTemplate: template, policy: policy, author: author, trust: tier))
        metrics.evaluationSeconds.record(clock.now - started)
        if contribution.kind == .pullRequest, ["opened", "reopened"].contains(action), let tier,
            let login = contribution.author?.login
        {
            try await trust.stake(&evaluation, item: item, author: login, tier: tier.tier, policy: policy)
        }

        let shadow = settings.shadow || policy.shadow || client == nil
        let at = now()
        var records: [ActionRecord] = []
        if shadow || evaluation.actions.isEmpty {
            records = evaluation.actions.map { action in
                ActionRecord(
                    deliveryID: delivery.deliveryID, repository: fullName, number: number, kind: action.kind.rawValue,
                    value: action.value, reason: action.reason, status: .shadow, at: at)
            }
        } else if let client {
            let target = ActionTarget(
                repository: repo, number: number, headSHA: json["pull_request"]?["head"]?["sha"]?.string)
            let summary = "Verdict **\(evaluation.verdict.rawValue)**, slop score \(evaluation.slopScore)."
            let executed = try await ActionExecutor(client: client).perform(
                evaluation.actions, on: target, summary: summary)
            records = executed.map { result in
                ActionRecord(
                    deliveryID: delivery.deliveryID, repository: fullName, number: number,
                    kind: result.action.kind.rawValue, value: result.action.value, reason: result.action.reason,
                    status: ActionStatus(rawValue: result.status.rawValue) ?? .failed, detail: result.detail, at: at)
            }
        }
        if delivery.event == "issue_comment", action == "created", let actor = contribution.author,
            actor.type != "Bot", let commentID = json["comment"]?["id"]?.int
        {
            let commands = CommentCommand.parse(contribution.body)
            if !commands.isEmpty {
                let context = TrustService.CommandContext(
                    repo: repo, number: number, isPullRequest: json["issue"]?["pull_request"] != nil,
                    itemAuthor: json["issue"]?["user"]?["login"]?.string, actor: actor, commentID: commentID,
                    deliveryID: delivery.deliveryID, policy: policy, shadow: shadow)
                records += try await trust.run(commands, in: context, logger: logger)
            }
        }
        let source =
            contribution.kind == .pullRequest || contribution.kind == .issue
            ? "\(fullName)#\(number)" : "\(fullName)#\(number) \(contribution.kind.rawValue) \(delivery.deliveryID)"
        try store.record(StoredEvaluation(source: source, evaluatedAt: at, evaluation: evaluation))
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
