import Foundation

/// Flags a pull request whose linked issue was opened by the same author minutes before it:
/// the issue exists to satisfy an "issue first" rule, not to agree on the work with a maintainer.
public struct IssueOpenedJustBeforeSignal: Signal {
    public static let id = "issue_opened_just_before"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 3
    /// Behaviour: when the author opened the issue, against when they opened the pull request.
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    /// An issue opened this close before the pull request, by its author, was not discussed.
    public static let window: TimeInterval = 60 * 60

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, let opened = c.createdAt, let author = c.author?.handle else {
            return nil
        }
        for issue in c.linkedIssues {
            guard issue.author.map(Login.init) == author, let issueOpened = issue.createdAt else { continue }
            let gap = opened.timeIntervalSince(issueOpened)
            guard gap >= 0, gap <= Self.window else { continue }
            let minutes = Int(gap / 60)
            return SignalHit(
                id: Self.id, strength: gap <= 15 * 60 ? 1 : 0.6,
                evidence: [
                    "issue #\(issue.number) was opened by @\(author) \(minutes) minutes before this pull request"
                ],
                message:
                    "The linked issue #\(issue.number) was opened by the same author \(minutes) minutes before the "
                    + "pull request, so the change was not discussed with a maintainer first.")
        }
        return nil
    }

    public static let triggeringExamples = [
        SignalExample(
            "issue three minutes earlier",
            Example.pull(
                body: "Fixes #77", login: "fastfixer", createdAt: Example.now,
                linkedIssues: [LinkedIssue(number: 77, author: "fastfixer", createdAt: Example.now - 180)]))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "issue from another person",
            Example.pull(
                body: "Fixes #77", login: "fastfixer", createdAt: Example.now,
                linkedIssues: [LinkedIssue(number: 77, author: "reporter", createdAt: Example.now - 180)])),
        SignalExample(
            "own issue discussed for a week",
            Example.pull(
                body: "Fixes #77", login: "fastfixer", createdAt: Example.now,
                linkedIssues: [LinkedIssue(number: 77, author: "fastfixer", createdAt: Example.now - 7 * 86_400)])),
    ]
}
