import ArgumentParser
import Foundation
import LeveeConfig
import LeveeCore

struct LifecycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifecycle",
        abstract: "The lifecycle state machine, offline.",
        subcommands: [Simulate.self])

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what the lifecycle would do for a recorded event history, under a policy.",
            discussion: """
                EVENTS is JSON Lines. An optional first line {"item": {"number", "author", "pull_request", "body"}} \
                describes the item; every other line is an event with "at" (ISO 8601) and "event": opened (tier, \
                verdict, follows_policy, first_timer, over_cap), comment (by, writer, bot, asks, body), hold, unhold, \
                ok_to_test (by, writer), labeled / unlabeled (label), closed, reopened, slot_freed. Timers due before \
                each event fire first; at the end the clock runs to --now.
                """)

        @Option(help: "The event history (JSON Lines).") var events: String
        @Option(help: "Run the clock to this time at the end (ISO 8601).") var now: String
        @OptionGroup var policyOptions: PolicyOptions

        func run() async throws {
            let policy: Policy
            do {
                policy = try policyOptions.resolve().policy
            } catch {
                throw CLIError(error.description)
            }
            guard let end = ISO8601DateFormatter().date(from: now) else {
                throw CLIError(
                    "levee lifecycle simulate: --now \(now): expected an ISO 8601 time (2026-12-01T00:00:00Z)")
            }
            guard let data = FileManager.default.contents(atPath: events) else {
                throw CLIError("levee lifecycle simulate: \(events): no such file")
            }
            var item = LifecycleItem(repository: "simulated", number: 1, isPullRequest: true, author: "author")
            var timeline: [(Date, LifecycleEvent, String)] = []
            for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
                let place = "\(events):\(index + 1)"
                do {
                    let json = try JSONValue.parse(Data(line.utf8), source: place)
                    if let header = json["item"] {
                        item.number = header["number"]?.int ?? item.number
                        item.author = header["author"]?.string ?? item.author
                        item.isPullRequest = header["pull_request"]?.bool ?? item.isPullRequest
                        item.body = header["body"]?.string ?? ""
                        continue
                    }
                    timeline.append(try Self.event(json, place: place))
                } catch let error as ContributionError {
                    throw CLIError("levee lifecycle simulate: \(error)")
                }
            }
            let machine = LifecycleMachine(policy: policy)
            let formatter = ISO8601DateFormatter()
            func step(_ event: LifecycleEvent, _ name: String, at time: Date) {
                let (next, effects) = machine.apply(event, to: item, now: time)
                if next != item || !effects.isEmpty {
                    let described = effects.map(Self.describe).joined(separator: "; ")
                    print(
                        "\(formatter.string(from: time))  \(name) → \(next.phase.rawValue)"
                            + (described.isEmpty ? "" : ": " + described))
                }
                item = next
            }
            for (time, event, name) in timeline {
                while let deadline = item.deadline, deadline <= time, !item.held {
                    let before = item
                    step(.tick, "timer", at: deadline)
                    if item == before { break }
                }
                step(event, name, at: time)
            }
            while let deadline = item.deadline, deadline <= end, !item.held {
                let before = item
                step(.tick, "timer", at: deadline)
                if item == before { break }
            }
            print(
                "at \(formatter.string(from: end)): \(item.phase.rawValue)" + (item.held ? " (on hold)" : "")
                    + (item.deadline.map { ", next timer \(formatter.string(from: $0))" } ?? ""))
        }

        static func event(_ json: JSONValue, place: String) throws -> (Date, LifecycleEvent, String) {
            guard let at = json["at"]?.string.flatMap({ ISO8601DateFormatter().date(from: $0) }) else {
                throw ContributionError(source: place, reason: "`at` must be an ISO 8601 time")
            }
            guard let name = json["event"]?.string else { throw ContributionError(source: place, reason: "no `event`") }
            let by = json["by"]?.string ?? "someone"
            let writer = json["writer"]?.bool ?? false
            switch name {
            case "opened":
                let tier = json["tier"]?.string.flatMap(TrustTier.init(rawValue:)) ?? .newcomer
                let verdict = json["verdict"]?.string.flatMap(Verdict.init(rawValue:)) ?? .welcome
                return (
                    at,
                    .opened(
                        .init(
                            tier: tier, verdict: verdict, followsPolicy: json["follows_policy"]?.bool ?? true,
                            firstTimer: json["first_timer"]?.bool ?? false, overCap: json["over_cap"]?.bool ?? false)),
                    "opened"
                )
            case "comment":
                let body = json["body"]?.string ?? ""
                return (
                    at,
                    .comment(
                        by: by, isWriter: writer, isBot: json["bot"]?.bool ?? false,
                        asks: json["asks"]?.bool ?? body.contains("?"), body: body), "comment by \(by)"
                )
            case "hold", "unhold": return (at, .hold(by: by, isWriter: writer, on: name == "hold"), "\(name) by \(by)")
            case "ok_to_test": return (at, .okToTest(by: by, isWriter: writer), "ok-to-test by \(by)")
            case "labeled", "unlabeled":
                guard let label = json["label"]?.string else {
                    throw ContributionError(source: place, reason: "`\(name)` needs `label`")
                }
                return (at, name == "labeled" ? .labeled(label) : .unlabeled(label), "\(name) \(label)")
            case "closed": return (at, .closed, "closed")
            case "reopened": return (at, .reopened, "reopened")
            case "slot_freed": return (at, .slotFreed, "slot freed")
            default:
                throw ContributionError(
                    source: place,
                    reason: "unknown event `\(name)` (opened, comment, hold, unhold, ok_to_test, labeled, unlabeled, "
                        + "closed, reopened, slot_freed)")
            }
        }

        static func describe(_ effect: Effect) -> String {
            switch effect {
            case .addLabel(let label): return "+label \(label)"
            case .removeLabel(let label): return "-label \(label)"
            case .status(let text): return "status: \(text)"
            case .close: return "close"
            case .reopen: return "reopen"
            case .approveWorkflowRuns: return "approve workflow runs"
            case .assign(let login): return "assign @\(login)"
            case .requestReview(let login): return "request review from @\(login)"
            // Not lifecycle effects: the evaluation's.
            case .comment: return "comment"
            case .reply: return "reply"
            case .lock: return "lock"
            case .checkRun(let conclusion): return "check run \(conclusion)"
            }
        }
    }
}
