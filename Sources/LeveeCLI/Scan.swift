import ArgumentParser
import Foundation
import LeveeConfig
import LeveeCore
import LeveeSQLite
import LeveeStore

/// One input of a scan that could not be read, kept so nothing is silently dropped.
public struct ScanProblem: Sendable, Codable {
    public var source: String
    public var reason: String
}

public struct ScanItem: Sendable, Codable {
    public var source: String
    public var evaluation: Evaluation
}

/// The ranked queue and its totals.
public struct ScanResult: Sendable, Encodable {
    public var items: [ScanItem]
    public var problems: [ScanProblem]
    public var skippedEvents: Int

    enum CodingKeys: String, CodingKey {
        case items, problems, summary
        case skippedEvents = "skipped_events"
    }

    public struct Summary: Sendable, Codable {
        public var items: Int
        public var reviewHours: Double
        public var likelySlopHours: Double
        public var verdicts: [String: Int]

        enum CodingKeys: String, CodingKey {
            case items, verdicts
            case reviewHours = "review_hours"
            case likelySlopHours = "likely_slop_hours"
        }
    }

    public var summary: Summary {
        let total = items.reduce(0) { $0 + $1.evaluation.reviewMinutes } / 60
        let slop =
            items.filter { $0.evaluation.verdict == .likelySlop }.reduce(0) { $0 + $1.evaluation.reviewMinutes } / 60
        var verdicts: [String: Int] = [:]
        for item in items { verdicts[item.evaluation.verdict.rawValue, default: 0] += 1 }
        return Summary(
            items: items.count, reviewHours: round(total * 10) / 10, likelySlopHours: round(slop * 10) / 10,
            verdicts: verdicts)
    }

    public init(items: [ScanItem], problems: [ScanProblem], skippedEvents: Int) {
        self.items = items
        self.problems = problems
        self.skippedEvents = skippedEvents
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(problems, forKey: .problems)
        try container.encode(skippedEvents, forKey: .skippedEvents)
        try container.encode(summary, forKey: .summary)
    }
}

/// Scores a directory or JSON Lines file of payloads, REST objects, bundles and reports.
public enum BacklogScan {
    static let extensions: Set<String> = ["json", "md", "markdown", "txt", "jsonl", "ndjson"]

    /// Every input the path holds, as (source name, bytes), in a stable order.
    public static func inputs(at path: String) throws -> [(String, Data)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ContributionError(source: path, reason: "no such file or directory")
        }
        var files: [String] = []
        if isDirectory.boolValue {
            let root = URL(fileURLWithPath: path)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
                throw ContributionError(source: path, reason: "cannot list the directory")
            }
            for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
                if url.lastPathComponent.lowercased() == "readme.md" { continue }
                files.append(url.path)
            }
            files.sort()
        } else {
            files = [path]
        }
        var result: [(String, Data)] = []
        for file in files {
            let data = try InputReader.read(path: file)
            if file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson") {
                var lineNumber = 0
                for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                    lineNumber += 1
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                    result.append(("\(file):\(lineNumber)", Data(line)))
                }
            } else {
                result.append((file, data))
            }
        }
        return result
    }

    /// What a scan reads for one contribution besides the shared context — from a checkout, the author's tier and the
    /// project's packages (`levee check --repo-root` reads the same, `PolicyOptions.repositoryFacts`).
    public typealias Gather = @Sendable (Contribution) async throws -> (contribution: Contribution, tier: TierDecision?)

    public static func scan(
        _ inputs: [(String, Data)], context: EvaluationContext = EvaluationContext(), gather: Gather? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) async -> ScanResult {
        let evaluator = Evaluator()
        var items: [ScanItem] = []
        var problems: [ScanProblem] = []
        var skipped = 0
        var earlier: [FingerprintedItem] = []
        for (index, (source, data)) in inputs.enumerated() {
            progress?(index + 1, inputs.count)
            do {
                switch try ContributionDecoder.decode(data, source: source) {
                case .contribution(var contribution):
                    // Near-duplicates within the backlog: each item is compared with the 500 before it.
                    var itemContext = context
                    itemContext.earlier = Array(earlier.suffix(500))
                    if let gather { (contribution, itemContext.trust) = try await gather(contribution) }
                    items.append(
                        ScanItem(source: source, evaluation: evaluator.evaluate(contribution, in: itemContext)))
                    if contribution.kind == .pullRequest || contribution.kind == .issue {
                        earlier.append(
                            FingerprintedItem(
                                number: contribution.number ?? 0, title: contribution.title,
                                fingerprint: Fingerprint(contribution)))
                    }
                case .event:
                    skipped += 1
                }
            } catch let error as ContributionError {
                problems.append(ScanProblem(source: error.source, reason: error.reason))
            } catch {
                problems.append(ScanProblem(source: source, reason: "\(error)"))
            }
        }
        // Value for review time first; ties by the cheaper review, then by source for a stable order.
        items.sort {
            ($0.evaluation.priority, -$0.evaluation.reviewMinutes, $1.source) > (
                $1.evaluation.priority, -$1.evaluation.reviewMinutes, $0.source
            )
        }
        return ScanResult(items: items, problems: problems, skippedEvents: skipped)
    }
}

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract:
            "Score a backlog: a directory or JSON Lines file of contributions, or a GitHub repository's open pull "
            + "requests and issues, as a ranked queue.",
        discussion: """
            Unreadable inputs are listed with the reason and do not stop the scan; the exit code is then 2.
            github:OWNER/REPO reads the repository's open pull requests (with their commits and files) and issues \
            through GitHub's GraphQL API, about one request per 50 pull requests or 100 issues, with a token from \
            GITHUB_TOKEN or --token-file (read access is enough; nothing is written to GitHub). Nothing is recorded \
            unless the whole backlog was read.
            """)

    @Argument(
        help: """
            A directory (searched recursively for .json, .jsonl, .md, .txt), a JSON Lines file, or github:OWNER/REPO.
            """)
    var path: String
    @Option(help: "For github:OWNER/REPO: a file holding the token (default: the GITHUB_TOKEN variable).")
    var tokenFile: String?
    @Option(help: "For github:OWNER/REPO: the API root (default: GITHUB_API_URL, else https://api.github.com).")
    var apiURL: String?
    @Option(help: "Output format: text, json or markdown.") var format: OutputFormat = .text
    @Option(help: "How many queue entries to print in text output (0 for all).") var top: Int = 20
    @Option(help: "SQLite database that keeps the evaluations (the embedded default store).")
    var database: String = "levee.sqlite"
    @Flag(help: "Do not record the evaluations in a database.") var noDatabase = false
    @OptionGroup var policyOptions: PolicyOptions

    func run() async throws {
        let inputs: [(String, Data)]
        var fetched: String?
        let context: EvaluationContext
        var gather: BacklogScan.Gather?
        do {
            let (policy, _) = try policyOptions.resolve()
            var template: String?
            if let checkout = policyOptions.checkout {
                // The checkout's files read once for the whole backlog; each author's tier and the project's packages
                // as `levee check --repo-root` reads them.
                let files = MemoizedSource(checkout)
                template = try await RepositoryFacts.template(policy, in: files)
                gather = { contribution in
                    var contribution = contribution
                    let facts = try await PolicyOptions.repositoryFacts(for: contribution, policy: policy, in: files)
                    if let packages = facts.packages { contribution.projectPackages = packages }
                    return (contribution, facts.tier)
                }
            }
            context = EvaluationContext(pullRequestTemplate: template, policy: policy)
            if path.hasPrefix("github:") {
                (inputs, fetched) = try await GitHubBacklogInput.read(
                    String(path.dropFirst("github:".count)), tokenFile: tokenFile, apiURL: apiURL)
            } else {
                inputs = try BacklogScan.inputs(at: path)
            }
        } catch let error as ContributionError {
            throw CLIError("levee: \(error)")
        } catch let error as PolicyError {
            throw CLIError(error.description)
        }
        let showProgress = Console.stderrIsTerminal && inputs.count >= 200
        let result = await BacklogScan.scan(inputs, context: context, gather: gather) { done, total in
            if showProgress, done % 100 == 0 || done == total {
                FileHandle.standardError.write(Data("\r\u{1B}[Kscanning \(done)/\(total)".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        }
        if !noDatabase {
            do {
                let store = try SQLiteStore(path: database)
                let now = Date()
                for item in result.items {
                    try store.record(
                        StoredEvaluation(.item(item.source), evaluatedAt: now, evaluation: item.evaluation))
                }
            } catch let error as StoreError {
                throw CLIError("levee: \(error)")
            }
        }
        switch format {
        case .json: print(Renderer.json(result))
        case .text, .markdown: print(ScanRenderer.text(result, top: top, markdown: format == .markdown), terminator: "")
        }
        if let fetched { Console.error(fetched) }
        for problem in result.problems { Console.error("levee: \(problem.source): \(problem.reason)") }
        if !result.problems.isEmpty { throw CLIError.exit(ExitStatus.badInput) }
    }
}

enum ScanRenderer {
    static func text(_ result: ScanResult, top: Int, markdown: Bool) -> String {
        let summary = result.summary
        var out = markdown ? "| # | verdict | score | review min | item |\n|---:|---|---:|---:|---|\n" : ""
        let shown = top > 0 ? Array(result.items.prefix(top)) : result.items
        for (rank, item) in shown.enumerated() {
            let e = item.evaluation
            let name = e.kind.rawValue.replacingOccurrences(of: "_", with: " ") + (e.number.map { " #\($0)" } ?? "")
            let title = TextStats.quote(e.title.isEmpty ? item.source : e.title, limit: 60)
            let signals = e.signals.prefix(2).map(\.id).joined(separator: ", ")
            if markdown {
                out +=
                    "| \(rank + 1) | \(e.verdict.rawValue) | \(e.slopScore) | \(e.reviewMinutes) | \(name): \(title) |\n"
            } else {
                let verdict = e.verdict.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                let minutes = String(format: "%6.1f", e.reviewMinutes)
                out +=
                    String(format: "%3d  ", rank + 1)
                    + "\(verdict) \(String(format: "%.2f", e.slopScore)) \(minutes) min  "
                    + "\(name): \(title)" + (signals.isEmpty ? "" : "  [\(signals)]") + "\n"
            }
        }
        if shown.count < result.items.count { out += "… \(result.items.count - shown.count) more\n" }
        out +=
            "\n\(summary.items) items, ≈ \(summary.reviewHours) review hours, \(summary.likelySlopHours) hours flagged likely_slop"
        out +=
            " ("
            + Verdict.allCases.map { "\($0.rawValue) \(summary.verdicts[$0.rawValue] ?? 0)" }.joined(separator: ", ")
            + ")"
        if result.skippedEvents > 0 { out += "; \(result.skippedEvents) events without a contribution skipped" }
        if !result.problems.isEmpty { out += "; \(result.problems.count) inputs could not be read" }
        return out + "\n"
    }
}
