import Foundation

/// Flags a pull-request title that names nothing: only generic words ("Improve docs", "Updated code", "Small
/// changes", "Update"), only a version or a date, or only punctuation. A reviewer cannot tell from it what changes —
/// the mark of the drive-by pull requests of Hacktoberfest and of credit farming ("Improve docs" was the title of
/// thousands of them in October 2020). Honest newcomers write such titles too, so it is weighted evidence; people
/// with write access (release pull requests titled with a version) are left alone, a title in a script other
/// than Latin is never judged, and a title GitHub wrote is `default_title`'s.
public struct VagueTitleSignal: Signal {
    public static let id = "vague_title"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds): never shipped as points, set as if it had been.
    public static let priorPoints: Double = 2
    /// Style: how the title is worded.
    public static let evidenceClass: EvidenceClass = .style
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        // A title GitHub wrote ("Update README") is `default_title`'s evidence, not counted twice.
        guard c.kind == .pullRequest, c.author?.hasWriteAccess != true, let what = Self.vagueness(c.title),
            DefaultTitleSignal.defaultTitle(c.title) == nil
        else { return nil }
        return SignalHit(
            id: Self.id, evidence: ["the title “\(TextStats.quote(c.title))” \(what)"],
            message: "The title does not say what changes; please name the file, function or behaviour it touches.")
    }

    /// Why the title names nothing, or nil when it names something.
    static func vagueness(_ raw: String) -> String? {
        // An ASCII title, nearly always: its words read from the bytes, with the same answer as below.
        if let ascii = raw.utf8.withContiguousStorageIfAvailable(asciiVagueness), let reading = ascii {
            return reading.reason
        }
        let title = raw.trimmed.trimmingScalars(where: { $0 == "…" || $0.properties.isWhitespace })
        if title.unicodeScalars.contains(where: { $0.properties.isAlphabetic && !$0.isASCII }) { return nil }
        let words = title.lowercasedFast.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        if words.isEmpty { return "has no words" }
        if words.allSatisfy({ $0.allSatisfy(\.isNumber) || isVersion($0) }) {
            return "is only a version or a date"
        }
        guard words.allSatisfy({ generic.contains(String($0)) }) else { return nil }
        return "has only generic words"
    }

    /// Why an ASCII title names nothing (`reason` nil when it names something), read byte by byte: a letter or digit
    /// is a word byte, as `Character.isLetter` and `isNumber` say of ASCII. Nil when the title is not ASCII.
    struct Reading { var reason: String? }
    static func asciiVagueness(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        var words = 0
        var onlyVersions = true
        var onlyGeneric = true
        var start = -1
        for i in 0...bytes.count {
            if i < bytes.count, TextStats.isASCIIWordByte(bytes[i]) == 1 {
                if start < 0 { start = i }
                continue
            }
            guard start >= 0 else { continue }
            let word = UnsafeBufferPointer(rebasing: bytes[start..<i])
            start = -1
            words += 1
            let first = word[0] | (word[0] >= 0x41 && word[0] <= 0x5A ? 0x20 : 0)
            let digitsAfterFirst = word.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if !digitsAfterFirst || !(first <= 0x39 || (first == 0x76 && word.count > 1)) { onlyVersions = false }
            if onlyGeneric, !generic.contains(String(decoding: word, as: UTF8.self).lowercasedFast) {
                onlyGeneric = false
            }
        }
        if words == 0 { return Reading(reason: "has no words") }
        if onlyVersions { return Reading(reason: "is only a version or a date") }
        return Reading(reason: onlyGeneric ? "has only generic words" : nil)
    }

    static func isVersion(_ word: Substring) -> Bool {
        word.first == "v" && word.count > 1 && word.dropFirst().allSatisfy(\.isNumber)
    }

    /// Words that name no file, function or behaviour: the verbs of editing, the generic nouns of a repository, and
    /// the small words between them. Written from what maintainers describe of spam pull requests, not learned.
    static let generic: Set<String> = Set(
        """
        update updated updates updating updation improve improved improves improving improvement improvements
        improvise improvised improvment change changes changed changing modify modified modification modifications
        edit edited edits add added adding create created make made minor small some little few new my a an the this
        that and in of to for with on it more docs doc documentation documents document readme read me file files code
        codes commit commits first second third test pull request pr patch practice hey hello hi work stuff content
        contents thing things style styles styling
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    public static let triggeringExamples = [
        SignalExample("Hacktoberfest's classic", Example.pull(title: "Improve Docs", association: "NONE")),
        SignalExample("generic verb and noun", Example.pull(title: "Updated code")),
        SignalExample("one word", Example.pull(title: "Update")),
        SignalExample("only punctuation", Example.pull(title: "...")),
        SignalExample("a version from a non-writer", Example.pull(title: "v2.1.0", association: "NONE")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("names the behaviour", Example.pull(title: "Improve docs for retry backoff")),
        SignalExample("names the fix", Example.pull(title: "Fix typo in README")),
        SignalExample("release by a maintainer", Example.pull(title: "v2.1.0", association: "OWNER")),
        SignalExample("Japanese title", Example.pull(title: "コードブロックの不具合修正")),
        SignalExample("conventional commit with a scope", Example.pull(title: "docs(api): document the retry option")),
    ]
}
