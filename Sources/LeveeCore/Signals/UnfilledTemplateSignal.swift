import Foundation

/// Flags a description that is a pull-request template left as it came, read without the template file: its
/// placeholders still in place (`Closes #XXXXX`, `Fixes # (issue)`, `#<issue number>`), a checklist with every box
/// unticked, and no statement of the author's own — every line a heading, a checkbox, a placeholder, a hidden
/// comment, or a template's question or instruction ("Please include a summary…", "What does this fix?"). With the
/// template file at hand `template_ignored` says more; this one needs no file. It asks the author to act only when a
/// placeholder is left and nothing else is written; a checklist left unticked is evidence only (teams whose template
/// is a checklist often leave it so), and a placeholder left in an otherwise written description is weaker evidence
/// (honest people forget to delete one).
public struct UnfilledTemplateSignal: Signal {
    public static let id = "unfilled_template"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds): never shipped as points, set as if it had been.
    public static let priorPoints: Double = 3
    /// Substance: the template's own placeholders and boxes, left as they came.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, context.pullRequestTemplate == nil else { return nil }
        // Without a placeholder anywhere it fires only on a description with no statement of the author's own, so
        // the reading stops at the fifth word of one: almost every description is decided by its first lines.
        let lowered = context.observed.text.loweredBody
        let reading = Reading(
            withoutComments: context.observed.text.withoutComments,
            statementWordsEnough: Self.mayHavePlaceholder(lowered) ? nil : 5)
        if reading.placeholders.isEmpty, reading.statementWords >= 5 { return nil }
        var evidence: [String] = []
        if let placeholder = reading.placeholders.first {
            evidence.append("a placeholder left in place: “\(TextStats.quote(placeholder))”")
        }
        if reading.unticked >= 3, reading.ticked == 0 {
            evidence.append("all \(reading.unticked) checkboxes are unticked")
        }
        let scaffolded = !evidence.isEmpty || reading.headings >= 2
        guard scaffolded else { return nil }
        let untouched = reading.statementWords < 5
        guard untouched || !reading.placeholders.isEmpty else { return nil }
        if untouched { evidence.append("no line of the description is the author's own statement") }
        return SignalHit(
            id: Self.id, strength: untouched ? 1 : 0.3, evidence: evidence,
            message: "The pull-request template looks unfilled; please replace its placeholders and answer its "
                + "questions so reviewers know what this changes and why.",
            asksAuthor: untouched && !reading.placeholders.isEmpty)
    }

    /// A description read line by line: what is scaffolding and how many words are the author's own statements.
    struct Reading {
        var placeholders: [String] = []
        var ticked = 0
        var unticked = 0
        var headings = 0
        var statementWords = 0

        /// Reads every line of a description already freed of its HTML comments, or stops once the author's own
        /// statements reach `statementWordsEnough` words.
        init(withoutComments body: String, statementWordsEnough: Int? = nil) {
            TextStats.forEachLine(of: body) { raw in
                if let enough = statementWordsEnough, statementWords >= enough { return false }
                let line = raw.trimmed
                guard !line.isEmpty else { return true }
                let lowered = line.lowercasedFast
                if let placeholder = UnfilledTemplateSignal.placeholder(in: lowered) {
                    placeholders.append(placeholder)
                    return true
                }
                // A bold label alone (`**Description**`) is a heading too.
                if MarkdownOutline.heading(line) != nil {
                    headings += 1
                } else if let box = MarkdownOutline.checkbox(in: line) {
                    if box.checked { ticked += 1 } else { unticked += 1 }
                } else if !UnfilledTemplateSignal.isHint(lowered) {
                    statementWords += TextStats.wordCount(line)
                }
                return true
            }
        }
    }

    /// The placeholder a template leaves for the issue number, if the line holds one.
    static func placeholder(in lowered: String) -> String? {
        for form in placeholderForms where lowered.has(form) { return form }
        // "Fixes #" or "Closes #" with nothing after the hash.
        for keyword in closingKeywords where lowered.hasSuffix(keyword + " #") || lowered.hasSuffix(keyword + " #:") {
            return lowered
        }
        return nil
    }

    static let placeholderForms = [
        "#xxx", "# xxx", "#(issue)", "# (issue)", "#issue_no", "#issue_number", "#issue number",
        "#<issue", "#<number", "#<id", "[#issue", "[issue number", "[issue_no", "#___", "#...",
    ]

    /// Whether the lowered text may hold a placeholder: a placeholder form, or a closing keyword and a hash with
    /// nothing after it on its line. One pass over the text (`PhraseSet`) before any line is read; a superset of what
    /// `placeholder(in:)` finds on a line.
    static func mayHavePlaceholder(_ lowered: String) -> Bool {
        !placeholderCandidates.matches(in: lowered).isEmpty
            || closingKeywords.contains { lowered.utf8.reversed().starts(with: ($0 + " #").utf8.reversed()) }
    }

    static let placeholderCandidates = PhraseSet(
        placeholderForms + closingKeywords.flatMap { k in ["\n", "\r", ":", " ", "\t"].map { k + " #" + $0 } })

    static let closingKeywords = [
        "close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved",
    ]

    /// A template's question or instruction rather than an answer: a question, a line in parentheses or brackets, or
    /// a line that opens with an instruction to the author.
    static func isHint(_ lowered: String) -> Bool {
        if lowered.hasSuffix("?") { return true }
        if lowered.hasPrefix("("), lowered.hasSuffix(")") { return true }
        if lowered.hasPrefix("["), lowered.hasSuffix("]") { return true }
        let words = lowered.split(separator: " ", maxSplits: 3)
        guard let first = words.first else { return false }
        if instructionOpeners.contains(String(first)) { return true }
        if words.count >= 2, ["a", "short", "brief", "basic"].contains(first),
            ["description", "summary", "clear"].contains(String(words[1]))
        {
            return true
        }
        return false
    }

    static let instructionOpeners: Set<String> = [
        "please", "describe", "explain", "include", "provide", "list", "mention", "link", "summarize", "summarise",
        "add", "remove", "delete", "replace", "e.g.", "eg:", "example:",
    ]

    public static let triggeringExamples = [
        SignalExample(
            "template as it came",
            Example.pull(
                title: "Update README.md",
                body: """
                    # Pull Request Template

                    ## Description
                    Please include a summary of the change and which issue is fixed.

                    Fixes # (issue)

                    ## Type of change
                    - [ ] Bug fix
                    - [ ] New feature
                    - [ ] Breaking change
                    """)),
        SignalExample(
            "scikit-learn-shaped template, unanswered",
            Example.pull(
                body: """
                    #### Reference Issues/PRs

                    #### What does this implement/fix? Explain your changes.

                    #### Any other comments?
                    """)),
        SignalExample(
            "placeholder left in a written description",
            Example.pull(body: "Closes #XXXXX\n\nThe parser now accepts an empty input and returns an empty list.")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "template filled in",
            Example.pull(
                body: """
                    ## Description
                    The parser returned nil on empty input; it now returns an empty list.

                    Fixes #812

                    ## Type of change
                    - [x] Bug fix
                    - [ ] New feature
                    """)),
        SignalExample("plain description", Example.pull(body: "Handles empty input in the parser. Fixes #812.")),
        SignalExample(
            "a checklist the author is working through",
            Example.pull(
                body: "Moves the cache to its own module.\n\n- [x] tests\n- [ ] docs\n- [ ] changelog")),
    ]
}
