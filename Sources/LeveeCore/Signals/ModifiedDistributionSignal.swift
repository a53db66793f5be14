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

    public func evaluate(_ c: Contribution, in context: EvaluationContext) -> SignalHit? {
        guard c.kind == .issue || c.kind == .securityReport else { return nil }
        let text = c.title + "\n" + c.body
        var evidence = Self.localVersions(in: text).map { "version \($0) carries a local label" }
        let lowered = text.lowercasedFast
        evidence += Self.vendorMarkers.filter { lowered.contains($0) }.map { "“\($0)”" }
        guard !evidence.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: 0.6, evidence: Array(evidence.prefix(3)),
            message: "The report seems to come from a modified build of the project. Could you reproduce it on an "
                + "official release? Maintainers cannot investigate changes they do not ship.",
            asksAuthor: true)
    }

    /// `1.17.2+mycompany.15`-style versions (PEP 440 local version labels, SemVer build metadata).
    static func localVersions(in text: String) -> [String] {
        var found: [String] = []
        for token in text.split(whereSeparator: { $0.isWhitespace || "()[]`'\",;".contains($0) }) {
            guard let plus = token.firstIndex(of: "+") else { continue }
            let version = token[..<plus].drop { $0 == "v" }
            let label = token[token.index(after: plus)...].trimmingCharacters(in: CharacterSet(charactersIn: ".:"))
            let parts = version.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts.count <= 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
                !label.isEmpty, label.first!.isLetter || label.first!.isNumber,
                label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" })
            else { continue }
            found.append(String(version) + "+" + label)
        }
        return found
    }

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
