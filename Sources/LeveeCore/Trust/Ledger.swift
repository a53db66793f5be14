import Foundation

/// The `trust.reputation` rules: opening a contribution stakes points in proportion to its estimated review cost,
/// a merge gives them back with a reward, closing it as slop or for a policy violation forfeits them. An author who
/// cannot cover a stake waits for a sponsor. Off unless the policy turns it on.
public struct ReputationRules: Sendable, Hashable {
    public var enabled: Bool
    /// What a newcomer starts with: enough for a small change at once.
    public var startingBalance: Double
    public var stakePerReviewMinute: Double
    public var minimumStake: Double
    /// A merge returns the stake and this share of it on top.
    public var rewardRatio: Double

    public init(
        enabled: Bool = false, startingBalance: Double = 10, stakePerReviewMinute: Double = 0.5,
        minimumStake: Double = 1, rewardRatio: Double = 0.5
    ) {
        self.enabled = enabled
        self.startingBalance = startingBalance
        self.stakePerReviewMinute = stakePerReviewMinute
        self.minimumStake = minimumStake
        self.rewardRatio = rewardRatio
    }

    public func stake(forReviewMinutes minutes: Double) -> Double {
        max(minimumStake, (minutes * stakePerReviewMinute * 100).rounded() / 100)
    }
}

/// One line of an author's ledger. `amount` is what it changed the balance by.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The starting balance, the first time the author is seen.
        case start
        /// Points held while a contribution is open.
        case stake
        /// The balance could not cover the stake: the contribution waits for a sponsor.
        case needsSponsor = "needs_sponsor"
        /// A maintainer or trusted contributor covered the stake.
        case sponsored
        /// The stake back (merged, or closed without blame).
        case returned
        /// The reward on top of a merged contribution's stake.
        case reward
        /// The stake kept: closed as slop or for a policy violation.
        case forfeited
    }

    public var author: String
    /// `owner/repo#number`.
    public var item: String
    public var kind: Kind
    public var amount: Double
    /// The stake a contribution needs, on `needs_sponsor` (whose amount is 0).
    public var stake: Double?
    public var note: String
    public var at: Date

    public init(
        author: String, item: String, kind: Kind, amount: Double, stake: Double? = nil, note: String, at: Date
    ) {
        self.author = author
        self.item = item
        self.kind = kind
        self.amount = amount
        self.stake = stake
        self.note = note
        self.at = at
    }
}

/// An author's account, rebuilt from their entries: the balance, the stakes held and the contributions waiting.
public struct LedgerAccount: Sendable, Hashable {
    public struct Stake: Sendable, Hashable {
        public var amount: Double
        /// Who covered it, for a sponsored contribution.
        public var sponsor: String?
    }

    public var author: String
    public private(set) var entries: [LedgerEntry] = []
    public private(set) var balance: Double = 0
    public private(set) var held: [String: Stake] = [:]
    /// Contributions waiting for a sponsor, with the stake they need.
    public private(set) var waiting: [String: Double] = [:]

    public init(author: String, entries: [LedgerEntry] = []) {
        self.author = author
        for entry in entries { apply(entry) }
    }

    mutating func apply(_ entry: LedgerEntry) {
        entries.append(entry)
        balance = ((balance + entry.amount) * 100).rounded() / 100
        switch entry.kind {
        case .stake: held[entry.item] = Stake(amount: -entry.amount, sponsor: nil)
        case .needsSponsor: waiting[entry.item] = entry.stake ?? 0
        case .sponsored:
            held[entry.item] = Stake(amount: waiting[entry.item] ?? 0, sponsor: entry.note)
            waiting[entry.item] = nil
        case .returned, .forfeited:
            held[entry.item] = nil
            waiting[entry.item] = nil
        case .start, .reward: break
        }
    }
}

/// How a contribution ended, for the ledger.
public enum LedgerClosing: String, Sendable, Codable, CaseIterable {
    case merged
    /// Closed as slop (verdict likely_slop) or for a policy violation.
    case rejected
    /// Closed without blame (by the author, as a duplicate, superseded).
    case withdrawn
}

/// What opening a contribution did to the author's account.
public enum StakeDecision: Sendable, Hashable {
    /// Maintainers, known contributors and bots stake nothing.
    case exempt(TrustTier)
    case staked(Double)
    /// The balance does not cover the stake; the contribution waits for a sponsor.
    case needsSponsor(stake: Double, balance: Double)
    /// Already staked or waiting: nothing new.
    case unchanged
}

/// The ledger's arithmetic. Pure: each step takes an account and returns the new entries.
public enum Ledger {
    public static func open(
        _ account: LedgerAccount, item: String, reviewMinutes: Double, tier: TrustTier, rules: ReputationRules,
        at: Date
    ) -> (entries: [LedgerEntry], decision: StakeDecision) {
        if tier.skipsGate { return ([], .exempt(tier)) }
        if account.held[item] != nil || account.waiting[item] != nil { return ([], .unchanged) }
        var entries: [LedgerEntry] = []
        var balance = account.balance
        if account.entries.isEmpty {
            entries.append(
                LedgerEntry(
                    author: account.author, item: item, kind: .start, amount: rules.startingBalance,
                    note: "starting balance", at: at))
            balance = rules.startingBalance
        }
        let stake = rules.stake(forReviewMinutes: reviewMinutes)
        if balance + 1e-9 >= stake {
            entries.append(
                LedgerEntry(
                    author: account.author, item: item, kind: .stake, amount: -stake,
                    note: "\(format(reviewMinutes)) review minutes", at: at))
            return (entries, .staked(stake))
        }
        entries.append(
            LedgerEntry(
                author: account.author, item: item, kind: .needsSponsor, amount: 0, stake: stake,
                note: "balance \(format(balance)) does not cover the stake \(format(stake))", at: at))
        return (entries, .needsSponsor(stake: stake, balance: balance))
    }

    /// A maintainer or trusted contributor covers a waiting contribution's stake.
    public static func sponsor(_ account: LedgerAccount, item: String, by sponsor: String, at: Date) -> [LedgerEntry] {
        guard account.waiting[item] != nil else { return [] }
        return [LedgerEntry(author: account.author, item: item, kind: .sponsored, amount: 0, note: sponsor, at: at)]
    }

    public static func close(
        _ account: LedgerAccount, item: String, as closing: LedgerClosing, rules: ReputationRules, at: Date
    ) -> [LedgerEntry] {
        if account.waiting[item] != nil {
            return [
                LedgerEntry(
                    author: account.author, item: item, kind: .returned, amount: 0, note: "closed while waiting",
                    at: at)
            ]
        }
        guard let stake = account.held[item] else { return [] }
        // A sponsored stake was never the author's: it is neither returned nor forfeited from their balance.
        let own = stake.sponsor == nil ? stake.amount : 0
        func entry(_ kind: LedgerEntry.Kind, _ amount: Double, _ note: String) -> LedgerEntry {
            LedgerEntry(author: account.author, item: item, kind: kind, amount: amount, note: note, at: at)
        }
        switch closing {
        case .merged:
            let reward = (stake.amount * rules.rewardRatio * 100).rounded() / 100
            return [entry(.returned, own, "merged"), entry(.reward, reward, "merged")]
        case .withdrawn:
            return [entry(.returned, own, "closed without blame")]
        case .rejected:
            return [entry(.forfeited, 0, "closed as slop or for a policy violation: \(format(own)) kept")]
        }
    }

    public static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
