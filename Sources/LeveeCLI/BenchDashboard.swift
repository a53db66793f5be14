import ArgumentParser
import AsyncHTTPClient
import Foundation
import LeveeConfig
import LeveeCore
import LeveeSQLite
import LeveeServer
import LeveeStore
import Logging
import NIOCore

extension BenchCommand {
    /// Fills a fresh SQLite database with a backlog of evaluated real pull requests (and lifecycle items), starts the
    /// server on loopback, and times every dashboard page over HTTP: the time a maintainer waits for each page.
    struct DashboardPages: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dashboard",
            abstract: "Time the dashboard's pages over a backlog of evaluated pull requests; print p50/p99 ms per page."
        )

        @Argument(help: "The evaluation folder (shared/eval), whose agent-prs/*.csv give the pull requests.")
        var directory: String
        @Option(help: "How many evaluated items to store (spread over three repositories and twelve weeks).")
        var items = 5000
        @Option(help: "Requests per page.") var requests = 20
        @Option(
            help: ArgumentHelp(
                "Keep the filled SQLite database at this path, and reuse it when it already holds evaluations.",
                discussion: "For profiling or rerunning the page timings without filling again."))
        var database: String?

        func run() async throws {
            let backlog = try BenchCommand.backlog(directory)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("levee-bench-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try SQLiteStore(
                path: database ?? folder.appendingPathComponent("bench.sqlite").path, durability: .normal)
            let now = Date()
            let evaluator = Evaluator()
            let clock = ContinuousClock()
            let fillStart = clock.now
            let filled = try await store.evaluationTally().count
            if filled > 0 {
                Console.error("levee bench dashboard: reusing the \(filled) evaluations in \(database ?? "")")
            }
            for index in 0..<(filled > 0 ? 0 : items) {
                var contribution = backlog[index % backlog.count]
                contribution.number = index + 1
                let repo = "bench/repo-\(index % 3)"
                let at = now.addingTimeInterval(-Double(index) / Double(max(items, 1)) * 12 * 7 * 86400)
                let evaluation = evaluator.evaluate(contribution, in: EvaluationContext(now: at))
                try await store.saveEvaluation(
                    StoredEvaluation(.item("\(repo)#\(index + 1)"), evaluatedAt: at, evaluation: evaluation))
                if index % 2 == 0 {
                    var item = LifecycleItem(
                        repository: repo, number: index + 1, isPullRequest: true,
                        author: contribution.author?.login ?? "someone",
                        phase: index % 4 == 0 ? .awaitingAuthor : .open)
                    item.openedAt = at
                    item.phaseSince = at
                    item.firstResponseAt = at.addingTimeInterval(Double(index % 97) * 3600)
                    try await store.saveLifecycleItem(item)
                }
            }
            let filling = clock.now - fillStart

            var configuration = ServerConfiguration()
            configuration.httpPort = 0
            var logger = Logger(label: "levee-bench")
            logger.logLevel = .error
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let app = try await buildApplication(
                configuration: configuration, webhookSecret: "bench",
                dependencies: ServerDependencies(
                    store: store, github: nil, logger: logger, onListening: { continuation.yield($0) }))
            let server = Task {
                defer { continuation.finish() }  // a server that cannot start ends the wait below
                try await app.runService(gracefulShutdownSignals: [])
            }
            var port = 0
            for await value in ports {
                port = value
                break
            }
            if port == 0 { throw CLIError("the dashboard server did not start: \(await server.result)") }
            // The first request after start decodes every stored evaluation once (the dashboard keeps them in memory
            // and afterwards reads only what changed): timed on its own, then every page is timed warm.
            // The load page's first request reads every lifecycle item's times; later ones reuse that report while no
            // evaluation changes (and refresh it in the background every 30 seconds).
            for (name, path) in [("queue", "/"), ("load", "/load")] {
                let cold = clock.now
                let first = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(600))
                _ = try await first.body.collect(upTo: 64 << 20)
                print(
                    #"{"benchmark":"dashboard_first_request","tool":"levee","page":"\#(name)","items":\#(items),"#
                        + #""ms":\#(Self.milliseconds(clock.now - cold))}"#)
            }
            let pages = [
                ("queue", "/"), ("queue_page_2", "/?page=2"), ("queue_search", "/?q=test"),
                ("queue_filtered", "/?verdict=needs_author&order=quickest"),
                ("item", "/items/bench:repo-0:1"), ("load", "/load"), ("trust", "/trust"), ("shadow", "/shadow"),
            ]
            for (name, path) in pages {
                var times: [Double] = []
                var bytes = 0
                for _ in 0..<requests {
                    let start = clock.now
                    let response = try await HTTPClient.shared.execute(
                        HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(120))
                    let body = try await response.body.collect(upTo: 64 << 20)
                    guard response.status == .ok else {
                        throw CLIError("levee bench dashboard: \(path) answered \(response.status.code)")
                    }
                    bytes = body.readableBytes
                    times.append(Self.milliseconds(clock.now - start))
                }
                times.sort()
                let p50 = times[times.count / 2]
                let p99 = times[min(times.count - 1, Int((Double(times.count) * 0.99).rounded(.up)) - 1)]
                print(
                    #"{"benchmark":"dashboard_page","tool":"levee","page":"\#(name)","items":\#(items),"#
                        + #""requests":\#(requests),"bytes":\#(bytes),"p50_ms":\#(p50),"p99_ms":\#(p99)}"#)
            }
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print(
                #"{"benchmark":"dashboard_fill","tool":"levee","items":\#(items),"seconds":\#(Self.milliseconds(filling) / 1000),"#
                    + #""peak_rss_mb":\#(Double(usage.ru_maxrss) / 1024)}"#)
            server.cancel()
            _ = await server.result
        }

        static func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
    }
}
