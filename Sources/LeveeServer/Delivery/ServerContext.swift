import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// The parts every consumer of the server shares — the delivery's handlers, the dashboard, the lifecycle's timers and
/// the backfill — each with one owner: the GitHub client (nil without credentials), the repositories' policies, the
/// shadow switch, the caches and the source indexes. Built once by `buildApplication` (or a command) and passed down.
public struct ServerContext: Sendable {
    /// The GitHub client, when credentials are configured; nil means nothing is ever sent.
    public let client: GitHubClient?
    public let store: any ServerStore
    public let metrics: ServerMetrics
    public let now: @Sendable () -> Date
    public let policies: PolicySource
    public let shadow: ShadowSwitch
    /// How long one delivery may hold its item (`worker.lease_seconds`): a crashed holder's hold runs out then.
    public let itemLease: TimeInterval
    let evaluator = Evaluator()
    let histories = TimedCache<[HistoryItem]>(lifetime: 600)
    /// Imported trust statements, verified once each.
    let verifiedStatements = VerifiedStatements()
    let authorFacts = AuthorFacts()
    let projectPackages = ProjectPackagesSource()
    let indexes: SourceIndexCatalog

    public init(
        settings: DeliveryProcessor.Settings, client: GitHubClient?, store: any ServerStore, metrics: ServerMetrics,
        now: @escaping @Sendable () -> Date
    ) {
        let client = client.flatMap { $0.hasCredentials ? $0 : nil }
        self.client = client
        self.store = store
        self.metrics = metrics
        self.now = now
        self.policies = PolicySource(client: client, store: store, fallback: settings.fallbackPolicy)
        self.shadow = ShadowSwitch(canAct: client != nil, store: store, configured: settings.shadow)
        self.itemLease = settings.itemLease
        self.indexes = SourceIndexCatalog(
            folder: settings.sourceIndexFolder, logger: Logger(label: "levee.source-index"))
    }

    /// The trust service on this context's client, store and history cache.
    var trust: TrustService {
        TrustService(client: client, store: store, now: now, histories: histories, verified: verifiedStatements)
    }

    /// The decisions, the drift watch and the step-down, on this context's client and store.
    var decisions: DecisionService { DecisionService(client: client, store: store, now: now) }

    /// The lifecycle service on this context's client and store.
    var lifecycle: LifecycleService { LifecycleService(client: client, store: store, now: now) }
}

/// Where a repository's policy, pull-request template and calibration come from.
public struct PolicySource: Sendable {
    let client: GitHubClient?
    let store: any DashboardStore
    /// The policy for repositories that have no `.github/levee.yml` (or when GitHub cannot be asked).
    public let fallback: Policy

    /// The repository's own policy wins over the fallback; a broken one is reported in the notes and the repository
    /// is handled in shadow mode until it is fixed.
    public func policy(for repo: RepositoryRef) async throws -> (Policy, notes: [String]) {
        guard let client, let text = try await client.fileContents(repo, path: PolicyLoader.path) else {
            return (fallback, [])
        }
        do {
            return (try PolicyLoader.load(yaml: text, file: "\(repo.fullName):\(PolicyLoader.path)"), [])
        } catch {
            var policy = Policy.builtin
            policy.shadow = true
            return (policy, ["policy unusable, shadow mode: \(error.diagnostics.first?.description ?? "")"])
        }
    }

    /// The repository's pull-request template: where the policy's `template.path` says, else the first of GitHub's
    /// places it has; nil without one or without GitHub.
    public func pullRequestTemplate(_ repo: RepositoryRef, policy: Policy) async throws -> String? {
        guard let client else { return nil }
        return try await RepositoryFacts.template(policy, in: GitHubRepositorySource(client: client, repo: repo))
    }

    /// The repository's calibration (`levee calibrate`), if it has one. A stored calibration that cannot be read
    /// counts as none: the shipped score is what the repository had before it.
    public func calibration(_ fullName: String) async throws -> Calibration? {
        guard let text = try await store.setting(Calibration.settingName(fullName)) else { return nil }
        return (try? Calibration.stored(text)) ?? nil
    }

    /// The shipped score with the repository's calibration applied, when it has one.
    public func scoring(_ fullName: String) async throws -> ScoringModel {
        try await calibration(fullName).map { $0.applied(to: .default) } ?? .default
    }
}

/// Shadow mode: whether Levee only records what it would do. Shadow unless credentials exist and both the server
/// and the repository's policy turned it off.
public struct ShadowSwitch: Sendable {
    /// Whether real actions could be sent at all (GitHub credentials are configured).
    public let canAct: Bool
    let store: any DashboardStore
    /// `shadow` in the server's configuration, until a maintainer uses the dashboard's switch.
    public let configured: Bool

    /// The server's side: the dashboard's switch once a maintainer used it, else the configuration's `shadow`.
    /// Without credentials always shadow.
    public func server() async throws -> Bool {
        guard canAct else { return true }
        switch try await store.setting(DashboardSetting.actions) {
        case "on": return false
        case "off": return true
        default: return configured
        }
    }

    /// Shadow for a repository with this policy: the server's side or the policy's own `shadow`.
    public func isShadow(_ policy: Policy) async throws -> Bool { try await server() || policy.shadow }
}
