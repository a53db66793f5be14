import Foundation

/// Flags the boilerplate of generated prose: assistant stock phrases ("I've made the following
/// changes", "comprehensive", "robust", "crucial"), walls of bold-labelled or emoji-headed sections,
/// and Summary/Impact/Mitigation/Recommendation padding. Severity padding in reports (CVSS/CWE,
/// "remote code execution" with nothing concrete behind it) is its own signal, `severity_inflation`,
/// so a project can weigh it separately.
///
/// Weighted evidence, never a verdict alone: people write like this too, so the strength grows
/// smoothly with the number of distinct markers and concrete artefacts pull it down.
public struct LLMProseMarkersSignal: Signal {
    public static let id = "llm_prose_markers"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 8
    /// Style: how the text sounds. It orders the queue and never convicts alone (`EvidenceClass`).
    public static let evidenceClass: EvidenceClass = .style
    public init() {}

    /// Phrases assistants write and people rarely do, with their weight. Matched on word boundaries, lowercased.
    static let stockPhrases: [(phrase: String, weight: Double)] = [
        ("i've made the following changes", 1.5), ("i have made the following changes", 1.5),
        ("here's a summary of", 1), ("here is a summary of", 1), ("certainly!", 1.5), ("i hope this helps", 1),
        ("as an ai", 1.5), ("as a large language model", 1.5), ("in conclusion", 1), ("in summary", 0.7),
        ("it is important to note", 1), ("it's important to note", 1), ("it is worth noting", 0.7),
        ("it's worth noting", 0.7), ("delve", 1), ("tapestry", 1), ("meticulous", 0.7), ("pivotal", 0.7),
        ("underscores", 0.7), ("comprehensive", 0.7), ("robust", 0.7), ("crucial", 0.7), ("seamless", 0.7),
        ("seamlessly", 0.7), ("leverage", 0.5), ("leveraging", 0.5), ("streamline", 0.5), ("furthermore", 0.5),
        ("moreover", 0.5), ("additionally", 0.4), ("ensure", 0.6), ("ensures", 0.6), ("ensuring", 0.6),
        ("enhances", 0.4), ("enhance", 0.4), ("significantly", 0.4), ("thereby", 0.4), ("facilitate", 0.4),
        ("this pr introduces", 0.7), ("this pull request introduces", 0.7), ("key changes", 0.7),
        ("best practices", 0.5), ("showcase", 0.5), ("foster", 0.5), ("realm", 0.5), ("paramount", 0.7),
        ("proactive", 0.5), ("holistic", 0.7), ("safeguard", 0.5), ("adversaries", 0.5),
        // A chat assistant's offer or a product-page heading, pasted into a description.
        ("would you like me to", 1.5), ("let me know if you'd like me to", 1.5), ("key features", 0.7),
    ]

    /// Section headings that pad generated reports and descriptions.
    static let paddingHeadings: Set<String> = [
        "summary", "overview", "impact", "testing", "mitigation", "mitigations", "remediation", "recommendation",
        "recommendations", "recommended fix", "suggested fix", "conclusion", "references", "proof of concept",
        "technical details", "technical analysis", "root cause", "root cause analysis", "affected components",
        "affected versions", "key changes", "benefits", "risk assessment", "severity", "description",
        "vulnerability details", "attack scenario", "exploitation", "fix", "changes made", "expected behavior",
        "actual behavior", "steps to reproduce", "background", "motivation", "details", "notes",
        "vulnerable code", "security impact", "potential impact", "cvss score", "cwe", "disclaimer",
    ]

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        let finding = Self.measure(context.observed.text, kind: c.kind)
        guard finding.points >= 1.5 else { return nil }
        return SignalHit(
            id: Self.id, strength: 1 - exp(-finding.points / 6), evidence: Array(finding.evidence.prefix(6)),
            message: "The text has the marks of generated prose (\(finding.evidence.count) markers); "
                + "that is not wrong in itself, but please make sure every claim is specific and checked.")
    }

    struct Finding {
        var points = 0.0
        var evidence: [String] = []
    }

    static func measure(_ text: TextScan, kind: ContributionKind) -> Finding {
        var finding = Finding()
        for index in stockPhraseSet.matches(in: text.loweredTitleAndProse) {
            finding.points += stockPhrases[index].weight
            finding.evidence.append("stock phrase “\(stockPhrases[index].phrase)”")
        }

        let lines = text.proseLines
        let boldLabels = lines.filter(isBoldLabel).count
        if boldLabels >= 3 {
            finding.points += min(3, Double(boldLabels) / 3)
            finding.evidence.append("\(boldLabels) lines open with a bold label (“**Impact:**”)")
        }
        let emojiHeadings = lines.filter { $0.hasPrefix("#") && $0.unicodeScalars.contains(where: isEmoji) }.count
        if emojiHeadings >= 2 {
            finding.points += min(2, Double(emojiHeadings) / 2)
            finding.evidence.append("\(emojiHeadings) emoji-headed sections")
        }
        let headings = text.headings.map { $0.trimmingScalars(where: String.isPunctuation).trimmed }
        let padding = Set(headings.filter { paddingHeadings.contains(stripEmoji($0)) })
        if padding.count >= 4 {
            finding.points += Double(padding.count - 3) * 0.5
            finding.evidence.append(
                "\(padding.count) boilerplate sections (" + padding.sorted().prefix(4).joined(separator: ", ") + ")")
        }

        if kind == .securityReport, headings.count >= 10 {
            finding.points += 1
            finding.evidence.append("\(headings.count) section headings")
        }
        return finding
    }

    /// A one-word phrase must be a word of its own ("robust", not "robustness"); longer ones may be anywhere.
    static let stockPhraseSet = PhraseSet(
        stockPhrases.map { entry in
            (entry.phrase, !entry.phrase.contains(" ") && entry.phrase.allSatisfy(\.isLetter) ? .word : .none)
        })

    static func isBoldLabel(_ line: Substring) -> Bool {
        guard line.hasByte(0x2A) else { return false }
        var t = line
        let utf8 = t.utf8
        // "- " or "* " on the bytes; a non-ASCII scalar after the space may join it in one `Character` (a combining
        // mark), and then the characters decide, as `hasPrefix` would.
        if utf8.count >= 2, case let first = utf8.first!, first == 0x2D || first == 0x2A,
            utf8.dropFirst().first == 0x20,
            utf8.dropFirst(2).first.map({ $0 < 0x80 }) ?? true || t.hasPrefix(first == 0x2D ? "- " : "* ")
        {
            t = t.dropFirst(2)
        }
        // A numbered item ("1. **Impact:**"); only a line opening with a number can be one.
        if t.first?.isNumber == true, let dot = t.firstIndex(of: "."), t[..<dot].allSatisfy(\.isNumber) {
            t = t[t.index(after: dot)...].drop(while: { $0 == " " })
        }
        guard t.hasPrefix("**") else { return false }
        let inner = t.dropFirst(2)
        guard let offset = TextSearch.firstOffset(of: "**", in: inner) else { return false }
        let close = inner.utf8.index(inner.startIndex, offsetBy: offset)
        let label = inner[..<close]
        let after = inner[inner.utf8.index(close, offsetBy: 2)...]
        return label.count <= 50 && (label.hasSuffix(":") || after.hasPrefix(":"))
    }

    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F300...0x1FAFF).contains(scalar.value) || (0x2600...0x27BF).contains(scalar.value)
    }

    static func stripEmoji(_ text: String) -> String {
        // Every emoji is outside ASCII, and `text` is trimmed already: an ASCII heading is its own answer.
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isEmoji($0) && $0.value != 0xFE0F }))
            .trimmed
    }

    public static let triggeringExamples = [
        SignalExample(
            "assistant-style description",
            Example.pull(
                body: """
                    I've made the following changes to ensure a robust and comprehensive solution:

                    ## ✨ Key Changes
                    - **Refactor:** streamline the parser
                    - **Tests:** ensure coverage
                    - **Docs:** update README

                    ## 🚀 Benefits
                    This seamlessly enhances maintainability. In conclusion, it is important to note the crucial impact.
                    """))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "terse human description",
            Example.pull(body: "The loop read one byte past the buffer when the header ended in CR. Added test 1598.")),
        SignalExample(
            "specific report with a transcript",
            Example.report(
                """
                # Heap overflow in the SOCKS5 handshake with a long host name

                ## Steps to reproduce
                ```
                $ ./configure --enable-debug && make
                $ ./src/curl --socks5-hostname 127.0.0.1:1080 http://AAAA…/
                ==12345==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011
                #0 0x4f2c1a in do_SOCKS5 lib/socks.c:919
                ```
                The host name is copied into a 600-byte buffer when resolving locally was switched off
                mid-handshake; the length check happens only on the first call. A server that delays its
                reply could make curl write past the buffer, which may lead to a crash.
                """)),
    ]
}
