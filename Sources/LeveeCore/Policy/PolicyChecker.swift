import Foundation

/// A contribution breaking a rule of the project's policy: a finding, not an error. It quotes the policy line
/// it comes from so the author and the maintainer see the project's own words.
public struct PolicyViolation: Sendable, Hashable, Codable {
    /// Stable snake_case id (`disclosure_missing`, `ai_coauthor_trailer`, …); `PolicyRules.violationIDs` lists them.
    public var id: String
    /// The policy key the rule comes from (`forbidden.ai_coauthor_trailers`).
    public var rule: String
    /// A sentence for the author and the maintainer.
    public var message: String
    public var evidence: [String]
    /// Where the rule is written; nil for the built-in policy.
    public var policyLine: PolicyLine?

    enum CodingKeys: String, CodingKey {
        case id, rule, message, evidence
        case policyLine = "policy_line"
    }
}

/// What Levee knows about the author beyond the contribution: trust and open work. The server fills it from its
/// store; `levee check` leaves it empty, and the checks that need it (caps, vouched exemption) then stay silent.
public struct AuthorRecord: Sendable, Hashable {
    public var vouched: Bool
    /// Open pull requests by this author in the repository, this one included.
    public var openPullRequests: Int?
    /// Open AI-assisted pull requests by this author, this one included.
    public var openAIPullRequests: Int?

    public init(vouched: Bool = false, openPullRequests: Int? = nil, openAIPullRequests: Int? = nil) {
        self.vouched = vouched
        self.openPullRequests = openPullRequests
        self.openAIPullRequests = openAIPullRequests
    }
}

/// Checks a contribution against a policy: who is exempt, then every rule of `PolicyRules.all` in order. Pure:
/// everything it reads comes in as arguments.
public enum PolicyChecker {
    /// Why the policy does not apply to this author, or nil when it does.
    public static func exemption(for contribution: Contribution, policy: Policy, author: AuthorRecord?) -> String? {
        let exemptLabels = Set(policy.exempt.labels.map(\.lowercasedFast))
        if let label = contribution.labels.first(where: { exemptLabels.contains($0.lowercasedFast) }) {
            return "labelled `\(label)` (\(PolicyField.exemptLabels.path))"
        }
        if policy.exempt.drafts, contribution.isDraft { return "a draft (\(PolicyField.exemptDrafts.path))" }
        if let milestone = contribution.milestone,
            policy.exempt.milestones.contains(where: { $0 == "*" || $0.lowercasedFast == milestone.lowercasedFast })
        {
            return "in the milestone `\(milestone)` (\(PolicyField.exemptMilestones.path))"
        }
        guard let person = contribution.author else { return nil }
        if policy.exempt.writers, person.hasWriteAccess, let association = person.association {
            return "@\(person.login) has write access (\(association.rawValue.lowercasedFast))"
        }
        if Exemptions.isBot(person.login, in: policy.exempt.bots) {
            return "@\(person.login) is an exempt bot (\(PolicyField.exemptBots.path))"
        }
        if person.handle.isListed(in: policy.exempt.users) {
            return "@\(person.login) is listed in \(PolicyField.exemptUsers.path)"
        }
        if policy.exempt.vouched, author?.vouched == true { return "@\(person.login) is vouched for" }
        return nil
    }

    public static func violations(
        of contribution: Contribution, disclosure: Disclosure, agent: AgentDetection, signals: [SignalHit],
        policy: Policy, author: AuthorRecord?, template: String? = nil, trust: TierDecision? = nil
    ) -> [PolicyViolation] {
        let input = PolicyInput(
            contribution: contribution, disclosure: disclosure, agent: agent, signals: signals, policy: policy,
            author: author, template: template, trust: trust)
        return PullChecks.applyingMinimum(PolicyRules.all.flatMap { $0.check(input) }, policy: policy)
    }
}
