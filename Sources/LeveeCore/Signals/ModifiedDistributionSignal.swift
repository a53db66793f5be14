import Foundation

/// Flags bug reports made against a modified build of the project (NEP 36): a version with a local label
/// (`1.17.2+mycompany.15`), or a vendor's build named as the version in use. Maintainers cannot reproduce those;
/// the author is asked, politely, to reproduce on an official release first.
public struct ModifiedDistributionSignal: Signal {
    public static let id = "modified_distribution"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 3
    /// Substance: the version or build the report names, the artefact of what was run.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    /// Words that say the build is someone else's repackaging.
    static let vendorMarkers = [
        "anaconda build", "conda-forge build", "vendor build", "vendored build", "our internal build",
        "company build", "custom build of", "patched build", "downstream build", "distro-patched", "our fork of",
    ]

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .issue || c.kind == .securityReport else { return nil }
        let text = c.title + "\n" + c.body
        var evidence = Self.localVersions(in: text).map { "version \($0) carries a local label" }
        let lowered = text.lowercasedFast
        evidence += Self.vendorSet.matches(in: lowered).map { "“\(Self.vendorMarkers[$0])”" }
        guard !evidence.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: 0.6, evidence: Array(evidence.prefix(3)),
            message: "The report seems to come from a modified build of the project. Could you reproduce it on an "
                + "official release? Maintainers cannot investigate changes they do not ship.",
            asksAuthor: true)
    }

    static let vendorSet = PhraseSet(vendorMarkers)

    /// `1.17.2+mycompany.15`-style versions (PEP 440 local version labels, SemVer build metadata): the tokens
    /// (split at white space and `()[]`'",;`) whose part before their first `+` is a version. Only the tokens around
    /// a `+` are read, found on the bytes: a text without one costs one scan.
    static func localVersions(in text: String) -> [String] {
        guard text.hasByte(0x2B) else { return [] }
        let bytes = Array(text.utf8)
        var found: [String] = []
        for plus in bytes.indices where bytes[plus] == 0x2B {
            // Back over `v`, digits and dots to the token's start; anything else there means this is not the token's
            // first `+` after a version.
            var start = plus
            while start > 0,
                bytes[start - 1] == 0x2E || bytes[start - 1] == 0x76 || (0x30...0x39).contains(bytes[start - 1])
            {
                start -= 1
            }
            guard start < plus, start == 0 || Self.separates(bytes, endingAt: start) else { continue }
            var end = plus + 1
            while end < bytes.count, !Self.separates(bytes, at: end) { end += Self.scalarLength(bytes[end]) }
            if let version = localVersion(String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)) {
                found.append(version)
            }
        }
        return found
    }

    /// A token `version+label` as a local version, or nil.
    static func localVersion(_ token: String) -> String? {
        guard let plus = token.firstIndex(of: "+") else { return nil }
        let version = token[..<plus].drop { $0 == "v" }
        let label = token[token.index(after: plus)...].trimmingCharacters(in: CharacterSet(charactersIn: ".:"))
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
            !label.isEmpty, label.first!.isLetter || label.first!.isNumber,
            label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" })
        else { return nil }
        return String(version) + "+" + label
    }

    static let separatorBytes: Set<UInt8> = Set("()[]`'\",;".utf8)

    /// Whether the scalar starting at `i` separates tokens: white space or one of `()[]`'",;`.
    static func separates(_ bytes: [UInt8], at i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 { return String.isASCIISpace(b) || separatorBytes.contains(b) }
        let end = min(i + scalarLength(b), bytes.count)
        return String(decoding: bytes[i..<end], as: UTF8.self).unicodeScalars.first?.properties.isWhitespace == true
    }

    /// Whether the scalar that ends just before `end` separates tokens.
    static func separates(_ bytes: [UInt8], endingAt end: Int) -> Bool {
        var i = end - 1
        while i > 0, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return separates(bytes, at: i)
    }

    static func scalarLength(_ lead: UInt8) -> Int { lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }

    public static let triggeringExamples = [
        SignalExample(
            "NEP 36's local label",
            Contribution(
                kind: .issue, number: 1, title: "np.erf gives wrong results",
                body: "On numpy 1.17.2+mycompany.15, `np.erf(0.5)` returns 0.")),
        SignalExample(
            "a vendor build",
            Contribution(
                kind: .issue, number: 2, title: "Crash on import",
                body: "We use our internal build of the library (based on 2.1) and it crashes on import.")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "an official version",
            Contribution(kind: .issue, number: 3, title: "Crash in 2.1.3", body: "Version 2.1.3 from PyPI crashes.")),
        SignalExample(
            "a plus in prose and C++",
            Contribution(
                kind: .issue, number: 4, title: "C++ build fails",
                body: "Building with C++17 and g++ 12+ fails; 1+1 is also wrong in the docs.")),
        SignalExample(
            "a pull request",
            Contribution(kind: .pullRequest, number: 5, title: "Bump to 1.2.3+local", body: "Release prep.")),
    ]
}
