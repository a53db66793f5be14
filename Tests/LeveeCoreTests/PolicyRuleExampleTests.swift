import Foundation
import Testing

@testable import LeveeCore

/// One parameterised test runs every policy rule's examples through the whole evaluation (`Evaluator`), the way
/// `SignalExampleTests` runs the signals'.
struct PolicyRuleCase: Sendable, CustomTestStringConvertible {
    var rule: any PolicyRule
    var example: PolicyExample
    var triggers: Bool

    var testDescription: String {
        "\(type(of: rule).ids[0]) \(triggers ? "triggers on" : "ignores") \(example.name)"
    }

    static var all: [PolicyRuleCase] {
        PolicyRules.all.flatMap { rule in
            let type = type(of: rule)
            return type.triggeringExamples.map { PolicyRuleCase(rule: rule, example: $0, triggers: true) }
                + type.nonTriggeringExamples.map { PolicyRuleCase(rule: rule, example: $0, triggers: false) }
        }
    }
}

@Suite struct PolicyRuleExampleTests {
    @Test(arguments: PolicyRuleCase.all)
    func example(_ test: PolicyRuleCase) {
        let type = type(of: test.rule)
        let evaluation = Evaluator().evaluate(
            test.example.contribution,
            in: EvaluationContext(
                pullRequestTemplate: test.example.template, policy: test.example.policy, author: test.example.author,
                trust: test.example.trust))
        let own = evaluation.violations.filter { type.ids.contains($0.id) }
        if test.triggers {
            #expect(!own.isEmpty, "expected \(type.ids) on “\(test.example.name)”: \(evaluation.violations.map(\.id))")
            for violation in own {
                #expect(type.keys.contains(violation.rule), "\(violation.rule) is not one of \(type.keys)")
                #expect(!violation.message.isEmpty)
            }
        } else {
            #expect(own.isEmpty, "unexpected \(own.map(\.id)) on “\(test.example.name)”: \(own.map(\.evidence))")
        }
    }

    @Test func everyRuleHasExamplesBothWays() {
        for rule in PolicyRules.all {
            let type = type(of: rule)
            #expect(!type.triggeringExamples.isEmpty, "\(type.ids[0]) has no triggering example")
            #expect(!type.nonTriggeringExamples.isEmpty, "\(type.ids[0]) has no non-triggering example")
        }
    }

    /// The ids a policy may name under `actions.violations`: snake_case, each once, and every one a rule reports.
    @Test func violationIDsAreTheRulesOwn() {
        let ids = PolicyRules.violationIDs
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { id in id.allSatisfy { $0.isLowercase || $0 == "_" } })
        #expect(
            Set(ids) == [
                "disclosure_missing", "disclosure_malformed", "disclosure_incomplete", "prompts_attached",
                "ai_use_banned", "autonomous_agent_pr", "fully_generated_pr", "ai_written_communication",
                "agent_instruction_files", "ai_media", "ai_on_good_first_issue", "first_timer_ai_pr",
                "ai_coauthor_trailer", "ai_attribution_trailer", "ai_signed_off_by", "ai_without_linked_issue",
                "open_pr_cap", "ai_pr_cap", "change_too_large", "denounced_author", "agent_canary", "agent_trap_ticked",
                "template_section_empty", "unticked_box", "branch_not_allowed", "unconventional_title",
                "unconventional_commits", "description_over_cap", "honeypot_taken", "commit_not_accepted",
                "file_not_accepted", "missing_final_newline", "too_many_added_comments", "maintainer_cannot_modify",
                "negative_reactions", "spam_username", "issue_link_missing", "low_merge_ratio_here",
            ])
    }
}
