import Foundation
import Testing

@testable import LeveeCore

/// The fitted score's report features read what a report shows. `report_annotated_quote`: a line of quoted code whose
/// trailing comment asserts the flaw.
@Suite struct ReportFeatureTests {
    static let annotated: [String] = [
        "    strcpy(dst, tmp); // Vulnerable to overflow",
        "    *str = strdup(val);  // <-- Allocation not freed later",
        "```c\nbuffer[start + 1]; /* no bounds check */\n```",
        "```c\nlen = a + b; // ← integer overflow\n```",
    ]
    static let plain: [String] = [
        // A comment that explains, not accuses.
        "```c\nsx->outp = socksreq; /* store it here */\n```",
        // A URL in a code block is no comment.
        "```\ncurl https://example.com/overflow\n```",
        // A comment on a line of its own.
        "```c\n// the overflow happens below\nmemcpy(dst, src, n);\n```",
        // Prose, not code.
        "The line `strcpy(dst, tmp)` is vulnerable // overflow",
    ]

    static func feature(_ body: String) -> Double? {
        let report = Contribution(kind: .securityReport, title: "Overflow", body: "Found by reading.\n\n" + body)
        return ScoreFeatures.values(report, hits: [], in: EvaluationContext())["report_annotated_quote"]
    }

    @Test(arguments: annotated) func aCommentPointingAtTheFlawCounts(_ body: String) {
        #expect(Self.feature(body) == 1)
    }

    @Test(arguments: plain) func otherCommentsDoNot(_ body: String) {
        #expect(Self.feature(body) == 0)
    }

    @Test func onlyReportsCarryIt() {
        let pull = Contribution(
            kind: .pullRequest, title: "Fix", body: "    strcpy(dst, tmp); // Vulnerable to overflow")
        #expect(ScoreFeatures.values(pull, hits: [], in: EvaluationContext())["report_annotated_quote"] == nil)
    }
}
