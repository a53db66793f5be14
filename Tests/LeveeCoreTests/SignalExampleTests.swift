import Foundation
import Testing

@testable import LeveeCore

/// One parameterised test runs every signal's examples, the way SwiftLint runs its rules' examples.
struct SignalCase: Sendable, CustomTestStringConvertible {
    var signal: any Signal
    var example: SignalExample
    var triggers: Bool

    var testDescription: String { "\(type(of: signal).id) \(triggers ? "triggers on" : "ignores") \(example.name)" }

    static var all: [SignalCase] {
        SignalCatalog.all.flatMap { signal in
            let type = type(of: signal)
            return type.triggeringExamples.map { SignalCase(signal: signal, example: $0, triggers: true) }
                + type.nonTriggeringExamples.map { SignalCase(signal: signal, example: $0, triggers: false) }
        }
    }
}

@Suite struct SignalExampleTests {
    @Test(arguments: SignalCase.all)
    func example(_ test: SignalCase) {
        let hit = test.signal.evaluate(
            test.example.contribution, in: SignalContext(test.example.contribution, in: test.example.context))
        if test.triggers {
            #expect(hit != nil, "expected \(type(of: test.signal).id) to trigger on “\(test.example.name)”")
            #expect(hit?.id == type(of: test.signal).id)
            #expect(hit.map { !$0.evidence.isEmpty && !$0.message.isEmpty } ?? false)
            #expect(hit.map { $0.strength > 0 } ?? false)
        } else {
            #expect(hit == nil, "unexpected \(type(of: test.signal).id): \(hit?.evidence ?? [])")
        }
    }

    @Test func everySignalHasExamplesBothWays() {
        for signal in SignalCatalog.all {
            let type = type(of: signal)
            #expect(!type.triggeringExamples.isEmpty, "\(type.id) has no triggering example")
            #expect(!type.nonTriggeringExamples.isEmpty, "\(type.id) has no non-triggering example")
        }
    }

    @Test func idsAreStableSnakeCaseAndUnique() {
        let ids = SignalCatalog.ids
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { $0.isLowercase || $0 == "_" }, "\(id) is not snake_case")
        }
        #expect(
            ids == [
                "size", "description_effort_mismatch", "no_linked_issue", "issue_opened_just_before", "unrelated_churn",
                "new_dependencies", "trivial_credit_change", "template_ignored", "llm_prose_markers", "agent_signature",
                "touches_sensitive_paths", "severity_inflation", "disclosure_contradiction", "invented_reference",
                "modified_distribution", "no_reproduction", "poc_misses_project", "test_code_as_production",
                "weakened_tests", "change_misses_issue", "unknown_import",
                "title_body_mismatch", "default_title", "vague_title", "event_credit", "unfilled_template",
                "fresh_account", "activity_burst", "unmerged_record", "generated_reply",
                "undescribed_first_contribution",
            ])
    }

    @Test func everySignalHasAWeight() {
        for kind in [ContributionKind.pullRequest, .securityReport] {
            let model = ScoringModel.default.model(for: kind)
            for id in ScoreFeatures.ids(for: kind) {
                #expect(model.weights[id] != nil, "\(id) has no weight for \(kind.rawValue)")
            }
        }
    }
}

@Suite struct IssueReferenceTests {
    @Test func referencesAreFoundOnWordBoundaries() {
        #expect(NoLinkedIssueSignal.issueReferences(in: "Fixes #12 and gh-7.") == [12, 7])
        #expect(NoLinkedIssueSignal.issueReferences(in: "see https://github.com/o/r/issues/345") == [345])
        #expect(NoLinkedIssueSignal.issueReferences(in: "color#fff, abc#3, #, #x").isEmpty)
    }
}
