import Foundation

/// A title and a body about different things: the title announces one kind of bug (or names a function) and the body
/// describes another kind (or never mentions that function). Generated reports are often assembled from parts.
public struct TitleBodyMismatchSignal: Signal {
    public static let id = "title_body_mismatch"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 3
    /// Style: the title read against the body, both the author's prose.
    public static let evidenceClass: EvidenceClass = .style
    public init() {}

    /// Kinds of bug, the words that name them, and their family. Kinds close enough that one report honestly speaks
    /// of both (an integer overflow causing a buffer overflow, a use after free found through a leak) share a family;
    /// the title and body disagree when no family is shared.
    static let bugClasses: [(name: String, family: String, words: [String])] = [
        (
            "buffer overflow", "memory",
            ["overflow", "out-of-bounds", "out of bounds", "overrun", "overread", "over-read"]
        ),
        ("use after free", "memory", ["use after free", "use-after-free", "uaf", "dangling"]),
        ("double free", "memory", ["double free", "double-free", "freed twice"]),
        ("null dereference", "memory", ["null pointer", "null dereference", "nullptr", "null deref"]),
        (
            "integer overflow", "memory",
            ["integer overflow", "integer underflow", "wraparound", "wrap around", "truncation"]
        ),
        ("memory leak", "memory", ["memory leak", "leak", "leaks"]),
        ("injection", "web", ["injection", "inject"]),
        ("cross-site scripting", "web", ["xss", "cross-site scripting", "cross site scripting"]),
        ("request forgery", "web", ["ssrf", "csrf", "request forgery"]),
        ("path traversal", "web", ["path traversal", "directory traversal", "../"]),
        ("race condition", "availability", ["race condition", "toctou", "data race", "race"]),
        ("denial of service", "availability", ["denial of service", "dos", "infinite loop", "hang", "exhaust"]),
        ("authentication bypass", "trust", ["bypass", "authentication", "credential", "password"]),
        ("information disclosure", "trust", ["disclosure", "exposure", "leak", "leaks", "reveal"]),
        ("certificate validation", "trust", ["certificate", "tls", "ssl", "verification", "verify"]),
    ]

    /// The kinds named in the text, and their families.
    static func classes(in text: String) -> (names: Set<String>, families: Set<String>) {
        var names = Set<String>()
        var families = Set<String>()
        // Every class's words in one pass over the text.
        for index in classWords.matches(in: text) {
            let (name, family, _) = bugClasses[classOfWord[index]]
            names.insert(name)
            families.insert(family)
        }
        return (names, families)
    }

    static let classWords = PhraseSet(bugClasses.flatMap(\.words), boundary: .wordStart)
    static let classOfWord = bugClasses.indices.flatMap { index in bugClasses[index].words.map { _ in index } }

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .securityReport || c.kind == .issue else { return nil }
        let title = c.title.lowercasedFast
        let body = context.observed.text.loweredBody
        guard TextStats.hasWords(c.body, atLeast: 30) else { return nil }
        var evidence: [String] = []
        let inTitle = Self.classes(in: title)
        let inBody = Self.classes(in: body)
        if !inTitle.families.isEmpty, !inBody.families.isEmpty, inTitle.families.isDisjoint(with: inBody.families) {
            evidence.append(
                "the title speaks of \(inTitle.names.sorted().joined(separator: ", ")); the body of "
                    + inBody.names.sorted().prefix(3).joined(separator: ", "))
        }
        // Code names in the title (`Curl_parse_header`, `parse()`) that the body never writes.
        let names = ClaimExtractor.tokenize(c.title).map { $0.hasSuffix("()") ? String($0.dropLast(2)) : $0 }.filter {
            name in
            name.count >= 4 && name.contains("_") && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        }
        let absent = names.filter { !c.body.has($0) }
        if !absent.isEmpty {
            evidence.append("the title names \(absent.map { "`\($0)`" }.joined(separator: ", ")); the body never does")
        }
        guard !evidence.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: evidence.count == 2 ? 1 : 0.7, evidence: evidence,
            message: "The title and the description do not describe the same problem. Please make them agree.",
            asksAuthor: true)
    }

    public static let triggeringExamples = [
        SignalExample(
            "a use after free in the title, an injection in the body",
            Example.report(
                """
                # Use-after-free in Curl_http_header_parse

                The header handling lets an attacker inject extra header lines through a crafted value with a \
                newline in it. The injection reaches the server as a second request, which the server then answers \
                as if it came from the user, so the attacker controls what the user sees next.
                """))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "the same bug in both",
            Example.report(
                """
                # Use after free in Curl_http_header_parse

                `Curl_http_header_parse()` keeps a pointer into the header buffer after the buffer is freed when a \
                header line is longer than the buffer. The next header then reads freed memory; ASan reports a \
                heap-use-after-free on the second read.
                """))
    ]
}
