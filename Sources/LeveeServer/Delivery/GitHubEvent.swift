import Foundation
import LeveeCore
import LeveeStore

/// One stored delivery decoded once, by its `X-GitHub-Event` header: the kind of event, its action, the contribution
/// it carries and the few other fields the handlers use. The body is parsed here and nowhere after; the handlers read
/// these fields (the rare events — installations, discussions — read `payload`, the same parsed tree).
public struct GitHubEvent: Sendable {
    /// The events Levee handles, by the header's value; every other event is `other` and is stored and ignored.
    public enum Kind: Sendable, Hashable {
        case pullRequest, issues, issueComment, review, reviewComment
        case discussionComment
        /// GitHub's private vulnerability reports.
        case repositoryAdvisory
        /// A report sent to `POST /reports` (Levee's own event name; its body is the report's Markdown).
        case reportIntake
        case installation, installationRepositories
        case other(String)

        static let names: [String: Kind] = [
            "pull_request": .pullRequest, "issues": .issues, "issue_comment": .issueComment,
            "pull_request_review": .review, "pull_request_review_comment": .reviewComment,
            "discussion_comment": .discussionComment, DeliveryProcessor.advisoryEvent: .repositoryAdvisory,
            DeliveryProcessor.intakeEvent: .reportIntake, "installation": .installation,
            "installation_repositories": .installationRepositories,
        ]

        public init(header: String) { self = Self.names[header] ?? .other(header) }

        /// A pull request or an issue itself (not a comment on one): the events whose `closed` and `labeled` drive
        /// the lifecycle.
        var isItem: Bool { self == .pullRequest || self == .issues }
    }

    /// The pull request or issue a delivery is about, as the payload describes it (for a comment, its parent).
    public struct Item: Sendable {
        public var isPullRequest: Bool
        public var author: String?
        public var body: String?
        public var headSHA: String?
        public var merged: Bool
        /// The parsed object, for `ItemOutcome` when the item was closed.
        var json: JSONValue
    }

    public var kind: Kind
    /// The header's value, for summaries.
    public var name: String
    public var action: String?
    public var deliveryID: String
    public var installationID: Int?
    /// `owner/name`: the inbox's column, else the contribution's.
    public var repository: String?
    /// What the delivery carries to evaluate; nil for events that carry none (installations, discussions, pings).
    public var contribution: Contribution?
    public var item: Item?
    /// The comment's id (`issue_comment`, `discussion_comment`), for the trust commands' replies.
    public var commentID: Int?
    /// The label a `labeled` or `unlabeled` delivery names.
    public var label: String?
    /// The review's state, lowercased (`changes_requested`, …).
    public var reviewState: String?
    /// Who caused the event.
    public var sender: String?
    /// The whole parsed body; nil for the intake's Markdown.
    public var payload: JSONValue?

    /// The item's number, as the contribution carries it.
    public var number: Int? { contribution?.number }

    /// Decodes a stored delivery. A body that is not what its event says is an error naming the delivery.
    public static func decode(_ delivery: InboundDelivery) throws -> GitHubEvent {
        let kind = Kind(header: delivery.event)
        var event = GitHubEvent(
            kind: kind, name: delivery.event, action: delivery.action, deliveryID: delivery.deliveryID,
            installationID: delivery.installationID, repository: delivery.repository)
        let source = "delivery \(delivery.deliveryID) (\(delivery.event))"
        if kind == .reportIntake {
            // The intake stores the report as Markdown (`ReportRoute`), whatever its first character.
            event.contribution = SecurityReportReader.read(String(decoding: delivery.body, as: UTF8.self))
            event.repository = delivery.repository ?? event.contribution?.repository
            return event
        }
        let json = try JSONValue.parse(delivery.body, source: source)
        event.payload = json
        event.sender = json["sender"]?["login"]?.string
        switch kind {
        case .discussionComment, .installation, .installationRepositories, .other("ping"):
            // Read by their handlers from `payload`; nothing here to evaluate.
            event.repository = event.repository ?? json["repository"]?["full_name"]?.string
            event.commentID = json["comment"]?["id"]?.int
            return event
        default: break
        }
        if case .contribution(let contribution) = try ContributionDecoder.decode(json: json, source: source) {
            event.contribution = contribution
        }
        event.repository = event.repository ?? event.contribution?.repository
        if let parent = json["pull_request"] ?? json["issue"] {
            event.item = Item(
                isPullRequest: json["pull_request"] != nil || json["issue"]?["pull_request"] != nil,
                author: parent["user"]?["login"]?.string, body: parent["body"]?.string,
                headSHA: json["pull_request"]?["head"]?["sha"]?.string,
                merged: json["pull_request"]?["merged"]?.bool == true, json: parent)
        }
        event.commentID = json["comment"]?["id"]?.int
        event.label = json["label"]?["name"]?.string
        event.reviewState = json["review"]?["state"]?.string?.lowercased()
        return event
    }

    init(
        kind: Kind, name: String, action: String?, deliveryID: String, installationID: Int?, repository: String?
    ) {
        self.kind = kind
        self.name = name
        self.action = action
        self.deliveryID = deliveryID
        self.installationID = installationID
        self.repository = repository
    }
}
