import ArgumentParser
import Foundation
import LeveeCore

/// Figures of the evaluation on the labelled development data in `shared/eval/`.
public struct EvalReport: Sendable, Codable {
    public struct Reports: Sendable, Codable {
        public var slop: Int
        public var valid: Int
        public var rejected: Int
        public var rocAUC: Double
        public var recallAt5PercentFPR: Double
        public var thresholdAt5PercentFPR: Double
        public var likelySlopPrecision: Double
        public var likelySlopRecall: Double
        public var likelySlopFalsePositives: Int
        public var rejectedFlaggedLikelySlop: Int
        /// With a source index: reports of each label citing something the source does not have (`invented_reference`).
        public var inventedReferenceSlop: Int?
        public var inventedReferenceValid: Int?
        /// Report id, label and score, for reading misses. Ids only, never report text.
        public var scores: [String: Double]
    }

    public struct Agent: Sendable, Codable {
        public var agent: String
        public var pullRequests: Int
        /// Detected and named correctly, from title, body, author and commits.
        public var recall: Double
        /// Detected from a tool's own signature (not layout alone).
        public var signatureRecall: Double
        /// From title and body alone: no author login, no commits.
        public var recallTitleBodyOnly: Double
        /// PRs with any trace of the agent at all: its name anywhere in title, body, commits or logins, or the
        /// `## Summary` + `## Testing` layout the dataset's README documents for Codex.
        public var traceable: Int
        public var recallOfTraceable: Double
    }

    public var reports: Reports?
    /// The same reports with claims checked against a source index (`levee eval --index`).
    public var reportsWithClaims: Reports?
    public var agents: [Agent]
    public var humanTitles: Int
    public var humanTitleAgentFalsePositives: Int
    public var humanTitleLikelySlop: Int
}

/// Runs the evaluation. Kept in the library so tests can run it on small data.
public enum EvalRunner {
    public static func run(directory: String, index: SourceIndex? = nil) throws -> EvalReport {
        let root = URL(fileURLWithPath: directory)
        let reports = try curlReports(root.appendingPathComponent("curl-reports"), index: nil)
        let withClaims = try index.flatMap { try curlReports(root.appendingPathComponent("curl-reports"), index: $0) }
        var agents: [EvalReport.Agent] = []
        let agentDirectory = root.appendingPathComponent("agent-prs")
        for (file, expected) in [
            ("Copilot", "GitHub Copilot coding agent"), ("Devin", "Devin"), ("OpenAI_Codex", "OpenAI Codex"),
        ] {
            let csv = agentDirectory.appendingPathComponent("\(file).csv")
            guard FileManager.default.fileExists(atPath: csv.path) else { continue }
            agents.append(
                try agentRecall(
                    csv: csv, commits: agentDirectory.appendingPathComponent("\(file)-commits.csv"), expected: expected,
                    label: file))
        }
        var humans = 0
        var humanAgent = 0
        var humanSlop = 0
        let titles = agentDirectory.appendingPathComponent("human-titles.csv")
        if let text = try? String(contentsOf: titles, encoding: .utf8) {
            let evaluator = Evaluator()
            for record in CSV.records(text) {
                humans += 1
                let evaluation = evaluator.evaluate(Contribution(kind: .pullRequest, title: record["title"] ?? ""))
                if evaluation.agent.detected { humanAgent += 1 }
                if evaluation.verdict == .likelySlop { humanSlop += 1 }
            }
        }
        return EvalReport(
            reports: reports, reportsWithClaims: withClaims, agents: agents, humanTitles: humans,
            humanTitleAgentFalsePositives: humanAgent,
            humanTitleLikelySlop: humanSlop)
    }

    static func curlReports(_ directory: URL, index: SourceIndex?) throws -> EvalReport.Reports? {
        let manifest = directory.appendingPathComponent("manifest.csv")
        guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
        let evaluator = Evaluator()
        var slop: [Double] = []
        var valid: [Double] = []
        var flagged: [Bool] = []
        var actual: [Bool] = []
        var rejected = 0
        var rejectedFlagged = 0
        var scores: [String: Double] = [:]
        var invented: [String: Int] = [:]
        for record in CSV.records(try String(contentsOf: manifest, encoding: .utf8)) {
            guard let id = record["id"], let label = record["label"] else { continue }
            let path = directory.appendingPathComponent("reports/\(id).md").path
            let data = try InputReader.read(path: path)
            guard let contribution = try ContributionDecoder.decode(data, source: path).contribution else { continue }
            let evaluation = evaluator.evaluate(contribution, in: EvaluationContext(sourceIndex: index))
            scores["\(label):\(id)"] = evaluation.slopScore
            if evaluation.signals.contains(where: { $0.id == InventedReferenceSignal.id }) {
                invented[label, default: 0] += 1
            }
            switch label {
            case "slop":
                slop.append(evaluation.slopScore)
                flagged.append(evaluation.verdict == .likelySlop)
                actual.append(true)
            case "valid":
                valid.append(evaluation.slopScore)
                flagged.append(evaluation.verdict == .likelySlop)
                actual.append(false)
            default:
                rejected += 1
                if evaluation.verdict == .likelySlop { rejectedFlagged += 1 }
            }
        }
        let atFive = Metrics.recall(atFalsePositiveRate: 0.05, positives: slop, negatives: valid)
        let confusion = Metrics.confusion(predictedPositive: flagged, actualPositive: actual)
        return EvalReport.Reports(
            slop: slop.count, valid: valid.count, rejected: rejected,
            rocAUC: Metrics.rocAUC(positives: slop, negatives: valid), recallAt5PercentFPR: atFive.recall,
            thresholdAt5PercentFPR: atFive.threshold, likelySlopPrecision: confusion.precision,
            likelySlopRecall: confusion.recall, likelySlopFalsePositives: confusion.falsePositives,
            rejectedFlaggedLikelySlop: rejectedFlagged,
            inventedReferenceSlop: index == nil ? nil : invented["slop", default: 0],
            inventedReferenceValid: index == nil ? nil : invented["valid", default: 0], scores: scores)
    }

    static func agentRecall(csv: URL, commits: URL, expected: String, label: String) throws -> EvalReport.Agent {
        var commitsByPR: [String: [Commit]] = [:]
        if let text = try? String(contentsOf: commits, encoding: .utf8) {
            for record in CSV.records(text) {
                commitsByPR[record["pr_id"] ?? "", default: []].append(
                    Commit(
                        sha: record["sha"] ?? "", message: record["message"] ?? "", authorLogin: record["author"],
                        committerLogin: record["committer"]))
            }
        }
        var total = 0
        var hits = 0
        var signatureHits = 0
        var textHits = 0
        var traceable = 0
        var traceableHits = 0
        let keyword = label.lowercased().replacingOccurrences(of: "openai_", with: "")
        for record in CSV.records(try String(contentsOf: csv, encoding: .utf8)) {
            total += 1
            let full = Contribution(
                kind: .pullRequest, number: Int(record["number"] ?? ""), title: record["title"] ?? "",
                body: record["body"] ?? "", author: (record["user"]).map { Person(login: $0, type: nil) },
                commits: commitsByPR[record["id"] ?? ""] ?? [])
            let detection = AgentDetector.detect(full)
            let everything =
                ([full.title, full.body, full.author?.login ?? ""]
                + full.commits.flatMap {
                    [$0.message, $0.authorLogin ?? "", $0.committerLogin ?? ""]
                }).joined(separator: "\n").lowercased()
            let isTraceable =
                everything.contains(keyword)
                || (everything.contains("## summary") && everything.contains("## testing"))
            if isTraceable { traceable += 1 }
            if detection.detected && detection.name == expected {
                hits += 1
                if isTraceable { traceableHits += 1 }
                if detection.strength == .signature { signatureHits += 1 }
            }
            let textOnly = Contribution(kind: .pullRequest, title: full.title, body: full.body)
            let textDetection = AgentDetector.detect(textOnly)
            if textDetection.detected && textDetection.name == expected { textHits += 1 }
        }
        let n = Double(max(total, 1))
        return EvalReport.Agent(
            agent: label, pullRequests: total, recall: Double(hits) / n, signatureRecall: Double(signatureHits) / n,
            recallTitleBodyOnly: Double(textHits) / n, traceable: traceable,
            recallOfTraceable: Double(traceableHits) / Double(max(traceable, 1)))
    }
}

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure Levee on the labelled development data (curl security reports, agent pull requests).")

    @Argument(help: "The evaluation folder (shared/eval): curl-reports/ and agent-prs/.") var directory: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(help: "List every report's score by label and id (ids only, never text).") var verbose = false
    @Option(help: "A source index of curl (`levee index`): the reports are measured again with claims checked.")
    var index: String?

    func run() async throws {
        let report: EvalReport
        do {
            report = try EvalRunner.run(directory: directory, index: index.map(IndexCommand.load))
        } catch let error as ContributionError {
            Console.error("levee: \(error)")
            throw ExitCode(ExitStatus.badInput)
        }
        if format == .json {
            print(Renderer.json(report))
            return
        }
        print(EvalRenderer.text(report, verbose: verbose), terminator: "")
    }
}

enum EvalRenderer {
    static func pct(_ value: Double) -> String { value.isNaN ? "n/a" : String(format: "%.3f", value) }

    static func text(_ report: EvalReport, verbose: Bool) -> String {
        var out = ""
        for (r, heading) in [
            (report.reports, "curl security reports"),
            (report.reportsWithClaims, "curl security reports, claims checked against the source index"),
        ] {
            guard let r else { continue }
            out += "\(heading): \(r.slop) slop, \(r.valid) valid, \(r.rejected) unlabelled-rejected\n"
            if let slop = r.inventedReferenceSlop, let valid = r.inventedReferenceValid {
                out += "  invented_reference: \(slop) of \(r.slop) slop, \(valid) of \(r.valid) valid\n"
            }
            out += "  ROC AUC of slop_score (slop vs valid): \(pct(r.rocAUC))\n"
            out +=
                "  recall at ≤5% false positives on valid: \(pct(r.recallAt5PercentFPR)) (score ≥ \(pct(r.thresholdAt5PercentFPR)))\n"
            out += "  likely_slop verdict: precision \(pct(r.likelySlopPrecision)), recall \(pct(r.likelySlopRecall)), "
            out += "\(r.likelySlopFalsePositives) valid reports flagged\n"
            out += "  unlabelled-rejected flagged likely_slop: \(r.rejectedFlaggedLikelySlop) of \(r.rejected)\n"
            if verbose {
                for (key, score) in r.scores.sorted(by: { $0.value > $1.value }) {
                    out += "    \(pct(score))  \(key)\n"
                }
            }
        }
        if !report.agents.isEmpty { out += "agent pull requests (detected and named correctly):\n" }
        for a in report.agents {
            out +=
                "  \(a.agent.padding(toLength: 13, withPad: " ", startingAt: 0)) \(a.pullRequests) PRs  recall \(pct(a.recall))"
            out +=
                "  (tool signature only \(pct(a.signatureRecall)); title and body alone \(pct(a.recallTitleBodyOnly)))\n"
            out +=
                "                \(a.traceable) PRs carry any trace of the agent; recall among them \(pct(a.recallOfTraceable))\n"
        }
        if report.humanTitles > 0 {
            out += "human PR titles: \(report.humanTitles), agent detected on \(report.humanTitleAgentFalsePositives), "
            out += "likely_slop on \(report.humanTitleLikelySlop)\n"
        }
        return out
    }
}
