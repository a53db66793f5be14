import Foundation

/// Flags a non-trivial pull request that links no issue or discussion. Many projects ask that
/// work be agreed on first; a large unsolicited change with no issue costs a maintainer a
/// design discussion after the code is written.
public struct NoLinkedIssueSignal: Signal {
    public static let id = "no_linked_issue"
    public init() {}

    /// Changes below this many reviewable lines need no issue.
    public static let minimumLines = 50

    public func evaluate(_ c: Contribution, in context: EvaluationContext) -> SignalHit? {
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

    /// Issue numbers referenced as `#12`, `GH-12`, or an `/issues/12` or `/discussions/12` URL.
    public static func issueReferences(in text: String) -> [Int] {
        var numbers: [Int] = []
        let scalars = Array(text.unicodeScalars)
        for index in scalars.indices {
            if index > 0, CharacterSet.alphanumerics.contains(scalars[index - 1]) { continue }
            var start: Int
            if scalars[index] == "#" {
                start = index + 1
            } else if index + 3 < scalars.count,
                String(String.UnicodeScalarView(scalars[index..<index + 3])).uppercased() == "GH-"
            {
                start = index + 3
            } else {
                continue
            }
            var end = start
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            if end > start, end - start <= 7, let n = Int(String(String.UnicodeScalarView(scalars[start..<end]))) {
                numbers.append(n)
            }
            start = end
        }
        let bytes = Array(text.utf8)
        for marker in ["/issues/", "/discussions/"] {
            for offset in TextSearch.offsets(of: marker, in: text) {
                var end = offset + marker.utf8.count
                var value = 0
                while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39, value < 10_000_000 {
                    value = value * 10 + Int(bytes[end] - 0x30)
                    end += 1
                }
                if end > offset + marker.utf8.count { numbers.append(value) }
            }
        }
        return numbers
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
    ]
}
