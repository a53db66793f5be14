import Foundation

/// Which item a record is about: its repository (`owner/repo`) and what follows `#` — a pull request's or issue's
/// number, or a privately received report's name (a GitHub advisory's GHSA id, or `report-` and twelve hex digits for
/// the intake). One text form (`owner/repo#42`, how evaluations, leases and ledgers name an item), one parser, one URL
/// form (`owner:repo:42`, the dashboard's `/items/…`).
public struct ItemReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var repository: String
    /// What follows `#`.
    public var reference: String

    public init(repository: String, number: Int) {
        self.repository = repository
        reference = String(number)
    }

    /// A private report of `repository`, named by `reference` (`GHSA-…` or `report-…`).
    public init(repository: String, report reference: String) {
        self.repository = repository
        self.reference = reference
    }

    /// Parses `owner/repo#42` or `owner/repo#GHSA-…`; nil for anything else (a name with a space, no `#`, no owner).
    public init?(_ text: some StringProtocol) {
        guard !text.contains(" "), let hash = text.lastIndex(of: "#") else { return nil }
        let repository = text[..<hash]
        let reference = text[text.index(after: hash)...]
        guard Self.isRepository(repository), Int(reference) != nil || Self.isReport(reference) else { return nil }
        self.repository = String(repository)
        self.reference = String(reference)
    }

    /// Parses the URL form `owner:repo:42`.
    public init?(pathComponent: some StringProtocol) {
        let parts = pathComponent.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        self.init("\(parts[0])/\(parts[1])#\(parts[2])")
    }

    /// The pull request's or issue's number; nil for a private report.
    public var number: Int? { Int(reference) }
    /// A privately received report rather than a pull request or issue.
    public var isReport: Bool { Self.isReport(reference) }
    /// `owner/repo#42`.
    public var description: String { repository + "#" + reference }
    /// `owner:repo:42`, for a URL path.
    public var pathComponent: String { repository.replacingOccurrences(of: "/", with: ":") + ":" + reference }

    /// Whether the part after `#` names a private report: a GHSA id or an intake name.
    public static func isReport(_ reference: some StringProtocol) -> Bool {
        reference.hasPrefix("GHSA-") || reference.hasPrefix("report-")
    }

    /// The name of a report sent to the intake (`POST /reports`): `report-` and the first twelve hex digits of its
    /// delivery id (the SHA-256 of its source and body).
    public static func intake(deliveryID: String) -> String {
        "report-" + String((deliveryID.split(separator: "-").last ?? "").prefix(12))
    }

    static func isRepository(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && !$0.contains(":") }
    }
}
