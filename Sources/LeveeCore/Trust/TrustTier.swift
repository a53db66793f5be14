import Foundation

/// How far a project trusts an author, in this repository. Decided from what the person did here and what the
/// project (or projects it chose to listen to) said about them — never from followers, stars or employers.
public enum TrustTier: String, Sendable, Codable, CaseIterable, Comparable {
    /// Denounced in `VOUCHED.td` (or by imported statements with enough weight).
    case denounced
    /// Nothing known yet: gets the full check.
    case newcomer
    /// Listed as vouched.
    case vouched
    /// Has merged work here (at least `knownContributorAfter` merged pull requests).
    case knownContributor = "known_contributor"
    /// Write access, or listed as a maintainer in the policy.
    case maintainer
    /// An allow-listed service bot (dependabot, renovate). Coding agents are not bots here: their pull requests are
    /// contributions like any other.
    case bot

    static let order: [TrustTier] = [.denounced, .newcomer, .vouched, .knownContributor, .maintainer, .bot]

    public static func < (lhs: TrustTier, rhs: TrustTier) -> Bool {
        order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }

    /// Maintainers, known contributors and service bots skip the gate (the policy's exemptions and the lifecycle's
    /// newcomer handling).
    public var skipsGate: Bool { self == .maintainer || self == .knownContributor || self == .bot }
}

/// What a project knows about one author, brought together for the tier decision.
public struct TrustInputs: Sendable, Hashable {
    public var person: Person
    /// The repository's `VOUCHED.td`, if it has one.
    public var vouchFile: VouchFile?
    /// The author's record in this repository, when known.
    public var record: TrackRecord?
    /// Vouches and denouncements imported from other projects, each with the weight the project gave its issuer.
    public var imported: [ImportedTrust]
    /// Vouch lists read after the repository's own (`trust.inherit`: an organisation-wide list in another
    /// repository), in order. As in vouch, the first list that names the user decides: the local list overrides
    /// an inherited one, and a user the local list does not name falls through to the inherited ones.
    public var inherited: [NamedVouchFile]
    /// Logins named in CODEOWNERS, when `trust.codeowners` is on: vouched unless a list denounces them.
    public var codeOwners: [String]

    public init(
        person: Person, vouchFile: VouchFile? = nil, record: TrackRecord? = nil, imported: [ImportedTrust] = [],
        inherited: [NamedVouchFile] = [], codeOwners: [String] = []
    ) {
        self.person = person
        self.vouchFile = vouchFile
        self.record = record
        self.imported = imported
        self.inherited = inherited
        self.codeOwners = codeOwners
    }

    /// The repository's list, then the inherited ones: the first that names `handle` decides (vouch's merge).
    func listStatus(_ handle: VouchFile.Handle, localName: String) -> (VouchFile.Status, PolicyLine?, String) {
        let lists = (vouchFile.map { [NamedVouchFile(name: localName, file: $0)] } ?? []) + inherited
        for list in lists {
            let status = list.file.status(of: handle, defaultPlatform: VouchFile.gitHub)
            if status != .unknown {
                return (
                    status, list.file.line(of: handle, file: list.name, defaultPlatform: VouchFile.gitHub), list.name
                )
            }
        }
        return (.unknown, nil, localName)
    }
}

/// A vouch list and where it was read (`owner/repo:path`, or a path in this repository).
public struct NamedVouchFile: Sendable, Hashable {
    public var name: String
    public var file: VouchFile

    public init(name: String, file: VouchFile) {
        self.name = name
        self.file = file
    }
}

/// One imported statement's word about an author.
public struct ImportedTrust: Sendable, Hashable, Codable {
    public var issuer: String
    public var weight: Double
    public var kind: VouchFile.Kind
    public var reason: String?
    public var merged: Int?

    public init(issuer: String, weight: Double, kind: VouchFile.Kind, reason: String? = nil, merged: Int? = nil) {
        self.issuer = issuer
        self.weight = weight
        self.kind = kind
        self.reason = reason
        self.merged = merged
    }
}

/// The tier and the sentence that explains it.
public struct TierDecision: Sendable, Hashable, Codable {
    public var tier: TrustTier
    public var reason: String
    /// The vouch-list line the decision rests on, when it rests on one.
    public var line: PolicyLine?
    /// The author's record in this repository, when it was read (the server reads it for people without write
    /// access).
    public var record: TrackRecord?

    public init(tier: TrustTier, reason: String, line: PolicyLine? = nil) {
        self.tier = tier
        self.reason = reason
        self.line = line
    }
}

/// Decides an author's tier. Pure: everything comes in as values.
public enum TrustAssessor {
    public static func decide(_ inputs: TrustInputs, policy: TrustPolicy, bots: [String]) -> TierDecision {
        var decision = tier(inputs, policy: policy, bots: bots)
        decision.record = inputs.record
        return decision
    }

    static func tier(_ inputs: TrustInputs, policy: TrustPolicy, bots: [String]) -> TierDecision {
        let login = inputs.person.login
        let handle = VouchFile.Handle(username: login)
        if Exemptions.isBot(login, in: bots) {
            return TierDecision(tier: .bot, reason: "\(login) is on the policy's list of service bots")
        }
        if inputs.person.hasWriteAccess {
            return TierDecision(
                tier: .maintainer,
                reason: "\(login) has write access (GitHub: \(inputs.person.association!.rawValue.lowercased()))")
        }
        if inputs.person.handle.isListed(in: policy.maintainers) {
            return TierDecision(tier: .maintainer, reason: "\(login) is listed under \(PolicyField.maintainers.path)")
        }
        // GitHub's login: entries for another platform do not name this person (vouch's GitHub actions check with
        // `--default-platform github`).
        let (status, line, list) = inputs.listStatus(handle, localName: policy.vouchFile)
        let listName = list == policy.vouchFile ? "VOUCHED.td" : list
        if case .denounced(let reason) = status {
            return TierDecision(
                tier: .denounced, reason: "\(login) is denounced in \(listName)" + (reason.map { ": \($0)" } ?? ""),
                line: line)
        }
        let denouncing = inputs.imported.filter { $0.kind == .denounce }
        if denouncing.reduce(0, { $0 + $1.weight }) >= 1 {
            let names = denouncing.map { "\($0.issuer)" + ($0.reason.map { " (\($0))" } ?? "") }
            return TierDecision(tier: .denounced, reason: "denounced by " + names.joined(separator: ", "))
        }
        if let record = inputs.record, record.merged >= policy.knownContributorAfter {
            return TierDecision(
                tier: .knownContributor,
                reason: "\(record.merged) merged pull request\(record.merged == 1 ? "" : "s") here")
        }
        if case .vouched = status {
            return TierDecision(tier: .vouched, reason: "\(login) is vouched for in \(listName)", line: line)
        }
        if inputs.person.handle.isListed(in: inputs.codeOwners) {
            return TierDecision(
                tier: .vouched, reason: "\(login) is named in CODEOWNERS (\(PolicyField.codeowners.path))")
        }
        let vouching = inputs.imported.filter { $0.kind == .vouch }
        if vouching.reduce(0, { $0 + $1.weight }) >= 1 {
            return TierDecision(
                tier: .vouched, reason: "vouched for by " + vouching.map(\.issuer).joined(separator: ", "))
        }
        let merged = inputs.record?.merged ?? 0
        return TierDecision(
            tier: .newcomer,
            reason: merged == 0
                ? "no merged pull request here yet"
                : "\(merged) merged pull request\(merged == 1 ? "" : "s") here, fewer than \(policy.knownContributorAfter)"
        )
    }
}

/// The `trust:` part of the policy.
public struct TrustPolicy: Sendable, Hashable {
    /// Merged pull requests that make an author a known contributor.
    public var knownContributorAfter: Int
    /// Logins treated as maintainers besides those with write access.
    public var maintainers: [String]
    /// Where the vouch list lives in the repository.
    public var vouchFile: String
    public var reputation: ReputationRules
    /// Vouch lists read after this repository's own, in order: `owner/repo:path` (`org/.github:VOUCHED.td`, an
    /// organisation-wide list) or a path in this repository, as vouch's inherited lists.
    public var inherit: [String]
    /// A vouch list whose vouched people may change this one by comment, besides those with write access (vouch's
    /// `vouched-managers`): a path here or `owner/repo:path`.
    public var managersFile: String?
    /// Everyone named in CODEOWNERS counts as vouched (vouch's `sync-codeowners`, read instead of copied).
    public var codeowners: Bool
    /// The words of the list commands in comments.
    public var commands: CommandKeywords

    public init(
        knownContributorAfter: Int = 3, maintainers: [String] = [], vouchFile: String = ".github/VOUCHED.td",
        reputation: ReputationRules = ReputationRules(), inherit: [String] = [], managersFile: String? = nil,
        codeowners: Bool = false, commands: CommandKeywords = CommandKeywords()
    ) {
        self.knownContributorAfter = knownContributorAfter
        self.maintainers = maintainers
        self.vouchFile = vouchFile
        self.reputation = reputation
        self.inherit = inherit
        self.managersFile = managersFile
        self.codeowners = codeowners
        self.commands = commands
    }

    /// Where a list named in `inherit` or `managers_file` is: another repository (`owner/repo:path`) or nil for
    /// this one, and the path.
    public static func location(_ text: String) -> (repository: String?, path: String) {
        guard let colon = text.firstIndex(of: ":") else { return (nil, text) }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
