import Foundation
import LeveeCore

/// Discussions have no REST comments API: comments are read and written through GraphQL
/// (`repository.discussion(number:).comments`, `addDiscussionComment`, from GitHub's GraphQL reference).
extension GitHubClient {
    static let discussionCommentsQuery = """
        query($owner: String!, $name: String!, $number: Int!) {
          repository(owner: $owner, name: $name) {
            discussion(number: $number) {
              comments(last: 100) { nodes { body replies(last: 100) { nodes { body } } } }
            }
          }
        }
        """

    static let addDiscussionCommentMutation = """
        mutation($discussionId: ID!, $body: String!, $replyToId: ID) {
          addDiscussionComment(input: {discussionId: $discussionId, body: $body, replyToId: $replyToId}) {
            comment { id }
          }
        }
        """

    /// The bodies of a discussion's last 100 comments and their last 100 replies each.
    public func discussionCommentBodies(_ repo: RepositoryRef, number: Int) async throws -> [String] {
        let parts = repo.fullName.split(separator: "/", maxSplits: 1).map(String.init)
        let data = try await graphQL(
            Self.discussionCommentsQuery,
            variables: [
                "owner": .string(parts.first ?? ""), "name": .string(parts.count > 1 ? parts[1] : ""),
                "number": .number(Double(number)),
            ],
            name: "discussion comments", installationID: repo.installationID)
        let nodes = data["repository"]?["discussion"]?["comments"]?["nodes"]?.array ?? []
        return nodes.flatMap { node in
            [node["body"]?.string].compactMap { $0 }
                + (node["replies"]?["nodes"]?.array ?? []).compactMap { $0["body"]?.string }
        }
    }

    /// Replies in a discussion unless a comment there already carries `marker` (a redelivered webhook). The reply
    /// goes under `replyTo` (a top-level comment's node id) when given. Returns whether it posted.
    public func replyToDiscussionOnce(
        _ repo: RepositoryRef, number: Int, discussionID: String, replyTo: String?, marker: String, body: String
    ) async throws -> Bool {
        let existing = try await discussionCommentBodies(repo, number: number)
        if existing.contains(where: { $0.contains(marker) }) { return false }
        _ = try await graphQL(
            Self.addDiscussionCommentMutation,
            variables: [
                "discussionId": .string(discussionID), "body": .string(marker + "\n" + body),
                "replyToId": replyTo.map(JSONValue.string) ?? .null,
            ],
            name: "add discussion comment", installationID: repo.installationID, mutation: true)
        return true
    }
}
