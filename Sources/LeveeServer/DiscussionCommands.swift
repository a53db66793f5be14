import Foundation
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// vouch's `manage-by-discussion`: the list commands (`vouch`, `denounce`, `unvouch`, in the project's words) in a
/// comment on a discussion. Only those: a discussion is not an item Levee evaluates, so `sponsor`, `hold` and
/// `ok-to-test` mean nothing there and are not answered. Without `@user` a command is about the discussion's
/// author. The reply goes under the comment, through GraphQL.
extension DeliveryProcessor {
    func discussionCommands(_ delivery: InboundDelivery, logger: Logger) async throws -> ProcessOutcome? {
        guard delivery.event == "discussion_comment" else { return nil }
        let action = delivery.action ?? "-"
        let ignored = ProcessOutcome(summary: "ignored: discussion_comment.\(action)", evaluated: false)
        let json = try JSONValue.parse(delivery.body, source: "delivery \(delivery.deliveryID)")
        let comment = json["comment"]
        let discussion = json["discussion"]
        guard action == "created", let fullName = delivery.repository ?? json["repository"]?["full_name"]?.string,
            let number = discussion?["number"]?.int, let nodeID = discussion?["node_id"]?.string,
            let login = comment?["user"]?["login"]?.string, let commentID = comment?["id"]?.int,
            let body = comment?["body"]?.string
        else { return ignored }
        let actor = Person(
            login: login, type: comment?["user"]?["type"]?.string, association: comment?["author_association"]?.string)
        guard actor.type != "Bot" else { return ignored }
        let repo = RepositoryRef(fullName: fullName, installationID: delivery.installationID)
        let (policy, _) = try await loadPolicy(repo)
        let commands = CommentCommand.parse(body, keywords: policy.trust.commands).filter {
            switch $0 {
            case .command(let command): [.vouch, .denounce, .unvouch].contains(command.verb)
            case .invalid: true
            }
        }
        guard !commands.isEmpty else { return ignored }
        // A reply goes under a top-level comment; a comment that is itself a reply gets one beside it.
        let replyTo = comment?["parent_id"]?.int == nil ? comment?["node_id"]?.string : nil
        let context = TrustService.CommandContext(
            repo: repo, number: number, isPullRequest: false, itemAuthor: discussion?["user"]?["login"]?.string,
            actor: actor, commentID: commentID, deliveryID: delivery.deliveryID, policy: policy,
            shadow: try await isShadow(policy), discussion: (nodeID, replyTo))
        let trust = TrustService(client: client, store: store, now: now, histories: histories)
        let records = try await trust.run(commands, in: context, logger: logger)
        try await store.replaceActions(deliveryID: delivery.deliveryID, with: records)
        return ProcessOutcome(
            summary: "\(fullName) discussion #\(number): \(commands.count) command\(commands.count == 1 ? "" : "s")",
            evaluated: false)
    }
}
