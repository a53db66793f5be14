import Foundation

/// Which way a sentence, a ticked box or a field about AI use points.
public enum AIPolarity: String, Sendable, Codable {
    /// It says AI was used ("I used Claude for the tests", "[x] AI tools were used").
    case used
    /// It says AI was *not* used ("AI is NOT used", "No AI-generated boilerplate", "I did not use any AI tool").
    case notUsed = "not_used"
    /// It admits output nobody reviewed ("[x] This was submitted by an agent without human review"): an admission,
    /// never a no-AI statement, although it is written with a negation.
    case unreviewed
    /// It says nothing about AI use.
    case silent
}

/// Reads the polarity of short texts about AI use. A negation counts when it stands in the same clause as the AI
/// term, before it ("No AI-generated …", "I did not use any AI tool", "without AI") or just after it through a
/// copula or a noun of use ("AI is NOT used", "AI tools were not used", "AI usage: none"). Clauses end at `.`, `,`,
/// `;`, `!`, `?`, a line break and the word "but", so "Not a bug in the parser, but I used Copilot" and "No problem,
/// I used Claude" still say AI was used. Deterministic and small on purpose: every case it decides is in `DisclosureTests`' polarity table.
public enum Polarity {
    static let negations: Set<Substring> = [
        "no", "not", "never", "without", "none", "nor", "neither", "zero", "dont", "didnt", "doesnt", "wasnt",
        "werent", "isnt", "arent", "havent", "hasnt", "hadnt", "wont", "cannot", "cant", "nothing",
    ]
    /// Words that name AI or an AI tool unambiguously ("large language model" and "artificial intelligence" are
    /// read as `llm` and `ai`). Everyday words that can name a tool ("cursor", "agent", "assistant") are not among
    /// them: "Created an export job for agent containers" and "I have signed the CLA (cla-assistant.io)" say nothing
    /// about AI.
    static let aiTerms: Set<Substring> = [
        "ai", "llm", "llms", "genai", "chatgpt", "gpt", "claude", "copilot", "gemini", "codex", "devin", "deepseek",
        "windsurf", "aider", "qwen", "tabnine", "codeium", "junie", "opencode", "chatbot", "chatbots",
    ]
    /// Who may have submitted unreviewed work, for a ticked box's admission: an AI term or an agent.
    static let submitterTerms: Set<Substring> = aiTerms.union(["agent", "agents", "bot", "assistant"])
    /// Between an AI term and a following negation: "AI [tools] [were] not used", "AI usage: none".
    static let bridging: Set<Substring> = [
        "is", "was", "were", "are", "has", "have", "had", "been", "be", "tool", "tools", "assistance", "use", "usage",
        "help", "did", "do", "does", "model", "models", "code", "content", "generated", "used", "involved",
    ]
    /// What a reviewer does; negated next to an agent or AI term it admits unreviewed output.
    static let reviewWords: Set<Substring> = [
        "review", "reviewed", "reviewing", "checked", "verified", "oversight", "supervision",
    ]
    static let admissionWords: Set<Substring> = ["unreviewed", "unsupervised", "unverified", "autonomously"]

    /// The polarity of a sentence or a field: `.used` when any clause says AI was used, `.notUsed` when every clause
    /// that mentions AI negates it, `.silent` when none mentions AI. Never `.unreviewed`: free prose says "not tested
    /// on Windows" too often for a negated review word to be an admission there.
    public static func of(_ text: some StringProtocol) -> AIPolarity {
        let lowered = String(text).lowercasedFast
        guard mayName(aiTerms: true, lowered) else { return .silent }
        var sawNegated = false
        for clause in clauses(lowered) {
            switch clausePolarity(clause) {
            case .used: return .used
            case .notUsed: sawNegated = true
            case .silent, .unreviewed: break
            }
        }
        return sawNegated ? .notUsed : .silent
    }

    /// The polarity of a ticked box's label. A box is a statement the author signs, so one that names AI or an agent
    /// and negates review ("submitted by an agent without human review", "I have not reviewed the AI's output") is an
    /// admission (`.unreviewed`), whatever else it negates.
    public static func ofTickedBox(_ label: some StringProtocol) -> AIPolarity {
        let lowered = String(label).lowercasedFast
        guard mayName(aiTerms: false, lowered) else { return .silent }
        let words = clauses(lowered, breakAtCommas: false).flatMap { $0 }
        if words.contains(where: submitterTerms.contains) {
            if words.contains(where: admissionWords.contains) { return .unreviewed }
            for i in words.indices where reviewWords.contains(words[i]) {
                if words[max(0, i - 3)..<i].contains(where: negations.contains) { return .unreviewed }
            }
        }
        return of(label)
    }

    /// Whether `clauses(lowered)` may hold an AI term (`aiTerms: true`) or a submitter term: a word of `clauses` is
    /// letters of the text in a row once apostrophes are dropped, or "llm" or "ai" written out in full. Most labels
    /// and sentences hold none of these strings and are silent without being split into words.
    static func mayName(aiTerms: Bool, _ lowered: String) -> Bool {
        let text =
            lowered.hasByte(0x27) || lowered.unicodeScalars.contains("’")
            ? String(String.UnicodeScalarView(lowered.unicodeScalars.filter { $0 != "'" && $0 != "’" })) : lowered
        return (aiTerms ? aiTermStrings : submitterTermStrings).first(in: text) != nil
    }
    static let spelledOut = ["large language model", "artificial intelligence"]
    static let aiTermStrings = PhraseSet(aiTerms.map(String.init) + spelledOut)
    static let submitterTermStrings = PhraseSet(submitterTerms.map(String.init) + spelledOut)

    static func clausePolarity(_ words: [Substring]) -> AIPolarity {
        let aiPositions = words.indices.filter { aiTerms.contains(words[$0]) }
        guard !aiPositions.isEmpty else { return .silent }
        for position in aiPositions {
            if words[max(0, position - 5)..<position].contains(where: negations.contains) { return .notUsed }
            var next = position + 1
            while next < words.count, next <= position + 4 {
                if negations.contains(words[next]) { return .notUsed }
                guard bridging.contains(words[next]) || aiTerms.contains(words[next]) else { break }
                next += 1
            }
        }
        return .used
    }

    /// The clauses of a lowered text as words (letters and digits; an apostrophe is dropped, so "didn't" is
    /// "didnt").
    static func clauses(_ lowered: String, breakAtCommas: Bool = true) -> [[Substring]] {
        // Links say where, not what: "cla-assistant.io" is no assistant.
        var text = lowered.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.contains("://") || word.hasPrefix("www.") ? "" : word
        }.joined(separator: " ")
        text = text.replacingOccurrences(of: "large language model", with: "llm")
            .replacingOccurrences(of: "artificial intelligence", with: "ai")
        var result: [[Substring]] = []
        var current: [Substring] = []
        var word = ""
        func endWord() {
            if word == "but" {
                result.append(current)
                current = []
            } else if !word.isEmpty {
                current.append(Substring(word))
            }
            word = ""
        }
        for scalar in text.unicodeScalars {
            if scalar == "'" || scalar == "’" { continue }
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
                continue
            }
            endWord()
            if ".;!?\n".unicodeScalars.contains(scalar) || (breakAtCommas && scalar == ",") {
                result.append(current)
                current = []
            }
        }
        endWord()
        result.append(current)
        return result.filter { !$0.isEmpty }
    }
}
