import Foundation

/// Flags a first contribution that comes with no description: an empty or one-word body (once the template's hidden
/// comments are gone) on a pull request from someone GitHub calls a first-time contributor. A newcomer is welcome,
/// but nobody can review a change whose author did not say what it is for — the shape of accidental pull requests
/// and of drive-by ones. Asks for a sentence, nothing more.
public struct UndescribedFirstContributionSignal: Signal {
    public static let id = "undescribed_first_contribution"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds): never shipped as points, set as if it had been.
    public static let priorPoints: Double = 2
    /// Style: a description left out. A first-timer's empty description orders the queue, never convicts.
    public static let evidenceClass: EvidenceClass = .style
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, let association = c.author?.association, association.isNewcomer
        else { return nil }
        let words = TextStats.wordCount(context.observed.text.withoutComments)
        guard words <= 1 else { return nil }
        return SignalHit(
            id: Self.id,
            evidence: [
                (words == 0 ? "no description" : "a one-word description")
                    + " on a first contribution (GitHub: \(association.rawValue.lowercased()))"
            ],
            message:
                "Welcome! Please add a sentence or two on what this changes and why, so a maintainer can review it.",
            asksAuthor: false)
    }

    public static let triggeringExamples = [
        SignalExample("empty body from a first-timer", Example.pull(title: "Update index.html", association: "NONE")),
        SignalExample(
            "one word", Example.pull(title: "Fix", body: "updated", association: "FIRST_TIME_CONTRIBUTOR")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "a first-timer who says what and why",
            Example.pull(body: "The port check wrapped above 65535; it now rejects it.", association: "NONE")),
        SignalExample("a regular contributor's one-liner", Example.pull(body: "", association: "CONTRIBUTOR")),
        SignalExample("association unknown", Example.pull(body: "", association: "")),
    ]
}
