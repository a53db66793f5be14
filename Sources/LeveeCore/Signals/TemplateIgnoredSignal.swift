import Foundation

/// Flags a pull request that deleted the repository's pull-request template or left it unfilled.
/// The template asks the questions the maintainers need answered (what, why, how tested,
/// AI disclosure); skipping it moves that work to the reviewer. Only runs when the template is known.
public struct TemplateIgnoredSignal: Signal {
    public static let id = "template_ignored"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 3
    /// Substance: the description checked against the repository's template.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
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
        let templateLines = Set(Self.contentLines(template))
        let ownWords = Self.contentLines(c.body).filter { !templateLines.contains($0) }.reduce(0) {
            $0 + TextStats.wordCount($1)
        }
        if ownWords < 3 { return hit(["nothing but the template's own lines is written"], strength: 1) }
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
        let unanswered = Self.unansweredSections(body: c.body, template: template)
        if Double(unanswered.count) >= Double(headings.count) * 0.5 {
            return hit(
                [
                    "\(unanswered.count) of \(headings.count) template sections are left as the template has them: "
                        + unanswered.prefix(4).map { "“\($0)”" }.joined(separator: ", ")
                ],
                strength: Double(unanswered.count) / Double(headings.count))
        }
        let choices = Self.pickOneFindings(body: c.body, template: template)
        return choices.isEmpty ? nil : hit(choices, strength: 0.5)
    }

    /// How templates ask for one choice among their boxes, often in a hidden hint ("Please delete options that are
    /// not relevant." is GitHub's most copied template); the last two ask for exactly one.
    static let pickOneInstructions = [
        "delete options that are not relevant", "delete the options that are not relevant",
        "delete options that do not apply", "delete the options that do not apply", "remove options that are not",
        "remove the options that", "pick one", "choose one", "select one", "check one", "tick one", "mark one",
        "one of the following", "only one", "exactly one",
    ]
    static let exactlyOne: Set<String> = ["only one", "exactly one"]

    /// Sets of boxes the template asks to choose from, kept in the description with none ticked and every option
    /// still there, or with several ticked where the template asks for exactly one.
    static func pickOneFindings(body: String, template: String) -> [String] {
        // The template with its hidden hints, where the instruction usually is.
        let asked = MarkdownOutline(lines: TextStats.lines(template))
        let written = MarkdownOutline(body)
        return asked.sections.compactMap { section in
            let text = section.lines.joined(separator: "\n")
            let lowered = text.lowercased()
            let options = MarkdownOutline.checkboxes(in: text)
            guard options.count >= 2, let instruction = pickOneInstructions.first(where: { lowered.contains($0) }),
                let kept = written.section(titled: section.heading)
            else { return nil }
            let boxes = MarkdownOutline.checkboxes(in: kept.lines.joined(separator: "\n"))
            let ticked = boxes.count(where: \.checked)
            if ticked == 0, boxes.count >= options.count {
                return
                    "“\(section.heading)” asks to \(instruction) but keeps all \(boxes.count) options with none ticked"
            }
            if ticked > 1, exactlyOne.contains(instruction) {
                return "“\(section.heading)” asks for \(instruction) option but has \(ticked) ticked"
            }
            return nil
        }
    }

    /// The non-empty lines of a text without its hidden comments, trimmed.
    static func contentLines(_ text: String) -> [String] {
        TextStats.lines(TextStats.stripHTMLComments(text)).map(\.trimmed).filter { !$0.isEmpty }
    }

    /// The headings of the template's sections that the description kept but left unanswered: no line of the
    /// author's own (every line is the template's) and no box ticked.
    static func unansweredSections(body: String, template: String) -> [String] {
        let outline = MarkdownOutline(body)
        return MarkdownOutline(template).sections.compactMap { section in
            guard let written = outline.section(titled: section.heading) else { return nil }
            return isUnanswered(written, asked: section) ? section.heading : nil
        }
    }

    /// A section with nothing of the author's in it: every line is the template's own (or hidden), and no box is
    /// ticked. Also what `template.required_sections` reads (`PolicyChecker`).
    static func isUnanswered(_ written: MarkdownOutline.Section, asked: MarkdownOutline.Section?) -> Bool {
        let templateLines = Set(asked?.lines.map(\.trimmed) ?? [])
        let own = written.lines.map(\.trimmed).filter { !$0.isEmpty && !templateLines.contains($0) }
        return own.isEmpty
            && !MarkdownOutline.checkboxes(in: written.lines.joined(separator: "\n")).contains(where: \.checked)
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

    static let checklistTemplate = """
        ## What does this change?

        ## Type of change
        - [ ] Bug fix
        - [ ] New feature

        ## How was it tested?
        """

    /// GitHub's most copied template: the choice's instruction in plain text, another section's hint hidden.
    static let typeOfChangeTemplate = """
        ## Description
        <!-- Please include a summary of the change and which issue is fixed. -->

        ## Type of change
        Please delete options that are not relevant.
        - [ ] Bug fix (non-breaking change which fixes an issue)
        - [ ] New feature (non-breaking change which adds functionality)
        - [ ] Breaking change (fix or feature that would cause existing functionality to not work as expected)

        ## Checklist
        <!-- Tick exactly one. -->
        - [ ] I wrote this change myself
        - [ ] An AI tool wrote part of this change and I reviewed every line
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
        SignalExample(
            "sections kept but unanswered",
            Example.pull(
                body: "## What does this change?\nFixes the parser.\n\n## Type of change\n- [ ] Bug fix\n"
                    + "- [ ] New feature\n\n## How was it tested?\n"),
            context: EvaluationContext(pullRequestTemplate: checklistTemplate)),
        SignalExample(
            "a pick-one set kept whole with nothing ticked",
            Example.pull(
                body:
                    "## Description\nFixes the crash when the cache directory is missing (#812).\n\n## Type of change\n"
                    + "Please delete options that are not relevant.\n- [ ] Bug fix (non-breaking change which fixes an issue)\n"
                    + "- [ ] New feature (non-breaking change which adds functionality)\n"
                    + "- [ ] Breaking change (fix or feature that would cause existing functionality to not work as "
                    + "expected)\n\n## Checklist\n- [x] I wrote this change myself\n"
                    + "- [ ] An AI tool wrote part of this change and I reviewed every line"),
            context: EvaluationContext(pullRequestTemplate: typeOfChangeTemplate)),
        SignalExample(
            "both boxes of an exactly-one set ticked",
            Example.pull(
                body:
                    "## Description\nFixes the crash when the cache directory is missing (#812).\n\n## Type of change\n"
                    + "- [x] Bug fix (non-breaking change which fixes an issue)\n\n## Checklist\n"
                    + "- [x] I wrote this change myself\n"
                    + "- [x] An AI tool wrote part of this change and I reviewed every line"),
            context: EvaluationContext(pullRequestTemplate: typeOfChangeTemplate)),
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
        SignalExample(
            "checklist answered",
            Example.pull(
                body: "## What does this change?\nThe parser accepts empty input.\n\n## Type of change\n"
                    + "- [x] Bug fix\n- [ ] New feature\n\n## How was it tested?\nTest 1560."),
            context: EvaluationContext(pullRequestTemplate: checklistTemplate)),
        SignalExample(
            "irrelevant options deleted, one ticked",
            Example.pull(
                body:
                    "## Description\nFixes the crash when the cache directory is missing (#812).\n\n## Type of change\n"
                    + "- [x] Bug fix (non-breaking change which fixes an issue)\n\n## Checklist\n"
                    + "- [x] I wrote this change myself\n"
                    + "- [ ] An AI tool wrote part of this change and I reviewed every line"),
            context: EvaluationContext(pullRequestTemplate: typeOfChangeTemplate)),
        SignalExample(
            "a bug fix that is also a breaking change, where the template allows both",
            Example.pull(
                body: "## Description\nRejects negative timeouts, which were silently treated as zero.\n\n"
                    + "## Type of change\n- [x] Bug fix (non-breaking change which fixes an issue)\n"
                    + "- [x] Breaking change (fix or feature that would cause existing functionality to not work as "
                    + "expected)\n\n## Checklist\n- [x] I wrote this change myself"),
            context: EvaluationContext(pullRequestTemplate: typeOfChangeTemplate)),
    ]
}
