import Foundation

/// A security report with nothing to run: no code, no command, no numbered steps, no attachment, no trace. Real
/// reports nearly always show how to trigger the bug; a report that only describes it costs a maintainer the work of
/// finding out whether it exists at all.
public struct NoReproductionSignal: Signal {
    public static let id = "no_reproduction"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 1
    /// Substance: what the report shows (code, commands, steps, a trace) or does not.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .securityReport else { return nil }
        let evidence = context.observed.reportEvidence ?? ReportEvidence(c.body)
        guard !evidence.reproducible else { return nil }
        let words = TextStats.words(c.body).count
        guard words >= 40 else { return nil }
        return SignalHit(
            id: Self.id,
            evidence: ["no code block, command, numbered steps, attachment or trace in \(words) words"],
            message: "The report does not show how to reproduce the problem. Please add the exact steps, commands "
                + "or code, and the output you saw.", asksAuthor: true)
    }

    public static let triggeringExamples = [
        SignalExample(
            "a description and nothing to run",
            Example.report(
                """
                # Buffer overflow in cookie parsing

                The cookie parser copies the cookie name into a fixed buffer. When a server sends a very long cookie \
                name the copy writes past the end of the buffer, which corrupts the heap. An attacker who controls a \
                server can use this to crash the client or worse. The fix is to check the length before copying and \
                to reject names that are too long.
                """))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "steps to reproduce",
            Example.report(
                """
                # Crash with a long cookie name

                The cookie parser crashes when a server sends a cookie name longer than the line buffer, and the \
                client stops with a segmentation fault every time. Steps to reproduce:

                1. Start `nc -l 8080` and paste a response with a 9000-byte cookie name.
                2. Fetch http://localhost:8080/ with the client.
                3. It stops with a segmentation fault.
                """)),
        SignalExample(
            "a short note (too short to judge)", Example.report("# Crash in cookie parsing\n\nSee the attached file.")),
    ]
}
