import Foundation

/// Flags severity padding in security reports and issues: remote code execution, memory
/// corruption, "critical", CVSS and CWE labels, "without proper bounds checking", and a headline
/// title ("Critical Buffer Overflow Vulnerability in X Leading to Y") — when no concrete artefact
/// backs them: no command transcript, sanitizer trace, debugger backtrace or protocol log.
/// Real reports name the bug plainly and show what happened; generated ones describe how bad it
/// could be. Each artefact present divides the points, so a report that shows its work is spared.
public struct SeverityInflationSignal: Signal {
    public static let id = "severity_inflation"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 8
    /// Style: severity words and headline titles. Honest reporters write in CVSS language too, more every year: it orders the queue and never sinks a report (`EvidenceClass`).
    public static let evidenceClass: EvidenceClass = .style
    public init() {}

    /// Severity language and its weight; each phrase counts at most three times.
    static let phrases: [(phrase: String, weight: Double)] = [
        ("remote code execution", 1), ("arbitrary code execution", 1), ("execute arbitrary code", 1),
        ("memory corruption", 0.8), ("critical", 0.6), ("compromise", 0.6), ("could lead to", 0.3),
        ("leading to", 0.3), ("potential", 0.2), ("potentially", 0.2), ("this vulnerability", 0.4),
        ("without proper", 0.8), ("bounds check", 0.8), ("malicious actor", 0.6), ("cvss", 0.5), ("cwe-", 0.4),
        ("sensitive data", 0.2), ("sensitive information", 0.2), ("unauthorized", 0.3),
        ("privilege escalation", 0.5), ("full system compromise", 1), ("exploitable", 0.4), ("severe", 0.4),
        ("improper", 0.4), ("insufficient", 0.4),
    ]

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .securityReport || c.kind == .issue else { return nil }
        let lower = context.observed.text.loweredTitleAndProse
        var points = 0.0
        var terms: [String] = []
        for (index, count) in Self.phraseSet.counts(in: lower, limit: 3).enumerated() where count > 0 {
            let (phrase, weight) = Self.phrases[index]
            points += weight * Double(count)
            terms.append(phrase)
        }
        var evidence: [String] = []
        if c.title.lowercasedFast.has("vulnerab") {
            points += 1
            evidence.append("the title announces a vulnerability: “\(TextStats.quote(c.title, limit: 70))”")
        }
        if Self.isHeadline(c.title) {
            points += 1.5
            evidence.append("headline-style title in Title Case")
        }
        let artefacts = Self.concreteArtefacts(c.body)
        let backed = points / (1 + Double(artefacts.count))
        guard backed >= 1 else { return nil }
        if !terms.isEmpty {
            evidence.insert("severity language: " + terms.prefix(5).map { "“\($0)”" }.joined(separator: ", "), at: 0)
        }
        evidence.append(
            artefacts.isEmpty
                ? "no command transcript, sanitizer trace, backtrace or protocol log"
                : "concrete evidence: " + artefacts.joined(separator: ", "))
        return SignalHit(
            id: Self.id, strength: 1 - exp(-backed / 5), evidence: evidence,
            message: "The report describes how severe the problem could be more than what actually happens; "
                + "please show the exact steps, the output you observed, and the affected code.")
    }

    /// A title of four or more significant words, nearly all capitalised.
    static func isHeadline(_ title: String) -> Bool {
        let words = title.split(whereSeparator: { !$0.isLetter && $0 != "'" }).filter { $0.count > 3 }
        guard words.count >= 4 else { return false }
        let capitalised = words.filter { $0.first?.isUppercase == true }.count
        return Double(capitalised) >= 0.8 * Double(words.count)
    }

    /// Concrete artefacts of hands-on work: shell transcripts, sanitizer and debugger output, protocol logs.
    static func concreteArtefacts(_ body: String) -> [String] {
        var found: [String] = []
        let lines = TextStats.lines(body)
        if lines.contains(where: { $0.hasPrefix("$ ") || $0.hasPrefix("% ") || $0.hasPrefix("# ./") }) {
            found.append("shell transcript")
        }
        // No marker spans a line break: a search of the whole body finds the same lines' markers.
        if body.has("ERROR: AddressSanitizer") || body.has("runtime error:") || body.has("==ERROR") {
            found.append("sanitizer report")
        }
        if lines.contains(where: { l in l.hasPrefix("==") && l.dropFirst(2).prefix(while: \.isNumber).count >= 2 }) {
            found.append("valgrind or sanitizer log")
        }
        if lines.contains(where: {
            $0.hasPrefix("> GET ") || $0.hasPrefix("< HTTP/") || $0.hasPrefix("* Connected to")
                || $0.hasPrefix("HTTP/1.1 ")
        }) {
            found.append("protocol log")
        }
        if body.has("#0 ") || body.has("#1  0x") || body.has("(gdb)"),
            lines.contains(where: {
                $0.trimmed.hasPrefix("#0 ") || $0.trimmed.hasPrefix("#1  0x") || $0.hasPrefix("(gdb)")
            })
        {
            found.append("backtrace")
        }
        return found
    }

    /// Every phrase counted in one pass, each up to three times, as `TextSearch.wordStartCount` counts.
    static let phraseSet = PhraseSet(phrases.map(\.phrase), boundary: .wordStart)

    public static let triggeringExamples = [
        SignalExample(
            "inflated security report",
            Example.report(
                """
                # Critical Buffer Overflow in URL Parser Leading to Remote Code Execution

                ## Summary
                A critical buffer overflow exists without proper bounds checking, potentially leading to remote code
                execution and full system compromise. This vulnerability could lead to memory corruption.

                ## Impact
                **Confidentiality:** attackers could read sensitive data.
                **Integrity:** arbitrary code execution.
                **Availability:** denial of service.

                ## Mitigation
                Ensure robust input validation.

                ## CVSS Score
                9.8 (Critical) — CWE-120
                """)),
        SignalExample(
            "headline issue",
            Contribution(
                kind: .issue, title: "Critical Heap Overflow Vulnerability Allows Remote Code Execution",
                body: "An attacker could potentially compromise the system without proper validation.")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "plain report with a sanitizer trace",
            Example.report(
                """
                # heap overflow in the SOCKS5 handshake

                ## Steps to reproduce
                ```
                $ ./src/curl --socks5-hostname 127.0.0.1:1080 http://AAAA…/
                ==12345==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011
                #0 0x4f2c1a in do_SOCKS5 lib/socks.c:919
                ```
                A slow proxy makes curl copy the long host name into the 600-byte buffer. This could lead to a crash,
                and potentially worse: memory corruption on the heap.
                """)),
        SignalExample(
            "ordinary bug issue",
            Contribution(kind: .issue, title: "curl -O fails with a 404 page", body: "Steps: run it.")),
        SignalExample(
            "pull requests are not judged on this",
            Example.pull(title: "Fix Critical Remote Code Execution Vulnerability", body: "Adds bounds checking.")),
    ]
}
