import Foundation
import LeveeCore

/// The behaviour signals read on labelled data (issue #36, item 4): each agent pull request of a set opened under
/// people's own accounts is given the `author_activity` its author had when it was opened, rebuilt from the set itself
/// — the author's pull requests in the 7 days before (repositories, owners) and what had become of those opened in the
/// 90 days before, as the dates of creation, closing and merging say — and evaluated again. Reported by class, with
/// every author weighing the same (an author's share of items flagged, averaged over authors), beside the same figures
/// without activity. The signals' thresholds were set before this data was read and are not fitted on it, so no
/// cross-validation is involved; a set whose every pull request comes from one account (a bot) is left out, saying why.
public struct ActivityStudy: Sendable, Codable {
    public struct SetFigures: Sendable, Codable {
        public var set: String
        /// Authors and items of each class (`merged`, `closed_unmerged`).
        public var authors: [String: Int]
        public var items: [String: Int]
        /// Per behaviour signal and class: items it fired on.
        public var fired: [String: [String: Int]]
        /// Per behaviour signal and class: the share of an author's items it fired on, averaged over authors.
        public var firedAuthorWeighted: [String: [String: Double]]
        /// Per class: `needs_author` or above, author-weighted, without and with the rebuilt activity.
        public var needsAuthorWithout: [String: Double]
        public var needsAuthorWith: [String: Double]
        /// Per class: `likely_slop` with the rebuilt activity, in items.
        public var likelySlopWith: [String: Int]
        /// The largest rebuilt figures: pull requests and repositories in a week, closed unmerged in 90 days.
        public var largestWeek: Int
        public var largestWeekRepositories: Int
        public var largestClosedUnmerged: Int
    }

    public var sets: [SetFigures]
    /// Sets left out, with why.
    public var excluded: [String: String]
    /// What this data cannot show.
    public var cannotShow: [String]

    static let signals = [ActivityBurstSignal.id, UnmergedRecordSignal.id]
    static let classes = ["merged", "closed_unmerged"]

    public static func run(_ sets: [LabelledSet], evaluator: Evaluator) -> ActivityStudy {
        var study = ActivityStudy(
            sets: [], excluded: [:],
            cannotShow: [
                "activity outside the set: each author's pull requests to repositories under 500 stars and those not "
                    + "opened with the agent are missing, so every rebuilt figure is a floor",
                "the author's association with each repository (the data has none): contributors the project knows "
                    + "are read as strangers here, which the server never does",
                "whether a closed-unmerged pull request was slop: closed without merge is the data's proxy for review "
                    + "effort spent on nothing",
                "human-prs and spam-prs carry no author activity (human-prs no login at all): the behaviour signals "
                    + "cannot fire there, so their false alarms on honest pull requests are unmeasured by them",
            ])
        for set in sets where set.name.hasPrefix("agent-prs/") {
            let logins = Set(set.items.compactMap { $0.contribution.author?.login.lowercased() })
            if logins.count <= 1 || logins.allSatisfy({ $0.hasSuffix("[bot]") }) {
                study.excluded[set.name] =
                    "every pull request is by one account (\(logins.sorted().joined(separator: ", "))): its activity is "
                    + "the agent's own, not a person's"
                continue
            }
            study.sets.append(figures(set, evaluator: evaluator))
        }
        return study
    }

    static func figures(_ set: LabelledSet, evaluator: Evaluator) -> SetFigures {
        let byAuthor = Dictionary(grouping: set.items) { $0.contribution.author?.login.lowercased() ?? "" }
        var out = SetFigures(
            set: set.name, authors: [:], items: [:], fired: [:], firedAuthorWeighted: [:], needsAuthorWithout: [:],
            needsAuthorWith: [:], likelySlopWith: [:], largestWeek: 0, largestWeekRepositories: 0,
            largestClosedUnmerged: 0)
        // Per class and author: items, and counts of each measure.
        var perAuthor: [String: [String: [String: Int]]] = [:]
        for (login, items) in byAuthor where !login.isEmpty {
            for item in items {
                guard let positive = item.positive, let at = item.contribution.createdAt else { continue }
                let label = positive ? "closed_unmerged" : "merged"
                let activity = rebuilt(item, at: at, among: items)
                out.largestWeek = max(out.largestWeek, activity.pullRequests)
                out.largestWeekRepositories = max(out.largestWeekRepositories, activity.repositories)
                out.largestClosedUnmerged = max(out.largestClosedUnmerged, activity.recent?.closedUnmerged ?? 0)
                var with = item.contribution
                with.authorActivity = activity
                let before = evaluator.evaluate(item.contribution, in: item.context)
                let after = evaluator.evaluate(with, in: item.context)
                var counts = perAuthor[label, default: [:]][login, default: [:]]
                counts["items", default: 0] += 1
                for id in signals where after.signals.contains(where: { $0.id == id }) {
                    counts[id, default: 0] += 1
                    out.fired[id, default: [:]][label, default: 0] += 1
                }
                if before.verdict >= .needsAuthor { counts["without", default: 0] += 1 }
                if after.verdict >= .needsAuthor { counts["with", default: 0] += 1 }
                if after.verdict == .likelySlop { out.likelySlopWith[label, default: 0] += 1 }
                perAuthor[label, default: [:]][login] = counts
            }
        }
        for label in classes {
            let authors = perAuthor[label] ?? [:]
            out.authors[label] = authors.count
            out.items[label] = authors.values.reduce(0) { $0 + ($1["items"] ?? 0) }
            func weighted(_ key: String) -> Double {
                guard !authors.isEmpty else { return 0 }
                let sum = authors.values.reduce(0.0) { $0 + Double($1[key] ?? 0) / Double(max($1["items"] ?? 1, 1)) }
                return (sum / Double(authors.count) * 10_000).rounded() / 10_000
            }
            for id in signals { out.firedAuthorWeighted[id, default: [:]][label] = weighted(id) }
            out.needsAuthorWithout[label] = weighted("without")
            out.needsAuthorWith[label] = weighted("with")
        }
        return out
    }

    /// The author's activity at `at`, from their items in the set: the pull requests opened in the 7 days up to `at`
    /// (this one included), and those opened in the 90 days before by what had become of them at `at`.
    static func rebuilt(_ item: LabelledItem, at: Date, among items: [LabelledItem]) -> AuthorActivity {
        let week = items.filter {
            guard let created = $0.contribution.createdAt else { return false }
            return created <= at && created >= at.addingTimeInterval(-7 * 86_400)
        }
        let repositories = Set(week.map(\.repository))
        let owners = Set(repositories.map { $0.split(separator: "/").first.map(String.init) ?? $0 })
        var merged = 0
        var closed = 0
        var open = 0
        for other in items where other.id != item.id {
            guard let created = other.contribution.createdAt, created < at,
                created >= at.addingTimeInterval(-90 * 86_400)
            else { continue }
            if let mergedAt = other.mergedAt, mergedAt <= at {
                merged += 1
            } else if let closedAt = other.closedAt, closedAt <= at {
                closed += 1
            } else {
                open += 1
            }
        }
        return AuthorActivity(
            asOf: at, windowDays: 7, pullRequests: week.count, repositories: repositories.count, owners: owners.count,
            recent: .init(days: 90, merged: merged, closedUnmerged: closed, open: open))
    }

    /// The study as the text report prints it.
    public var text: String {
        var out = "== author activity, rebuilt from the agent pull-request sets (behaviour signals; not fitted)\n"
        func pct(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }
        for figures in sets {
            out += "  \(figures.set): "
            out += Self.classes.map { "\($0) \(figures.items[$0] ?? 0) items by \(figures.authors[$0] ?? 0) authors" }
                .joined(separator: ", ")
            out += "; the most in a week: \(figures.largestWeek) pull requests, \(figures.largestWeekRepositories) "
            out += "repositories; the most closed unmerged in 90 days: \(figures.largestClosedUnmerged)\n"
            for id in Self.signals {
                out += "    \(id): fired on "
                out += Self.classes.map {
                    "\($0) \(figures.fired[id]?[$0] ?? 0) (author-weighted \(pct(figures.firedAuthorWeighted[id]?[$0])))"
                }.joined(separator: ", ")
                out += "\n"
            }
            out += "    needs_author or above, author-weighted, without → with activity: "
            out += Self.classes.map {
                "\($0) \(pct(figures.needsAuthorWithout[$0])) → \(pct(figures.needsAuthorWith[$0]))"
            }.joined(separator: ", ")
            out += "; likely_slop with activity: "
            out += Self.classes.map { "\($0) \(figures.likelySlopWith[$0] ?? 0)" }.joined(separator: ", ") + "\n"
        }
        for (set, why) in excluded.sorted(by: { $0.key < $1.key }) { out += "  \(set) left out: \(why)\n" }
        for line in cannotShow { out += "  cannot show: \(line)\n" }
        return out
    }
}
