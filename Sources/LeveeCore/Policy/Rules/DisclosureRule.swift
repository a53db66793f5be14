import Foundation

/// Where the stance requires an AI-use disclosure (`ai.stance: disclosure_required` or `restricted`, for the kinds in
/// `disclosure.required_for`): it is owed always or when AI use is seen (`disclosure.when`) and missing in every form
/// the policy accepts (`disclosure_missing`); or it is given but malformed — not exactly one of the AI boxes ticked
/// (`disclosure_malformed`) — or incomplete: no tool named, no scope described, where the policy asks
/// (`disclosure_incomplete`).
public struct DisclosureRule: PolicyRule {
    public static let missing = "disclosure_missing"
    public static let malformed = "disclosure_malformed"
    public static let incomplete = "disclosure_incomplete"
    public static let ids = [missing, malformed, incomplete]
    public static let keys = [
        PolicyField.when.path, PolicyField.requiredFor.path, PolicyField.exactlyOne, PolicyField.mustNameTools.path,
        PolicyField.mustDescribeScope.path,
    ]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let policy = input.policy
        let rules = policy.disclosure
        let disclosure = input.disclosure
        guard policy.requiresDisclosure(for: input.contribution.kind) else { return [] }
        let accepted = disclosure.forms.filter { rules.accept.contains($0) }
        if accepted.isEmpty && (rules.when == .always || input.aiUsed) {
            var evidence: [String] = []
            if !disclosure.forms.isEmpty {
                evidence.append(
                    "AI use is mentioned only as "
                        + disclosure.forms.map { Self.describe($0) }.joined(separator: " and ")
                        + ", which this policy does not accept as the disclosure")
            }
            evidence += disclosure.evidence.filter { $0.hasSuffix("section is empty") }
            if input.agentSigned { evidence += input.agent.evidence.prefix(2).map { "yet \($0)" } }
            // Quote the line that says when a disclosure is owed, when the policy wrote one.
            let key = policy.lines[PolicyField.when.path] != nil ? PolicyField.when.path : PolicyField.requiredFor.path
            return [
                input.violation(
                    Self.missing, key, "An AI-use disclosure is required: \(Self.places(rules)).", evidence)
            ]
        }
        var found: [PolicyViolation] = []
        if let answer = disclosure.checkboxes, answer.exactlyOne, answer.ticked.count != 1 {
            found.append(
                input.violation(
                    Self.malformed, PolicyField.exactlyOne,
                    "Tick exactly one of the AI-disclosure options.",
                    ["\(answer.ticked.count) of \(answer.options) options are ticked"]))
        }
        if disclosure.admitsAI, rules.mustNameTools, disclosure.tools.isEmpty {
            found.append(
                input.violation(
                    Self.incomplete, PolicyField.mustNameTools.path, "The disclosure should name the AI tool(s) used.",
                    disclosure.evidence))
        }
        if disclosure.admitsAI, rules.mustDescribeScope, !disclosure.describesScope {
            found.append(
                input.violation(
                    Self.incomplete, PolicyField.mustDescribeScope.path,
                    "The disclosure should say how AI was used and which code or text it produced.",
                    disclosure.evidence))
        }
        return found
    }

    static func describe(_ form: DisclosureForm) -> String {
        switch form {
        case .section: return "a description section"
        case .checkbox: return "a ticked box"
        case .statement: return "a sentence in the description"
        case .trailer: return "a commit trailer"
        case .reportField: return "a report field"
        }
    }

    /// Where the policy wants the disclosure, as a phrase.
    public static func places(_ rules: DisclosurePolicy) -> String {
        var places: [String] = []
        let accept = rules.accept
        if accept.contains(.section) {
            places.append("a section headed “\(rules.headings.first ?? "AI Disclosure")” in the description")
        }
        if accept.contains(.checkbox), let set = rules.checkboxes {
            places.append("ticking " + (set.exactlyOne ? "one of " : "") + "the template's AI boxes")
        }
        if accept.contains(.statement) { places.append("a sentence in the description saying which tools you used") }
        if accept.contains(.trailer), let key = rules.trailers.keys.first {
            places.append("a commit trailer `\(key): \(rules.trailers.example ?? "…")`")
        }
        if accept.contains(.reportField) {
            places.append("the report's “\(rules.reportFields.first ?? "AI usage")” field")
        }
        return places.isEmpty ? "see the project's policy" : places.joined(separator: ", or ")
    }

    static func required(_ policy: inout Policy) { policy.stance = .disclosureRequired }
    static func always(_ policy: inout Policy) {
        policy.stance = .disclosureRequired
        policy.disclosure.when = .always
    }
    static func complete(_ policy: inout Policy) {
        policy.stance = .disclosureRequired
        policy.disclosure.mustNameTools = true
        policy.disclosure.mustDescribeScope = true
        policy.disclosure.checkboxes = .init(options: ["No AI", "AI was used"], exactlyOne: true)
    }

    public static let triggeringExamples = [
        PolicyExample(
            "an agent's footer and no disclosure", Example.pull(body: Example.claudeFooter), policy: required),
        PolicyExample("owed always, none given", Example.pull(body: "Fixes #12."), policy: always),
        PolicyExample(
            "no tool named, no scope", Example.pull(body: "## AI Disclosure\nAn assistant was used."),
            policy: complete),
        PolicyExample(
            "both boxes ticked", Example.pull(body: "- [x] No AI\n- [x] AI was used, Copilot wrote the tests"),
            policy: complete),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("no AI seen, nothing owed", Example.pull(body: "Fixes #12."), policy: required),
        PolicyExample(
            "a no-AI statement where one is always owed",
            Example.pull(body: "Fixes #12.\n\n## AI Disclosure\nNo AI was used."), policy: always),
        PolicyExample(
            "the tool and its part named",
            Example.pull(body: "## AI Disclosure\nCopilot wrote the tests for the parser."), policy: complete),
        PolicyExample("the stance asks for none", Example.pull(body: Example.claudeFooter)),
    ]
}
