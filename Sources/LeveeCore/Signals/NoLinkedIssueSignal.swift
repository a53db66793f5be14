import Foundation

/// Flags a non-trivial pull request that links no issue or discussion. Many projects ask that
/// work be agreed on first; a large unsolicited change with no issue costs a maintainer a
/// design discussion after the code is written.
public struct NoLinkedIssueSignal: Signal {
    public static let id = "no_linked_issue"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 1
    /// Behaviour: the author opened the change without an issue agreed first.
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    /// Changes below this many reviewable lines need no issue.
    public static let minimumLines = 50

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest, ReviewableSize.isKnown(c) else { return nil }
        let lines = ReviewableSize(c).lines
        guard lines >= Self.minimumLines, c.linkedIssues.isEmpty,
            Self.issueReferences(in: c.title + "\n" + c.body).isEmpty
        else { return nil }
        return SignalHit(
            id: Self.id, strength: lines >= 1000 ? 1 : 0.6,
            evidence: ["no `#N`, issue URL or `Fixes`/`Closes` reference for \(lines) changed lines"],
            message:
                "This pull request links no issue; please link the issue or discussion where this change was agreed.")
    }

    /// Issue numbers referenced as `#12`, `owner/repo#12`, `GH-12`, or an `/issues/12` or `/discussions/12` URL —
    /// the forms GitHub links (its closing keywords, `fixes #12`, read the same references).
    public static func issueReferences(in text: String) -> [Int] {
        var numbers: [Int] = []
        let bytes = Array(text.utf8)
        func isWordByte(_ byte: UInt8) -> Bool { TextSearch.isASCIILetter(byte) || (0x30...0x39).contains(byte) }
        for index in bytes.indices {
            let start: Int
            if bytes[index] == UInt8(ascii: "#") {
                start = index + 1
            } else if bytes[index] | 0x20 == UInt8(ascii: "g"), index + 2 < bytes.count,
                bytes[index + 1] | 0x20 == UInt8(ascii: "h"),
                bytes[index + 2] == UInt8(ascii: "-")
            {
                start = index + 3
            } else {
                continue
            }
            if index > 0, isWordByte(bytes[index - 1]), !Self.followsRepository(bytes, hash: index) { continue }
            if let n = number(in: bytes, at: start) { numbers.append(n) }
        }
        for marker in ["/issues/", "/discussions/"] {
            for offset in TextSearch.offsets(of: marker, in: text) {
                if let n = number(in: bytes, at: offset + marker.utf8.count) { numbers.append(n) }
            }
        }
        return numbers
    }

    /// Whether the `#` at `hash` ends an `owner/repo` name (`octo-org/hello.world#12`).
    static func followsRepository(_ bytes: [UInt8], hash: Int) -> Bool {
        func isNameByte(_ byte: UInt8) -> Bool {
            TextSearch.isASCIILetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        var i = hash - 1
        while i >= 0, isNameByte(bytes[i]) { i -= 1 }
        guard i >= 0, i < hash - 1, bytes[i] == UInt8(ascii: "/") else { return false }
        let slash = i
        i -= 1
        while i >= 0, isNameByte(bytes[i]) { i -= 1 }
        return i < slash - 1 && (i < 0 || !isNameByte(bytes[i]) && bytes[i] != UInt8(ascii: "/"))
    }

    /// The decimal number of at most seven digits starting at `start`, if any.
    static func number(in bytes: [UInt8], at start: Int) -> Int? {
        var end = start
        var value = 0
        while end < bytes.count, (0x30...0x39).contains(bytes[end]), end - start < 7 {
            value = value * 10 + Int(bytes[end] - 0x30)
            end += 1
        }
        return end > start ? value : nil
    }

    public static let triggeringExamples = [
        SignalExample(
            "unsolicited feature",
            Example.pull(body: "Adds a plugin system.", files: [Example.file("src/plugins.py", added: 400)]))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "fixes an issue", Example.pull(body: "Fixes #1234.", files: [Example.file("src/plugins.py", added: 400)])),
        SignalExample(
            "issue URL",
            Example.pull(
                body: "See https://github.com/curl/curl/issues/9507", files: [Example.file("lib/http.c", added: 80)])),
        SignalExample("small change", Example.pull(body: "Typo.", files: [Example.file("lib/http.c", added: 2)])),
        SignalExample(
            "issue in another repository",
            Example.pull(body: "Fixes curl/curl-www#312.", files: [Example.file("lib/http.c", added: 80)])),
    ]
}
