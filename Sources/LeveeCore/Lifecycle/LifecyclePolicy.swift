import Foundation

/// A person who takes newcomer work: a mentor (newcomer lane) or a triager (the rota), with how many items they take.
public struct Helper: Sendable, Hashable, Codable {
    public var login: String
    public var capacity: Int

    public init(login: String, capacity: Int = 3) {
        self.login = login
        self.capacity = capacity
    }
}

/// The `lifecycle:` part of the policy. Every behaviour is off until the policy turns it on.
public struct LifecyclePolicy: Sendable, Hashable {
    /// CPython's practice: when a maintainer asks and the author goes quiet, mark stale, then close.
    public struct AwaitingAuthor: Sendable, Hashable {
        public var enabled = false
        public var staleAfterDays = 14.0
        /// Days after being marked stale until the item is closed.
        public var closeAfterDays = 14.0
        public var label = "levee:awaiting-author"
        public var staleLabel = "levee:stale"
        /// Labels that freeze the clock, besides `/levee hold`.
        public var holdLabels = ["levee:hold"]
        public init() {}
    }

    /// The Flask creator's experiment: new pull requests from these tiers are closed until the author explains, in
    /// their own words, what the change does and why.
    public struct CloseByDefault: Sendable, Hashable {
        public var enabled = false
        public var tiers: [TrustTier] = [.newcomer]
        /// The least words an explanation needs.
        public var minWords = 15
        public var label = "levee:explain-to-reopen"
        public init() {}
    }

    /// NumPy does not run CI for first-time contributors; Prow has `ok-to-test`.
    public struct FirstTimerGate: Sendable, Hashable {
        public var enabled = false
        public var label = "needs-ok-to-test"
        public init() {}
    }

    /// DjangoNaut-style mentoring for first-time contributors who follow the policy.
    public struct NewcomerLane: Sendable, Hashable {
        public var enabled = false
        public var guide = "CONTRIBUTING.md"
        public var mentors: [Helper] = []
        public init() {}
    }

    public var awaitingAuthor = AwaitingAuthor()
    public var closeByDefault = CloseByDefault()
    public var firstTimerGate = FirstTimerGate()
    public var newcomerLane = NewcomerLane()
    /// Maintainers who opted in to look at flagged newcomer work; review requests for flagged items go only to them.
    public var triagers: [Helper] = []
    /// The label of an item parked over a cap (`caps:` sets the caps).
    public var parkLabel = "levee:parked"

    public init() {}
}
