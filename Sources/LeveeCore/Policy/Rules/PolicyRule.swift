import Foundation

/// One rule of a project's policy, shaped like a `Signal`: the violation ids it reports and the policy keys it reads
/// are constants it owns, its doc comment says what it enforces, and examples that must and must not trigger it run in
/// one parameterised test (`PolicyRuleExampleTests`). A rule only reads; `PolicyChecker` runs them in order.
///
/// Adding a rule: a file here with its examples and its line in `PolicyRules.all`. A rule on a new key declares it
/// (`settings`, a `RuleSetting`): the loader reads it and the rule reads it back from the policy, so the new key needs
/// no other file.
public protocol PolicyRule: Sendable {
    /// The snake_case ids of the violations it reports (`ai_media`); the first is its own.
    static var ids: [String] { get }
    /// The policy keys it reads (`forbidden.ai_media`), quoted in its findings.
    static var keys: [String] { get }
    /// The keys it declares for itself, read by the loader into `Policy.settings`; none by default (its keys are
    /// fields of `Policy`).
    static var settings: [RuleSetting] { get }
    /// Contributions and policies that must produce one of `ids`.
    static var triggeringExamples: [PolicyExample] { get }
    /// Contributions and policies that must produce none of `ids`.
    static var nonTriggeringExamples: [PolicyExample] { get }

    init()
    func check(_ input: PolicyInput) -> [PolicyViolation]
}

extension PolicyRule {
    public static var settings: [RuleSetting] { [] }
}

/// A rule switched on by one `forbidden.*` flag of the policy. The loader reads the flag under the rule's key, so a new
/// forbidden use takes its rule file and its field in `ForbiddenUses`.
public protocol ForbiddingRule: PolicyRule {
    static var flag: WritableKeyPath<ForbiddenUses, Bool> { get }
}

/// What a rule reads: the contribution, what Levee found in it, the project's policy and the author's record.
public struct PolicyInput: Sendable {
    public let contribution: Contribution
    public let disclosure: Disclosure
    public let agent: AgentDetection
    public let signals: [SignalHit]
    public let policy: Policy
    public let author: AuthorRecord?
    /// The repository's pull-request template, when the server or `levee check --repo-root` read one.
    public let template: String?

    /// The author's record in this repository (merged, closed unmerged), when the server read it.
    public var record: TrackRecord? { trust?.record }
    /// The author's tier, when it was decided.
    public let trust: TierDecision?

    /// A pull request (most rules are about pull requests only).
    public var isPull: Bool { contribution.kind == .pullRequest }
    /// An agent's own signature was found (a trailer, a footer, an agent account), not only its layout.
    public let agentSigned: Bool
    /// AI use is disclosed or an agent signed the work.
    public let aiUsed: Bool
    /// The lines that show AI use, each once.
    public let aiEvidence: [String]

    public init(
        contribution: Contribution, disclosure: Disclosure, agent: AgentDetection, signals: [SignalHit],
        policy: Policy, author: AuthorRecord?, template: String?, trust: TierDecision? = nil
    ) {
        self.trust = trust
        self.contribution = contribution
        self.disclosure = disclosure
        self.agent = agent
        self.signals = signals
        self.policy = policy
        self.author = author
        self.template = template
        agentSigned = agent.detected && agent.strength == .signature
        aiUsed = disclosure.admitsAI || agentSigned
        var seen = Set<String>()
        aiEvidence = ((disclosure.admitsAI ? disclosure.evidence : []) + (agentSigned ? agent.evidence : []))
            .filter { seen.insert($0).inserted }
    }

    /// A finding of rule `key`, quoting where the policy wrote it; at most four lines of evidence.
    public func violation(_ id: String, _ key: String, _ message: String, _ evidence: [String]) -> PolicyViolation {
        PolicyViolation(
            id: id, rule: key, message: message, evidence: Array(evidence.prefix(4)), policyLine: policy.line(for: key))
    }
}

/// One example of a rule: a contribution under a policy (the built-in one changed by `configure`), with the author's
/// record and the template where the rule reads them.
public struct PolicyExample: Sendable {
    public var name: String
    public var contribution: Contribution
    public var policy: Policy
    public var author: AuthorRecord?
    public var template: String?
    /// The author's tier and record in the repository, where the rule reads them.
    public var trust: TierDecision?

    public init(
        _ name: String, _ contribution: Contribution, author: AuthorRecord? = nil, template: String? = nil,
        trust: TierDecision? = nil, policy configure: (inout Policy) -> Void = { _ in }
    ) {
        self.trust = trust
        self.name = name
        self.contribution = contribution
        var policy = Policy.builtin
        configure(&policy)
        self.policy = policy
        self.author = author
        self.template = template
    }
}

/// Every rule, in the order findings are listed.
public enum PolicyRules {
    public static let all: [any PolicyRule] = [
        AgentCanaryRule(), AgentTrapTickedRule(), TemplateSectionEmptyRule(), UntickedBoxRule(), AIUseBannedRule(),
        DisclosureRule(),
        TrailerFormatRule(), PromptsAttachedRule(), AutonomousAgentPRRule(), FullyGeneratedPRRule(),
        AIWrittenCommunicationRule(), AgentInstructionFilesRule(), AIMediaRule(), AIWithoutLinkedIssueRule(),
        AIOnGoodFirstIssueRule(), FirstTimerAIPRRule(), AICoauthorTrailerRule(), AIAttributionTrailerRule(),
        AISignedOffByRule(), OpenPRCapRule(), AIPRCapRule(), LargeChangeRule(),
        // The project's own checks on a pull request's shape (`pulls:`, anti-slop's inputs).
        BranchRule(), ConventionalTitleRule(), ConventionalCommitsRule(), DescriptionCapsRule(), HoneypotRule(),
        CommitRule(), FilesRule(), FinalNewlineRule(), AddedCommentsRule(), MaintainerAccessRule(),
        NegativeReactionsRule(), SpamUsernameRule(), IssueLinkRule(), RepositoryRecordRule(),
    ]

    /// The keys rules declare for themselves, in the rules' order (read on every section the loader reads), and the
    /// pull checks' shared `pulls.min_failures`.
    public static let settings: [RuleSetting] = all.flatMap { type(of: $0).settings } + [PullChecks.minFailures]

    /// The rules a `forbidden.*` flag switches on, in order.
    public static var forbidding: [any ForbiddingRule.Type] {
        all.compactMap { type(of: $0) as? any ForbiddingRule.Type }
    }

    /// Every violation id a policy can name (`actions.violations`): the rules' and `denounced_author`, each once.
    public static var violationIDs: [String] {
        var seen = Set<String>()
        return (all.flatMap { type(of: $0).ids } + [DenouncedAuthor.id]).filter { seen.insert($0).inserted }
    }
}
