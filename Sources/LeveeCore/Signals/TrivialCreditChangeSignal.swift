import Foundation

/// Flags the résumé-credit pattern: a newcomer's pull request that only swaps a few words in
/// documentation ("utilize" → "use", an added adjective, a reworded sentence) with no functional
/// effect. Real typo fixes from newcomers are welcome; the signal is evidence, weighted, and only
/// counts for authors who have not contributed before.
public struct TrivialCreditChangeSignal: Signal {
    public static let id = "trivial_credit_change"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 5
    /// Substance: what the diff changes (a few swapped words in documentation).
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public static let maximumLines = 8

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, let author = c.author, author.association != nil, !author.isEstablished,
            !c.files.isEmpty, c.files.allSatisfy({ FileClass.classify($0.path) == .docs })
        else { return nil }
        let lines = c.files.reduce(0) { $0 + $1.changes }
        guard lines > 0, lines <= Self.maximumLines else { return nil }
        var edits: [String] = []
        for file in c.files {
            for hunk in file.hunks {
                let removed = hunk.removed
                let added = hunk.added
                guard removed.count == added.count else { return nil }
                for (old, new) in zip(removed, added) {
                    guard let change = Self.wordChange(old, new) else { return nil }
                    edits.append("\(file.path):\(hunk.newStart): \(change)")
                }
            }
        }
        // Without hunks, a docs-only change of a few lines is weaker evidence.
        let strength = edits.isEmpty ? 0.5 : 1
        return SignalHit(
            id: Self.id, strength: strength,
            evidence: edits.isEmpty ? ["\(lines) changed lines, documentation only"] : Array(edits.prefix(4)),
            message: "This changes only a few words of documentation. Thanks — small fixes are welcome when they fix "
                + "a real error; please say what was wrong.")
    }

    /// `“utilize” → “use”` when two lines differ in at most three words, else nil.
    static func wordChange(_ old: Substring, _ new: Substring) -> String? {
        let a = old.split(separator: " ")
        let b = new.split(separator: " ")
        let prefix = zip(a, b).prefix(while: { $0 == $1 }).count
        let suffix = zip(a.reversed(), b.reversed()).prefix(while: { $0 == $1 }).count
        let removed = a.dropFirst(prefix).dropLast(min(suffix, a.count - prefix))
        let added = b.dropFirst(prefix).dropLast(min(suffix, b.count - prefix))
        guard removed.count <= 3, added.count <= 3, !(removed.isEmpty && added.isEmpty) else { return nil }
        return "“\(removed.joined(separator: " "))” → “\(added.joined(separator: " "))”"
    }

    public static let triggeringExamples = [
        SignalExample(
            "word swap by a first-timer",
            Example.pull(
                title: "Improve README wording", association: "FIRST_TIME_CONTRIBUTOR",
                files: [
                    Example.patched(
                        "README.md",
                        "@@ -3,1 +3,1 @@\n-Use this library to utilize the API.\n+Use this library to leverage the API.\n"
                    )
                ]))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "same change by a regular contributor",
            Example.pull(
                association: "CONTRIBUTOR",
                files: [
                    Example.patched(
                        "README.md",
                        "@@ -3,1 +3,1 @@\n-Use this library to utilize the API.\n+Use this library to leverage the API.\n"
                    )
                ])),
        SignalExample(
            "first-timer code fix",
            Example.pull(
                association: "FIRST_TIME_CONTRIBUTOR", files: [Example.file("lib/url.c", added: 2, removed: 1)])),
        SignalExample(
            "first-timer writes a new docs section",
            Example.pull(association: "NONE", files: [Example.file("docs/install.md", added: 60)])),
    ]
}
