import Foundation
import LeveeCore
import LeveeStore
import Logging

/// The author's answers when asked (`Engagement`). A comment by a pull request's or issue's own author is kept while
/// Levee's verdict asks them (`needs_author` or above), the lifecycle waits for them (awaiting author, stale, closed by
/// default), or an earlier answer was kept (so the latest answer is always the one read): the latest three per item,
/// in the `setting` table as `replies:OWNER/REPO#N`. The item is then evaluated again at once as an edit of itself, so
/// the sticky comment says what the answer changed; every later evaluation of the item reads the kept answers
/// (`ContributionHandler.gather`).
struct AuthorAnswers: Sendable {
    let store: any ServerStore
    let now: @Sendable () -> Date

    static let kept = 3

    static func key(_ reference: ItemReference) -> String { "replies:\(reference)" }

    /// The item's kept answers, oldest first.
    func replies(_ reference: ItemReference) async throws -> [AuthorReply] {
        guard let text = try await store.setting(Self.key(reference)) else { return [] }
        return (try? StoredJSON.value([AuthorReply].self, from: text)) ?? []
    }

    /// Whether a delivery is a new comment by the item's own author (not a bot): the only comments that may answer.
    static func byItemAuthor(_ event: GitHubEvent, comment: Contribution) -> Bool {
        guard event.kind == .issueComment, event.action == "created", let actor = comment.author, !actor.isBot,
            let itemAuthor = event.item?.author
        else { return false }
        return itemAuthor.lowercased() == actor.login.lowercased()
    }

    /// Whether the item's author (`byItemAuthor`) answers while asked; `kept` are the item's answers so far.
    func isAsked(_ reference: ItemReference, number: Int, kept: [AuthorReply]) async throws -> Bool {
        // Once asked, the conversation goes on: every later comment of the author is read, the latest counting.
        if !kept.isEmpty { return true }
        if let stored = try await store.storedEvaluation(source: reference.description),
            stored.evaluation.verdict >= .needsAuthor
        {
            return true
        }
        let phase = try await store.lifecycleItem(repository: reference.repository, number: number)?.phase
        return [.awaitingAuthor, .stale, .closedByDefault].contains(phase)
    }

    /// Keeps the answer with the item's earlier ones (`kept`).
    func keep(_ comment: Contribution, after kept: [AuthorReply], for reference: ItemReference) async throws {
        let replies = kept + [AuthorReply(body: comment.body, at: comment.createdAt ?? now())]
        try await store.saveSetting(
            Self.key(reference), value: try StoredJSON.text(Array(replies.suffix(Self.kept))), at: now())
    }

    /// The item of a comment delivery as an `edited` delivery of the item itself, from the payload's own copy of it.
    static func itemEvent(_ event: GitHubEvent) throws -> GitHubEvent? {
        guard let item = event.item, let payload = event.payload else { return nil }
        var root: [String: JSONValue] = ["action": "edited", item.isPullRequest ? "pull_request" : "issue": item.json]
        for key in ["repository", "installation", "sender"] { root[key] = payload[key] }
        let delivery = InboundDelivery(
            deliveryID: event.deliveryID + "/answer", event: item.isPullRequest ? "pull_request" : "issues",
            action: "edited", repository: event.repository, installationID: event.installationID, receivedAt: Date(),
            body: try JSONEncoder().encode(JSONValue.object(root)))
        return try GitHubEvent.decode(delivery)
    }
}
