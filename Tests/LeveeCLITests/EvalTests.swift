import Foundation
import LeveeCLI
import LeveeConfig
import LeveeCore
import LeveeTestSupport
import Testing

@Suite struct MetricsTests {
    @Test func aucOfKnownRankings() {
        #expect(Metrics.rocAUC(positives: [0.9, 0.8], negatives: [0.1, 0.2]) == 1)
        #expect(Metrics.rocAUC(positives: [0.1], negatives: [0.9]) == 0)
        #expect(Metrics.rocAUC(positives: [0.5], negatives: [0.5]) == 0.5)
        #expect(Metrics.rocAUC(positives: [0.9, 0.3], negatives: [0.5, 0.1]) == 0.75)
    }

    @Test func recallAtFalsePositiveRate() {
        let negatives = (0..<20).map { Double($0) / 100 }  // 0.00 … 0.19
        let result = Metrics.recall(
            atFalsePositiveRate: 0.05, positives: [0.5, 0.19, 0.18, 0.01], negatives: negatives)
        // Threshold 0.19 flags one negative of 20 (5%) and two positives.
        #expect(result.recall == 0.5)
        #expect(result.threshold == 0.19)
        #expect(result.falsePositiveRate == 0.05)
    }

    @Test func csvQuotesAndNewlines() {
        let rows = CSV.records("id,body\n1,\"a, \"\"quoted\"\"\nline\"\n2,plain\n")
        #expect(rows.count == 2)
        #expect(rows[0]["body"] == "a, \"quoted\"\nline")
        #expect(rows[1]["id"] == "2")
    }
}

@Suite struct EvalTests {
    @Test func runsOnASmallMadeUpSet() async throws {
        let dir = try Paths.temporaryDirectory()
        let reports = dir.appendingPathComponent("curl-reports/reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data("id,label\n1,slop\n2,valid\n3,unlabelled-rejected\n".utf8)
            .write(to: dir.appendingPathComponent("curl-reports/manifest.csv"))
        try Data(try Data(contentsOf: Paths.backlog.appendingPathComponent("04-inflated-report.md"))).write(
            to: reports.appendingPathComponent("1.md"))
        try Data(try Data(contentsOf: Paths.backlog.appendingPathComponent("05-plain-report.md"))).write(
            to: reports.appendingPathComponent("2.md"))
        try Data("# crash\nit crashed\n".utf8).write(to: reports.appendingPathComponent("3.md"))
        // A minute or more of work: on a thread of its own, not one of the two the async tests share.
        let report = try await OwnThread.run { try EvalRunner.run(directory: dir.path) }
        let r = try #require(report.block("curl-reports"))
        #expect(r.classes == ["slop": 1, "valid": 1, "unlabelled-rejected": 1])
        #expect(r.comparison == "slop vs valid")
        #expect(r.rocAUC == 1)
        // The inflated report is all style (severity words, prose markers) and shows nothing: first in the ranking,
        // asked for its reproduction (`no_reproduction`), never `likely_slop` on how it sounds.
        #expect(r.verdictCount(.needsAuthor, in: "slop") == 1)
        #expect(r.verdictCount(.likelySlop, in: "valid") == 0)
        #expect(r.likelySlopOnStyleAlone == 0)
        #expect(r.sees.contains("body") && r.lacks.contains("reporter"))
        let text = EvalRenderer.text(report, verbose: false)
        #expect(text.contains("== curl-reports: curl security reports"))
        #expect(text.contains("ROC AUC 1.000"))
    }

    /// The behaviour signals on activity rebuilt from an agent set: a sprayer's pull requests are read as a spray and
    /// as a record of declined work, an author who works on one project is not, and a one-account set is left out.
    @Test func authorActivityIsRebuiltFromTheSetAtEachPullRequestsTime() async throws {
        let dir = try Paths.temporaryDirectory().appendingPathComponent("agent-prs")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var csv = "id,agent,number,title,user,state,created_at,closed_at,merged_at,repo_url,body\n"
        // The sprayer: 12 closed-unmerged earlier (one a day in 12 repositories, closed a day later), then 12 in the
        // week of 2025-06-10, one per repository and owner, all closed unmerged.
        for n in 0..<16 {
            let day = String(format: "%02d", n + 1)
            if n < 12 {
                csv +=
                    "\(100 + n),Codex,\(n),Fix typo \(n),sprayer,closed,2025-05-\(day)T10:00:00Z,2025-05-\(day)T23:00:00Z,,"
                csv += "https://api.github.com/repos/early\(n)/repo,Fixes a typo.\n"
            }
            csv +=
                "\(200 + n),Codex,\(n),Fix typo \(n),sprayer,closed,2025-06-10T\(String(format: "%02d", n + 1)):00:00Z,"
            csv += "2025-06-20T00:00:00Z,,https://api.github.com/repos/owner\(n)/repo\(n),Fixes a typo.\n"
        }
        // The steady author: 10 merged pull requests to one repository over May.
        for n in 0..<10 {
            let day = String(format: "%02d", n * 3 + 1)
            csv += "\(300 + n),Codex,\(n),Parser: handle case \(n),steady,closed,2025-05-\(day)T10:00:00Z,"
            csv += "2025-05-\(day)T20:00:00Z,2025-05-\(day)T20:00:00Z,https://api.github.com/repos/acme/parser,"
            csv += "Fixes #\(n). Adds a test.\n"
        }
        try Data(csv.utf8).write(to: dir.appendingPathComponent("OpenAI_Codex.csv"))
        try Data(
            ("id,agent,number,title,user,state,created_at,closed_at,merged_at,repo_url,body\n"
                + "1,Copilot,1,Fix,Copilot,closed,2025-06-01T00:00:00Z,2025-06-02T00:00:00Z,,"
                + "https://api.github.com/repos/a/b,Plan\n").utf8
        ).write(to: dir.appendingPathComponent("Copilot.csv"))
        let report = try await OwnThread.run { try EvalRunner.run(directory: dir.deletingLastPathComponent().path) }
        let study = try #require(report.activity)
        #expect(study.excluded["agent-prs/Copilot"]?.contains("one account (copilot)") == true)
        let codex = try #require(study.sets.first { $0.set == "agent-prs/OpenAI_Codex" })
        #expect(codex.items == ["merged": 10, "closed_unmerged": 28])
        #expect(codex.authors == ["merged": 1, "closed_unmerged": 1])
        // From the 10th pull request of the week (10 repositories and owners) the spray, asking the author from the
        // 15th; the record from the 11th of May (10 declined before it) and for all of June's (12 declined in May).
        #expect(codex.fired["activity_burst"] == ["closed_unmerged": 7])
        #expect(codex.fired["unmerged_record"]?["closed_unmerged"] == 18)
        #expect(codex.fired["activity_burst"]?["merged"] == nil && codex.fired["unmerged_record"]?["merged"] == nil)
        #expect(codex.largestWeek == 16 && codex.largestWeekRepositories == 16 && codex.largestClosedUnmerged == 12)
        #expect(codex.needsAuthorWithout["closed_unmerged"] == 0)
        #expect(codex.needsAuthorWith["closed_unmerged"] == 0.0714, "2 of 28: the 15th and 16th of the week")
        #expect(codex.needsAuthorWith["merged"] == 0)
        #expect(EvalRenderer.text(report, verbose: false).contains("== author activity, rebuilt from the agent"))
    }

    /// The development-split floors on the shared evaluation data: each set is measured apart. Figures:
    /// docs/evaluation.md.
    @Test(.enabled(if: Paths.hasEvaluationData, Paths.noEvaluationData))
    func developmentTargetsHold() async throws {
        let directory = Paths.shared.appendingPathComponent("eval")
        let report = try await OwnThread.run { try EvalRunner.run(directory: directory.path) }
        let names = report.blocks.map(\.name)
        for name in ["curl-reports", "other-reports", "spam-prs", "human-prs", "human-titles"] {
            #expect(names.contains(name), "\(name) is evaluated")
        }
        let curl = try #require(report.block("curl-reports"))
        #expect(try #require(curl.rocAUC) >= 0.95)
        #expect(try #require(curl.recallAt5PercentFPR) >= 0.6)
        #expect(curl.verdictCount(.likelySlop, in: "valid") <= 3)
        for (name, floor) in [("agent-prs/Copilot", 0.99), ("agent-prs/Devin", 0.99), ("agent-prs/OpenAI_Codex", 0.85)]
        {
            let block = try #require(report.block(name))
            #expect(try #require(block.agentRecall) >= floor, "\(name) agent recall")
        }
        let cv = try #require(curl.crossValidated)
        // Issue #21's targets, cross-validated: AUC ≥ 0.97 and recall ≥ 0.85 at ≤ 5% false positives.
        #expect(try #require(cv.rocAUC) >= 0.97, "cross-validated AUC on curl reports")
        #expect(try #require(cv.recallAt5PercentFPR) >= 0.85, "cross-validated recall at ≤5% FP on curl reports")
        let others = try #require(report.block("other-reports"))
        #expect(Double(others.verdictCount(.likelySlop, in: "valid")) <= 0.01 * Double(others.classes["valid"] ?? 0))
        let humans = try #require(report.block("human-prs"))
        #expect(humans.classes["human"] == 7845)
        #expect(humans.verdictCount(.likelySlop, in: "human") == 0)
        #expect(Double(humans.verdictCount(.needsAuthor, in: "human")) <= 0.03 * 7845)
        // Same data, same weights: the shipped weights file is what `levee train` gives on this data.
        #expect(report.models.count == 2)
        for model in report.models { #expect(model.shippedIsCurrent, "\(model.kind): run levee train") }
        #expect(try #require(report.block("human-titles")).verdictCount(.likelySlop, in: "human") == 0)

        // Issue #39: style never convicts, judged forward in time, every repository weighing the same.
        for block in report.blocks { #expect(block.likelySlopOnStyleAlone == 0, "\(block.name): style alone") }
        let recent = try #require(report.block("other-reports-2023-2024"))
        #expect(Double(recent.verdictCount(.likelySlop, in: "valid")) <= 0.02 * Double(recent.classes["valid"] ?? 0))
        let weighted = try #require(humans.repositoryWeighted["human"])
        #expect(weighted.likelySlop == 0 && weighted.needsAuthorOrAbove <= 0.05, "human pull requests, per repository")
        let forward2024 = try #require(report.forward.first { $0.kind == "security_report" && $0.year == 2024 })
        let genuine = try #require(
            forward2024.cells.first { $0.set == "other-reports-2023-2024" && $0.label == "valid" })
        #expect(genuine.items > 300)
        #expect(Double(genuine.likelySlop) <= 0.01 * Double(genuine.items), "forward 2024: valid at likely_slop")
        #expect(report.forward.contains { $0.kind == "pull_request" && $0.year == 2022 && $0.thresholds != nil })
        // The drift rule: a feature whose rate on honest items rose in each of the last three years is style.
        for drift in report.drift where drift.drifts && drift.evidenceClass != .style {
            let kind = try #require(ContributionKind(rawValue: drift.kind))
            #expect(
                ScoringModel.default.weight(of: drift.feature, for: kind) <= 0,
                "\(drift.feature) rises on honest items every year: it is style by the drift rule")
        }
    }

    /// Issue #21's targets with claims checked against curl's real source (two Debian releases, fetched by `.ci/run`,
    /// paths in LEVEE_CURL_SOURCE separated by `:`): cross-validated AUC ≥ 0.97 and recall ≥ 0.85 at ≤ 5% false
    /// positives; on the reports the releases cover (issue #39: "checked against curl's tree as of each report's
    /// month"), neither lower than without claims.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["LEVEE_CURL_SOURCE"] != nil,
            "LEVEE_CURL_SOURCE is not set (.ci/run sets it)"))
    func targetsHoldWithClaimsCheckedAgainstCurlsSource() async throws {
        let trees = try #require(ProcessInfo.processInfo.environment["LEVEE_CURL_SOURCE"]).split(separator: ":")
        let (index, report) = try await OwnThread.run {
            let index = SourceIndex(merging: try trees.map { try IndexCommand.build(String($0), project: nil) })
            return (
                index, try EvalRunner.run(directory: Paths.shared.appendingPathComponent("eval").path, index: index)
            )
        }
        #expect(index.project == "curl")
        let r = try #require(report.block("curl-reports+claims"))
        #expect(try #require(r.rocAUC) >= 0.97)
        #expect(try #require(r.recallAt5PercentFPR) >= 0.85)
        #expect(r.verdictCount(.likelySlop, in: "valid") <= 3)
        let with = try #require(r.crossValidated)
        let without = try #require(report.block("curl-reports")?.crossValidated)
        #expect(try #require(with.rocAUC) >= 0.97, "cross-validated AUC with claims")
        #expect(try #require(with.recallAt5PercentFPR) >= 0.85, "cross-validated recall with claims")
        // "At least as good as without" on the reports the indexed trees can speak for: those reported since curl
        // 7.88.1 (February 2023), the older of the two releases. An earlier report cites the tree of its own day
        // (CVE-2019-5481's `lib/security.c` was renamed `krb5.c` in 2019), which these releases no longer have, and
        // Debian no longer serves a release that old.
        let curl = try #require(
            try LabelledSets.load(Paths.shared.appendingPathComponent("eval")).first { $0.name == "curl-reports" })
        let covered = curl.items.filter { ($0.year ?? 0) >= 2023 && $0.positive != nil }
        func figures(_ cv: CrossValidated) -> (auc: Double, recall: Double) {
            let scored = covered.compactMap { item in cv.scores[item.label + ":" + item.id].map { (item, $0) } }
            let positives = scored.filter { $0.0.positive == true }.map(\.1)
            let negatives = scored.filter { $0.0.positive == false }.map(\.1)
            return (
                Metrics.rocAUC(positives: positives, negatives: negatives),
                Metrics.recall(atFalsePositiveRate: 0.05, positives: positives, negatives: negatives).recall
            )
        }
        #expect(covered.count(where: { $0.positive == true }) == 18)
        let (withClaims, withoutClaims) = (figures(with), figures(without))
        #expect(withClaims.auc >= withoutClaims.auc, "claims lower the cross-validated AUC on reports since 2023")
        #expect(withClaims.recall >= withoutClaims.recall, "claims lower the cross-validated recall since 2023")
    }
}

/// The gate on what cannot be undone: every human pull request (written before ChatGPT) under every policy template,
/// with the lifecycle on, is never closed or locked — so no stake is ever forfeited for it.
@Suite struct IrreversibleGateTests {
    @Test(.enabled(if: Paths.hasEvaluationData, Paths.noEvaluationData))
    func noHumanPullRequestIsClosedLockedOrForfeitedUnderAnyTemplate() async throws {
        let set = try #require(
            try LabelledSets.load(Paths.shared.appendingPathComponent("eval")).first {
                $0.name == "human-prs"
            })
        #expect(set.items.count == 7845)
        // 7,845 items under every template: a minute or more, on a thread of its own, not one of the two the async
        // tests share; the figures are checked here afterwards.
        let results = try await OwnThread.run { () throws -> [(String, Int, Int, [String])] in
            let evaluator = Evaluator()
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var results: [(String, Int, Int, [String])] = []
            for template in PolicyTemplates.all {
                var policy = try template.policy()
                policy.lifecycle.awaitingAuthor.enabled = true
                policy.lifecycle.firstTimerGate.enabled = true
                policy.lifecycle.newcomerLane.enabled = true
                policy.lifecycle.newcomerLane.mentors = [Helper(login: "mentor")]
                let machine = LifecycleMachine(policy: policy)
                var closed = 0
                var locked = 0
                var why: [String] = []
                for item in set.items {
                    let evaluation = evaluator.evaluate(
                        item.contribution, in: EvaluationContext(now: now, policy: policy))
                    if let close = evaluation.actions.first(where: { $0.kind == .close }) {
                        closed += 1
                        why.append(
                            "\(item.id): \(close.reason) \(evaluation.violations.flatMap(\.evidence).prefix(2))")
                    }
                    if evaluation.actions.contains(where: { $0.kind == .lock }) { locked += 1 }
                    let opened = LifecycleEvent.opened(
                        .init(
                            tier: .newcomer, verdict: evaluation.verdict,
                            followsPolicy: evaluation.violations.isEmpty, firstTimer: true))
                    var lifecycle = LifecycleItem(
                        repository: "o/r", number: item.contribution.number ?? 0, isPullRequest: true,
                        author: "someone", body: item.contribution.body)
                    var effects: [Effect]
                    (lifecycle, effects) = machine.apply(opened, to: lifecycle, now: now)
                    (_, effects) = machine.apply(.tick, to: lifecycle, now: now)
                    if effects.contains(.close) { closed += 1 }
                }
                results.append((template.name, closed, locked, why))
            }
            return results
        }
        #expect(results.count == PolicyTemplates.all.count)
        for (name, closed, locked, why) in results {
            #expect(closed == 0, "\(name): \(closed) human pull requests closed: \(why.prefix(8))")
            #expect(locked == 0, "\(name): \(locked) human pull requests locked")
        }
    }

    /// A close the policy asks for on the verdict is withheld, with the reason, while the score's precision is below
    /// 0.99; a violation with quoted evidence still closes.
    @Test func theScoreAloneDoesNotCloseButAQuotedViolationDoes() throws {
        var policy = Policy.builtin
        policy.actions.verdicts[.likelySlop] = ActionSet(labels: ["spam"], comment: true, close: true, lock: true)
        // The backlog's web-editor edit asking for the Hacktoberfest label: likely_slop on the score
        // (examples/backlog, tests/golden).
        let path = Paths.backlog.appendingPathComponent("08-hacktoberfest-edit.json").path
        let drop = try #require(
            try ContributionDecoder.decode(Data(contentsOf: URL(fileURLWithPath: path)), source: path).contribution)
        let evaluation = Evaluator().evaluate(drop, in: EvaluationContext(policy: policy))
        #expect(evaluation.verdict == .likelySlop)
        #expect(!evaluation.actions.contains { $0.kind == .close || $0.kind == .lock })
        #expect(evaluation.withheld?.first?.contains("precision") == true)
        #expect(!ScoringModel.default.scoreMayActIrreversibly(for: .pullRequest))

        let banned = try #require(PolicyTemplates.named("ban")).policy()
        var agent = drop
        agent.commits = [Commit(sha: "abc1234", message: "x\n\nCo-Authored-By: Claude <noreply@anthropic.com>")]
        let violating = Evaluator().evaluate(agent, in: EvaluationContext(policy: banned))
        #expect(violating.actions.contains { $0.kind == .close })
    }
}

extension Paths {
    /// The labelled evaluation data beside the repository (`../shared/eval`); `.ci/run` fails without it.
    static var hasEvaluationData: Bool {
        FileManager.default.fileExists(atPath: shared.appendingPathComponent("eval/human-prs/prs.jsonl").path)
    }
    static let noEvaluationData: Comment =
        "../shared/eval (the labelled evaluation data of the development workspace) is missing; .ci/run has it"
}
