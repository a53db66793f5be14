import Foundation
import Testing

@testable import LeveeCore

/// The fitted score's report features read what a report shows. `report_annotated_quote`: a line of quoted code whose
/// trailing comment asserts the flaw. `report_predicted_outcome`: a step or heading telling what should be seen.
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
        return ScoreFeatures.values(report, hits: [], in: SignalContext(report, in: EvaluationContext()))[
            "report_annotated_quote"]
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
        #expect(
            ScoreFeatures.values(pull, hits: [], in: SignalContext(pull, in: EvaluationContext()))[
                "report_annotated_quote"] == nil)
    }

    static let predicted: [String] = [
        "## Steps\n1. Run `curl -K crash.cfg`\n2. Observe the crash.",
        "3. Observe that the `strcpy` function is used without proper bounds checking.",
        "### 4. Observe Crash",
        "#### **Expected Output**\n```\nProgram received signal SIGSEGV\n```",
        "Expected result: the password is sent to the second host.",
        "- **Expected behavior**: curl exits.",
    ]
    static let shown: [String] = [
        // What was observed, told as such.
        "## Observed Behavior\nThe request went out over HTTP.",
        "I observed that curl sent the header twice:\n```\n$ curl -v http://a.test\n```",
        // The usual pair of a bug report: expected and actual, both given.
        "## Expected behaviour\ncurl refuses.\n\n## Actual behaviour\ncurl connects:\n```\n* Connected\n```",
        // The words inside a sentence, not opening a step.
        "The expected output is shown below, as I saw it:\n```\n$ ./poc\nok\n```",
        "Observers of the stream see the token.",
    ]

    static func predictedFeature(_ body: String) -> Double? {
        let report = Contribution(kind: .securityReport, title: "Leak", body: body)
        return ScoreFeatures.values(report, hits: [], in: SignalContext(report, in: EvaluationContext()))[
            "report_predicted_outcome"]
    }

    @Test(arguments: predicted) func anOutcomeToBeSeenCounts(_ body: String) {
        #expect(Self.predictedFeature(body) == 1)
    }

    @Test(arguments: shown) func anOutcomeShownOrInPassingDoesNot(_ body: String) {
        #expect(Self.predictedFeature(body) == 0)
    }

    /// The version the reply draft asks for is found however the reporter writes it, a template's brackets included.
    @Test(arguments: [
        "## Affected version\n[6.5 through 8.11.0]", "Tested on curl 8.13.0.", "Found in v2.3 (commit 3f2a9c1d)",
        "commit 3f2a9c1d introduced it",
    ])
    func aStatedVersionIsFound(_ body: String) {
        #expect(ReportEvidence.statesVersion(Contribution(kind: .securityReport, title: "Leak", body: body)))
    }

    @Test(arguments: ["Affects the latest release.", "Costs 1.5x the memory"])
    func noVersionIsNoVersion(_ body: String) {
        #expect(!ReportEvidence.statesVersion(Contribution(kind: .securityReport, title: "Leak", body: body)))
    }
}
