import Foundation

/// Flags a description whose length is out of proportion to the change, in either direction:
/// a 2,000-word essay on a 5-line change (generated padding), or a 13,000-line drop explained
/// in two sentences (nobody can review what the author did not explain).
public struct DescriptionEffortMismatchSignal: Signal {
    public static let id = "description_effort_mismatch"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 4
    /// Substance: the description measured against the diff it describes.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, ReviewableSize.isKnown(c) else { return nil }
        let lines = ReviewableSize(c).lines
        let words = TextStats.wordCount(context.observed.text.prose)
        if lines <= 20, words >= 400 {
            return SignalHit(
                id: Self.id, strength: min(1, Double(words) / 1500),
                evidence: ["\(words) words describe a \(lines)-line change"],
                message: "The description (\(words) words) is far longer than the change (\(lines) lines); "
                    + "a short description in your own words helps reviewers more.")
        }
        if lines >= 1000, words < 50 {
            return SignalHit(
                id: Self.id, strength: lines >= 5000 ? 1 : 0.6,
                evidence: ["\(lines) changed lines with a \(words)-word description"],
                message: "A change of \(lines) lines comes with only \(words) words of description; please explain "
                    + "what it does, why, and how it was tested.",
                // Only a file list tells lock files and generated code (which a reviewer skims) from written code;
                // GitHub's totals alone count them all, so they weigh in the score but do not ask the author.
                asksAuthor: !c.files.isEmpty)
        }
        return nil
    }

    public static let triggeringExamples = [
        SignalExample(
            "essay on a 5-line change",
            Example.pull(body: Example.words(2000), files: [Example.file("README.md", added: 3, removed: 2)])),
        SignalExample(
            "13k lines, two sentences",
            Example.pull(
                body: "Adds the new engine. Please merge.", files: [Example.file("src/engine.rs", added: 13_000)])),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "proportionate", Example.pull(body: Example.words(120), files: [Example.file("lib/url.c", added: 40)])),
        SignalExample(
            "large change, explained",
            Example.pull(body: Example.words(600), files: [Example.file("src/engine.rs", added: 3000)])),
        SignalExample(
            "long code block is not prose",
            Example.pull(
                body: "Repro:\n```\n" + Example.words(900) + "\n```\nFixed by checking the length.",
                files: [Example.file("lib/url.c", added: 4)])),
    ]
}
