import Foundation

/// Flags an author who, asked about their change, answered with the marks of generated text (`Engagement`): the stock
/// apology and praise of assistants ("You're absolutely right!", "I apologize for the confusion") or a bulleted
/// restatement of the change. "It's hard to fake engagement": a person who wrote the change answers the question. It
/// reads how the reply sounds, so it is style: it orders the queue and may keep an item at `needs_author`, never
/// more. An answer in the author's own words that names the change lifts the item instead (`Evaluation.engagement`).
public struct GeneratedReplySignal: Signal {
    public static let id = "generated_reply"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`): no labelled set carries replies.
    public static let priorPoints: Double = 3
    /// Style: how the reply sounds.
    public static let evidenceClass: EvidenceClass = .style
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard let reading = Engagement.latest(c), !reading.generatedMarks.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: min(1, 0.6 + 0.2 * Double(reading.generatedMarks.count - 1)),
            evidence: ["the author's reply when asked: " + reading.generatedMarks.prefix(3).joined(separator: ", ")],
            message: "Asked about the change, the reply reads like generated text. Please answer in your own words: "
                + "what does the change do, and how did you check it?")
    }

    static func asked(_ reply: String, files: [ChangedFile] = [parser]) -> Contribution {
        var c = Example.pull(body: "Fixes #12. The parser now accepts empty input.", files: files)
        c.authorReplies = [AuthorReply(body: reply)]
        return c
    }

    static let parser = Example.patched(
        "src/parser.py",
        "@@ -1,2 +1,3 @@\n def parse_document(text):\n+    if not text: return []\n     return split(text)\n")

    public static let triggeringExamples = [
        SignalExample(
            "an apology and a bulleted restatement",
            asked(
                """
                You're absolutely right! I apologize for the oversight. Here's a summary of the changes:
                - Updated the parser to handle empty input
                - Added a guard clause for robustness
                - Ensured backward compatibility
                """)),
        SignalExample(
            "assistant's praise",
            asked("Great catch! I have updated the code accordingly. Let me know if you need anything else.")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "an answer in the author's own words",
            asked(
                "parse_document returned None for an empty string and the caller in cli.py crashed on it; I ran the "
                    + "old test suite plus the new empty case locally.")),
        SignalExample("no reply", Example.pull(files: [parser])),
        SignalExample("a short thanks", asked("thanks, will fix tonight")),
    ]
}
