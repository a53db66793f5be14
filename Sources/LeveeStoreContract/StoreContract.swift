import Foundation
import LeveeCore
import LeveeStore
import Testing

/// Contracts beyond the inbox: evaluations, trust, lifecycle, fingerprints, leases, and claims under concurrency.
enum StoreContract {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    static func evaluationsReplaceBySource(_ store: any ServerStore) async throws {
        var evaluation = Evaluator().evaluate(Contribution(kind: .issue, number: 3, title: "Crash on start"))
        try await store.saveEvaluation(StoredEvaluation(.item("o/r#3"), evaluatedAt: at, evaluation: evaluation))
        evaluation.verdict = .likelySlop
        try await store.saveEvaluation(
            StoredEvaluation(.item("o/r#3"), evaluatedAt: at.addingTimeInterval(5), evaluation: evaluation))
        let stored = try #require(try await store.storedEvaluation(source: "o/r#3"))
        #expect(stored.evaluation.verdict == .likelySlop)
        #expect(stored.evaluation.number == 3)
        #expect(stored.evaluation.slopScore == evaluation.slopScore)
        #expect(stored.evaluatedAt == at.addingTimeInterval(5))
        #expect(try await store.storedEvaluation(source: "o/r#4") == nil)
    }

    static func ledgersAuditAndStatementsPersist(_ store: any ServerStore) async throws {
        let rules = ReputationRules(enabled: true)
        let (opened, _) = Ledger.open(
            LedgerAccount(author: "Newbie"), item: "o/r#1", reviewMinutes: 40, tier: .newcomer, rules: rules, at: at)
        try await store.appendLedger(opened)
        try await store.appendLedger([
            LedgerEntry(author: "other", item: "o/r#2", kind: .start, amount: 12, note: "starting balance", at: at)
        ])
        // Logins are not case-sensitive on GitHub.
        let entries = try await store.ledger(author: "newbie")
        #expect(entries == opened)
        #expect(LedgerAccount(author: "newbie", entries: entries).waiting == ["o/r#1": 20])
        #expect(try await store.balances().map(\.author) == ["other", "Newbie"])
        #expect(try await store.balances().map(\.balance) == [12, 10])

        try await store.recordAudit(
            AuditRecord(
                repository: "o/r", actor: "mia", command: "denounce", subject: "spammer", reason: "spam",
                status: .shadow, at: at))
        #expect(try await store.audit(limit: 5).map(\.subject) == ["spammer"])

        let statement = StoredStatement(
            issuer: "ghostty", publicKey: "AAAA", weight: 0.5, signed: Data("{}".utf8), expiresAt: at, importedAt: at)
        try await store.saveStatement(statement)
        var reweighted = statement
        reweighted.weight = 1
        try await store.saveStatement(reweighted)
        #expect(try await store.statements() == [reweighted])
        var bad = statement
        bad.weight = 2
        await #expect(throws: StoreError.self) { try await store.saveStatement(bad) }
        #expect(try await store.statements() == [reweighted])  // nothing accepted is lost
    }

    static func lifecycleItemsAndTheirDeadlines(_ store: any ServerStore) async throws {
        func item(_ number: Int, author: String, phase: LifecycleItem.Phase, deadline: Double?, held: Bool = false)
            -> LifecycleItem
        {
            var item = LifecycleItem(
                repository: "o/r", number: number, isPullRequest: true, author: author, body: "body \(number)")
            item.installationID = 7
            item.phase = phase
            item.deadline = deadline.map { at.addingTimeInterval($0) }
            item.held = held
            return item
        }
        var first = item(1, author: "Ada", phase: .awaitingAuthor, deadline: 10)
        first.mentor = "mia"
        try await store.saveLifecycleItem(first)
        try await store.saveLifecycleItem(item(2, author: "ada", phase: .awaitingAuthor, deadline: 5))
        try await store.saveLifecycleItem(item(3, author: "bob", phase: .awaitingAuthor, deadline: 1, held: true))
        var fourth = item(4, author: "bob", phase: .open, deadline: nil)
        fourth.triager = "mia"
        try await store.saveLifecycleItem(fourth)
        #expect(try await store.lifecycleItem(repository: "o/r", number: 1) == first)
        #expect(try await store.dueLifecycleItems(now: at.addingTimeInterval(20), limit: 10).map(\.number) == [2, 1])
        #expect(try await store.dueLifecycleItems(now: at.addingTimeInterval(6), limit: 10).map(\.number) == [2])
        #expect(
            try await store.lifecycleItems(repository: "o/r", author: "ADA", phase: .awaitingAuthor).map(\.number)
                == [1, 2])
        #expect(try await store.helperLoad(repository: "o/r") == ["mia": 2])
        first.phase = .closed
        first.deadline = nil
        try await store.saveLifecycleItem(first)
        #expect(try await store.helperLoad(repository: "o/r") == ["mia": 1])
        #expect(try await store.dueLifecycleItems(now: at.addingTimeInterval(20), limit: 10).map(\.number) == [2])
    }

    static func fingerprintsOfOpenAndRecentItems(_ store: any ServerStore) async throws {
        func fingerprinted(_ number: Int) -> FingerprintedItem {
            FingerprintedItem(
                number: number, title: "item \(number)",
                fingerprint: Fingerprint(
                    Contribution(
                        kind: .issue, number: number, title: "item \(number)", body: "a crash, number \(number)")))
        }
        try await store.saveFingerprint(repository: "o/r", item: fingerprinted(1), open: true, at: at)
        try await store.saveFingerprint(repository: "o/r", item: fingerprinted(2), open: true, at: at)
        try await store.saveFingerprint(repository: "o/other", item: fingerprinted(3), open: true, at: at)
        try await store.markClosed(repository: "o/r", number: 2, at: at.addingTimeInterval(-100 * 86400))
        let recent = try await store.fingerprints(repository: "o/r", since: at.addingTimeInterval(-90 * 86400))
        #expect(recent.map(\.number) == [1])
        #expect(recent.first == fingerprinted(1))
        // What the queue leaves out, whatever the lifecycle knows: closed on GitHub.
        #expect(try await store.closedFingerprints() == ["o/r#2"])
        try await store.saveFingerprint(repository: "o/r", item: fingerprinted(2), open: true, at: at)  // reopened
        #expect(try await store.closedFingerprints().isEmpty)
    }

    static func outcomesKeepTheLastClose(_ store: any ServerStore) async throws {
        let merged = ItemOutcome(
            repository: "o/r", number: 1, isPullRequest: true, author: "ada", kind: .merged,
            closedAt: at.addingTimeInterval(10), closedBy: "maintainer", labels: ["docs"], verdict: .welcome,
            slopScore: 0.1)
        let spam = ItemOutcome(
            repository: "o/r", number: 2, isPullRequest: true, author: "bulk", kind: .spam, closedAt: at,
            labels: ["spam"], verdict: .likelySlop, slopScore: 0.99)
        let other = ItemOutcome(
            repository: "p/q", number: 1, isPullRequest: false, author: "cy", kind: .completed,
            closedAt: at.addingTimeInterval(5))
        for outcome in [merged, spam, other] { try await store.saveOutcome(outcome) }
        #expect(try await store.outcomes(repository: nil, since: .distantPast) == [spam, other, merged])
        #expect(try await store.outcomes(repository: "o/r", since: at.addingTimeInterval(1)) == [merged])
        var reclosed = spam
        reclosed.kind = .declined
        reclosed.closedAt = at.addingTimeInterval(20)
        try await store.saveOutcome(reclosed)  // reopened and closed again: the last close counts
        #expect(try await store.outcomes(repository: "o/r", since: .distantPast) == [merged, reclosed])
    }

    static func decisionsKeepTheLatestOfEachKind(_ store: any ServerStore) async throws {
        func decision(_ number: Int, _ kind: ItemDecision.Kind, by: String, _ seconds: Double, repo: String = "o/r")
            -> ItemDecision
        {
            ItemDecision(
                repository: repo, number: number, isPullRequest: true, author: "ada", kind: kind, by: by,
                at: at.addingTimeInterval(seconds))
        }
        let appeal = decision(1, .appeal, by: "ada", 0)
        let notSlop = decision(1, .notSlop, by: "maintainer", 10)
        let elsewhere = decision(7, .notSlop, by: "maintainer", 5, repo: "p/q")
        for d in [appeal, notSlop, elsewhere] { try await store.saveDecision(d) }
        #expect(try await store.decisions(repository: nil, since: .distantPast) == [appeal, elsewhere, notSlop])
        #expect(try await store.decisions(repository: "o/r", since: at.addingTimeInterval(1)) == [notSlop])
        let again = decision(1, .appeal, by: "ada", 20)  // appealed a second time: one row, the latest
        try await store.saveDecision(again)
        #expect(try await store.decisions(repository: "o/r", since: .distantPast) == [notSlop, again])
    }

    static func oneLeaseHolderAtATime(_ store: any ServerStore) async throws {
        #expect(try await store.acquireLease(name: "timers", owner: "a", now: at, seconds: 60))
        #expect(
            try await store.acquireLease(name: "timers", owner: "b", now: at.addingTimeInterval(30), seconds: 60)
                == false)
        #expect(try await store.acquireLease(name: "timers", owner: "a", now: at.addingTimeInterval(50), seconds: 60))
        // Renewed at 50: still a's at 100, b's after 110.
        #expect(
            try await store.acquireLease(name: "timers", owner: "b", now: at.addingTimeInterval(100), seconds: 60)
                == false)
        #expect(try await store.acquireLease(name: "timers", owner: "b", now: at.addingTimeInterval(111), seconds: 60))
        #expect(try await store.acquireLease(name: "other", owner: "a", now: at.addingTimeInterval(111), seconds: 60))
        // Only the holder gives a lease up.
        try await store.releaseLease(name: "other", owner: "b")
        #expect(
            try await store.acquireLease(name: "other", owner: "b", now: at.addingTimeInterval(112), seconds: 60)
                == false)
        try await store.releaseLease(name: "other", owner: "a")
        #expect(try await store.acquireLease(name: "other", owner: "b", now: at.addingTimeInterval(112), seconds: 60))
    }

    /// A delivery put back because its item was busy waits, and its attempt is not counted.
    static func postponingDoesNotCountTheAttempt(_ store: any ServerStore) async throws {
        _ = try await store.enqueue(InboxContract.delivery("p"))
        let now = Date(timeIntervalSince1970: 1000)
        let item = try #require(try await store.claim(owner: "w", now: now, lease: 60))
        #expect(try await store.postpone(id: item.id, owner: "other", until: now.addingTimeInterval(1)) == false)
        #expect(try await store.postpone(id: item.id, owner: "w", until: now.addingTimeInterval(1)))
        #expect(try await store.claim(owner: "w", now: now, lease: 60) == nil)
        let again = try #require(try await store.claim(owner: "w", now: now.addingTimeInterval(1), lease: 60))
        #expect(again.attempts == 1)
    }

    /// Many claimers at once (as several replicas' workers would be): every delivery is handed out exactly once.
    static func concurrentClaimsHandOutEachDeliveryOnce(_ store: any ServerStore) async throws {
        for n in 0..<60 { _ = try await store.enqueue(InboxContract.delivery("c\(n)", at: Double(n))) }
        let now = Date(timeIntervalSince1970: 1000)
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<6 {
                group.addTask {
                    var mine: [String] = []
                    while let item = try await store.claim(owner: "w\(worker)", now: now, lease: 600) {
                        mine.append(item.delivery.deliveryID)
                        _ = try await store.complete(id: item.id, owner: "w\(worker)", outcome: "ok", now: now)
                    }
                    return mine
                }
            }
            var all: [String] = []
            for try await mine in group { all += mine }
            return all
        }
        #expect(claimed.count == 60)
        #expect(Set(claimed).count == 60)
        #expect(try await store.depth() == 0)
    }
}

extension StoreContract {
    static func queueAndLoadQueries(_ store: any ServerStore) async throws {
        #expect(try await store.latestItemEvaluation() == nil)
        for n in 1...3 {
            let evaluation = Evaluator().evaluate(Contribution(kind: .pullRequest, number: n, title: "Change \(n)"))
            try await store.saveEvaluation(
                StoredEvaluation(
                    .item("o/r#\(n)"), evaluatedAt: at.addingTimeInterval(Double(n)), evaluation: evaluation))
        }
        try await store.saveEvaluation(
            StoredEvaluation(
                .response(to: "o/r#3", kind: .comment, delivery: "d-1"), evaluatedAt: at.addingTimeInterval(9),
                evaluation: Evaluator().evaluate(Contribution(kind: .comment, number: 3, title: ""))))
        #expect(try await store.storedEvaluation(source: "o/r#3 comment d-1")?.queued == false)
        #expect(try await store.storedEvaluation(source: "o/r#3")?.queued == true)
        let changed = Evaluator().evaluate(Contribution(kind: .pullRequest, number: 4, title: "Change 4"))
        // The queue's tally counts items only, and what changed since a time is read by `evaluated_at`.
        let tally = try await store.evaluationTally()
        #expect(tally == EvaluationTally(count: 3, latest: at.addingTimeInterval(3)))
        #expect(try await store.latestItemEvaluation() == at.addingTimeInterval(3))  // not the comment's 9
        #expect(
            Set(try await store.itemEvaluations(since: at.addingTimeInterval(2)).map(\.source)) == ["o/r#2", "o/r#3"])
        #expect(try await store.itemEvaluations(since: .distantPast).count == 3)
        try await store.saveEvaluation(
            StoredEvaluation(.item("o/r#4"), evaluatedAt: at.addingTimeInterval(4), evaluation: changed))
        #expect(try await store.evaluationTally() == EvaluationTally(count: 4, latest: at.addingTimeInterval(4)))
        #expect(try await store.latestItemEvaluation() == at.addingTimeInterval(4))
        try await store.saveEvaluation(
            StoredEvaluation(
                .item("o/r#6"), evaluatedAt: at.addingTimeInterval(6),
                evaluation: Evaluator().evaluate(Contribution(kind: .issue, number: 6, title: "It breaks"))))
        #expect(try await store.latestItemEvaluation() == at.addingTimeInterval(6))  // issues count too

        // The load page's lifecycle times come out of the stored JSON; one item per repository for the trust page.
        var opened = LifecycleItem(repository: "o/r", number: 1, isPullRequest: true, author: "ada", phase: .open)
        opened.openedAt = at
        opened.firstResponseAt = at.addingTimeInterval(3600.5)
        opened.installationID = 9
        var waiting = LifecycleItem(
            repository: "o/r", number: 2, isPullRequest: false, author: "bob", phase: .awaitingAuthor)
        waiting.phaseSince = at.addingTimeInterval(60)
        waiting.installationID = 9
        let other = LifecycleItem(repository: "p/q", number: 5, isPullRequest: true, author: "cy", phase: .stale)
        for item in [opened, waiting, other] { try await store.saveLifecycleItem(item) }
        let times = try await store.lifecycleTimes()
        #expect(Set(times) == Set([opened, waiting, other].map(LifecycleTimes.init)))
        let perRepository = try await store.lifecycleItemPerRepository()
        #expect(Set(perRepository.map { "\($0.repository)#\($0.number)" }) == ["o/r#2", "p/q#5"])
        #expect(perRepository.first { $0.repository == "o/r" }?.installationID == 9)

    }

    static func dashboardQueries(_ store: any ServerStore) async throws {
        for n in 1...3 {
            let evaluation = Evaluator().evaluate(Contribution(kind: .pullRequest, number: n, title: "Change \(n)"))
            try await store.saveEvaluation(
                StoredEvaluation(
                    .item("o/r#\(n)"), evaluatedAt: at.addingTimeInterval(Double(n)), evaluation: evaluation))
        }
        let recent = try await store.evaluationStamps(limit: 2)
        #expect(recent.map(\.source) == ["o/r#3", "o/r#2"])
        #expect(try await store.storedEvaluations(sources: ["o/r#3"]).first?.evaluation.title == "Change 3")

        // Stamps change when the stored evaluation does; bodies are read only for the sources asked.
        let stamps = try await store.evaluationStamps(limit: 10)
        #expect(stamps.map(\.source) == ["o/r#3", "o/r#2", "o/r#1"])
        var changed = Evaluator().evaluate(Contribution(kind: .pullRequest, number: 2, title: "Change 2, again"))
        changed.verdict = .likelySlop
        try await store.saveEvaluation(
            StoredEvaluation(.item("o/r#2"), evaluatedAt: at.addingTimeInterval(2), evaluation: changed))
        let after = try await store.evaluationStamps(limit: 10)
        #expect(after.first { $0.source == "o/r#2" }?.version != stamps.first { $0.source == "o/r#2" }?.version)
        #expect(after.first { $0.source == "o/r#1" }?.version == stamps.first { $0.source == "o/r#1" }?.version)
        let read = try await store.storedEvaluations(sources: ["o/r#2", "o/r#9", "o/r#1"])
        #expect(Set(read.map(\.source)) == ["o/r#1", "o/r#2"])
        #expect(read.first { $0.source == "o/r#2" }?.evaluation.title == "Change 2, again")

        // The load page's figures come from the columns: items only, since a date.
        try await store.saveEvaluation(
            StoredEvaluation(
                .response(to: "o/r#3", kind: .comment, delivery: "d-1"), evaluatedAt: at.addingTimeInterval(9),
                evaluation: Evaluator().evaluate(Contribution(kind: .comment, number: 3, title: ""))))
        let figures = try await store.evaluationFigures(since: at.addingTimeInterval(1.5))
        #expect(figures.map(\.verdict).sorted { $0.rawValue < $1.rawValue }.count == 2)
        #expect(figures.contains { $0.verdict == .likelySlop && $0.kind == .pullRequest })
        #expect(!figures.contains { $0.kind == .comment })

        func record(_ number: Int, _ value: String, _ seconds: Double) -> ActionRecord {
            ActionRecord(
                deliveryID: "d\(number)-\(value)", repository: "o/r", number: number, kind: .label, value: value,
                reason: "because", status: .shadow, at: at.addingTimeInterval(seconds))
        }
        try await store.replaceActions(deliveryID: "d1-b", with: [record(1, "b", 20)])
        try await store.replaceActions(deliveryID: "d1-a", with: [record(1, "a", 10)])
        try await store.replaceActions(deliveryID: "d2-c", with: [record(2, "c", 5)])
        #expect(try await store.actions(repository: "o/r", number: 1).map(\.value) == ["a", "b"])
        #expect(try await store.actions(repository: "o/x", number: 1).isEmpty)

        var item = LifecycleItem(repository: "o/r", number: 7, isPullRequest: true, author: "ann")
        item.openedAt = at
        item.firstResponseAt = at.addingTimeInterval(3600)
        try await store.saveLifecycleItem(item)
        try await store.saveLifecycleItem(
            LifecycleItem(repository: "o/r", number: 9, isPullRequest: false, author: "bo"))
        let items = try await store.allLifecycleItems(limit: 10)
        #expect(items.map(\.number) == [9, 7])
        #expect(items.last?.firstResponseAt == at.addingTimeInterval(3600))
        var closed = LifecycleItem(repository: "o/r", number: 11, isPullRequest: true, author: "cy")
        closed.phase = .closedByDefault
        try await store.saveLifecycleItem(closed)
        #expect(try await store.lifecycleItems(in: [.closed, .closedByDefault]) == ["o/r#11"])
        #expect(try await store.lifecycleItems(in: [.open]) == ["o/r#7", "o/r#9"])

        #expect(try await store.setting(DashboardSetting.actions) == nil)
        try await store.saveSetting(DashboardSetting.actions, value: "on", at: at)
        try await store.saveSetting(DashboardSetting.actions, value: "off", at: at.addingTimeInterval(1))
        #expect(try await store.setting(DashboardSetting.actions) == "off")
    }
}

/// One check of the whole storage contract beyond the inbox, for a parameterised test: `check.run(freshStore)`.
public enum StoreCheck: String, CaseIterable, Sendable {
    case evaluationsReplaceBySource, ledgersAuditAndStatementsPersist, lifecycleItemsAndTheirDeadlines
    case fingerprintsOfOpenAndRecentItems, oneLeaseHolderAtATime, concurrentClaimsHandOutEachDeliveryOnce
    case postponingDoesNotCountTheAttempt, dashboardQueries, queueAndLoadQueries, outcomesKeepTheLastClose
    case decisionsKeepTheLatestOfEachKind

    /// Runs the check on an empty store; failures are recorded as Swift Testing issues.
    public func run(_ store: any ServerStore) async throws {
        switch self {
        case .evaluationsReplaceBySource: try await StoreContract.evaluationsReplaceBySource(store)
        case .ledgersAuditAndStatementsPersist: try await StoreContract.ledgersAuditAndStatementsPersist(store)
        case .lifecycleItemsAndTheirDeadlines: try await StoreContract.lifecycleItemsAndTheirDeadlines(store)
        case .fingerprintsOfOpenAndRecentItems: try await StoreContract.fingerprintsOfOpenAndRecentItems(store)
        case .oneLeaseHolderAtATime: try await StoreContract.oneLeaseHolderAtATime(store)
        case .concurrentClaimsHandOutEachDeliveryOnce:
            try await StoreContract.concurrentClaimsHandOutEachDeliveryOnce(store)
        case .postponingDoesNotCountTheAttempt: try await StoreContract.postponingDoesNotCountTheAttempt(store)
        case .dashboardQueries: try await StoreContract.dashboardQueries(store)
        case .queueAndLoadQueries: try await StoreContract.queueAndLoadQueries(store)
        case .outcomesKeepTheLastClose: try await StoreContract.outcomesKeepTheLastClose(store)
        case .decisionsKeepTheLatestOfEachKind: try await StoreContract.decisionsKeepTheLatestOfEachKind(store)
        }
    }
}
