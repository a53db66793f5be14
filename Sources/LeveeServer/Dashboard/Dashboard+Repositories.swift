import Foundation
import Hummingbird
import LeveeCore
import LeveeGitHub
import LeveeStore

extension Dashboard {
    /// The repositories Levee has seen, with the installation that reaches each (from the lifecycle's items).
    func repositories(_ snapshot: EntryCache.Snapshot? = nil) async throws -> [RepositoryRef] {
        var installations: [String: Int?] = [:]
        for item in try await store.lifecycleItemPerRepository() where installations[item.repository] == nil {
            installations[item.repository] = item.installationID
        }
        let seen: EntryCache.Snapshot
        if let snapshot { seen = snapshot } else { seen = try await self.snapshot() }
        for repo in seen.repos where installations[repo] == nil {
            installations[repo] = .some(nil)
        }
        return installations.keys.sorted().map { RepositoryRef(fullName: $0, installationID: installations[$0] ?? nil) }
    }
}
