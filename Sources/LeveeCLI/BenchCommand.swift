import ArgumentParser
import Foundation
import LeveeCore

/// Measurements a person can rerun (`bench/run` drives them, with their peers, and writes `bench/results/`). Each
/// prints one JSON line; nothing here asserts a speed.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: diff parsing and evaluations per second (bench/run runs them beside their peers).",
        subcommands: [Diff.self, Evaluations.self, DashboardPages.self, Backfill.self])

    /// The agent and human pull requests of shared/eval, as contributions.
    static func backlog(_ directory: String) throws -> [Contribution] {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("agent-prs")
        var backlog: [Contribution] = []
        for name in ["Copilot", "Devin", "OpenAI_Codex", "human-titles"] {
            let url = folder.appendingPathComponent("\(name).csv")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            for record in CSV.records(text) {
                backlog.append(
                    Contribution(
                        kind: .pullRequest, number: Int(record["number"] ?? ""), title: record["title"] ?? "",
                        body: record["body"] ?? "", author: record["user"].map { Person(login: $0, type: nil) }))
            }
        }
        guard !backlog.isEmpty else {
            throw CLIError("levee bench: no pull requests under \(folder.path)")
        }
        return backlog
    }

    /// Parses a diff file repeatedly on one thread and reports MB/s.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse a unified diff repeatedly; print MB/s.")

        @Argument(help: "A diff or patch file (`git log -p` output, a Debian patch).") var file: String
        @Option(help: "Seconds to keep parsing (at least one full pass is made).") var seconds: Double = 5
        @Option(
            help: """
                Also write everything parsed (files, modes, flags, hunks, every line) as text to this file, to \
                check that a change to the parser changes no result.
                """)
        var dump: String?

        func run() async throws {
            let data = try InputReader.read(path: file)
            let text = String(decoding: data, as: UTF8.self)
            if let dump {
                let diff = UnifiedDiff.parse(text)
                var out = "subject \(diff.subject ?? "-") from \(diff.from ?? "-")\n"
                for file in diff.files {
                    out += "file \(file.oldPath ?? "-") -> \(file.newPath ?? "-") modes \(file.oldMode ?? "-") "
                    out += "\(file.newMode ?? "-") binary \(file.isBinary) rename \(file.isRename) copy \(file.isCopy) "
                    out +=
                        "similarity \(file.similarity.map(String.init) ?? "-") no-newline \(file.missingNewlineAtEnd)\n"
                    for hunk in file.hunks {
                        out +=
                            "@@ \(hunk.oldStart),\(hunk.oldCount) \(hunk.newStart),\(hunk.newCount) \(hunk.section)\n"
                        for line in hunk.lines { out += "\(line.kind) \(line.text)\n" }
                    }
                }
                try Data(out.utf8).write(to: URL(fileURLWithPath: dump))
            }
            var passes = 0
            var files = 0
            let clock = ContinuousClock()
            let start = clock.now
            repeat {
                files = UnifiedDiff.parse(text).files.count
                passes += 1
            } while (clock.now - start) < .seconds(seconds)
            let elapsed =
                Double((clock.now - start).components.attoseconds) / 1e18
                + Double((clock.now - start).components.seconds)
            let megabytes = Double(data.count * passes) / 1_000_000
            print(
                #"{"benchmark":"diff_parse","tool":"levee","bytes":\#(data.count),"files":\#(files),"passes":\#(passes),"#
                    + #""seconds":\#(elapsed),"mb_per_s":\#(megabytes / elapsed)}"#)
        }
    }

    /// Evaluates a backlog of real pull-request texts (the agent and human PRs of shared/eval) on one thread.
    struct Evaluations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval", abstract: "Evaluate a backlog of real pull requests on one thread; print items/s.")

        @Argument(help: "The evaluation folder (shared/eval), whose agent-prs/*.csv give the pull requests.")
        var directory: String
        @Option(help: "How many items (the rows are reused in order when there are fewer).") var items = 10_000
        @Flag(help: "Also time each signal alone over the same items (where the time goes).") var bySignal = false
        @Option(
            help:
                "Also write each distinct item's whole evaluation to this file as JSON (one line each, sorted keys), to check that a speed change changes no result."
        ) var dump: String?

        func run() async throws {
            let backlog = try BenchCommand.backlog(directory)
            let evaluator = Evaluator()
            let context = EvaluationContext()
            var flagged = 0
            let clock = ContinuousClock()
            let start = clock.now
            for index in 0..<items
            where evaluator.evaluate(backlog[index % backlog.count], in: context).verdict >= .needsAuthor {
                flagged += 1
            }
            let duration = clock.now - start
            let elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            if bySignal {
                // Each signal on the context the evaluator gives it (the disclosure, the agent detection, the text scan
                // and a report's evidence found once), so that the work they share is timed once, as its own row.
                func milliseconds(_ body: () -> Void) -> Double {
                    let start = clock.now
                    body()
                    let d = clock.now - start
                    return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
                }
                let distinct = min(items, backlog.count)
                var prepared: [SignalContext] = []
                let shared = milliseconds {
                    prepared = backlog.prefix(distinct).map { evaluator.signalContext(for: $0, in: context) }
                }
                let rounds = Double(items) / Double(distinct)
                print(
                    #"{"benchmark":"shared","stage":"disclosure, agent, text scan, report evidence","ms":\#(shared * rounds)}"#
                )
                for signal in SignalCatalog.all {
                    let ms = milliseconds {
                        for index in 0..<items {
                            _ = signal.evaluate(backlog[index % distinct], in: prepared[index % distinct])
                        }
                    }
                    print(#"{"benchmark":"signal","signal":"\#(type(of: signal).id)","ms":\#(ms)}"#)
                }
            }
            if let dump {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var lines = Data()
                for contribution in backlog.prefix(items) {
                    lines += try encoder.encode(evaluator.evaluate(contribution, in: context)) + Data("\n".utf8)
                }
                try lines.write(to: URL(fileURLWithPath: dump))
            }
            let bodyBytes = backlog.prefix(items).reduce(0) { $0 + $1.body.utf8.count + $1.title.utf8.count }
            print(
                #"{"benchmark":"evaluations","tool":"levee","items":\#(items),"distinct":\#(min(items, backlog.count)),"#
                    + #""mean_text_bytes":\#(bodyBytes / max(1, min(items, backlog.count))),"flagged":\#(flagged),"#
                    + #""seconds":\#(elapsed),"items_per_s":\#(Double(items) / elapsed)}"#)
        }
    }
}
