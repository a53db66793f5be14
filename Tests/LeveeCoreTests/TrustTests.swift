import Foundation
import Testing

@testable import LeveeCore

/// `VOUCHED.td` files written the way projects write them (vouch's own header style, platform prefixes, reasons,
/// Windows line endings, no final newline, stray lines).
enum VouchedFiles {
    static let headerStyle = """
        # Vouched contributors for this project.
        #
        # See https://github.com/mitchellh/vouch for details.
        #
        # Syntax:
        #   - One handle per line (without @), sorted alphabetically.
        #   - Optional platform prefix: platform:username (e.g., github:user).
        #   - Denounce with minus prefix: -username or -platform:username.
        #   - Optional details after a space following the handle.
        aliceh
        -bulk-pr-bot Opened 40 generated pull requests in one night
        carol-dev
        github:dmitri_k
        -gitlab:eve Reported invented CVEs
        frank.o  vouched at FOSDEM 2026 by @aliceh

        """

    static let windows = "# team\r\nzoe\r\nyann\r\n-xavier spam\r\n"
    static let noFinalNewline = "# trusted\nanna\nboris"
    static let strange = """
        # Sections are fine too
        [core]
        maria
          indented-handle   with  spaces
        @not-a-handle
        -
        ## notes: 2026-11-01 migrated from CODEOWNERS
        nils 🎉 great first patch

        """

    static let all = [headerStyle, windows, noFinalNewline, strange, "", "\n", "only-one"]
}

@Suite struct VouchFileTests {
    @Test(arguments: VouchedFiles.all)
    func roundTripsByteForByte(_ text: String) {
        #expect(VouchFile(parsing: text).render() == text)
        #expect(Array(VouchFile(parsing: text).render().utf8) == Array(text.utf8))
    }

    @Test func readsEntriesAndKeepsTheRest() {
        let file = VouchFile(parsing: VouchedFiles.strange)
        #expect(file.entries.map(\.handle.description) == ["maria", "indented-handle", "nils"])
        #expect(file.entries[1].details == "with  spaces")
        #expect(file.entries[2].details == "🎉 great first patch")
        let others = file.lines.filter { if case .other = $0 { return true } else { return false } }
        #expect(others.map(\.raw) == ["[core]", "@not-a-handle", "-"])
    }

    @Test func statusFollowsVouch() {
        let file = VouchFile(parsing: VouchedFiles.headerStyle)
        #expect(file.status(of: .init(username: "AliceH")) == .vouched(details: nil))
        #expect(
            file.status(of: .init(username: "bulk-pr-bot"))
                == .denounced(reason: "Opened 40 generated pull requests in one night"))
        #expect(file.status(of: .init(username: "dmitri_k")) == .vouched(details: nil))
        #expect(file.status(of: .init(platform: "github", username: "dmitri_k")) == .vouched(details: nil))
        // gitlab:eve is not github's eve; a handle without a platform and no default matches her (vouch's rule).
        #expect(file.status(of: .init(username: "eve"), defaultPlatform: "github") == .unknown)
        #expect(file.status(of: .init(username: "eve")) == .denounced(reason: "Reported invented CVEs"))
        #expect(
            file.status(of: .init(platform: "gitlab", username: "eve")) == .denounced(reason: "Reported invented CVEs"))
        #expect(file.status(of: .init(username: "frank.o")) == .vouched(details: "vouched at FOSDEM 2026 by @aliceh"))
        #expect(file.status(of: .init(username: "nobody")) == .unknown)
    }

    @Test func changesTouchOnlyTheirLines() {
        let file = VouchFile(parsing: VouchedFiles.headerStyle)
        let added = file.adding(.init(username: "bea"))
        #expect(
            added.render()
                == VouchedFiles.headerStyle.replacingOccurrences(
                    of: "-bulk-pr-bot", with: "bea\n-bulk-pr-bot"))
        // Denouncing a vouched person replaces their line, in order.
        let denounced = file.denouncing(.init(username: "carol-dev"), reason: "AI-written review comments")
        #expect(
            denounced.render().contains(
                "-bulk-pr-bot Opened 40 generated pull requests in one night\n-carol-dev AI-written review comments\ngithub:dmitri_k"
            ))
        #expect(denounced.status(of: .init(username: "carol-dev")) == .denounced(reason: "AI-written review comments"))
        // Removing the new line gives the original back.
        #expect(added.removing(.init(username: "bea")).render() == VouchedFiles.headerStyle)
        // A name that sorts last goes after the last entry.
        let last = file.adding(.init(username: "zed"))
        #expect(last.render().hasSuffix("frank.o  vouched at FOSDEM 2026 by @aliceh\nzed\n"))
        let bot = file.adding(.init(username: "renovate[bot]"))
        #expect(bot.status(of: .init(username: "renovate[bot]")) == .vouched(details: nil))
    }

    @Test func keepsWindowsLineEndingsAndAddsAFinalNewline() {
        let windows = VouchFile(parsing: VouchedFiles.windows).adding(.init(username: "adam"))
        #expect(windows.render() == "# team\r\nadam\r\nzoe\r\nyann\r\n-xavier spam\r\n")
        let open = VouchFile(parsing: VouchedFiles.noFinalNewline).adding(.init(username: "zara"))
        #expect(open.render() == "# trusted\nanna\nboris\nzara\n")
        let empty = VouchFile(parsing: "").denouncing(.init(username: "spammer"), reason: "spam")
        #expect(empty.render() == "-spammer spam\n")
    }

    /// Found by the `vouch` fuzz target: a file mixing CRLF and LF lines had its LF lines rewritten as CRLF.
    @Test func writesAFileWithMixedLineEndingsBackAsItWas() {
        let mixed = "# team\r\nzoe\nyann\r\n-xavier spam"
        #expect(VouchFile(parsing: mixed).render() == mixed)
        let added = VouchFile(parsing: mixed).adding(.init(username: "adam"))
        #expect(added.render() == "# team\r\nadam\r\nzoe\nyann\r\n-xavier spam")
    }
}

@Suite struct TrustTierTests {
    static let file = VouchFile(parsing: VouchedFiles.headerStyle)

    struct Case: Sendable, CustomStringConvertible {
        var login: String
        var association: String?
        var merged: Int?
        var imported: [ImportedTrust] = []
        var expected: TrustTier
        var description: String { "\(login) → \(expected)" }
    }

    static let cases: [Case] = [
        Case(login: "dependabot[bot]", association: "NONE", expected: .bot),
        Case(login: "copilot-swe-agent", association: "NONE", expected: .newcomer),  // a coding agent is no bot
        Case(login: "owner", association: "OWNER", expected: .maintainer),
        Case(login: "bulk-pr-bot", association: "COLLABORATOR", expected: .maintainer),  // write access first
        Case(login: "listed-maintainer", association: "NONE", expected: .maintainer),
        Case(login: "bulk-pr-bot", association: "CONTRIBUTOR", merged: 9, expected: .denounced),
        Case(login: "carol-dev", association: "NONE", merged: 0, expected: .vouched),
        Case(login: "carol-dev", association: "CONTRIBUTOR", merged: 3, expected: .knownContributor),
        Case(login: "newbie", association: "FIRST_TIME_CONTRIBUTOR", merged: 0, expected: .newcomer),
        Case(login: "twice", association: "CONTRIBUTOR", merged: 2, expected: .newcomer),
        Case(
            login: "friend", association: "NONE",
            imported: [
                ImportedTrust(issuer: "ghostty", weight: 0.5, kind: .vouch),
                ImportedTrust(issuer: "curl", weight: 0.5, kind: .vouch),
            ], expected: .vouched),
        Case(
            login: "halfknown", association: "NONE",
            imported: [ImportedTrust(issuer: "ghostty", weight: 0.5, kind: .vouch)], expected: .newcomer),
        Case(
            login: "farmer", association: "NONE",
            imported: [ImportedTrust(issuer: "numpy", weight: 1, kind: .denounce, reason: "typo-fix farming")],
            expected: .denounced),
    ]

    @Test(arguments: cases)
    func tier(_ c: Case) {
        let inputs = TrustInputs(
            person: Person(login: c.login, association: c.association), vouchFile: Self.file,
            record: c.merged.map { TrackRecord(merged: $0) }, imported: c.imported)
        let decision = TrustAssessor.decide(
            inputs, policy: TrustPolicy(maintainers: ["listed-maintainer"]), bots: Exemptions.defaultBots)
        #expect(decision.tier == c.expected, "\(decision.reason)")
        #expect(!decision.reason.isEmpty)
    }

    /// A bot is matched the same way for the trust tier as for the policy's exemptions: `*[bot]` names every App bot.
    @Test func botPatternsMatchInTheTiersAsInTheExemptions() {
        let person = Person(login: "Renovate-Helper[bot]", type: "Bot", association: "NONE")
        let tier = TrustAssessor.decide(TrustInputs(person: person), policy: TrustPolicy(), bots: ["*[bot]"])
        #expect(tier.tier == .bot)
        var policy = Policy.builtin
        policy.exempt.bots = ["*[bot]"]
        let exempt = PolicyChecker.exemption(
            for: Contribution(kind: .pullRequest, title: "Bump", author: person), policy: policy, author: nil)
        #expect(exempt == "@Renovate-Helper[bot] is an exempt bot (exempt.bots)")
        #expect(
            !Exemptions.isBot("renovate-helper", in: ["*[bot]"])
                && Exemptions.isBot("DEPENDABOT[BOT]", in: ["dependabot[bot]"]))
    }

    @Test func reasonsExplain() {
        let decision = TrustAssessor.decide(
            TrustInputs(person: Person(login: "bulk-pr-bot"), vouchFile: Self.file), policy: TrustPolicy(), bots: [])
        #expect(
            decision.reason == "bulk-pr-bot is denounced in VOUCHED.td: Opened 40 generated pull requests in one night")
        #expect(TrustTier.newcomer < TrustTier.maintainer)
        #expect(!TrustTier.newcomer.skipsGate && TrustTier.knownContributor.skipsGate)
    }

    @Test func trackRecordFromHistory() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let day = 86400.0
        let record = TrackRecord(
            history: [
                HistoryItem(number: 1, isPullRequest: true, state: "closed", merged: true, createdAt: now - 300 * day),
                HistoryItem(number: 2, isPullRequest: true, state: "closed", merged: true, createdAt: now - 200 * day),
                HistoryItem(
                    number: 3, isPullRequest: true, state: "closed", createdAt: now - 100 * day, verdict: .likelySlop),
                HistoryItem(
                    number: 4, isPullRequest: true, state: "open", createdAt: now - 90 * day, updatedAt: now - 60 * day,
                    verdict: .review),
                HistoryItem(
                    number: 5, isPullRequest: true, state: "open", createdAt: now - 2 * day, verdict: .needsAuthor),
                HistoryItem(number: 6, isPullRequest: false, state: "open", createdAt: now - 1 * day),
            ], now: now)
        #expect(
            record
                == TrackRecord(
                    merged: 2, closedUnmerged: 1, abandoned: 1, open: 1, issues: 1,
                    firstContribution: now - 300 * day, evaluated: 3, flagged: 2))
        #expect(record.flaggedShare == 2.0 / 3.0)
    }
}

@Suite struct LedgerTests {
    enum Step: Sendable, CustomStringConvertible {
        case open(String, minutes: Double)
        case close(String, LedgerClosing)
        case sponsor(String, by: String)

        var description: String {
            switch self {
            case .open(let item, let minutes): return "open \(item) (\(minutes) min)"
            case .close(let item, let how): return "close \(item) \(how)"
            case .sponsor(let item, let by): return "sponsor \(item) by \(by)"
            }
        }
    }

    /// The issue's scenario: a newcomer opens a small PR → merged → opens a large one → closed as slop → the next
    /// one needs a sponsor → a maintainer sponsors it → merged.
    static let scenario: [(step: Step, decision: StakeDecision?, balance: Double)] = [
        (.open("o/r#1", minutes: 5), .staked(2.5), 7.5),  // starts with 10, stakes 0.5 a minute
        (.close("o/r#1", .merged), nil, 11.25),  // stake back and 50% reward
        (.open("o/r#2", minutes: 20), .staked(10), 1.25),
        (.close("o/r#2", .rejected), nil, 1.25),  // forfeited
        (.open("o/r#3", minutes: 8), .needsSponsor(stake: 4, balance: 1.25), 1.25),
        (.open("o/r#3", minutes: 8), .unchanged, 1.25),  // an edit does not stake again
        (.sponsor("o/r#3", by: "maintainer-mia"), nil, 1.25),
        (.close("o/r#3", .merged), nil, 3.25),  // reward only: the sponsor covered the stake
        (.open("o/r#4", minutes: 1), .staked(1), 2.25),  // the minimum stake
        (.close("o/r#4", .withdrawn), nil, 3.25),
    ]

    @Test func newcomerScenario() {
        let rules = ReputationRules(enabled: true)
        var account = LedgerAccount(author: "newbie")
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        for (index, row) in Self.scenario.enumerated() {
            var entries: [LedgerEntry] = []
            switch row.step {
            case .open(let item, let minutes):
                let (new, decision) = Ledger.open(
                    account, item: item, reviewMinutes: minutes, tier: .newcomer, rules: rules, at: at)
                #expect(decision == row.decision, "step \(index): \(row.step)")
                entries = new
            case .close(let item, let how):
                entries = Ledger.close(account, item: item, as: how, rules: rules, at: at)
            case .sponsor(let item, let by):
                entries = Ledger.sponsor(account, item: item, by: by, at: at)
                #expect(entries.map(\.note) == [by])
            }
            account = LedgerAccount(author: "newbie", entries: account.entries + entries)
            #expect(account.balance == row.balance, "step \(index): \(row.step)")
        }
        #expect(account.held.isEmpty && account.waiting.isEmpty)
        #expect(account.entries.map(\.kind.rawValue).prefix(4) == ["start", "stake", "returned", "reward"])
    }

    @Test func trustedTiersStakeNothing() {
        for tier in [TrustTier.maintainer, .knownContributor, .bot] {
            let (entries, decision) = Ledger.open(
                LedgerAccount(author: "x"), item: "o/r#1", reviewMinutes: 500, tier: tier, rules: ReputationRules(),
                at: Date())
            #expect(entries.isEmpty)
            #expect(decision == .exempt(tier))
        }
    }
}

@Suite struct CommentCommandTests {
    @Test func readsCommandsAndIgnoresQuotedOnes() {
        let usage =
            "commands: vouch [@user] [note], denounce [@user] reason, unvouch [@user], sponsor, status, hold, unhold, ok-to-test, appeal, not-slop"
        let body = """
            Thanks! Vouching for them.

            /levee vouch @new-helper met at the sprint
            /LEVEE denounce @spam-account opened 40 generated PRs
            /levee unvouch @old
            /levee sponsor
            /levee status
            > /levee vouch @quoted
            ```
            /levee vouch @in-code
            ```
            /leveely not a command
            /levee
            /levee promote @x
            /levee vouch someone
            /levee denounce @x
            /levee vouch @gitlab:user
            """
        #expect(
            CommentCommand.parse(body) == [
                .command(.init(verb: .vouch, subject: "new-helper", reason: "met at the sprint")),
                .command(.init(verb: .denounce, subject: "spam-account", reason: "opened 40 generated PRs")),
                .command(.init(verb: .unvouch, subject: "old")),
                .command(.init(verb: .sponsor)),
                .command(.init(verb: .status)),
                .invalid(line: "/levee", reason: "no command after /levee (\(usage))"),
                .invalid(line: "/levee promote @x", reason: "unknown command `promote` (\(usage))"),
                // Without @user a list command is about the item's author (vouch's rule): "someone" is the note.
                .command(.init(verb: .vouch, subject: nil, reason: "someone")),
                .invalid(
                    line: "/levee denounce @x",
                    reason: "`/levee denounce` needs a reason (Levee keeps why someone was denounced)"),
                .invalid(line: "/levee vouch @gitlab:user", reason: "`@gitlab:user` is not a GitHub login"),
            ])
        #expect(CommentCommand.parse("no commands here").isEmpty)
    }

    @Test func aDenouncedAuthorIsAViolationQuotingTheVouchList() throws {
        let file = VouchFile(parsing: VouchedFiles.headerStyle)
        let decision = TrustAssessor.decide(
            TrustInputs(person: Person(login: "bulk-pr-bot", association: "NONE"), vouchFile: file),
            policy: TrustPolicy(), bots: [])
        let evaluation = Evaluator().evaluate(
            Contribution(
                kind: .pullRequest, number: 3, title: "Fix typo", body: "Fixes a typo.",
                author: Person(login: "bulk-pr-bot", association: "NONE")),
            in: EvaluationContext(trust: decision))
        let violation = try #require(evaluation.violations.first)
        #expect(violation.id == "denounced_author")
        #expect(
            violation.policyLine
                == PolicyLine(
                    file: ".github/VOUCHED.td", line: 11,
                    text: "-bulk-pr-bot Opened 40 generated pull requests in one night"))
        #expect(evaluation.trust?.tier == .denounced)

        // Vouched authors are exempt from the AI policy when the policy says so (exempt.vouched, the default).
        let vouched = TrustAssessor.decide(
            TrustInputs(person: Person(login: "carol-dev", association: "NONE"), vouchFile: file),
            policy: TrustPolicy(), bots: [])
        let policy = Policy(stance: .disclosureRequired)
        let fine = Evaluator().evaluate(
            Contribution(
                kind: .pullRequest, number: 4, title: "Add feature", body: "Adds it.",
                author: Person(login: "carol-dev", association: "NONE")),
            in: EvaluationContext(policy: policy, trust: vouched))
        #expect(fine.exempt == "@carol-dev is vouched for")
        #expect(fine.violations.isEmpty)
    }
}

/// How a closed item's outcome is read from GitHub's facts (`ItemOutcome.kind`).
@Suite struct ItemOutcomeTests {
    @Test(
        arguments: [
            (true, ["spam"], "ada", "ada", nil, ItemOutcome.Kind.merged),  // a merge is a merge, whatever the labels
            (false, ["Spam"], "bulk", "maintainer", nil, .spam),
            (false, ["invalid"], "bulk", "bulk", nil, .spam),  // a spam label counts before who closed it
            (false, ["levee:likely-slop"], "bulk", "maintainer", nil, .spam),
            (false, ["hacktoberfest-spam"], "bulk", "maintainer", nil, .spam),
            (false, ["slowdown", "invalidation"], "ada", "maintainer", nil, .declined),  // not whole words
            (false, [], "ada", "ADA", nil, .withdrawn),
            (false, [], "ada", "maintainer", "completed", .completed),
            (false, [], "ada", "maintainer", "not_planned", .declined),
            (false, [], "ada", nil, nil, .declined),
        ] as [(Bool, [String], String, String?, String?, ItemOutcome.Kind)])
    func kind(
        _ merged: Bool, _ labels: [String], _ author: String, _ closedBy: String?, _ reason: String?,
        _ expected: ItemOutcome.Kind
    ) {
        #expect(
            ItemOutcome.kind(merged: merged, labels: labels, author: author, closedBy: closedBy, stateReason: reason)
                == expected)
    }
}

extension ItemOutcomeTests {
    @Test func theTableCountsEachVerdictsOutcomes() {
        func outcome(_ number: Int, _ kind: ItemOutcome.Kind, _ verdict: Verdict?) -> ItemOutcome {
            ItemOutcome(
                repository: "o/r", number: number, isPullRequest: true, author: "a", kind: kind,
                closedAt: Date(timeIntervalSince1970: 0), verdict: verdict)
        }
        let table = OutcomeTable([
            outcome(1, .merged, .welcome), outcome(2, .merged, .welcome), outcome(3, .spam, .likelySlop),
            outcome(4, .merged, .needsAuthor), outcome(5, .declined, nil),
        ])
        #expect(
            table.text() == """
                verdict           merged completed withdrawn      spam  declined   total
                welcome                2         0         0         0         0       2
                needs_author           1         0         0         0         0       1
                likely_slop            0         0         0         1         0       1
                not evaluated          0         0         0         0         1       1
                """)
    }
}
