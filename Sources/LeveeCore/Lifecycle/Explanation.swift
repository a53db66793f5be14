import Foundation

/// Whether an author's reply explains their change in their own words: enough words, not a copy of the pull request's
/// description, without generated-prose markers, and with the AI disclosure the policy asks for.
public enum ExplanationCheck {
    public struct Verdict: Sendable, Hashable {
        public var accepted: Bool
        /// Why not, one sentence each.
        public var reasons: [String]
    }

    public static func check(reply: String, pullRequestBody: String, policy: Policy) -> Verdict {
        var reasons: [String] = []
        let words = Self.words(reply)
        let minimum = policy.lifecycle.closeByDefault.minWords
        if words.count < minimum {
            reasons.append("it has \(words.count) words; an explanation needs at least \(minimum)")
        }
        let overlap = copiedShare(reply: words, source: Self.words(pullRequestBody))
        if overlap >= 0.5 {
            reasons.append(
                "\(Int((overlap * 100).rounded()))% of it repeats the pull request's description; please write it anew")
        }
        let reply = Contribution(kind: .comment, number: nil, title: "", body: reply)
        if let hit = LLMProseMarkersSignal().evaluate(reply, in: SignalContext(reply, in: EvaluationContext())),
            hit.strength >= 0.5
        {
            reasons.append("it reads like generated text (\(hit.evidence.prefix(3).joined(separator: ", ")))")
        }
        if policy.requiresDisclosure(for: .pullRequest),
            !DisclosureDetector.detect(reply, policy: policy.disclosure).present
        {
            reasons.append("the project's policy asks you to say whether and how AI was used")
        }
        return Verdict(accepted: reasons.isEmpty, reasons: reasons)
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init)
    }

    /// The share of the reply's word trigrams that also stand in the source.
    static func copiedShare(reply: [String], source: [String]) -> Double {
        guard reply.count >= 3, source.count >= 3 else { return 0 }
        func trigrams(_ words: [String]) -> [String] {
            (0...(words.count - 3)).map { words[$0..<$0 + 3].joined(separator: " ") }
        }
        let sourceSet = Set(trigrams(source))
        let mine = trigrams(reply)
        return Double(mine.filter(sourceSet.contains).count) / Double(mine.count)
    }
}
