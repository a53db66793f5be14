import Foundation

/// What kind of thing arrived at the project's door.
public enum ContributionKind: String, Sendable, Codable, CaseIterable {
    case pullRequest = "pull_request"
    case issue
    case comment
    case reviewComment = "review_comment"
    case review
    case securityReport = "security_report"

    /// A pull request or an issue itself: what the queue lists and the lifecycle follows (not a comment, a review
    /// or a report).
    public var isItem: Bool { self == .pullRequest || self == .issue }
}

/// The author of a contribution, as GitHub describes them. No follower counts, employers or stars.
public struct Person: Sendable, Hashable, Codable {
    public var login: String
    /// GitHub's account type; nil when the payload does not say.
    public var type: AccountType?
    /// GitHub's `author_association` with the repository; nil when the payload does not say.
    public var association: AuthorAssociation?

    /// From GitHub's values as payloads spell them (`Bot`, `FIRST_TIME_CONTRIBUTOR`), in any case.
    public init(login: String, type: String? = nil, association: String? = nil) {
        self.login = login
        self.type = AccountType(github: type)
        self.association = AuthorAssociation(github: association)
    }

    /// The login, compared without regard to case.
    public var handle: Login { Login(login) }
    /// GitHub says the account is a bot (an App's `…[bot]` account).
    public var isBot: Bool { type == .bot }
    /// Owners, members and collaborators: the people with write access.
    public var hasWriteAccess: Bool { association?.hasWriteAccess ?? false }
    /// Writers and earlier contributors: the people the credit-farming and first-timer checks leave alone.
    public var isEstablished: Bool { association?.isEstablished ?? false }
}

/// A `Key: value` line in the last paragraph of a commit message.
public struct Trailer: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public struct Commit: Sendable, Hashable {
    public var sha: String
    public var message: String
    public var authorName: String?
    public var authorEmail: String?
    public var authorLogin: String?
    public var committerLogin: String?

    public init(
        sha: String, message: String, authorName: String? = nil, authorEmail: String? = nil,
        authorLogin: String? = nil, committerLogin: String? = nil
    ) {
        self.sha = sha
        self.message = message
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorLogin = authorLogin
        self.committerLogin = committerLogin
    }

    public var subject: String { message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "" }

    /// Trailers of the final paragraph (`Co-authored-by: …`, `Signed-off-by: …`, `Assisted-by: …`).
    public var trailers: [Trailer] {
        let paragraphs = message.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        guard paragraphs.count > 1, let last = paragraphs.last(where: { !$0.trimmed.isEmpty }) else { return [] }
        var result: [Trailer] = []
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            guard !key.isEmpty, key.count <= 40, key.allSatisfy({ $0.isLetter || $0 == "-" }) else { continue }
            result.append(Trailer(key: String(key), value: line[line.index(after: colon)...].trimmed))
        }
        return result
    }
}

/// One file of a pull request, in the shape of GitHub's list-files endpoint or a parsed diff.
public struct ChangedFile: Sendable, Hashable {
    public enum Status: String, Sendable, Codable {
        case added, removed, modified, renamed, copied, changed, unchanged
    }

    public var path: String
    public var previousPath: String?
    public var status: Status
    public var additions: Int
    public var deletions: Int
    public var isBinary: Bool
    /// The unified-diff hunks of this file, when known.
    public var hunks: [DiffHunk]

    public init(
        path: String, previousPath: String? = nil, status: Status = .modified, additions: Int = 0,
        deletions: Int = 0, isBinary: Bool = false, hunks: [DiffHunk] = []
    ) {
        self.path = path
        self.previousPath = previousPath
        self.status = status
        self.additions = additions
        self.deletions = deletions
        self.isBinary = isBinary
        self.hunks = hunks
    }

    public var changes: Int { additions + deletions }
}

/// An issue a contribution says it fixes, with what is known of it.
public struct LinkedIssue: Sendable, Hashable {
    public var number: Int
    public var author: String?
    public var createdAt: Date?
    /// The issue's labels, for `forbidden.ai_on_good_first_issues`.
    public var labels: [String]
    /// The issue's title and description, when known: what the change should be about (`change_misses_issue`).
    public var title: String?
    public var body: String?

    public init(
        number: Int, author: String? = nil, createdAt: Date? = nil, labels: [String] = [], title: String? = nil,
        body: String? = nil
    ) {
        self.number = number
        self.author = author
        self.createdAt = createdAt
        self.labels = labels
        self.title = title
        self.body = body
    }

    /// An issue as GitHub's REST API or a webhook writes it (`number`, `user.login`, `created_at`, `labels`, `title`,
    /// `body`); nil without a number.
    public init?(json item: JSONValue) {
        guard let number = item["number"]?.int else { return nil }
        self.init(
            number: number, author: item["user"]?["login"]?.string,
            createdAt: TextStats.date(item["created_at"]?.string),
            labels: item["labels"]?.array?.compactMap { $0["name"]?.string ?? $0.string } ?? [],
            title: item["title"]?.string, body: item["body"]?.string)
    }
}

/// Facts about the author's GitHub account that the server fetched (`GET /users/{login}`, a search of the author's
/// pull requests across GitHub) or a bundle carries as `author_account`. Evidence with its figure, never a
/// credential: no follower count or employer decides anything.
public struct AuthorAccount: Sendable, Hashable {
    public var createdAt: Date?
    /// The account's type, as `/users/{login}` says.
    public var type: AccountType?
    /// Pull requests the author opened anywhere on GitHub in the day before this contribution.
    public var pullRequestsLastDay: Int?

    public init(createdAt: Date? = nil, type: String? = nil, pullRequestsLastDay: Int? = nil) {
        self.createdAt = createdAt
        self.type = AccountType(github: type)
        self.pullRequestsLastDay = pullRequestsLastDay
    }
}

/// A pull request, issue, comment or security report, reduced to what the signals read.
public struct Contribution: Sendable {
    public var kind: ContributionKind
    public var number: Int?
    public var title: String
    public var body: String
    public var author: Person?
    public var createdAt: Date?
    public var repository: String?
    public var url: String?
    public var labels: [String]
    public var headRef: String?
    public var baseRef: String?
    public var isDraft: Bool
    public var state: String?
    /// The title of the milestone the item is assigned to (`milestone.title`).
    public var milestone: String?
    /// Whether the author lets maintainers push to the pull request's branch (`maintainer_can_modify`); nil when the
    /// payload does not say.
    public var maintainerCanModify: Bool?
    /// 👎 and 😕 reactions on the item (`reactions`, where GitHub's payload or the bundle carries them).
    public var negativeReactions: Int?
    /// The webhook `action` (`opened`, `edited`, …) when the contribution came from a webhook.
    public var action: String?
    /// Sizes GitHub reports on the pull-request object; used when no file list or diff is at hand.
    public var reportedAdditions: Int?
    public var reportedDeletions: Int?
    public var reportedChangedFiles: Int?
    public var commits: [Commit]
    public var files: [ChangedFile]
    /// For a comment: the title of the issue or pull request it was left on.
    public var parentTitle: String?
    /// For a security report: the metadata table of a HackerOne export (`Weakness`, `Severity`, …).
    public var metadata: [String: String]
    /// Issues this contribution links, with author and date when the bundle carries them.
    public var linkedIssues: [LinkedIssue]
    /// The author's account, when the server fetched it or the bundle carries it (`author_account`).
    public var authorAccount: AuthorAccount?
    /// What the author did across GitHub around this contribution, when the server gathered it or the bundle carries
    /// it (`author_activity`).
    public var authorActivity: AuthorActivity?
    /// What the author answered after being asked about this pull request or issue, oldest first (`author_replies`).
    public var authorReplies: [AuthorReply] = []
    /// What the project's manifests declare and its own modules, when the server read them or the bundle carries them
    /// (`project_packages`), for `unknown_import`.
    public var projectPackages: ProjectPackages?

    public init(
        kind: ContributionKind, number: Int? = nil, title: String = "", body: String = "", author: Person? = nil,
        createdAt: Date? = nil, repository: String? = nil, url: String? = nil, labels: [String] = [],
        headRef: String? = nil, baseRef: String? = nil, isDraft: Bool = false, state: String? = nil,
        action: String? = nil, reportedAdditions: Int? = nil, reportedDeletions: Int? = nil,
        reportedChangedFiles: Int? = nil, commits: [Commit] = [], files: [ChangedFile] = [],
        parentTitle: String? = nil, metadata: [String: String] = [:], linkedIssues: [LinkedIssue] = []
    ) {
        self.kind = kind
        self.number = number
        self.title = title
        self.body = body
        self.author = author
        self.createdAt = createdAt
        self.repository = repository
        self.url = url
        self.labels = labels
        self.headRef = headRef
        self.baseRef = baseRef
        self.isDraft = isDraft
        self.state = state
        self.action = action
        self.reportedAdditions = reportedAdditions
        self.reportedDeletions = reportedDeletions
        self.reportedChangedFiles = reportedChangedFiles
        self.commits = commits
        self.files = files
        self.parentTitle = parentTitle
        self.metadata = metadata
        self.linkedIssues = linkedIssues
    }

    /// Added plus deleted lines: from the files when known, otherwise GitHub's own counts.
    public var changedLines: Int {
        files.isEmpty ? (reportedAdditions ?? 0) + (reportedDeletions ?? 0) : files.reduce(0) { $0 + $1.changes }
    }

    /// A short human label: `pull request #12`, `security report`.
    public var label: String {
        let noun = kind.rawValue.replacingOccurrences(of: "_", with: " ")
        return number.map { "\(noun) #\($0)" } ?? noun
    }
}
