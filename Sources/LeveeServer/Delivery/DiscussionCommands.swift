import Foundation
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// vouch's `manage-by-discussion`: the list commands (`vouch`, `denounce`, `unvouch`, in the project's words) in a
/// comment on a discussion. Only those: a discussion is not an item Levee evaluates, so `sponsor`, `hold` and
/// `ok-to-test` mean nothing there and are not answered. Without `@user` a command is about the discussion's
/// author. The reply goes under the comment, through GraphQL.
struct DiscussionCommandHandler: Sendable {
    let context: ServerContext

    func handle(_ event: GitHubEvent, logger: Logger) async throws -> ProcessOutcome {
        let ignored = ProcessOutcome(summary: "ignored: \(event.name).\(event.action ?? "-")", evaluated: false)
        let json = event.payload
        let comment = json?["comment"]
        let discussion = json?["discussion"]
        guard event.action == "created", let fullName = event.repository,
            let number = discussion?["number"]?.int, let nodeID = discussion?["node_id"]?.string,
            let login = comment?["user"]?["login"]?.string, let commentID = event.commentID,
            let body = comment?["body"]?.string
        else { return ignored }
        let actor = Person(
            login: login, type: comment?["user"]?["type"]?.string, association: comment?["author_association"]?.string)
        guard !actor.isBot else { return ignored }
        let repo = RepositoryRef(fullName: fullName, installationID: event.installationID)
        let (policy, _) = try await context.policies.policy(for: repo)
        let commands = CommentCommand.parse(body, keywords: policy.trust.commands).filter {
            switch $0 {
            case .command(let command): [.vouch, .denounce, .unvouch].contains(command.verb)
            case .invalid: true
            }
        }
        guard !commands.isEmpty else { return ignored }
        // A reply goes under a top-level comment; a comment that is itself a reply gets one beside it.
        let replyTo = comment?["parent_id"]?.int == nil ? comment?["node_id"]?.string : nil
        let commandContext = TrustService.CommandContext(
            repo: repo, number: number, isPullRequest: false, itemAuthor: discussion?["user"]?["login"]?.string,
            actor: actor, commentID: commentID, deliveryID: event.deliveryID, policy: policy,
            shadow: try await context.shadow.isShadow(policy),
            discussion: DiscussionThread(nodeID: nodeID, replyTo: replyTo))
        let actions = try await context.trust.run(commands, in: commandContext, logger: logger)
        let target = ActionTarget(repository: repo, number: number, discussion: commandContext.discussion)
        let at = context.now()
        let records: [ActionRecord]
        if let client = context.client, !commandContext.shadow {
            records = try await ActionExecutor(client: client).perform([], on: target, summary: "", then: actions).map {
                ActionRecord(
                    deliveryID: event.deliveryID, repository: fullName, number: number, effect: $0.action.effect,
                    reason: $0.action.reason, status: ActionStatus($0.status), detail: $0.detail, at: at)
            }
        } else {
            records = actions.map {
                ActionRecord(
                    deliveryID: event.deliveryID, repository: fullName, number: number, effect: $0.effect,
                    reason: $0.reason, status: .shadow, at: at)
            }
        }
        try await context.store.replaceActions(deliveryID: event.deliveryID, with: records)
        return ProcessOutcome(
            summary: "\(fullName) discussion #\(number): \(commands.count) command\(commands.count == 1 ? "" : "s")",
            evaluated: false)
    }
}
