import Foundation

/// What a security report shows rather than says: code, commands, numbered steps, traces. Shared by the report signals.
struct ReportEvidence {
    /// Lines of fenced or indented code blocks (`ClaimExtractor.split`), blank ones left out.
    var code: [String] = []
    /// The other lines: the report's prose (`ClaimExtractor.split`).
    var prose: [String] = []
    /// Inline code spans of the prose (`curl --telnet-option …`).
    var spans: [Substring] = []
    /// Whether a code block is a program (a header include, a main function, an import, a definition), not output.
    var hasProgram = false
    /// Numbered or bulleted steps under a heading or line that speaks of reproducing.
    var steps = 0
    /// Attachments named in the text (`poc.zip`, `capture.pcap`, HackerOne's `F123456`).
    var attachments: [String] = []
    /// Transcripts, sanitizer output, backtraces, protocol logs.
    var artefacts: [String] = []
    /// Code lines whose trailing comment points at the flaw (`strcpy(dst, src); // <-- overflow here`): the bug
    /// asserted inside quoted code rather than shown by running it.
    var annotatedLines: [String] = []
    /// Steps or headings that tell the maintainer what should be seen instead of showing what was: `3. Observe the
    /// crash`, `#### Expected Output` (unless the report also gives the actual output, result or behaviour).
    var predictedOutcomes: [String] = []

    init(_ body: String) {
        let (prose, code) = ClaimExtractor.split(body)
        self.prose = prose
        for line in code {
            let trimmed = line.trimmed
            guard !trimmed.isEmpty else { continue }
            self.code.append(line)
            if Self.programMarkers.contains(where: { trimmed.hasPrefix($0) }) { hasProgram = true }
            if Self.pointsAtFlaw(trimmed) { annotatedLines.append(trimmed) }
        }
        var inSteps = false
        for line in prose {
            let trimmed = line.trimmed
            spans += line.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter {
                $0.offset % 2 == 1
            }.map(\.element)
            let lower = trimmed.lowercasedFast
            if lower.contains("reproduc") || lower.contains("steps") || lower.contains("poc")
                || lower.contains("proof of concept")
            {
                inSteps = true
            } else if trimmed.hasPrefix("#") {
                inSteps = false
            }
            if inSteps, Self.isStep(trimmed) { steps += 1 }
            for word in trimmed.split(whereSeparator: { $0.isWhitespace || "`()[],".contains($0) }) {
                if word.count > 1, word.first == "F", word.dropFirst().allSatisfy(\.isNumber), word.count >= 6 {
                    attachments.append(String(word))
                } else if let dot = word.lastIndex(of: "."),
                    Self.attachmentExtensions.contains(word[word.index(after: dot)...].lowercasedFast),
                    !word.contains("/")
                {
                    attachments.append(String(word))
                }
            }
        }
        artefacts = SeverityInflationSignal.concreteArtefacts(body)
        predictedOutcomes = Self.predictedOutcomes(body)
    }

    /// The outcome words a line may open with, after list markers, heading marks and emphasis.
    static let predictingOpenings = ["observe"] + outcomeNouns.map { "expected " + $0 }
    static let actualOpenings = ["actual ", "observed ", "current "].flatMap { word in outcomeNouns.map { word + $0 } }
    static let outcomeNouns = ["output", "result", "behaviour", "behavior"]

    /// Lines that open with `Observe` or `Expected output|result|behaviour` (each a whole word): the outcome stated as
    /// what the reader should see. Expected outcomes do not count when the report also opens a line with the actual
    /// (or observed, or current) one: that is a bug report's usual pair, both shown.
    static func predictedOutcomes(_ body: String) -> [String] {
        var observing: [String] = []
        var expecting: [String] = []
        var actual = false
        for raw in body.split(whereSeparator: \.isNewline) {
            let opening = lineOpening(raw)
            if actualOpenings.contains(where: { opening.hasPrefix($0) }) { actual = true }
            guard let word = predictingOpenings.first(where: { opening.hasPrefix($0) }) else { continue }
            let next = opening.dropFirst(word.count).first
            if let next, next.isLetter || next.isNumber || next == "_" { continue }
            let line = raw.trimmed
            if word == "observe" { observing.append(line) } else { expecting.append(line) }
        }
        return observing + (actual ? [] : expecting)
    }

    /// A line's text, lower-cased, after at most 12 leading characters of white space, list numbering and markers,
    /// heading marks, quote marks and emphasis (`3. `, `### `, `- **`).
    static func lineOpening(_ line: Substring) -> String {
        var rest = line[...]
        var dropped = 0
        while dropped < 12, let c = rest.first, c.isWhitespace || c.isNumber || "#*>-.)".contains(c) {
            rest = rest.dropFirst()
            dropped += 1
        }
        return String(rest.prefix(40)).lowercasedFast
    }

    static let programMarkers = [
        "#include", "int main", "import ", "from ", "def ", "function ", "package main", "fn main",
        "public static void",
        "require(", "const ", "use ",
    ]

    /// Words of a comment that asserts a flaw in the line it sits on.
    static let flawWords = [
        "vulnerab", "overflow", "leak", "bug", "unsafe", "no bounds", "unchecked", "not freed", "never freed",
        "potential", "flaw", "no check", "missing check",
    ]

    /// Whether a code line ends in a comment pointing at a flaw: code, then `//` or `/*` after a space or `;`, `)`,
    /// `}` (never a URL's `://`), and a comment that starts with an arrow or names a flaw.
    static func pointsAtFlaw(_ line: String) -> Bool {
        for marker in ["//", "/*"] {
            guard let range = line.range(of: marker), range.lowerBound > line.startIndex else { continue }
            let before = line[..<range.lowerBound]
            guard let last = before.last, last == " " || last == "\t" || ";)}".contains(last),
                before.contains(where: { $0.isLetter })
            else { continue }
            let comment = line[range.upperBound...].trimmingCharacters(in: .whitespaces).lowercasedFast
            if comment.hasPrefix("<-") || comment.hasPrefix("←") || comment.hasPrefix("^")
                || flawWords.contains(where: { comment.contains($0) })
            {
                return true
            }
        }
        return false
    }

    static let attachmentExtensions: Set<String> = ["zip", "pcap", "pcapng", "har", "mp4", "webm", "gif", "patch"]

    static func isStep(_ line: String) -> Bool {
        let digits = line.prefix(while: \.isNumber)
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(".") || line.dropFirst(digits.count).hasPrefix(")") {
            return true
        }
        return line.hasPrefix("- ") || line.hasPrefix("* ")
    }

    /// Anything a maintainer could run or compare: code, commands, steps, attachments, traces.
    var reproducible: Bool { !code.isEmpty || steps >= 2 || !attachments.isEmpty || !artefacts.isEmpty }

    /// A release number (`8.14.1`, `v2.3`: digits, a dot, digits, standing as a word), a commit hash named as one
    /// (`commit 3f2a9c1`), or GitHub's affected-versions field with a number in it.
    static func statesVersion(_ c: Contribution) -> Bool {
        if let affected = c.metadata["Affected"], affected.contains(where: \.isNumber) { return true }
        let words = (c.title + "\n" + c.body).lowercased().split(whereSeparator: {
            $0.isWhitespace || "(),;`'\"[]{}".contains($0)
        })
        for (index, word) in words.enumerated() {
            var version = word.hasPrefix("v") ? word.dropFirst() : word[...]
            while let last = version.last, last == "." || last == ":" { version = version.dropLast() }
            let parts = version.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
                return true
            }
            if word.hasPrefix("commit"), index + 1 < words.count {
                let hash = words[index + 1]
                if (7...40).contains(hash.count), hash.allSatisfy(\.isHexDigit) { return true }
            }
        }
        return false
    }
}
