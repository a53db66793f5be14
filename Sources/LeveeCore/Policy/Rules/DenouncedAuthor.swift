import Foundation

/// A pull request or issue by someone the project's vouch list denounces (`trust.vouch_file`). Not a `PolicyRule`: it
/// comes from the trust decision (`TierDecision`), is listed first and applies even to exempt authors; the trust tests
/// (`TrustTests`) give its examples.
public enum DenouncedAuthor {
    public static let id = "denounced_author"
    public static let key = PolicyField.vouchFile.path

    /// The finding, quoting the vouch list's line.
    public static func violation(_ trust: TierDecision, login: String?, policy: Policy) -> PolicyViolation {
        PolicyViolation(
            id: id, rule: key,
            message: "\(login.map { "@" + $0 } ?? "The author") is denounced by this project; a maintainer decides "
                + "whether to look at this.",
            evidence: [trust.reason], policyLine: trust.line ?? policy.line(for: "trust"))
    }
}
