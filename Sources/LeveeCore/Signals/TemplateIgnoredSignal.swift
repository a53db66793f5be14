import Foundation

/// Flags a pull request that deleted the repository's pull-request template or left it unfilled.
/// The template asks the questions the maintainers need answered (what, why, how tested,
/// AI disclosure); skipping it moves that work to the reviewer. Only runs when the template is known.
public struct TemplateIgnoredSignal: Signal {
    public static let id = "template_ignored"
    public init() {}

    public func evaluate(_ c: Contribution, in context: EvaluationContext) -> SignalHit? {
        guard c.kind == .pullRequest, let template = context.pullRequestTemplate else { return nil }
        let headings = Self.headings(template)
        let body = Self.normalized(TextStats.stripHTMLComments(c.body))
        let templateText = Self.normalized(TextStats.stripHTMLComments(template))
        if body.isEmpty {
            return hit(["the description is empty; the template was deleted"], strength: 1)
        }
        if body == templateText {
            return hit(["the description is the template itself, with nothing filled in"], strength: 1)
        }
        guard !headings.isEmpty else { return nil }
        let bodyHeadings = Set(Self.headings(c.body))
        let missing = headings.filter { !bodyHeadings.contains($0) }
        if Double(missing.count) >= Double(headings.count) * 0.5 {
            return hit(
                [
                    "\(missing.count) of \(headings.count) template sections are missing: "
                        + missing.prefix(4).map { "“\($0)”" }.joined(separator: ", ")
                ],
                strength: Double(missing.count) / Double(headings.count))
        }
        return nil
    }

    func hit(_ evidence: [String], strength: Double) -> SignalHit {
        SignalHit(
            id: Self.id, strength: strength, evidence: evidence,
            message:
                "The pull-request template was not filled in; please answer its questions so reviewers have what they need.",
            asksAuthor: true)
    }

    static func headings(_ text: String) -> [String] {
        TextStats.headings(text).map { $0.trimmingCharacters(in: .punctuationCharacters).trimmed }
    }

    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static let template = """
        ## Description
        <!-- What does this change do, and why? -->

        ## How was this tested?

        ## AI assistance
        <!-- Did you use AI tools? Which ones, and for what? -->
        """

    public static let triggeringExamples = [
        SignalExample(
            "template deleted", Example.pull(body: ""), context: EvaluationContext(pullRequestTemplate: template)),
        SignalExample(
            "template untouched", Example.pull(body: template),
            context: EvaluationContext(pullRequestTemplate: template)),
        SignalExample(
            "own layout instead", Example.pull(body: "This fixes the bug.\n\nThanks!"),
            context: EvaluationContext(pullRequestTemplate: template)),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "filled in",
            Example.pull(
                body:
                    "## Description\nStops reusing a connection after a 401.\n\n## How was this tested?\nAdded test 1620.\n\n"
                    + "## AI assistance\nNone."),
            context: EvaluationContext(pullRequestTemplate: template)),
        SignalExample("no template known", Example.pull(body: "")),
    ]
}
