import Foundation

/// A section the policy requires (`template.required_sections`) is missing from a pull request or left empty: nothing
/// under the heading but hidden comments, or only the template's own lines and no box ticked.
public struct TemplateSectionEmptyRule: PolicyRule {
    public static let id = "template_section_empty"
    public static let key = PolicyField.requiredSections.path
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let required = input.policy.template.requiredSections
        guard input.isPull, !required.isEmpty else { return [] }
        let written = MarkdownOutline(input.contribution.body)
        let asked = input.template.map { MarkdownOutline($0) }
        let empty: [String] = required.compactMap { name in
            guard let section = written.section(titled: name) else { return "“\(name)” is missing" }
            return TemplateIgnoredSignal.isUnanswered(section, asked: asked?.section(titled: name))
                ? "“\(name)” is empty" : nil
        }
        guard !empty.isEmpty else { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "Please answer the template's required sections in your own words: "
                    + required.map { "“\($0)”" }.joined(separator: ", ") + ".", empty)
        ]
    }

    static let template = "## Why\n<!-- What problem does this solve? -->\n\n## Testing\n- [ ] I ran the tests\n"
    static func requiring(_ policy: inout Policy) { policy.template.requiredSections = ["Why", "Testing"] }

    public static let triggeringExamples = [
        PolicyExample(
            "the template sent back as it came", Example.pull(body: template), template: template,
            policy: requiring),
        PolicyExample(
            "a required section left out",
            Example.pull(body: "## Why\nRanges past 2 GiB overflowed.\n"), template: template, policy: requiring),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "both sections answered",
            Example.pull(body: "## Why\nRanges past 2 GiB overflowed.\n\n## Testing\n- [x] I ran the tests\n"),
            template: template, policy: requiring),
        PolicyExample("no section required", Example.pull(body: template), template: template),
    ]
}
