import Foundation
import Testing

@testable import LeveeCore

/// The text primitives every signal reads through: lines, phrase sets, word boundaries.
@Suite struct TextTests {
    @Test func linesEndAtLFAndCRLF() {
        #expect(TextStats.lines("a\r\nb\nc\r\n") == ["a", "b", "c", ""])
        #expect(TextStats.lines("") == [""])
        #expect(TextStats.lines("one") == ["one"])
        #expect(TextStats.lines("é\r\n\r\nü") == ["é", "", "ü"])
    }

    /// A description typed into GitHub's web form arrives with CRLF line ends; it must read like the same text with LF.
    @Test func crlfDescriptionReadsLikeLF() {
        let body = """
            ## AI Disclosure
            I used Claude to draft the tests.

            - [x] No AI tools were used
            - [ ] If AI tools were used, I disclosed them

            **Summary:** fix
            **Impact:** none
            **Testing:** ran it
            """
        func pull(_ text: String) -> Contribution {
            Contribution(kind: .pullRequest, number: 1, title: "Fix", body: text)
        }
        let lf = Evaluator().evaluate(pull(body))
        let crlf = Evaluator().evaluate(pull(body.replacingOccurrences(of: "\n", with: "\r\n")))
        #expect(lf.disclosure.forms.contains(.section))
        #expect(crlf.disclosure == lf.disclosure)
        #expect(crlf.signals.map(\.id) == lf.signals.map(\.id))
        #expect(crlf.slopScore == lf.slopScore)
        #expect(
            MarkdownOutline(body.replacingOccurrences(of: "\n", with: "\r\n")).sections.map(\.heading) == [
                "AI Disclosure"
            ])
    }

    @Test func fastLowercasingAgreesWithTheStandardLibrary() {
        let samples = [
            "ΟΔΟΣ ΟΔΟΣ", "İstanbul", "\u{212A}elvin", "ÀÉÎ ÕÜ", "ẞ Straße", "ǅ ǈ", "AΣ", "Cafe\u{301} CAFÉ",
            "🚀 Ship IT 👍🏽", "ȺȾ grow", "“Quoted” — ΣΑΣ",
            "", "ABC", "e\u{301}E\u{301}",
        ]
        for sample in samples {
            #expect(sample.lowercasedFast == sample.lowercased())
            #expect(sample.dropFirst().lowercasedFast == sample.dropFirst().lowercased())
        }
    }

    @Test func trimmingAgreesAtASCIIAndUnicodeEnds() {
        #expect("  a b \r\n".trimmed == "a b")
        #expect("\u{00A0}x\u{2003}".trimmed == "x")
        #expect(" é ".trimmed == "é")
        #expect(" \t\n ".trimmed == "")
        #expect("".trimmed == "")
        #expect(" \u{301}x ".trimmed == "\u{301}x")
        #expect("a\u{301} ".trimmed == "a\u{301}")
    }

    /// The byte-level white-space test agrees with the standard library's property on every scalar.
    @Test func whiteSpaceOnTheBytesAgreesWithTheScalarProperty() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8) + [0x41]
            let length = bytes.withUnsafeBufferPointer { String.spaceLength($0, at: 0) }
            if length != (scalar.properties.isWhitespace ? bytes.count - 1 : 0) { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty)
        let samples = ["\u{3000}a b\u{2029}", "\u{85}\u{A0}x\u{1680}", "\u{200A}\u{200B}", "a\u{202F}", "\u{205F}"]
        for sample in samples {
            #expect(
                sample.trimmed == sample.trimmingScalars(where: \.properties.isWhitespace),
                "\(sample.unicodeScalars.map(\.value))")
        }
        #expect("\u{200A}\u{200B}".trimmed == "\u{200B}", "a zero-width space is not white space")
    }

    /// Normalizing ASCII on the bytes agrees with the general path (a trailing "é" is dropped by it, and sends the
    /// text there).
    @Test func normalizingASCIIAgreesWithTheGeneralPath() {
        let samples = [
            "**AI Assistance Disclosure (REQUIRED)**:", "  AI   usage ", "", "---", "GPT-4o / Claude 3.5", "a",
            "__Use of AI__", "x\ty\r\nz",
        ]
        for sample in samples {
            #expect(MarkdownOutline.normalized(sample) == MarkdownOutline.normalized(sample + "\u{E9}"), "\(sample)")
        }
        #expect(
            MarkdownOutline.normalized("**AI Assistance Disclosure (REQUIRED)**:")
                == "ai assistance disclosure required")
        #expect(
            DisclosureDetector.normalizedNames(DisclosurePolicy.defaultHeadings)
                == DisclosurePolicy.defaultHeadings.map(MarkdownOutline.normalized))
    }

    /// Words counted on the bytes agree with the count over the scalars.
    @Test func wordCountOnTheBytesAgreesWithTheScalars() {
        let samples = [
            "", "one", "two words", "don't stop-me now", "déjà vu", "日本語 テキスト", "x²+y² = 3½", "🚀launch🚀 it",
            "Ωmega ١٢٣ Ⅻ", "\u{10400}\u{10401} 𝔘", "a\u{301}b c",
        ]
        for sample in samples {
            var reference = 0
            var inWord = false
            for scalar in sample.unicodeScalars {
                let word = TextStats.isWordScalar(scalar)
                if word && !inWord { reference += 1 }
                inWord = word
            }
            #expect(TextStats.wordCount(sample) == reference, "\(sample)")
            #expect(TextStats.wordCount(sample.dropFirst()) == TextStats.wordCount(String(sample.dropFirst())))
        }
        #expect(TextStats.wordCount("日本語 テキスト") == 2)
    }

    /// Trimming punctuation natively agrees with Foundation's punctuation set.
    @Test func punctuationTrimAgreesWithFoundation() {
        let samples = ["¿qué?", "«summary»", "— impact —", "**notes:**", "…", "(cwe)", "🚀 fix!", "", "a", "¡¡"]
        for sample in samples {
            #expect(
                sample.trimmingScalars(where: String.isPunctuation)
                    == sample.trimmingCharacters(in: .punctuationCharacters))
        }
    }

    @Test func phraseSetFindsEveryListedPhraseInOnePass() {
        let set = PhraseSet(["as an ai", "robust", "delve", "ai"])
        #expect(set.matches(in: "as an ai, i delve") == [0, 2, 3])
        #expect(set.first(in: "nothing here") == nil)
        #expect(set.first(in: "a robust") == "robust")
        #expect(PhraseSet([]).matches(in: "anything").isEmpty)
        #expect(set.matches(in: "").isEmpty)
    }

    @Test func phraseSetBoundaries() {
        let word = PhraseSet(["robust"], boundary: .word)
        #expect(word.first(in: "a robust fix") == "robust")
        #expect(word.first(in: "robust.") == "robust")
        #expect(word.first(in: "robustness") == nil)
        #expect(word.first(in: "the robust's") == nil)
        #expect(word.first(in: "unrobust") == nil)
        #expect(word.first(in: "érobust") == nil)
        #expect(word.first(in: "“robust”") == "robust")
        // A later whole-word occurrence counts even when an earlier one is inside a word.
        #expect(word.first(in: "robustness, robust") == "robust")

        let whole = PhraseSet(["amp"], boundary: .wholeWord)
        #expect(whole.first(in: "amp wrote it") == "amp")
        #expect(whole.first(in: "example") == nil)
        #expect(whole.first(in: "amp's") == "amp")
        let start = PhraseSet(["claude"], boundary: .wordStart)
        #expect(start.first(in: "claude's output") == "claude")
        #expect(start.first(in: "xclaude") == nil)
    }

    /// The phrase set agrees with the one-phrase-at-a-time searches it replaced.
    @Test func phraseSetAgreesWithSingleSearches() {
        let phrases = DisclosureDetector.tools.map(\.needle) + LLMProseMarkersSignal.stockPhrases.map(\.phrase)
        let set = PhraseSet(phrases)
        let texts = [
            "i've made the following changes to ensure a robust, comprehensive solution with copilot and claude.",
            "generated with chatgpt; gpt-4 and gpt-5 too; amp and grok — cursor, devin.",
            String(repeating: "lorem ipsum dolor ", count: 50) + "furthermore, delve",
        ]
        for text in texts {
            #expect(set.matches(in: text) == phrases.indices.filter { text.has(phrases[$0]) })
        }
    }

    /// Several lists searched in one pass read each list's matches as its own set would.
    @Test func phraseGroupsAgreeWithTheirListsSearchedAlone() {
        let lists: [[(phrase: String, boundary: PhraseSet.Boundary)]] = [
            DisclosureDetector.noAIStatements.map { ($0, .none) }, DisclosureDetector.statements.map { ($0, .none) },
            DisclosureDetector.toolEntries, [("written with", .none), ("ai", .wholeWord)],
        ]
        let groups = PhraseGroups(lists)
        let texts = [
            "no ai was used. this was written with the help of claude; ai-generated tests, amp's cli",
            "nothing to see", "", "ai", "written with chatgpt and copilot",
        ]
        for text in texts {
            let found = groups.matches(in: text)
            for (g, list) in lists.enumerated() {
                let alone = PhraseSet(list)
                #expect(found.matches(inGroup: g) == alone.matches(in: text), "group \(g) in “\(text)”")
                #expect(found.first(inGroup: g) == alone.first(in: text))
            }
        }
    }

    /// The three-byte filter passes every phrase, also one that ends the text.
    @Test func phraseSetFindsPhrasesAtTheVeryEnd() {
        let set = PhraseSet(["claude", "gpt-4", "amp"])
        #expect(set.matches(in: "by claude") == [0])
        #expect(set.matches(in: "gpt-4") == [1])
        #expect(set.matches(in: "x amp") == [2])
        #expect(set.matches(in: "am") == [])
    }

    /// An indent of Unicode white space (a no-break space, an em space) is still an indent.
    @Test func markupAfterAUnicodeIndentIsSeen() {
        #expect(MarkdownOutline("\u{00A0}## AI Usage\nnone").sections.map(\.heading) == ["AI Usage"])
        #expect(MarkdownOutline.isUntickedBox("\u{2003}- [ ] tests"))
        #expect(MarkdownOutline.checkbox(in: "\u{2003} - [x] **tests**") == .init(checked: true, label: "tests"))
        #expect(MarkdownOutline.checkbox(in: "   ") == nil)
        #expect(" \t".textStart == nil)
        #expect("é".textStart == "é".startIndex)
    }

    /// Fields are found whatever comes before the key's first letter; lines whose key cannot be wanted are skipped.
    @Test func disclosureFieldsBehindEmphasisEmojiAndTables() {
        let lines = TextStats.lines(
            """
            🤖 AI usage: Claude wrote the tests
            - **AI Tools**: none
            | Use of AI | Copilot completions |
            See: https://example.com
            Summary: fixes the parser
            ||   |
            """)
        let found = DisclosureDetector.fields(in: lines, metadata: [:], names: DisclosurePolicy.defaultHeadings)
        #expect(found.map(\.0) == ["🤖 AI usage", "AI Tools", "Use of AI"])
        #expect(found.map(\.1) == ["Claude wrote the tests", "none", "Copilot completions"])
    }
}

@Suite struct PhraseCountTests {
    /// One pass counts what one search per phrase counts: non-overlapping, left to right, boundary checked after.
    @Test(arguments: [
        "critical critical critical critical",
        "aaaaaaa aaa",
        "a critical, criticality and uncritical bug; CVSS cvss-cvss",
        "",
        "potentially potential potentiallypotential",
    ])
    func countsMatchOneSearchPerPhrase(_ text: String) {
        let phrases = ["critical", "aaa", "aa", "cvss", "potential", "potentially", "critical critical"]
        let counts = PhraseSet(phrases, boundary: .wordStart).counts(in: text.lowercasedFast, limit: 3)
        for (index, phrase) in phrases.enumerated() {
            #expect(
                counts[index] == min(TextSearch.wordStartCount(of: phrase, in: text.lowercasedFast), 3), "\(phrase)")
        }
    }
}

@Suite struct LineReaderTests {
    /// The lazy reader gives exactly `TextStats.lines`, and stops when asked.
    @Test(arguments: ["", "a", "a\nb", "a\r\nb\r\n", "\n\n", "x\r", "é\nü\r\n€", "one\ntwo\nthree"])
    func forEachLineIsLines(_ text: String) {
        var read: [Substring] = []
        TextStats.forEachLine(of: text) {
            read.append($0); return true
        }
        #expect(read == TextStats.lines(text))
        var first: [Substring] = []
        TextStats.forEachLine(of: text) {
            first.append($0); return false
        }
        #expect(first == Array(TextStats.lines(text).prefix(1)))
    }
}

@Test func theWordByteMaskIsTheASCIILettersAndDigits() {
    for byte in 0..<128 {
        let scalar = Unicode.Scalar(UInt8(byte))
        #expect(
            TextStats.isASCIIWordByte(UInt8(byte)) == 1
                ? TextStats.isWordScalar(scalar) : !TextStats.isWordScalar(scalar), "\(byte)")
    }
}
