import Foundation

/// A report presenting a bug in the project's tests, examples, fuzz harnesses or documentation as a vulnerability of
/// the shipped product: every source file it cites is one a user never runs.
public struct TestCodeAsProductionSignal: Signal {
    public static let id = "test_code_as_production"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 4
    /// Substance: the files the report cites, by what they are (test, example, fuzzing code).
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    static let nonProductionFolders: Set<String> = [
        "test", "tests", "testing", "example", "examples", "demo", "demos", "sample", "samples", "fuzz", "fuzzing",
        "docs", "doc", "benchmarks", "bench",
    ]

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .securityReport else { return nil }
        var cited: [String] = []
        for token in ClaimExtractor.tokenize(c.title + "\n" + c.body) {
            let path = String(token.split(separator: ":").first ?? "")
            guard path.contains("/"), !path.hasPrefix("http"), let dot = path.lastIndex(of: "."),
                ClaimExtractor.sourceExtensions.contains(path[path.index(after: dot)...].lowercasedFast)
            else { continue }
            if !cited.contains(path) { cited.append(path) }
        }
        guard !cited.isEmpty else { return nil }
        let nonProduction = cited.filter { path in
            let folders = path.lowercasedFast.split(separator: "/").dropLast()
            return folders.contains { Self.nonProductionFolders.contains(String($0)) }
                || FileClass.classify(path) == .test
        }
        guard nonProduction.count == cited.count else { return nil }
        return SignalHit(
            id: Self.id, strength: cited.count >= 2 ? 1 : 0.7,
            evidence: [
                "every source file cited is test, example or documentation code: "
                    + nonProduction.prefix(4).joined(separator: ", ")
            ],
            message: "The code this report points at is not part of what users run (tests, examples, fuzzers or "
                + "documentation). Please show how the shipped product is affected.", asksAuthor: true)
    }

    public static let triggeringExamples = [
        SignalExample(
            "an example program as the vulnerable code",
            Example.report(
                """
                # Critical buffer overflow

                The function in docs/examples/ftpupload.c copies the file name with strcpy, and \
                tests/server/sws.c:1200 does the same. An attacker can overflow the buffer.
                """))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "library code, with a test that shows it",
            Example.report(
                """
                # Overflow in the chunked decoder

                lib/http_chunks.c:180 adds the chunk size without a check; tests/data/test2300 reproduces it.
                """)),
        SignalExample("no file cited", Example.report("# Overflow\n\nThe chunked decoder overflows.")),
    ]
}
