import Foundation
import LeveeCore

/// A vouch-list change asked for in a comment (`/levee vouch @user`), and what came of it.
public struct AuditRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Committed to the repository.
        case applied
        /// Shadow mode: recorded, nothing committed.
        case shadow
        /// The person asking may not (no write access), or the command was malformed.
        case refused
        /// The change was allowed but could not be committed.
        case failed
    }

    public var repository: String
    /// Who asked.
    public var actor: String
    /// `vouch`, `denounce`, `unvouch`, `sponsor`.
    public var command: String
    /// Whom it is about.
    public var subject: String
    public var reason: String?
    public var status: Status
    public var detail: String?
    public var at: Date

    public init(
        repository: String, actor: String, command: String, subject: String, reason: String? = nil, status: Status,
        detail: String? = nil, at: Date
    ) {
        self.repository = repository
        self.actor = actor
        self.command = command
        self.subject = subject
        self.reason = reason
        self.status = status
        self.detail = detail
        self.at = at
    }
}

/// A trust statement imported from another project, as verified at import, with the weight given to its issuer.
public struct StoredStatement: Sendable, Hashable {
    public var issuer: String
    public var publicKey: String
    public var weight: Double
    /// The signed file, kept whole so it can be verified again.
    public var signed: Data
    public var expiresAt: Date
    public var importedAt: Date

    public init(issuer: String, publicKey: String, weight: Double, signed: Data, expiresAt: Date, importedAt: Date) {
        self.issuer = issuer
        self.publicKey = publicKey
        self.weight = weight
        self.signed = signed
        self.expiresAt = expiresAt
        self.importedAt = importedAt
    }
}

/// Reputation ledgers, the audit log of vouch-list changes and imported trust statements.
public protocol TrustStore: Sendable {
    /// Appends entries; one author's entries come back in the order they were written.
    func appendLedger(_ entries: [LedgerEntry]) async throws
    func ledger(author: String) async throws -> [LedgerEntry]
    /// Every author with a ledger and their balance, highest first.
    func balances() async throws -> [(author: String, balance: Double)]
    func recordAudit(_ record: AuditRecord) async throws
    func audit(limit: Int) async throws -> [AuditRecord]
    /// Stores a statement, replacing an earlier one from the same issuer and key.
    func saveStatement(_ statement: StoredStatement) async throws
    func statements() async throws -> [StoredStatement]
}
