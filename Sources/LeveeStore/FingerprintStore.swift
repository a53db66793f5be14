import Foundation
import LeveeCore

/// MinHash fingerprints of a repository's pull requests and issues, for the near-duplicate check.
public protocol FingerprintStore: Sendable {
    func saveFingerprint(repository: String, item: FingerprintedItem, open: Bool, at: Date) async throws
    /// Open items, and closed ones updated since `since`.
    func fingerprints(repository: String, since: Date) async throws -> [FingerprintedItem]
    func markClosed(repository: String, number: Int, at: Date) async throws
    /// `owner/repo#number` of every item whose fingerprint is closed: closed on GitHub (a `closed` delivery, or
    /// read closed by the backfill), whatever the lifecycle knows of it.
    func closedFingerprints() async throws -> Set<String>
}
