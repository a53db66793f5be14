import Foundation

/// Flags a stranger whose recent pull requests across GitHub were mostly closed without being merged
/// (`author_activity.recent`): many projects already looked at this author's work and declined it. Needs a real
/// record — at least `fromClosedUnmerged` closed unmerged and no more than one merged for every `perMerged` of them —
/// so that a newcomer with two rejected pull requests, or an active contributor who also gets much merged, is never
/// read this way. The figures are the evidence; people the project knows are never read.
public struct UnmergedRecordSignal: Signal {
    public static let id = "unmerged_record"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`): no labelled set carries activity.
    public static let priorPoints: Double = 3
    /// Behaviour: what became of the author's work elsewhere.
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    /// Closed-unmerged pull requests from which the record counts, at which it counts fully, and how many of them
    /// one merged pull request outweighs.
    public static let fromClosedUnmerged = 10
    public static let fullAtClosedUnmerged = 30
    public static let perMerged = 3

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard let activity = AuthorActivity.readable(for: c, in: context.inputs), let record = activity.recent,
            record.closedUnmerged >= Self.fromClosedUnmerged, record.merged * Self.perMerged <= record.closedUnmerged
        else { return nil }
        let opened = record.merged + record.closedUnmerged + record.open
        let strength = SignalHit.rising(
            record.closedUnmerged, from: Self.fromClosedUnmerged, full: Self.fullAtClosedUnmerged)
        return SignalHit(
            id: Self.id, strength: strength,
            evidence: [
                "of \(opened) pull requests the author opened across GitHub in the \(record.days) days "
                    + "\(activity.asOf.map { "to " + TextStats.day($0) } ?? "before this one"), "
                    + "\(record.merged) merged, \(record.closedUnmerged) closed without merging, \(record.open) open"
            ],
            message: "Most of this author's recent pull requests elsewhere were closed without being merged; a "
                + "maintainer may want to check this one closely before spending review time.")
    }

    static func pull(merged: Int, closed: Int, open: Int = 0, association: String = "NONE") -> Contribution {
        var c = Example.pull(association: association, createdAt: Example.now)
        c.authorActivity = AuthorActivity(
            asOf: Example.now, pullRequests: 1, repositories: 1,
            recent: .init(merged: merged, closedUnmerged: closed, open: open))
        return c
    }

    public static let triggeringExamples = [
        SignalExample("3 merged, 11 closed unmerged, 9 open", pull(merged: 3, closed: 11, open: 9)),
        SignalExample("none merged of 40", pull(merged: 0, closed: 34, open: 6)),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("a newcomer with two declined", pull(merged: 0, closed: 2)),
        SignalExample("an active contributor who also gets much merged", pull(merged: 20, closed: 15)),
        SignalExample("a contributor the project knows", pull(merged: 0, closed: 30, association: "CONTRIBUTOR")),
        SignalExample("no record gathered", Example.pull(association: "NONE")),
    ]
}
