import Foundation

/// Levee standing down for a kind of item in one repository, by itself, when the drift watch says its false alarms
/// exceed the promise there (issue #39). While a kind is stepped down Levee still evaluates and records every item —
/// so the watch keeps measuring — but adds none of its verdict's labels, closes and locks nothing on the verdict, and
/// its comment only asks the author a plain question, with a line saying why. It stays down until a maintainer
/// re-arms it (`levee calibrate`, or the switch on the dashboard's load page); the count then starts afresh.
///
/// Kept per repository in the `setting` table (`settingName`). Pure: the drift watch comes in as a value.
public struct StepDown: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var since: Date
        /// The figures that stepped it down, in a sentence the comment and the dashboard show.
        public var why: String
    }

    /// By `DriftWatch.kindName` (`pull requests`, `issues`): the kinds stepped down.
    public var steppedDown: [String: Entry]
    /// By `DriftWatch.key(repository, kind)`: when a maintainer re-armed a kind. Decisions before it are not counted.
    public var armedSince: [String: Date]

    public init(steppedDown: [String: Entry] = [:], armedSince: [String: Date] = [:]) {
        self.steppedDown = steppedDown
        self.armedSince = armedSince
    }

    public static func settingName(_ repository: String) -> String { "stepdown:\(repository)" }

    /// A stored state; an empty or unreadable one is none (Levee acts as configured).
    public static func stored(_ text: String?) -> StepDown {
        guard let text, !text.isEmpty else { return StepDown() }
        return (try? StoredJSON.value(StepDown.self, from: text)) ?? StepDown()
    }

    public func storedText() throws -> String { try StoredJSON.text(self) }

    /// Why Levee stood down for an item of this kind, or nil when it acts as configured.
    public func reason(isPullRequest: Bool) -> String? {
        steppedDown[DriftWatch.kindName(isPullRequest: isPullRequest)]?.why
    }

    /// The state after a drift watch of `repository`: a kind whose false alarms exceed the promise in any window steps
    /// down (the 30-day window first); a kind already down stays down whatever the figures say now, until re-armed.
    public func updated(by drift: DriftWatch, repository: String, at: Date) -> StepDown {
        var next = self
        for row in drift.rows where row.repository == repository && row.exceedsPromise {
            guard next.steppedDown[row.kind] == nil else { continue }
            next.steppedDown[row.kind] = Entry(since: at, why: Self.why(row, at: at))
        }
        return next
    }

    /// Re-armed by a maintainer: the kinds act as configured again and their count starts at `at`.
    public func rearmed(_ kinds: [String], repository: String, at: Date) -> StepDown {
        var next = self
        for kind in kinds {
            next.steppedDown[kind] = nil
            next.armedSince[DriftWatch.key(repository, kind)] = at
        }
        return next
    }

    static func why(_ row: DriftWatch.Row, at: Date) -> String {
        let percent = String(format: "%.0f%%", row.rate * 100)
        let p = row.pValue < 0.0001 ? "p < 0.0001" : String(format: "p = %.4f", row.pValue)
        return "Levee stepped down for \(row.kind) here on \(TextStats.day(at)): of the \(row.accepted) \(row.kind) "
            + "the maintainers accepted in the last \(row.days) days, Levee had flagged \(row.flagged) (\(percent); it "
            + "promises at most \(Int(DriftWatch.promise * 100))%, exact binomial test \(p)). Until a maintainer "
            + "re-arms it, Levee adds no labels and only asks."
    }
}
