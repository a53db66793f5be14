import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub

/// What an evaluation reads besides the contribution, gathered one way for every front of the server — a delivery,
/// the backfill (and so `levee sync`), a private report: the repository's part once (`Repository`: policy, scoring,
/// template, step-down, source index, the repository's files), then each item's author (`tier`, `authorFacts`) and
/// the evaluation's inputs (`inputs`). `levee check --repo-root` reads the same repository facts from a checkout
/// (`RepositoryFacts` over `CheckoutSource`), and `OneGatherTests` holds it and the server to the same evaluation.
struct ContextGatherer: Sendable {
    let context: ServerContext

    /// How many GitHub requests one item may cost. A delivery reads the author's record here (the search API, cached
    /// ten minutes); a backlog walk does not, per item — GitHub allows 30 searches a minute and a backlog has
    /// thousands of items — so its authors' records are what GitHub's association says (a contributor has had
    /// something merged). Everything else is read alike.
    enum Reach: Sendable { case delivery, backlog }

    /// The repository's part of the gather, read once for a delivery or a whole backfill run.
    struct Repository: Sendable {
        var repo: RepositoryRef
        var policy: Policy
        /// What the policy's reading had to say (a fallback applied, a file unreadable).
        var notes: [String]
        var scoring: ScoringModel
        /// The pull-request template; nil when not read (an issue's delivery) or absent.
        var template: String?
        var stepDown: StepDown
        var sourceIndex: SourceIndex?
        /// Where the vouch lists and CODEOWNERS are read; nil without a GitHub client.
        var files: (any RepositorySource)?
        /// Where lists in other repositories are read (`trust.inherit: owner/repo:path`); nil: from GitHub each time.
        var elsewhere: OtherRepositoryFiles?
    }

    /// Files of other repositories (an organisation's inherited vouch list), each read once: a backfill's items share
    /// them.
    actor OtherRepositoryFiles {
        let client: GitHubClient
        let installationID: Int?
        private var files: [String: String?] = [:]

        init(client: GitHubClient, installationID: Int?) {
            self.client = client
            self.installationID = installationID
        }

        func file(_ repository: String, _ path: String) async throws -> String? {
            let key = repository + ":" + path
            if let known = files[key] { return known }
            let text = try await client.fileContents(
                RepositoryRef(fullName: repository, installationID: installationID), path: path)
            files[key] = .some(text)
            return text
        }
    }

    /// The repository's part. `policy`: already read (a private report falls back when the repository's cannot be
    /// read); `template`: whether pull requests will be evaluated (the template is read only then); `items`: whether
    /// pull requests or issues will be (the step-down is read only then: a comment or a report is not queued); `shared`: whether
    /// many items will be gathered with it (a backfill run), so each file — this repository's or another's — is read
    /// once for all of them.
    func repository(
        _ repo: RepositoryRef, policy known: (Policy, [String])? = nil, template readsTemplate: Bool, items: Bool,
        shared: Bool = false
    ) async throws -> Repository {
        let (policy, notes) =
            if let known { known } else { try await context.policies.policy(for: repo) }
        var files: (any RepositorySource)?
        var elsewhere: OtherRepositoryFiles?
        if let client = context.client {
            let github = GitHubRepositorySource(client: client, repo: repo)
            files = shared ? MemoizedSource(github) : github
            if shared { elsewhere = OtherRepositoryFiles(client: client, installationID: repo.installationID) }
        }
        return Repository(
            repo: repo, policy: policy, notes: notes, scoring: try await context.policies.scoring(repo.fullName),
            template: readsTemplate && context.client != nil
                ? try await context.policies.pullRequestTemplate(repo, policy: policy) : nil,
            stepDown: items ? try await context.decisions.stepDown(repo.fullName) : StepDown(),
            sourceIndex: await context.indexes.index(for: repo.fullName), files: files, elsewhere: elsewhere)
    }

    /// The author's tier, from the vouch lists (this repository's, inherited ones, CODEOWNERS), the record and the
    /// imported statements (`TrustService.decide`).
    func tier(_ person: Person, in repository: Repository, reach: Reach) async throws -> TierDecision {
        var elsewhere: (@Sendable (String, String) async throws -> String?)?
        if let others = repository.elsewhere {
            elsewhere = { repository, path in try await others.file(repository, path) }
        }
        return try await context.trust.decide(
            person, repo: repository.repo, policy: repository.policy, files: repository.files, elsewhere: elsewhere,
            readsHistory: reach == .delivery)
    }

    /// The contribution with what only GitHub knows of its author (`AuthorFacts`) and, when it adds imports, the
    /// project's packages.
    func authorFacts(_ contribution: Contribution, in repository: Repository, tier: TierDecision?) async
        -> Contribution
    {
        var contribution = await context.authorFacts.adding(
            to: contribution, client: context.client, installationID: repository.repo.installationID, trust: tier,
            now: context.now())
        if let client = context.client, contribution.projectPackages == nil,
            RepositoryFacts.wantsPackages(contribution)
        {
            contribution.projectPackages = await context.projectPackages.packages(
                repository.repo, client: client, now: context.now())
        }
        return contribution
    }

    /// The issues a pull request names (`#N`, `Fixes #N`, an `/issues/N` link), at most three, not itself: what every
    /// front reads as its linked issues (a delivery by REST, one request each; the backfill for a page at once).
    static func issueReferences(of c: Contribution) -> [Int] {
        Array(NoLinkedIssueSignal.issueReferences(in: c.title + "\n" + c.body).filter { $0 != c.number }.prefix(3))
    }

    /// A delivery's linked issues: those the pull request names (`issueReferences`), read from GitHub with their title,
    /// text, author and labels, one REST request each (the backfill reads a page's at once, `GitHubClient.issues`).
    /// Evidence, not a gate: one GitHub cannot give is left out.
    static func linkedIssues(of c: Contribution, in repo: RepositoryRef, client: GitHubClient) async -> [LinkedIssue] {
        var issues: [LinkedIssue] = []
        for number in issueReferences(of: c) {
            if let issue = try? await client.linkedIssue(repo, number: number) { issues.append(issue) }
        }
        return issues
    }

    /// The evaluation's inputs for one contribution: the repository's part, the author's tier, the earlier items for
    /// the near-duplicate check and the author's open pull requests (for the caps); the step-down for a queued item.
    func inputs(
        for contribution: Contribution, in repository: Repository, tier: TierDecision?,
        earlier: [FingerprintedItem] = [], author: AuthorRecord? = nil, at now: Date
    ) -> EvaluationContext {
        var inputs = EvaluationContext(
            now: now, scoring: repository.scoring,
            pullRequestTemplate: contribution.kind == .pullRequest ? repository.template : nil,
            policy: repository.policy, author: author, trust: tier, sourceIndex: repository.sourceIndex,
            earlier: earlier)
        if contribution.kind.isItem {
            inputs.stepDown = repository.stepDown.reason(isPullRequest: contribution.kind == .pullRequest)
        }
        return inputs
    }
}
