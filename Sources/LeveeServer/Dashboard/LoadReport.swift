import Foundation
import LeveeCore
import LeveeStore

/// The load on the maintainers, week by week (weeks start on Monday, UTC): what arrived by kind and by verdict, the
/// review hours it will cost against the triagers' declared capacity, the share Levee flagged, the time to the first
/// maintainer response, and how long the items waiting for their authors have waited.
struct LoadReport {
    struct Week {
        var start: Date
        var byKind: [ContributionKind: Int] = [:]
        var byVerdict: [Verdict: Int] = [:]
        var reviewMinutes = 0.0
        var responseHours: [Double] = []
        var total: Int { byKind.values.reduce(0, +) }
        var flagged: Int { (byVerdict[.needsAuthor] ?? 0) + (byVerdict[.likelySlop] ?? 0) }
    }

    static let ageBuckets: [(label: String, upTo: Double)] = [
        ("under 2 days", 2), ("2–7 days", 7), ("1–2 weeks", 14), ("2–4 weeks", 28), ("over 4 weeks", .infinity),
    ]

    var weeks: [Week]
    /// Items waiting for their authors (awaiting author or stale), by age bucket.
    var waitingAges: [Int]
    var capacityHours: Double

    /// The first day of the oldest week shown.
    static func start(now: Date, weekCount: Int = 12) -> Date {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let thisWeek = calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? now
        return thisWeek.addingTimeInterval(-Double(weekCount - 1) * 7 * 86400)
    }

    init(
        evaluations: [EvaluationFigures], lifecycle: [LifecycleTimes], capacityHours: Double, now: Date,
        weekCount: Int = 12
    ) {
        self.capacityHours = capacityHours
        let first = Self.start(now: now, weekCount: weekCount)
        let starts = (0..<weekCount).map { first.addingTimeInterval(Double($0) * 7 * 86400) }
        var weeks = starts.map { Week(start: $0) }
        func index(_ date: Date) -> Int? {
            let offset = Int(floor(date.timeIntervalSince(starts[0]) / (7 * 86400)))
            return weeks.indices.contains(offset) ? offset : nil
        }
        for e in evaluations {
            guard e.kind == .pullRequest || e.kind == .issue, let i = index(e.evaluatedAt) else { continue }
            weeks[i].byKind[e.kind, default: 0] += 1
            weeks[i].byVerdict[e.verdict, default: 0] += 1
            weeks[i].reviewMinutes += e.reviewMinutes
        }
        var ages = Array(repeating: 0, count: Self.ageBuckets.count)
        for item in lifecycle {
            if let opened = item.openedAt, let answered = item.firstResponseAt, let i = index(opened) {
                weeks[i].responseHours.append(max(answered.timeIntervalSince(opened), 0) / 3600)
            }
            if item.phase == .awaitingAuthor || item.phase == .stale, let since = item.phaseSince {
                let days = now.timeIntervalSince(since) / 86400
                ages[Self.ageBuckets.firstIndex { days < $0.upTo } ?? ages.count - 1] += 1
            }
        }
        self.weeks = weeks
        self.waitingAges = ages
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func label(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM d"
        return formatter.string(from: date)
    }
}
