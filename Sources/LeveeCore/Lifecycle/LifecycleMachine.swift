import Foundation

/// Where one pull request or issue stands in Levee's lifecycle, as stored between events.
public struct LifecycleItem: Sendable, Hashable, Codable {
    public enum Phase: String, Sendable, Codable, CaseIterable {
        case open
        /// A maintainer asked; the author has not answered yet.
        case awaitingAuthor = "awaiting_author"
        /// No answer for `stale_after_days`: marked, to be closed after `close_after_days`.
        case stale
        /// Closed on arrival until the author explains in their own words.
        case closedByDefault = "closed_by_default"
        /// Over a cap: labelled and waiting for a slot.
        case parked
        case closed
    }

    public var repository: String
    public var number: Int
    public var isPullRequest: Bool
    public var author: String
    /// The GitHub App installation that reaches the repository, for the timers.
    public var installationID: Int?
    public var phase: Phase
    /// Frozen by `/levee hold` or a hold label: no timer fires.
    public var held: Bool
    /// When the next timer fires (stale, then close).
    public var deadline: Date?
    /// Waiting for `/levee ok-to-test`.
    public var gated: Bool
    public var headSHA: String?
    /// The description as opened, to tell an explanation from a copy of it.
    public var body: String
    public var mentor: String?
    public var triager: String?
    /// What the sticky comment's status line says.
    public var status: String?
    /// When Levee first saw the item opened, when its phase last changed, and when someone with write access other
    /// than its author first commented on it: the dashboard's load figures (time to first response, ages).
    public var openedAt: Date?
    public var phaseSince: Date?
    public var firstResponseAt: Date?

    public init(
        repository: String, number: Int, isPullRequest: Bool, author: String, phase: Phase = .open, held: Bool = false,
        deadline: Date? = nil, gated: Bool = false, headSHA: String? = nil, body: String = "", mentor: String? = nil,
        triager: String? = nil, status: String? = nil
    ) {
        self.repository = repository
        self.number = number
        self.isPullRequest = isPullRequest
        self.author = author
        self.phase = phase
        self.held = held
        self.deadline = deadline
        self.gated = gated
        self.headSHA = headSHA
        self.body = body
        self.mentor = mentor
        self.triager = triager
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case repository, number, author, phase, held, deadline, gated, body, mentor, triager, status
        case openedAt = "opened_at"
        case phaseSince = "phase_since"
        case firstResponseAt = "first_response_at"
        case isPullRequest = "is_pull_request"
        case installationID = "installation_id"
        case headSHA = "head_sha"
    }
}

/// What happened to an item, as the lifecycle sees it.
public enum LifecycleEvent: Sendable, Hashable {
    public struct Opened: Sendable, Hashable {
        public var tier: TrustTier
        public var verdict: Verdict
        /// No policy violation.
        public var followsPolicy: Bool
        /// GitHub says this is the author's first contribution here.
        public var firstTimer: Bool
        /// Open pull requests of the author over the cap (this one included), as the caller counted them.
        public var overCap: Bool
        public var headSHA: String?

        public init(
            tier: TrustTier, verdict: Verdict, followsPolicy: Bool, firstTimer: Bool, overCap: Bool = false,
            headSHA: String? = nil
        ) {
            self.tier = tier
            self.verdict = verdict
            self.followsPolicy = followsPolicy
            self.firstTimer = firstTimer
            self.overCap = overCap
            self.headSHA = headSHA
        }
    }

    case opened(Opened)
    /// A comment (or a review) by someone; `asks` is true for a question or a request for changes.
    case comment(by: String, isWriter: Bool, isBot: Bool, asks: Bool, body: String)
    case hold(by: String, isWriter: Bool, on: Bool)
    case okToTest(by: String, isWriter: Bool)
    case labeled(String)
    case unlabeled(String)
    case closed
    case reopened
    /// Another item of the author closed: a parked one may take its slot.
    case slotFreed
    /// The clock: timers whose deadline has passed fire.
    case tick
}

/// The lifecycle's decisions: a pure state machine. Timers are deadlines in the item; the server's clock sends
/// `.tick`, and a timer that fired has moved the item on, so sending the same tick again changes nothing.
public struct LifecycleMachine: Sendable {
    public var policy: Policy
    /// How many open items each mentor and triager holds now, for capacity.
    public var load: [String: Int]

    public init(policy: Policy, load: [String: Int] = [:]) {
        self.policy = policy
        self.load = load
    }

    var rules: LifecyclePolicy { policy.lifecycle }

    public func apply(_ event: LifecycleEvent, to item: LifecycleItem, now: Date) -> (LifecycleItem, [Effect]) {
        var (next, effects) = transition(event, to: item, now: now)
        switch event {
        case .opened where next.openedAt == nil:
            next.openedAt = now
        case .comment(let by, let isWriter, let isBot, _, _)
        where isWriter && !isBot && next.firstResponseAt == nil
            && Login(by) != Login(next.author):
            next.firstResponseAt = now
        default: break
        }
        if next.phase != item.phase || next.phaseSince == nil { next.phaseSince = now }
        return (next, effects)
    }

    func transition(_ event: LifecycleEvent, to item: LifecycleItem, now: Date) -> (
        LifecycleItem, [Effect]
    ) {
        var item = item
        var effects: [Effect] = []
        func status(_ text: String) {
            item.status = text
            effects.append(.status(text))
        }
        switch event {
        case .opened(let facts):
            item.headSHA = facts.headSHA ?? item.headSHA
            guard item.phase == .open || item.phase == .closed else { break }
            item.phase = .open
            if facts.overCap {
                item.phase = .parked
                effects.append(.addLabel(rules.parkLabel))
                status(
                    "Parked: @\(item.author) has more open pull requests than this project's cap. It stays here and "
                        + "is unparked as soon as one of them closes.")
                break
            }
            if rules.closeByDefault.enabled, item.isPullRequest, rules.closeByDefault.tiers.contains(facts.tier) {
                item.phase = .closedByDefault
                effects += [.addLabel(rules.closeByDefault.label), .close]
                status(
                    "Closed for now: this project asks new contributors to explain, in their own words, what the "
                        + "change does and why. Reply here (at least \(rules.closeByDefault.minWords) words) and Levee "
                        + "reopens it; a maintainer can always reopen it too.")
                break
            }
            if rules.firstTimerGate.enabled, item.isPullRequest, facts.tier == .newcomer {
                item.gated = true
                effects.append(.addLabel(rules.firstTimerGate.label))
            }
            if rules.newcomerLane.enabled, facts.firstTimer, facts.followsPolicy, item.mentor == nil {
                if let mentor = pick(rules.newcomerLane.mentors) {
                    item.mentor = mentor
                    effects.append(.assign(login: mentor))
                    status(
                        "Welcome, and thank you for your first contribution! Please read \(rules.newcomerLane.guide); "
                            + "@\(mentor) will help you through the review.")
                } else if item.openedAt == nil {
                    // No mentor free (or none listed): still welcomed, once, when first seen.
                    status(
                        "Welcome, and thank you for your first contribution! Please read \(rules.newcomerLane.guide); "
                            + "a maintainer will review it.")
                }
            }
            if item.isPullRequest, facts.verdict >= .needsAuthor, item.triager == nil,
                let triager = pick(rules.triagers)
            {
                item.triager = triager
                effects.append(.requestReview(login: triager))
            }
        case .comment(let by, let isWriter, let isBot, let asks, let body):
            guard !isBot else { break }
            let isAuthor = Login(by) == Login(item.author)
            if isAuthor {
                switch item.phase {
                case .closedByDefault:
                    let check = ExplanationCheck.check(reply: body, pullRequestBody: item.body, policy: policy)
                    if check.accepted {
                        item.phase = .open
                        effects += [.removeLabel(rules.closeByDefault.label), .reopen]
                        status("Reopened: thank you for explaining the change. A maintainer will review it.")
                    } else {
                        status(
                            "Still closed: Levee could not take that reply as an explanation ("
                                + check.reasons.joined(separator: "; ") + "). A maintainer can reopen it any time.")
                    }
                case .awaitingAuthor, .stale:
                    effects.append(.removeLabel(rules.awaitingAuthor.label))
                    if item.phase == .stale { effects.append(.removeLabel(rules.awaitingAuthor.staleLabel)) }
                    item.phase = .open
                    item.deadline = nil
                    status("The author answered; back with the maintainers.")
                default: break
                }
            } else if isWriter, asks, rules.awaitingAuthor.enabled, item.phase == .open {
                item.phase = .awaitingAuthor
                item.deadline = now.addingTimeInterval(rules.awaitingAuthor.staleAfterDays * 86400)
                effects.append(.addLabel(rules.awaitingAuthor.label))
                status(
                    "Waiting for @\(item.author): a maintainer asked something. Only the author's reply resets this; "
                        + "without one it is marked stale after \(days(rules.awaitingAuthor.staleAfterDays)) and "
                        + "closed \(days(rules.awaitingAuthor.closeAfterDays)) later.")
            }
        case .hold(_, let isWriter, let on):
            guard isWriter else { break }
            item.held = on
            status(on ? "On hold: no timer runs until a maintainer lifts the hold." : "Hold lifted.")
        case .okToTest(_, let isWriter):
            guard isWriter, item.gated else { break }
            item.gated = false
            effects += [.removeLabel(rules.firstTimerGate.label), .approveWorkflowRuns(headSHA: item.headSHA ?? "")]
        case .labeled(let label):
            if Effect.labels(rules.awaitingAuthor.holdLabels, contain: label) { item.held = true }
        case .unlabeled(let label):
            if Effect.labels(rules.awaitingAuthor.holdLabels, contain: label) { item.held = false }
        case .closed:
            item.phase = item.phase == .closedByDefault ? .closedByDefault : .closed
            item.deadline = nil
        case .reopened:
            if item.phase == .closed || item.phase == .closedByDefault || item.phase == .stale {
                if item.phase == .closedByDefault { effects.append(.removeLabel(rules.closeByDefault.label)) }
                item.phase = .open
                item.deadline = nil
            }
        case .slotFreed:
            guard item.phase == .parked else { break }
            item.phase = .open
            effects.append(.removeLabel(rules.parkLabel))
            status("Unparked: a slot freed up. A maintainer will review it.")
        case .tick:
            guard !item.held, let deadline = item.deadline, deadline <= now else { break }
            switch item.phase {
            case .awaitingAuthor:
                item.phase = .stale
                item.deadline = now.addingTimeInterval(rules.awaitingAuthor.closeAfterDays * 86400)
                effects.append(.addLabel(rules.awaitingAuthor.staleLabel))
                status(
                    "Stale: no answer from @\(item.author) in \(days(rules.awaitingAuthor.staleAfterDays)). It will "
                        + "be closed in \(days(rules.awaitingAuthor.closeAfterDays)) unless the author replies.")
            case .stale:
                item.phase = .closed
                item.deadline = nil
                effects.append(.close)
                status(
                    "Closed: no answer from the author. Thank you for the contribution — reply and ask a maintainer "
                        + "to reopen it whenever you come back to it.")
            default:
                item.deadline = nil
            }
        }
        return (item, effects)
    }

    /// The helper with the most room left (capacity minus load), in list order among equals.
    func pick(_ helpers: [Helper]) -> String? {
        helpers.filter { load[$0.login, default: 0] < $0.capacity }
            .max { ($0.capacity - load[$0.login, default: 0]) < ($1.capacity - load[$1.login, default: 0]) }?.login
    }

    func days(_ value: Double) -> String {
        let whole = Int(value.rounded())
        return whole == 1 ? "1 day" : "\(whole) days"
    }
}
