import Foundation
import LeveeCore
import LeveeGitHub
import LeveeStore

/// Who has been found to read a repository's private reports, kept a few minutes so the queue does not ask GitHub on
/// every request.
actor PrivateReaders {
    static let keep: TimeInterval = 300
    private var answers: [String: (allowed: Bool, at: Date)] = [:]

    func cached(_ key: String, now: Date) -> Bool? {
        guard let answer = answers[key], now.timeIntervalSince(answer.at) < Self.keep, now >= answer.at else {
            return nil
        }
        return answer.allowed
    }

    func remember(_ key: String, allowed: Bool, now: Date) { answers[key] = (allowed, now) }
}

extension Dashboard {
    /// Private reports are for the project's maintainers: shown when reading needs no login (the server listens on
    /// loopback: the maintainer's own machine), to the maintainer token, and to a GitHub login with write access to
    /// the repository (asked of GitHub, kept five minutes) or named in its policy's `trust.maintainers`. Anyone else
    /// who can log in with GitHub sees the queue without them, and a report's page is "not found".
    func mayReadPrivate(_ viewer: Viewer, repository: String, known: [RepositoryRef]? = nil) async -> Bool {
        guard let session = viewer.session else { return true }
        if session.role == .maintainer { return true }
        let key = session.login.lowercased() + " " + repository
        if let known = await privateReaders.cached(key, now: now()) { return known }
        var allowed = false
        var repositories = known
        if repositories == nil { repositories = try? await self.repositories() }
        if let repo = repositories?.first(where: { $0.fullName == repository }),
            let (policy, _) = try? await context.policies.policy(for: repo)
        {
            allowed = (try? await requireWriter(session, repo, policy: policy)) != nil
        }
        await privateReaders.remember(key, allowed: allowed, now: now())
        return allowed
    }

    /// The repositories whose private reports in the queue this viewer may not read.
    func hiddenReports(_ viewer: Viewer, _ snapshot: EntryCache.Snapshot) async -> Set<String> {
        guard viewer.session?.role == .github else { return [] }
        let reported = Set(snapshot.byPriority.lazy.filter(\.isPrivate).map(\.repo))
        guard !reported.isEmpty else { return [] }
        // Where each repository's installation is, read once for all of them.
        let known = try? await repositories(snapshot)
        var hidden = Set<String>()
        for repo in reported where await !mayReadPrivate(viewer, repository: repo, known: known ?? []) {
            hidden.insert(repo)
        }
        return hidden
    }
}
