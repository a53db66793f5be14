import Foundation
import Testing

@testable import LeveeCore

/// Substance, behaviour and policy convict; style only orders (docs/scoring.md, "Evidence classes").
@Suite struct EvidenceClassTests {
    @Test func everyScoredFeatureDeclaresAClass() {
        for kind in [ContributionKind.pullRequest, .securityReport] {
            for id in ScoreFeatures.ids(for: kind) {
                #expect(EvidenceClass.byID[id] != nil, "\(id) has no declared class")
                #expect(EvidenceClass.of(id) != .prior, "\(id) is evidence, not a prior")
            }
        }
        #expect(EvidenceClass.of(ScoreTerm.baseline) == .prior)
        #expect(EvidenceClass.of(ScoreTerm.calibration) == .prior)
        // How a text sounds is style whatever it is called: the terms whose false alarms rose year after year.
        for id in ["llm_prose_markers", "severity_inflation", "report_length", "description_length", "vague_title"] {
            #expect(EvidenceClass.of(id) == .style, "\(id)")
        }
        for id in ["invented_reference", "template_ignored", "size", "report_artefacts"] {
            #expect(EvidenceClass.of(id) == .substance, "\(id)")
        }
        #expect(EvidenceClass.of("fresh_account") == .behaviour)
        #expect(!EvidenceClass.style.convicts && !EvidenceClass.prior.convicts)
        #expect(EvidenceClass.substance.convicts && EvidenceClass.behaviour.convicts && EvidenceClass.policy.convicts)
    }

    /// The rule as a table: what the standing score (the score without style) reaches, and above it what the score
    /// reaches up to style's ceiling; style may lower a verdict, never to `welcome`.
    @Test(arguments: [
        (ContributionKind.pullRequest, 0.99, 0.99, Verdict.likelySlop),
        (.pullRequest, 0.99, 0.5, .needsAuthor),
        (.pullRequest, 0.99, 0.1, .needsAuthor),
        (.pullRequest, 0.8, 0.1, .needsAuthor),
        (.pullRequest, 0.5, 0.1, .review),
        (.pullRequest, 0.1, 0.1, .welcome),
        (.pullRequest, 0.1, 0.5, .review),
        (.securityReport, 0.99, 0.99, .likelySlop),
        (.securityReport, 0.99, 0.7, .needsAuthor),
        (.securityReport, 0.99, 0.1, .review),
        (.securityReport, 0.5, 0.1, .review),
    ])
    func styleReachesItsCeilingOnly(kind: ContributionKind, score: Double, standing: Double, expected: Verdict) {
        let thresholds = ScoringModel.Thresholds(welcomeBelow: 0.3, needsAuthorFrom: 0.6, likelySlopFrom: 0.9)
        #expect(thresholds.verdict(score: score, standing: standing, kind: kind) == expected)
    }

    static let aiWrittenPull = Contribution(
        kind: .pullRequest, title: "Enhance documentation for clarity",
        body: """
            ## 🚀 Summary
            Certainly! I hope this helps. This comprehensive pull request delves into the intricate tapestry of the docs.

            ## ✨ Key Changes
            **Clarity:** seamlessly enhances readability.
            **Robustness:** a robust, comprehensive overhaul.
            **Impact:** elevates the developer experience.

            ## 🎯 Conclusion
            In conclusion, these changes are a testament to best practices. Feel free to reach out!
            """,
        author: Person(login: "stranger", association: "NONE"))

    /// A policy may weigh style as heavily as it likes: the verdict still rests on checkable evidence only.
    @Test func styleAloneNeverMakesLikelySlopEvenWhenWeighedHeavily() throws {
        var scoring = ScoringModel.default
        scoring.weights[LLMProseMarkersSignal.id] = 40
        let evaluation = Evaluator().evaluate(Self.aiWrittenPull, in: EvaluationContext(scoring: scoring))
        #expect(evaluation.signals.contains { $0.id == LLMProseMarkersSignal.id && $0.evidenceClass == .style })
        #expect(evaluation.slopScore >= ScoringModel.default.thresholds(for: .pullRequest).likelySlopFrom)
        #expect(evaluation.verdict == .needsAuthor)
        let held = try #require(evaluation.styleHeld)
        #expect(held.contains("llm_prose_markers") && held.contains("needs_author"))
        // The JSON carries the class of every signal and term.
        let json = String(decoding: try JSONEncoder().encode(evaluation), as: UTF8.self)
        #expect(json.contains("\"class\":\"style\""))
        #expect(json.contains("\"style_held\""))
        for term in try #require(evaluation.scoreTerms) { #expect(term.evidenceClass == EvidenceClass.of(term.id)) }
    }

    /// The same text with strong evidence of another class beside it (a policy weighing GitHub's own default title
    /// heavily) is judged by the score: the style cap is about style alone.
    @Test func aConvictingTermLiftsTheCap() {
        var scoring = ScoringModel.default
        scoring.weights[LLMProseMarkersSignal.id] = 40
        scoring.weights[DefaultTitleSignal.id] = 10
        var pull = Self.aiWrittenPull
        pull.title = "Update README.md"
        let evaluation = Evaluator().evaluate(pull, in: EvaluationContext(scoring: scoring))
        #expect(evaluation.signals.contains { $0.id == DefaultTitleSignal.id && $0.evidenceClass == .behaviour })
        #expect(evaluation.verdict == .likelySlop)
        #expect(evaluation.styleHeld == nil)
    }

    /// Evidence is listed substance first, style last, whatever its points.
    @Test func signalsAreGroupedByClassSubstanceFirst() {
        let pull = Contribution(
            kind: .pullRequest, title: "Update README.md", body: Self.aiWrittenPull.body,
            author: Person(login: "stranger", association: "NONE"),
            files: [ChangedFile(path: "src/engine.rs", additions: 13_000)])
        let evaluation = Evaluator().evaluate(pull)
        let classes = evaluation.signals.map(\.evidenceClass)
        #expect(classes == classes.sorted())
        #expect(classes.first == .substance && classes.last == .style)
        let comment = StickyComment.render(evaluation)
        let substance = comment.range(of: EvidenceClass.substance.heading)
        let style = comment.range(of: EvidenceClass.style.heading)
        #expect(substance != nil && style != nil)
        if let substance, let style { #expect(substance.lowerBound < style.lowerBound) }
    }

    static let asanTrace = """
        ==31337==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011 at pc 0x55d0 bp 0x7ffc sp 0x7ffc
        READ of size 1 at 0x602000000011 thread T0
            #0 0x55d0c1 in setup_range lib/url.c:15
            #1 0x55d0c2 in Curl_setup_conn lib/url.c:24
            #2 0x55d0c3 in main tests/poc.c:9
        SUMMARY: AddressSanitizer: heap-buffer-overflow lib/url.c:15 in setup_range
        """

    /// A real vulnerability written in perfect assistant English, with a sanitizer trace whose frames exist in the
    /// source: how it sounds never sinks it.
    @Test func aReportInAIEnglishWithARealTraceIsNotSunk() {
        let report = Contribution(
            kind: .securityReport,
            title: "Critical Heap Buffer Overflow in setup_range Leading to Remote Code Execution",
            body: """
                ## Summary
                Certainly! I hope this helps. A critical heap-based buffer overflow exists in `setup_range` without
                proper bounds checking, potentially leading to remote code execution, memory corruption and full system
                compromise. This comprehensive analysis delves into the root cause.

                ## Steps to Reproduce
                1. Build curl with `-fsanitize=address`.
                2. Run `./curl -r 0-1 http://127.0.0.1:8080/`.
                3. The sanitizer reports:

                ```
                \(Self.asanTrace)
                ```

                ## Impact
                **Confidentiality:** attackers could read sensitive data.
                **Integrity:** arbitrary code execution.
                **Availability:** denial of service.

                ## CVSS Score
                9.8 (Critical) — CWE-122
                """)
        let evaluation = Evaluator().evaluate(report, in: EvaluationContext(sourceIndex: Trees.curl))
        #expect(evaluation.signals.contains { $0.evidenceClass == .style && $0.points > 0 })
        #expect(!evaluation.signals.contains { $0.id == InventedReferenceSignal.id })
        #expect(evaluation.verdict <= .review, "\(evaluation.scoreExplanation ?? "")")
    }

    /// A plainly written report whose functions the source does not have, whose proof never runs the project and
    /// whose outcome is predicted rather than shown: substance, so it may be `likely_slop`.
    @Test func aPlainReportWithInventedFunctionsCanBeLikelySlop() {
        let report = Contribution(
            kind: .securityReport, title: "Overflow in url parsing",
            body: """
                The function `Curl_parse_url_range()` in lib/url.c copies the range into a fixed buffer. The helper
                `Curl_range_copy_unchecked()` does the copy and `Curl_range_finish()` frees it twice.

                Steps to reproduce:
                1. Compile the program below.
                2. Run it.
                3. Observe the program crash.

                ```c
                #include <string.h>
                int main(void) { char b[4]; strcpy(b, "AAAAAAAA"); return 0; }
                ```
                """)
        let evaluation = Evaluator().evaluate(report, in: EvaluationContext(sourceIndex: Trees.curl))
        #expect(evaluation.signals.contains { $0.id == InventedReferenceSignal.id && $0.evidenceClass == .substance })
        #expect(evaluation.verdict == .likelySlop, "\(evaluation.scoreExplanation ?? "")")
        #expect(evaluation.styleHeld == nil)
    }
}
