import ArgumentParser
import Foundation
import LeveeCore
import LeveeStore

/// `levee calibrate`: fits each repository's calibration on its maintainers' decisions and writes it where the
/// server reads it.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the slop score to a project's own decisions (spam against merged or completed items).",
        discussion: """
            Reads the outcomes the server recorded (`levee outcomes`), fits for pull requests and for issues a shift \
            of the score's log-odds (a prior pulls it towards zero), checks a fit on the earlier two thirds against \
            the later third, and writes the shift the server then adds to every score of the repository as the term \
            `project_calibration`. A kind is kept only with at least \(Calibrator.minimumPerClass) decisions of each \
            class and when it does no worse on the later third. A calibrated kind never closes or locks on the \
            score alone. Run without --dry-run it also re-arms a kind Levee stepped down for (`levee outcomes` says \
            why). docs/evaluation.md explains the fit.
            """)

    @Option(help: "Only this repository (owner/name); default: every repository with recorded outcomes.")
    var repository: String?
    @Flag(help: "Show the fit without writing it.") var dryRun = false
    @Flag(help: "Remove the repository's calibration (the shipped score applies again).") var reset = false
    @OptionGroup var database: ServerDatabase

    func validate() throws {
        if reset, repository == nil { throw ValidationError("--reset needs --repository OWNER/REPO") }
    }

    func run() async throws {
        let (repository, dryRun, reset) = (self.repository, self.dryRun, self.reset)
        try await database.with("calibrate") { store in
            if reset, let repository {
                try await store.saveSetting(Calibration.settingName(repository), value: "", at: Date())
                print("\(repository): calibration removed; the shipped score applies.")
                return
            }
            let outcomes = try await store.outcomes(repository: repository, since: .distantPast)
            let decisions = try await store.decisions(repository: repository, since: .distantPast)
            guard !outcomes.isEmpty || !decisions.isEmpty else {
                print("No closed items recorded yet (they are recorded as they close, and by `levee sync`).")
                return
            }
            let byRepository = Dictionary(grouping: outcomes, by: \.repository)
            let decidedIn = Dictionary(grouping: decisions, by: \.repository)
            for name in Set(byRepository.keys).union(decidedIn.keys).sorted() {
                let items = byRepository[name] ?? []
                let (calibration, reports) = Calibrator.calibrate(
                    items, decisions: decidedIn[name] ?? [], repository: name, at: Date())
                print(Self.text(repository: name, items: items.count, reports: reports))
                let current = try await store.setting(Calibration.settingName(name)).flatMap(Calibration.stored)
                if let calibration, !dryRun {
                    try await store.saveSetting(
                        Calibration.settingName(name), value: try calibration.storedJSON(), at: Date())
                    print("  written: " + calibration.summary.joined(separator: "; "))
                } else if let calibration {
                    print("  would write (--dry-run): " + calibration.summary.joined(separator: "; "))
                }
                if calibration == nil || dryRun {
                    print(
                        "  in use: "
                            + (current.map { $0.summary.joined(separator: "; ") } ?? "none (the shipped score)"))
                }
                // Running the calibration is a maintainer looking at the figures: it re-arms what stepped down.
                let down = try await store.stepDown(name).steppedDown.keys.sorted()
                if !down.isEmpty, !dryRun {
                    try await store.rearm(name, kinds: down, at: Date())
                    print(
                        "  re-armed: " + down.joined(separator: " and ") + " (the drift watch counts afresh from now)")
                } else if !down.isEmpty {
                    print(
                        "  stepped down: " + down.joined(separator: " and ") + " (re-armed when run without --dry-run)")
                }
            }
        }
    }

    static func text(repository: String, items: Int, reports: [Calibrator.KindReport]) -> String {
        var lines = ["\(repository): \(items) closed item\(items == 1 ? "" : "s")"]
        for r in reports {
            lines.append(
                "  \(r.kind.rawValue): \(r.spam) spam, \(r.accepted) merged or completed, \(r.skipped) not fitted on "
                    + "(withdrawn, declined or never scored)")
            if let shift = r.shift {
                lines.append(
                    "    shift \(signed(shift)) log-odds (prior normal, mean 0, deviation 1; each class weighs half)")
            }
            if r.shift != nil {
                lines.append(
                    "    "
                        + (r.thresholds.map {
                            "thresholds re-chosen on the accepted items: \(describe($0))"
                        }
                            ?? "thresholds as shipped (re-chosen only with \(Calibrator.minimumForThresholds) or more "
                            + "merged or completed)"))
            }
            if let before = r.heldOutBefore, let after = r.heldOutAfter, let held = r.heldOutShift {
                let chosen = r.heldOutThresholds.map { ", \(describe($0))" } ?? ""
                lines.append("    later third, fitted on the earlier two thirds (shift \(signed(held))\(chosen)):")
                lines.append("      shipped score: \(before.text)")
                lines.append("      calibrated:    \(after.text)")
            }
            lines.append("    all decisions (in-sample):")
            lines.append("      shipped score: \(r.inSampleBefore.text)")
            if let after = r.inSampleAfter { lines.append("      calibrated:    \(after.text)") }
            lines.append("    " + r.reason)
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ t: ScoringModel.Thresholds) -> String {
        "welcome below \(t.welcomeBelow), needs_author from \(t.needsAuthorFrom), likely_slop from \(t.likelySlopFrom)"
    }

    static func signed(_ value: Double) -> String { (value < 0 ? "−" : "+") + String(format: "%.3f", abs(value)) }
}
