import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging
import ServiceLifecycle

/// Where a repository's backfill stands, kept in the store's settings as `backfill:<owner/repo>` (JSON), so a crashed
/// walk resumes at the page after the last one it finished, and the dashboard can say how far it got.
public struct BackfillState: Sendable, Codable, Hashable {
    public var repository: String
    public var installationID: Int?
    /// `BacklogPosition`'s text: the phase and the GraphQL cursor of the next page.
    public var position: String
    public var items: Int
    public var requests: Int
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The last error, when the walk stopped on one, and when to try again: a rate limit's reset, else five
    /// minutes later.
    public var error: String?
    public var retryAfter: Date?
    /// How many private vulnerability reports in triage were read once the backlog was; nil until then (and in states
    /// saved before Levee read them, which read them on their next run).
    public var reports: Int?

    public init(repository: String, installationID: Int?) {
        self.repository = repository
        self.installationID = installationID
        self.position = BacklogPosition.start.description
        self.items = 0
        self.requests = 0
    }

    public var isDone: Bool { finishedAt != nil && reports != nil }

    public static func key(_ repository: String) -> String { "backfill:\(repository)" }
    /// The setting that lists every repository with a backfill (JSON array of names).
    public static let listKey = "backfill.repositories"
}

/// The existing backlog of a repository, brought in when Levee is installed (`installation` created,
/// `installation_repositories` added) or on `levee sync owner/repo`: the open pull requests and issues, evaluated and
/// stored so the dashboard fills, with what shadow mode would have done to each open one recorded (never sent: a
/// backfill only ever rehearses, whatever the shadow switch says, so installing Levee labels nothing old); and the
/// items closed in the last `closedDays` days, kept as fingerprints for the near-duplicate check and as outcomes
/// (`ItemOutcome`: merged or closed, with the verdict Levee gives them) for measuring verdicts against the project's
/// decisions.
///
/// A page at a time (`GitHubClient.backlogPage`: 50 pull requests with commits and files, or 100 issues, per GraphQL
/// request); after each page the position is saved, so a crash loses at most one page of work, and doing a page
/// twice stores the same evaluations and records no action twice (the shadow rehearsal sees its own records).
public struct Backfill: Sendable {
    public let store: any ServerStore
    public let client: GitHubClient
    let context: ServerContext
    public let closedDays: Int
    let now: @Sendable () -> Date
    let metrics: ServerMetrics?

    /// A backfill through `client` of the context's store, with its policies and clock.
    public init(context: ServerContext, client: GitHubClient, closedDays: Int = 90, metrics: ServerMetrics? = nil) {
        self.store = context.store
        self.client = client
        self.context = context
        self.closedDays = closedDays
        self.metrics = metrics
        self.now = context.now
    }

    /// Registers a repository for backfill (idempotent: a known repository keeps its state).
    public static func enqueue(_ repository: String, installationID: Int?, in store: any ServerStore, at: Date)
        async throws
    {
        var names = try await repositories(in: store)
        if try await state(repository, in: store) == nil {
            try await save(BackfillState(repository: repository, installationID: installationID), in: store, at: at)
        }
        if !names.contains(repository) {
            names.append(repository)
            let data = try JSONEncoder().encode(names)
            try await store.saveSetting(BackfillState.listKey, value: String(decoding: data, as: UTF8.self), at: at)
        }
    }

    /// Forgets where a repository's backfill stands, so the next run starts over.
    public static func reset(_ repository: String, in store: any ServerStore, at: Date) async throws {
        guard let old = try await state(repository, in: store) else { return }
        try await save(BackfillState(repository: repository, installationID: old.installationID), in: store, at: at)
    }

    public static func repositories(in store: any ServerStore) async throws -> [String] {
        guard let text = try await store.setting(BackfillState.listKey) else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    public static func state(_ repository: String, in store: any ServerStore) async throws -> BackfillState? {
        guard let text = try await store.setting(BackfillState.key(repository)) else { return nil }
        return try? StoredJSON.value(BackfillState.self, from: text)
    }

    static func save(_ state: BackfillState, in store: any ServerStore, at: Date) async throws {
        try await store.saveSetting(BackfillState.key(state.repository), value: try StoredJSON.text(state), at: at)
    }

    /// Walks the repository's backlog from where its saved state stands to the end. `holdLease`, when given, is
    /// called before each page and must say the caller still holds the repository (a replica that lost its lease
    /// stops). Returns the final state.
    @discardableResult
    public func run(
        _ repository: String, installationID: Int?, logger: Logger,
        holdLease: (@Sendable () async throws -> Bool)? = nil,
        progress: (@Sendable (BackfillState) -> Void)? = nil
    ) async throws -> BackfillState {
        var state =
            try await Self.state(repository, in: store)
            ?? BackfillState(
                repository: repository, installationID: installationID)
        if state.isDone { return state }
        if state.startedAt == nil { state.startedAt = now() }
        let repo = RepositoryRef(fullName: repository, installationID: installationID ?? state.installationID)
        // The repository's part of the gather, read once for the run, its files (the vouch lists, CODEOWNERS) once:
        // each open item's author gets a tier as a delivery's would, without the per-author search a delivery makes
        // (`ContextGatherer.Reach.backlog`).
        let gatherer = ContextGatherer(context: context)
        let gathered = try await gatherer.repository(repo, template: true, items: true, shared: true)
        for note in gathered.notes { logger.warning("backfill: \(note)", metadata: ["repository": "\(repository)"]) }
        let closedSince = closedDays > 0 ? now().addingTimeInterval(-Double(closedDays) * 86_400) : nil
        var position = BacklogPosition(state.position) ?? .start
        // The repository's items of the last 90 days, for the near-duplicate check; read once, grown as items come.
        var earlier = try await store.fingerprints(repository: repository, since: now().addingTimeInterval(-90 * 86400))
        while position.phase != .done {
            if let holdLease, try await !holdLease() {
                logger.info("backfill paused: another replica holds it", metadata: ["repository": "\(repository)"])
                return state
            }
            let page: BacklogPage
            do {
                page = try await client.backlogPage(
                    repository, at: position, installationID: repo.installationID, closedSince: closedSince)
            } catch {
                state.error = "\(error)"
                state.retryAfter = (error as? GitHubError)?.retryAt ?? now().addingTimeInterval(300)
                try await Self.save(state, in: store, at: now())
                throw error
            }
            let decoded = try page.items.map {
                ($0, try ContributionDecoder.decode(json: $0.bundle, source: $0.source).contribution)
            }
            let linked = await linkedIssues(decoded.filter(\.0.open).compactMap(\.1), in: repo, logger: logger)
            for (item, contribution) in decoded {
                guard let contribution else { continue }
                try await handle(
                    item, contribution, in: gathered, by: gatherer, linked: linked, earlier: &earlier)
            }
            position = page.next
            state.position = position.description
            state.items += page.items.count
            state.requests += 1
            state.error = nil
            state.retryAfter = nil
            if position.phase == .done { state.finishedAt = now() }
            try await Self.save(state, in: store, at: now())
            metrics?.backfill(items: page.items.count)
            progress?(state)
            logger.info(
                "backfill page",
                metadata: [
                    "repository": "\(repository)", "items": "\(state.items)", "requests": "\(state.requests)",
                    "next": "\(position.phase.rawValue)",
                ])
        }
        if position.phase == .done, state.reports == nil {
            // The closed items' outcomes are decisions: the drift watch reads them, and may step Levee down here.
            try await context.decisions.refresh(repository, logger: logger)
            state.reports = try await privateReports(repo, logger: logger)
            try await Self.save(state, in: store, at: now())
        }
        return state
    }

    /// The issues the page's open pull requests name, as a delivery reads them (`ContextGatherer.issueReferences`),
    /// in one GraphQL request for the page. Evidence, not a gate: when GitHub cannot give them they are left out.
    func linkedIssues(_ contributions: [Contribution], in repo: RepositoryRef, logger: Logger) async -> [Int:
        LinkedIssue]
    {
        let numbers = contributions.filter { $0.kind == .pullRequest && $0.linkedIssues.isEmpty }.flatMap(
            ContextGatherer.issueReferences)
        guard !numbers.isEmpty else { return [:] }
        do {
            return try await client.issues(repo.fullName, numbers: numbers, installationID: repo.installationID)
        } catch {
            logger.notice(
                "backfill: linked issues not read", metadata: ["repository": "\(repo.fullName)", "error": "\(error)"])
            return [:]
        }
    }

    /// The private vulnerability reports waiting in triage when the backlog was read (`GET …/security-advisories
    /// ?state=triage`), each evaluated as a private item unless it already is one. Where GitHub refuses (private
    /// reporting off, or the App without `repository_advisories: read`) there are none to read: 0, logged.
    func privateReports(_ repo: RepositoryRef, logger: Logger) async throws -> Int {
        let advisories: [JSONValue]
        do {
            advisories = try await client.paginate(
                "/repos/\(repo.fullName)/security-advisories?state=triage&per_page=100",
                installationID: repo.installationID)
        } catch let error as GitHubError where [403, 404].contains(error.status) {
            logger.notice(
                "backfill: no private vulnerability reports readable (private reporting off, or no permission)",
                metadata: ["repository": "\(repo.fullName)"])
            return 0
        }
        var read = 0
        for advisory in advisories {
            guard
                let report = try ContributionDecoder.decode(json: advisory, source: "\(repo.fullName) advisory")
                    .contribution,
                let id = report.metadata["GHSA"]
            else { continue }
            if try await store.storedEvaluation(
                source: ItemReference(repository: repo.fullName, report: id).description) != nil
            {
                continue
            }
            _ = try await PrivateReportHandler(context: context).evaluate(
                report, reference: id, repository: repo.fullName, installationID: repo.installationID, logger: logger)
            read += 1
        }
        return read
    }

    /// One item: an open one is evaluated and stored, with its rehearsed actions; a closed one leaves its fingerprint
    /// and its outcome (`ItemOutcome`), with the verdict Levee gives it now.
    func handle(
        _ item: Backlog.Item, _ contribution: Contribution, in repository: ContextGatherer.Repository,
        by gatherer: ContextGatherer, linked: [Int: LinkedIssue] = [:], earlier: inout [FingerprintedItem]
    ) async throws {
        var contribution = contribution
        let repo = repository.repo
        if item.open, contribution.kind == .pullRequest, contribution.linkedIssues.isEmpty {
            contribution.linkedIssues = ContextGatherer.issueReferences(of: contribution).compactMap { linked[$0] }
        }
        // An open item's author as a delivery's gather sees them (`ContextGatherer`): a tier from the vouch lists and
        // the imported statements, then the facts only GitHub knows. A closed one only leaves its outcome: nobody is
        // looked up for it.
        var tier: TierDecision?
        if item.open, let person = contribution.author {
            tier = try await gatherer.tier(person, in: repository, reach: .backlog)
            contribution = await gatherer.authorFacts(contribution, in: repository, tier: tier)
        }
        let at = now()
        let fingerprinted = FingerprintedItem(
            number: item.number, title: contribution.title, fingerprint: Fingerprint(contribution))
        try await store.saveFingerprint(repository: repo.fullName, item: fingerprinted, open: item.open, at: at)
        let others = earlier.filter { $0.number != item.number }
        earlier = others + [fingerprinted]
        var inputs = gatherer.inputs(for: contribution, in: repository, tier: tier, earlier: others, at: at)
        if !item.open { inputs.stepDown = nil }
        let evaluation = Evaluator().evaluate(contribution, in: inputs)
        guard item.open else {
            // A closed item is not queued: what became of it is kept beside what Levee would have said of it.
            try await store.saveOutcome(
                ItemOutcome(
                    closed: item.bundle["pull_request"] ?? item.bundle["issue"], repository: repo.fullName,
                    number: item.number, isPullRequest: contribution.kind == .pullRequest,
                    author: contribution.author?.login ?? "", closedBy: nil, said: evaluation, at: at))
            return
        }
        let deliveryID = "backfill:\(item.source)"
        var picture = ShadowPicture(
            labels: contribution.labels, closed: false, reopened: false,
            records: try await store.actions(repository: repo.fullName, number: item.number), excluding: deliveryID)
        let records = picture.rehearse(evaluation.actions, removing: []).map { step in
            ActionRecord(
                deliveryID: deliveryID, repository: repo.fullName, number: item.number, effect: step.effect,
                reason: step.reason + " (backfill)", status: .shadow, at: at)
        }
        try await store.replaceActions(deliveryID: deliveryID, with: records)
        try await store.saveEvaluation(StoredEvaluation(.item(item.source), evaluatedAt: at, evaluation: evaluation))
    }
}

/// Runs pending backfills beside the worker: every `interval`, the first repository whose backfill is not done and
/// whose lease this replica can take is walked to the end (or until an error, tried again next time).
struct BackfillService: Service {
    let interval: Duration
    let backfill: Backfill
    let owner: String
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await runPending()
            } catch {
                logger.warning("backfill stopped; trying again later", metadata: ["error": "\(error)"])
            }
            await ServicePause.sleep(interval)
        }
    }

    func runPending() async throws {
        let store = backfill.store
        for repository in try await Backfill.repositories(in: store) {
            guard let state = try await Backfill.state(repository, in: store), !state.isDone,
                (state.retryAfter ?? .distantPast) <= backfill.now()
            else { continue }
            let lease = "backfill:\(repository)"
            let seconds: TimeInterval = 300
            guard try await store.acquireLease(name: lease, owner: owner, now: backfill.now(), seconds: seconds)
            else { continue }
            do {
                try await backfill.run(
                    repository, installationID: state.installationID, logger: logger,
                    holdLease: { [backfill, owner] in
                        try await store.acquireLease(name: lease, owner: owner, now: backfill.now(), seconds: seconds)
                    })
            } catch {
                try? await store.releaseLease(name: lease, owner: owner)
                throw error
            }
            try? await store.releaseLease(name: lease, owner: owner)
        }
    }
}
