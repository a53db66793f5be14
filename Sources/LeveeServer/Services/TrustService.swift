import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// The server's side of contributor trust: it decides each author's tier from the repository's vouch list, their
/// record here and the statements the project imported; keeps the reputation ledger as pull requests open and
/// close; and carries out `/levee` commands written in comments. Changes to the vouch list are commits through the
/// contents API, or, in shadow mode, audit entries only.
struct TrustService: Sendable {
    static let needsSponsorLabel = "levee:needs-sponsor"

    let client: GitHubClient?
    let store: any ServerStore
    let now: @Sendable () -> Date
    /// Authors' histories from the search API, kept a few minutes: GitHub allows 30 searches a minute, and a busy pull
    /// request sends many deliveries (edits, pushes, comments) by the same author.
    /// Recent search results per repository and author (`repo login`), kept ten minutes.
    let histories: TimedCache<[HistoryItem]>
    /// Imported trust statements as verified, by the stored statement: verified once, not on every delivery.
    let verified: VerifiedStatements

    // MARK: Tiers

    /// The author's tier and the vouch list it was read from. `files`, `elsewhere`: where this repository's lists and
    /// other repositories' are read (a backfill shares memoized ones across its items), else from GitHub; `readsHistory`: whether the author's
    /// record here is asked of GitHub's search (a delivery) or taken from GitHub's association (a backlog walk, where a
    /// search per author would outrun the search API's 30 a minute).
    func decide(
        _ person: Person, repo: RepositoryRef, policy: Policy, files: (any RepositorySource)? = nil,
        elsewhere: (@Sendable (_ repository: String, _ path: String) async throws -> String?)? = nil,
        readsHistory: Bool = true
    ) async throws -> TierDecision {
        var inputs = TrustInputs(person: person)
        if let client {
            // The lists, as every front reads them (`RepositoryFacts.trustInputs`), then the track record from GitHub.
            let source: any RepositorySource = files ?? GitHubRepositorySource(client: client, repo: repo)
            inputs = try await RepositoryFacts.trustInputs(
                person, policy: policy, in: source,
                elsewhere: elsewhere
                    ?? { repository, path in
                        try await client.fileContents(
                            RepositoryRef(fullName: repository, installationID: repo.installationID), path: path)
                    })
        }
        if let client, readsHistory {
            if !person.hasWriteAccess, !person.isBot {
                let key = repo.fullName + " " + person.login.lowercased()
                let items = try await histories.value(key, now: now()) {
                    try await client.authorHistory(repo, login: person.login)
                }
                var history = TrackRecord(history: items, now: now())
                history.merged = max(history.merged, person.association == .contributor ? 1 : 0)
                inputs.record = history
            }
        } else if person.association == .contributor {
            inputs.record = TrackRecord(merged: 1)  // GitHub says they have had something merged here
        }
        for statement in try await store.statements() {
            // Expired or unreadable: it no longer counts.
            guard let verified = await verified.statement(statement, now: now()) else { continue }
            inputs.imported += verified.about(person.login, weight: statement.weight)
        }
        return TrustAssessor.decide(inputs, policy: policy.trust, bots: policy.exempt.bots)
    }

    /// A vouch list named in the policy (`trust.inherit`, `trust.managers_file`): `owner/repo:path` in another
    /// repository — which the App's installation must reach — or a path in this one. Nil when it does not exist.
    static func list(_ name: String, from repo: RepositoryRef, client: GitHubClient) async throws -> VouchFile? {
        let (repository, path) = TrustPolicy.location(name)
        var target = repo
        if let repository { target = RepositoryRef(fullName: repository, installationID: repo.installationID) }
        return try await client.fileContents(target, path: path).map(VouchFile.init(parsing:))
    }

    // MARK: The ledger

    /// A pull request whose author's balance does not cover its stake: the label and the sticky comment's paragraph
    /// that ask for a sponsor (`DeliveryPlan` puts them in the plan).
    struct SponsorWait: Sendable {
        var label: PlannedAction
        var paragraph: String
    }

    /// The stake a new pull request opens in the ledger — entries the delivery appends when it records, so a delivery
    /// that fails before then stakes nothing and its retry plans the same — and what to ask when the balance does not
    /// cover it.
    func stake(_ evaluation: Evaluation, item: String, author: String, tier: TrustTier, policy: Policy)
        async throws -> (entries: [LedgerEntry], wait: SponsorWait?)
    {
        let rules = policy.trust.reputation
        guard rules.enabled else { return ([], nil) }
        let account = LedgerAccount(author: author, entries: try await store.ledger(author: author))
        let (entries, decision) = Ledger.open(
            account, item: item, reviewMinutes: evaluation.reviewMinutes, tier: tier, rules: rules, at: now())
        let waiting: (stake: Double, balance: Double)?
        switch decision {
        case .needsSponsor(let stake, let balance): waiting = (stake, balance)
        case .unchanged: waiting = account.waiting[item].map { ($0, account.balance) }
        case .exempt, .staked: waiting = nil
        }
        guard let waiting else { return (entries, nil) }
        let reason =
            "reputation: balance \(Ledger.format(waiting.balance)) does not cover the stake \(Ledger.format(waiting.stake))"
        let wait = SponsorWait(
            label: PlannedAction(.addLabel(Self.needsSponsorLabel), reason: reason, shadow: policy.shadow),
            paragraph: """


                This pull request waits for a sponsor: @\(author)'s reputation balance (\(Ledger.format(waiting.balance)) \
                points) does not cover its stake (\(Ledger.format(waiting.stake)) points, from the estimated review time). \
                A maintainer or a known contributor can sponsor it by commenting `/levee sponsor`. Merged contributions \
                earn points back.
                """)
        return (entries, wait)
    }

    /// Settles the stake of a closed pull request: merged, or closed as slop or for a policy violation — only when
    /// Levee's last evaluation could back an irreversible action (`ActionPlanner.backsIrreversibleAction`: a quoted
    /// violation, or a score of measured precision ≥ 0.99) — or closed without blame.
    func settle(item: String, author: String, merged: Bool, policy: Policy, scoring: ScoringModel) async throws
        -> String
    {
        let rules = policy.trust.reputation
        guard rules.enabled else { return "ignored: pull_request.closed (reputation off)" }
        let closing: LedgerClosing
        if merged {
            closing = .merged
        } else if let last = try await store.storedEvaluation(source: item)?.evaluation,
            ActionPlanner.backsIrreversibleAction(last, scoring: policy.scoring(base: scoring))
        {
            closing = .rejected
        } else {
            closing = .withdrawn
        }
        let account = LedgerAccount(author: author, entries: try await store.ledger(author: author))
        let entries = Ledger.close(account, item: item, as: closing, rules: rules, at: now())
        try await store.appendLedger(entries)
        let balance = LedgerAccount(author: author, entries: account.entries + entries).balance
        return "\(item): ledger \(closing.rawValue) for \(author), balance \(Ledger.format(balance))"
    }

    // MARK: Commands

    struct CommandContext {
        var repo: RepositoryRef
        var number: Int
        var isPullRequest: Bool
        /// The issue or pull request's author.
        var itemAuthor: String?
        var actor: Person
        var commentID: Int
        var deliveryID: String
        var policy: Policy
        var shadow: Bool
        /// Set for a comment in a discussion (vouch's manage-by-discussion): its node id, and the top-level comment
        /// the reply goes under. `number` is then the discussion's number.
        var discussion: DiscussionThread? = nil
        /// The item's labels as the delivery gave them, when it did.
        var itemLabels: [String]? = nil
    }

    /// Carries out the commands of one comment on Levee's own records (the audit, the ledger, decisions) and the
    /// vouch list, and returns what they do to the item — the reply, label changes — as effects for the delivery's one
    /// executor pass (or its shadow rehearsal). The vouch list's commit is made here: the reply says how it went.
    func run(_ commands: [CommentCommand.Parsed], in context: CommandContext, logger: Logger) async throws
        -> [PlannedAction]
    {
        var actions: [PlannedAction] = []
        var replies: [String] = []
        let actor = context.actor.login
        let isWriter = Self.isWriter(context.actor, policy: context.policy)
        // Who may change the vouch list: writers, else those vouched in the managers list (read once per comment).
        var mayManage: Bool? = isWriter ? true : nil
        for parsed in commands {
            guard case .command(let command) = parsed else {
                if case .invalid(let line, let reason) = parsed { replies.append("`\(line)`: \(reason).") }
                continue
            }
            var audit = AuditRecord(
                repository: context.repo.fullName, actor: actor, command: command.verb.rawValue,
                subject: command.subject ?? context.itemAuthor ?? "", reason: command.reason, status: .refused,
                at: now())
            switch command.verb {
            case .vouch, .denounce, .unvouch:
                let subject = command.subject ?? context.itemAuthor
                if mayManage == nil { mayManage = try await isManager(context.actor, context: context) }
                if mayManage != true {
                    audit.detail = "only people with write access or on the managers list can change the vouch list"
                    replies.append("@\(actor): only maintainers can \(command.verb.rawValue) here.")
                } else if let subject {
                    var command = command
                    command.subject = subject
                    (audit.status, audit.detail) = try await changeVouchList(command, context: context)
                    replies.append("\(command.verb.rawValue) @\(subject): \(audit.detail ?? "")")
                } else {
                    audit.detail = "no user named and no author known"
                    replies.append("@\(actor): \(command.verb.rawValue) whom? Name an @user.")
                }
            case .sponsor:
                (audit.status, audit.detail) = try await sponsor(context: context, isWriter: isWriter)
                replies.append("@\(actor): \(audit.detail ?? "")")
                if audit.status == .applied || audit.status == .shadow {
                    actions.append(
                        PlannedAction(.removeLabel(Self.needsSponsorLabel), reason: "sponsored", shadow: context.shadow)
                    )
                }
            case .status:
                audit.status = .applied
                replies.append(try await status(of: context.actor, context: context))
            case .appeal, .notSlop:
                let decided = try await DecisionService(client: client, store: store, now: now).run(
                    command.verb, in: context, isWriter: isWriter, logger: logger)
                (audit.status, audit.detail) = (decided.status, decided.detail)
                replies.append(decided.reply)
                actions += decided.actions
            case .hold, .unhold, .okToTest:
                continue  // the lifecycle's commands (LifecycleService)
            }
            try await store.recordAudit(audit)
            logger.info(
                "command",
                metadata: ["command": "\(command.verb.rawValue)", "status": "\(audit.status.rawValue)"])
        }
        guard !replies.isEmpty else { return actions }
        // The first line is the reply's marker: the executor posts it once, whatever the retries.
        let marker = "<!-- levee:reply:\(context.commentID) -->"
        let reply = Effect.reply(marker + "\n" + replies.joined(separator: "\n\n"))
        return actions + [PlannedAction(reply, reason: "reply to /levee", shadow: context.shadow || client == nil)]
    }

    /// Write access on GitHub, or listed under `trust.maintainers`: who may run the maintainers' commands.
    static func isWriter(_ person: Person, policy: Policy) -> Bool {
        person.hasWriteAccess
            || person.handle.isListed(in: policy.trust.maintainers)
    }

    /// Vouched in `trust.managers_file` (vouch's `vouched-managers`): may change the vouch list by comment.
    func isManager(_ person: Person, context: CommandContext) async throws -> Bool {
        guard let name = context.policy.trust.managersFile, let client,
            let file = try await Self.list(name, from: context.repo, client: client)
        else { return false }
        let status = file.status(of: VouchFile.Handle(username: person.login), defaultPlatform: VouchFile.gitHub)
        if case .vouched = status { return true }
        return false
    }

    func changeVouchList(_ command: CommentCommand, context: CommandContext) async throws
        -> (AuditRecord.Status, String)
    {
        guard let subject = command.subject, let handle = VouchFile.Handle(parsing: subject)?.asVouchWrites else {
            return (.refused, "no user named")
        }
        // The list where it is (`RepositoryFacts.vouchListPaths`), else a new one at `trust.vouch_file`.
        var path = context.policy.trust.vouchFile
        var current: RepositoryFile?
        for candidate in RepositoryFacts.vouchListPaths(context.policy) {
            if let found = try await client?.file(context.repo, path: candidate) {
                (path, current) = (candidate, found)
                break
            }
        }
        let file = current.map { VouchFile(parsing: $0.text) } ?? VouchFile(parsing: VouchFile.newFileHeader)
        let edited: VouchFile
        switch command.verb {
        case .vouch: edited = file.adding(handle, details: command.reason, defaultPlatform: VouchFile.gitHub)
        case .denounce: edited = file.denouncing(handle, reason: command.reason, defaultPlatform: VouchFile.gitHub)
        default: edited = file.removing(handle, defaultPlatform: VouchFile.gitHub)
        }
        // A list vouch wrote stays in vouch's order and form, as vouch re-sorts it on every change.
        let changed = edited.keepingForm(of: file)
        if current != nil, changed == file { return (.applied, "already so in \(path), nothing to change") }
        guard let client, !context.shadow else {
            return (.shadow, "shadow mode: \(path) would change; nothing was committed")
        }
        let asked =
            context.number <= 0
            ? "on the Levee dashboard"
            : context.discussion != nil ? "in discussion #\(context.number)" : "in #\(context.number)"
        let message = "Levee: \(command.verb.rawValue) @\(subject) (asked by @\(context.actor.login) \(asked))"
        do {
            try await client.putFile(
                context.repo, path: path, text: changed.render(), sha: current?.sha, message: message)
        } catch var error as GitHubError where error.status == 409 {
            // Someone changed the file meanwhile: try the whole comment again shortly, on the new version.
            error.retryAt = now().addingTimeInterval(5)
            throw error
        } catch let error as GitHubError where error.retryAt == nil {
            return (.failed, "could not commit \(path): \(error.message)")
        }
        return (.applied, "committed to \(path)")
    }

    func sponsor(context: CommandContext, isWriter: Bool) async throws -> (AuditRecord.Status, String) {
        guard context.policy.trust.reputation.enabled else { return (.refused, "the reputation ledger is off here") }
        guard context.isPullRequest, let author = context.itemAuthor else {
            return (.refused, "`/levee sponsor` works on a pull request")
        }
        var allowed = isWriter
        if !allowed {
            let tier = try await decide(context.actor, repo: context.repo, policy: context.policy)
            allowed = tier.tier == .knownContributor
        }
        guard allowed else { return (.refused, "only maintainers and known contributors can sponsor") }
        let item = ItemReference(repository: context.repo.fullName, number: context.number).description
        let account = LedgerAccount(author: author, entries: try await store.ledger(author: author))
        let entries = Ledger.sponsor(account, item: item, by: context.actor.login, at: now())
        guard !entries.isEmpty else { return (.refused, "this pull request is not waiting for a sponsor") }
        try await store.appendLedger(entries)
        return (context.shadow ? .shadow : .applied, "sponsored: @\(author)'s stake on this pull request is covered")
    }

    func status(of person: Person, context: CommandContext) async throws -> String {
        let tier = try await decide(person, repo: context.repo, policy: context.policy)
        var text = "@\(person.login): tier **\(tier.tier.rawValue)** (\(tier.reason))."
        if context.policy.trust.reputation.enabled {
            let account = LedgerAccount(author: person.login, entries: try await store.ledger(author: person.login))
            let balance = account.entries.isEmpty ? context.policy.trust.reputation.startingBalance : account.balance
            text += " Reputation balance: \(Ledger.format(balance)) points"
            if !account.held.isEmpty {
                text +=
                    "; held: "
                    + account.held.keys.sorted().map { "\($0) \(Ledger.format(account.held[$0]!.amount))" }
                    .joined(separator: ", ")
            }
            if !account.waiting.isEmpty {
                text += "; waiting for a sponsor: " + account.waiting.keys.sorted().joined(separator: ", ")
            }
            text += "."
        }
        return text
    }
}

/// Imported statements verified once each (the signature, against the issuer's key), keyed by the stored statement, so
/// a statement added, replaced or removed is verified afresh and the rest are not verified again on every delivery.
/// Expiry is checked on every use.
actor VerifiedStatements {
    private var verified: [StoredStatement: TrustStatement?] = [:]

    func statement(_ stored: StoredStatement, now: Date) -> TrustStatement? {
        let statement: TrustStatement?
        if let known = verified[stored] {
            statement = known
        } else {
            statement = (try? SignedTrustStatement.read(stored.signed, source: stored.issuer))
                .flatMap { try? $0.verify(trustedKey: stored.publicKey, now: now) }
            if verified.count > 1_000 { verified.removeAll() }
            verified[stored] = statement
        }
        guard let statement, statement.expiresAt > now else { return nil }
        return statement
    }
}
