import Crypto
import Foundation
import LeveeConfig
import LeveeCore
import Testing

@Suite struct TrustStatementTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let file = VouchFile(parsing: "# ours\naliceh\n-bulk-pr-bot Opened 40 generated pull requests\ngitlab:carol\n")

    func signed(_ key: Curve25519.Signing.PrivateKey = TrustKey.generate()) throws -> SignedTrustStatement {
        let statement = TrustStatement(
            issuer: "github.com/example/project", vouchFile: file, merged: ["aliceh": 12], issuedAt: now,
            lifetime: 90 * 86400)
        return try SignedTrustStatement.sign(statement, with: key)
    }

    @Test func signedStatementsVerifyAndSayWhatTheySay() throws {
        let key = TrustKey.generate()
        let signed = try signed(key)
        let statement = try signed.verify(trustedKey: TrustKey.publicKey(of: key), now: now.addingTimeInterval(86400))
        #expect(statement.vouches == [.init(handle: "aliceh", merged: 12), .init(handle: "gitlab:carol")])
        #expect(statement.denouncements == [.init(handle: "bulk-pr-bot", reason: "Opened 40 generated pull requests")])
        #expect(
            statement.about("AliceH", weight: 0.5) == [
                ImportedTrust(issuer: "github.com/example/project", weight: 0.5, kind: .vouch, merged: 12)
            ])
        #expect(statement.about("carol", weight: 1).isEmpty)  // a GitLab account is not the GitHub one
        #expect(statement.about("bulk-pr-bot", weight: 1).first?.kind == .denounce)
        // Written and read back as a file, it still verifies.
        let reread = try SignedTrustStatement.read(signed.encoded(), source: "statement.json")
        #expect(try reread.verify(now: now) == statement)
    }

    @Test func tamperedUnsignedExpiredAndForeignStatementsAreRefused() throws {
        let key = TrustKey.generate()
        let good = try signed(key)

        var tampered = good
        tampered.payload = good.payload.replacingOccurrences(of: "bulk-pr-bot", with: "bulk-pr-bob")
        #expect(throws: TrustStatementError.self) { try tampered.verify(now: now) }
        do {
            _ = try tampered.verify(now: now)
        } catch {
            #expect(error.description.contains("changed after signing"))
        }

        var unsigned = good
        unsigned.signature = ""
        #expect(message { try unsigned.verify(now: now) } == "the statement is not signed")

        #expect(message { try good.verify(now: now.addingTimeInterval(91 * 86400)) }?.hasPrefix("expired on") == true)
        let other = TrustKey.publicKey(of: TrustKey.generate())
        #expect(message { try good.verify(trustedKey: other, now: now) }?.hasPrefix("signed by another key") == true)

        // A forger edits the statement and signs it with a key of their own: the signature holds, so only the key
        // the importing project expects catches it. That is why `levee trust import` needs --public-key.
        let forger = TrustKey.generate()
        var statement = try good.verify(now: now)
        statement.denouncements = []
        let forged = try SignedTrustStatement.sign(statement, with: forger)
        #expect(message { try forged.verify(now: now) } == nil)
        #expect(
            message { try forged.verify(trustedKey: TrustKey.publicKey(of: key), now: now) }?.hasPrefix(
                "signed by another key") == true)

        #expect(throws: TrustStatementError.self) {
            try SignedTrustStatement.read(Data("{\"payload\": 1}".utf8), source: "x.json")
        }
        #expect(throws: TrustStatementError.self) { try TrustKey.read("not a key", source: "k") }
    }

    func message(_ body: () throws -> TrustStatement) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? TrustStatementError)?.description ?? "unexpected \(error)"
        }
    }
}

@Suite struct TrustPolicyLoadingTests {
    @Test func readsTheTrustSection() throws {
        let policy = try PolicyLoader.load(
            yaml: """
                trust:
                  known_contributor_after: 5
                  maintainers: [release-manager]
                  vouch_file: VOUCHED.td
                  reputation:
                    enabled: true
                    starting_balance: 20
                    stake_per_review_minute: 1
                    minimum_stake: 2
                    reward_ratio: 0.25
                """)
        #expect(policy.trust.knownContributorAfter == 5)
        #expect(policy.trust.maintainers == ["release-manager"])
        #expect(policy.trust.vouchFile == "VOUCHED.td")
        #expect(
            policy.trust.reputation
                == ReputationRules(
                    enabled: true, startingBalance: 20, stakePerReviewMinute: 1, minimumStake: 2, rewardRatio: 0.25))
        // The emitted YAML reads back the same.
        #expect(try PolicyLoader.load(yaml: PolicyDocuments.yaml(policy)).rules == policy.rules)
        #expect(
            PolicyDocuments.explain(policy).contains { $0.hasPrefix("Reputation: newcomers start with 20.0 points") })
    }

    @Test func badTrustValuesAreLocated() {
        do {
            _ = try PolicyLoader.load(
                yaml: "trust:\n  known_contributor_after: 0\n  reputation:\n    reward_ratio: 11\n    enabld: true\n")
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains(".github/levee.yml:2:28: `trust.known_contributor_after`"))
            #expect(text.contains("`trust.reputation.reward_ratio`: expected a number from 0.0 to 10.0"))
            #expect(text.contains("did you mean `enabled`?"))
        }
    }
}

extension TrustPolicyLoadingTests {
    /// vouch's setup as policy keys: inherited lists, a managers list, CODEOWNERS, the comment words.
    @Test func readsVouchsOptionsAndLocatesMistakes() throws {
        let policy = try PolicyLoader.load(
            yaml: """
                trust:
                  inherit: ["my-org/.github:VOUCHED.td", lists/extra.td]
                  managers_file: my-org/.github:MANAGERS.td
                  codeowners: true
                  commands: { vouch: [lgtm, approve], unvouch: [], bare: true }
                """)
        #expect(policy.trust.inherit == ["my-org/.github:VOUCHED.td", "lists/extra.td"])
        #expect(policy.trust.managersFile == "my-org/.github:MANAGERS.td")
        #expect(policy.trust.codeowners)
        #expect(
            policy.trust.commands
                == CommandKeywords(vouch: ["lgtm", "approve"], denounce: ["denounce"], unvouch: [], bare: true))
        #expect(try PolicyLoader.load(yaml: PolicyDocuments.yaml(policy)).rules == policy.rules)
        #expect(TrustPolicy.location("my-org/.github:VOUCHED.td") == ("my-org/.github", "VOUCHED.td"))
        #expect(TrustPolicy.location("lists/extra.td") == (nil, "lists/extra.td"))
        do {
            _ = try PolicyLoader.load(
                yaml: "trust:\n  inherit: [\"org:\"]\n  commands: { vouch: [ok], denounce: [OK], bare: maybe }\n",
                file: ".github/levee.yml")
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains("`trust.inherit[0]`: expected owner/repo:path or a path in this repository"))
            #expect(text.contains("`trust.commands`: `ok` is the word of two commands"))
            #expect(text.contains("`trust.commands.bare`"))
        }
    }
}

@Suite struct LifecyclePolicyLoadingTests {
    @Test func readsAndRoundTripsTheLifecycleSection() throws {
        let policy = try PolicyLoader.load(
            yaml: """
                lifecycle:
                  awaiting_author: { enabled: true, stale_after_days: 10, close_after_days: 7, hold_labels: [on-hold] }
                  close_by_default: { enabled: true, tiers: [newcomer, vouched], min_words: 20 }
                  first_timer_gate: { enabled: true }
                  newcomer_lane:
                    enabled: true
                    guide: docs/CONTRIBUTING.md
                    mentors: [ana, { login: ben, capacity: 1 }]
                  triagers: [{ login: tri, capacity: 4 }]
                """)
        let l = policy.lifecycle
        #expect(
            l.awaitingAuthor.enabled && l.awaitingAuthor.staleAfterDays == 10 && l.awaitingAuthor.closeAfterDays == 7)
        #expect(l.awaitingAuthor.holdLabels == ["on-hold"])
        #expect(l.closeByDefault.tiers == [.newcomer, .vouched] && l.closeByDefault.minWords == 20)
        #expect(l.firstTimerGate.enabled)
        #expect(l.newcomerLane.mentors == [Helper(login: "ana", capacity: 3), Helper(login: "ben", capacity: 1)])
        #expect(l.triagers == [Helper(login: "tri", capacity: 4)])
        #expect(try PolicyLoader.load(yaml: PolicyDocuments.yaml(policy)).rules == policy.rules)
        #expect(
            PolicyDocuments.explain(policy).contains {
                $0.contains("marked stale after 10 days and closed 7 days later")
            })
    }

    @Test func badLifecycleValuesAreLocated() {
        do {
            _ = try PolicyLoader.load(
                yaml:
                    "lifecycle:\n  close_by_default:\n    tiers: [newcomr]\n  awaiting_author:\n    stale_after_days: 0\n"
            )
            Issue.record("expected errors")
        } catch {
            #expect(error.description.contains("did you mean `newcomer`?"))
            #expect(error.description.contains("`lifecycle.awaiting_author.stale_after_days`"))
        }
    }
}
