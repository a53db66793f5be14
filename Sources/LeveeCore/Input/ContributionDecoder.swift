import Foundation

/// Input that cannot be read as a contribution. Names the file (or other source) and what is wrong.
public struct ContributionError: Error, Sendable, CustomStringConvertible, Equatable {
    public var source: String
    public var reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reason)" }
}

/// What a payload turned out to be: a contribution to evaluate, or an event that carries none
/// (`ping`, `installation`, a review thread being resolved).
public enum DecodedPayload: Sendable {
    case contribution(Contribution)
    case event(name: String, action: String?)

    public var contribution: Contribution? {
        if case .contribution(let value) = self { return value }
        return nil
    }
}

/// Reads GitHub webhook payloads, GitHub REST objects, contribution bundles and security reports.
///
/// A bundle is a JSON object holding one of `pull_request`, `issue` or `comment` in GitHub's shape
/// (so a webhook payload is a bundle) plus optional `commits` (list-commits shape), `files`
/// (list-files shape), `diff` (unified diff text) and `repository`. Levee also reads
/// `linked_issues` (`[{number, user: {login}, created_at, labels: [{name}]}]`) when the assembler knows them.
/// Anything that is not JSON is a security report in Markdown or plain text.
public enum ContributionDecoder {
    public static func decode(_ data: Data, source: String) throws -> DecodedPayload {
        guard let first = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw ContributionError(source: source, reason: "the file is empty")
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return try decode(json: JSONValue.parse(data, source: source), source: source)
        }
        if data.prefix(8192).contains(0) {
            throw ContributionError(source: source, reason: "binary data is neither JSON nor a text report")
        }
        return .contribution(SecurityReportReader.read(String(decoding: data, as: UTF8.self)))
    }

    public static func decode(json: JSONValue, source: String) throws -> DecodedPayload {
        guard let object = json.object else {
            throw ContributionError(source: source, reason: "expected a JSON object, found \(json.typeName)")
        }
        let action = object["action"]?.string
        if object["zen"] != nil || object["hook_id"] != nil && object["pull_request"] == nil && object["issue"] == nil {
            return .event(name: "ping", action: action)
        }
        if object["thread"] != nil { return .event(name: "pull_request_review_thread", action: action) }
        if object["repositories_added"] != nil || object["repositories_removed"] != nil {
            return .event(name: "installation_repositories", action: action)
        }
        var contribution: Contribution
        if let advisory = object["repository_advisory"], advisory.object != nil {
            // A private vulnerability report (`repository_advisory.reported`): the reporter is the sender when the
            // advisory names no author.
            contribution = try readAdvisory(advisory, source: source)
            if contribution.author == nil { contribution.author = person(object["sender"], association: nil) }
        } else if object["ghsa_id"] != nil, object["summary"] != nil {
            contribution = try readAdvisory(json, source: source)
        } else if let comment = object["comment"], comment.object != nil {
            contribution = try readComment(comment, on: object["issue"] ?? object["pull_request"], source: source)
        } else if let review = object["review"], review.object != nil {
            contribution = try readComment(review, on: object["pull_request"], source: source)
            contribution.kind = .review
        } else if let pull = object["pull_request"], pull.object != nil {
            contribution = try readIssueOrPull(pull, isPull: true, source: source)
        } else if let issue = object["issue"], issue.object != nil {
            contribution = try readIssueOrPull(issue, isPull: false, source: source)
        } else if object["title"] != nil, object["user"] != nil {
            // A REST object: a pull request has head/base, an issue does not.
            contribution = try readIssueOrPull(json, isPull: object["head"] != nil, source: source)
        } else if object["installation"] != nil, object["sender"] != nil {
            return .event(name: "installation", action: action)
        } else {
            throw ContributionError(
                source: source,
                reason: "no pull_request, issue or comment in the JSON object (keys: "
                    + object.keys.sorted().prefix(8).joined(separator: ", ") + ")")
        }
        contribution.action = action
        if let name = object["repository"]?["full_name"]?.string { contribution.repository = name }
        contribution.commits += try readCommits(object["commits"], source: source)
        contribution.files = try mergeFiles(
            readFiles(object["files"], source: source), diff: object["diff"], source: source)
        contribution.linkedIssues = readLinkedIssues(object["linked_issues"])
        contribution.authorAccount = readAccount(object["author_account"])
        contribution.authorActivity = try AuthorActivity.read(object["author_activity"], source: source)
        contribution.authorReplies = try AuthorReply.read(object["author_replies"], source: source)
        contribution.projectPackages = try ProjectPackages.read(object["project_packages"], source: source)
        return .contribution(contribution)
    }

    /// A pull request decoded from a webhook with its files and commits from the REST API (the list-files and
    /// list-commits shapes), read as a bundle's `files` and `commits` are: the server and `levee check` read the
    /// same contract without decoding the payload again.
    public static func addingPullRequestDetails(
        to contribution: Contribution, files: JSONValue, commits: JSONValue, source: String
    ) throws -> Contribution {
        var contribution = contribution
        contribution.commits = try readCommits(commits, source: source)
        contribution.files = try readFiles(files, source: source)
        return contribution
    }

    /// A repository security advisory as GitHub gives it — the `repository_advisory` webhook's object or one of the
    /// REST security-advisories endpoints (a private vulnerability report is an advisory in state `triage`): the
    /// summary is the title, the description the body, and the structured fields (id, state, severity, CVSS vector,
    /// weaknesses, affected packages and versions) go to `metadata`, where the report's prose signals do not read them.
    static func readAdvisory(_ json: JSONValue, source: String) throws -> Contribution {
        guard let id = json["ghsa_id"]?.string, !id.isEmpty else {
            throw ContributionError(source: source, reason: "the repository_advisory has no ghsa_id")
        }
        var metadata = ["GHSA": id]
        metadata["State"] = json["state"]?.string
        metadata["Severity"] = json["severity"]?.string
        metadata["CVSS"] = json["cvss"]?["vector_string"]?.string
        let cwes = json["cwe_ids"]?.array?.compactMap(\.string) ?? []
        if !cwes.isEmpty { metadata["Weakness"] = cwes.joined(separator: ", ") }
        let affected = (json["vulnerabilities"]?.array ?? []).compactMap { v -> String? in
            let package = [v["package"]?["ecosystem"]?.string, v["package"]?["name"]?.string].compactMap { $0 }
            let range = v["vulnerable_version_range"]?.string
            let text = (package.joined(separator: " ") + (range.map { " \($0)" } ?? "")).trimmed
            return text.isEmpty ? nil : text
        }
        if !affected.isEmpty { metadata["Affected"] = affected.joined(separator: "; ") }
        return Contribution(
            kind: .securityReport, title: json["summary"]?.string ?? id, body: json["description"]?.string ?? "",
            author: person(json["author"], association: nil), createdAt: TextStats.date(json["created_at"]?.string),
            url: json["html_url"]?.string, metadata: metadata)
    }

    static func readIssueOrPull(_ json: JSONValue, isPull: Bool, source: String) throws -> Contribution {
        guard let title = json["title"]?.string else {
            throw ContributionError(source: source, reason: "the \(isPull ? "pull_request" : "issue") has no title")
        }
        var c = Contribution(
            kind: isPull ? .pullRequest : .issue,
            number: json["number"]?.int,
            title: title,
            body: json["body"]?.string ?? "",
            author: person(json["user"], association: json["author_association"]),
            createdAt: TextStats.date(json["created_at"]?.string),
            repository: json["base"]?["repo"]?["full_name"]?.string,
            url: json["html_url"]?.string,
            labels: json["labels"]?.array?.compactMap { $0["name"]?.string } ?? [],
            headRef: json["head"]?["ref"]?.string,
            baseRef: json["base"]?["ref"]?.string,
            isDraft: json["draft"]?.bool ?? false,
            state: json["state"]?.string,
            reportedAdditions: json["additions"]?.int,
            reportedDeletions: json["deletions"]?.int,
            reportedChangedFiles: json["changed_files"]?.int)
        c.milestone = json["milestone"]?["title"]?.string
        c.maintainerCanModify = json["maintainer_can_modify"]?.bool
        if let reactions = json["reactions"] {
            c.negativeReactions = (reactions["-1"]?.int ?? 0) + (reactions["confused"]?.int ?? 0)
        }
        return c
    }

    static func readComment(_ json: JSONValue, on parent: JSONValue?, source: String) throws -> Contribution {
        let isReview = json["diff_hunk"] != nil || json["pull_request_review_id"] != nil
        return Contribution(
            kind: isReview ? .reviewComment : .comment,
            number: parent?["number"]?.int,
            title: "",
            body: json["body"]?.string ?? "",
            author: person(json["user"], association: json["author_association"]),
            createdAt: TextStats.date(json["created_at"]?.string ?? json["submitted_at"]?.string),
            url: json["html_url"]?.string,
            parentTitle: parent?["title"]?.string)
    }

    static func person(_ json: JSONValue?, association: JSONValue?) -> Person? {
        guard let login = json?["login"]?.string else { return nil }
        return Person(login: login, type: json?["type"]?.string, association: association?.string)
    }

    static func readCommits(_ json: JSONValue?, source: String) throws -> [Commit] {
        guard let json, !json.isNull else { return [] }
        guard let items = json.array else {
            throw ContributionError(source: source, reason: "`commits` must be a list, found \(json.typeName)")
        }
        return try items.enumerated().map { index, item in
            guard let message = item["commit"]?["message"]?.string ?? item["message"]?.string else {
                throw ContributionError(source: source, reason: "commits[\(index)] has no commit.message")
            }
            return Commit(
                sha: item["sha"]?.string ?? "",
                message: message,
                authorName: item["commit"]?["author"]?["name"]?.string,
                authorEmail: item["commit"]?["author"]?["email"]?.string,
                authorLogin: item["author"]?["login"]?.string,
                committerLogin: item["committer"]?["login"]?.string)
        }
    }

    static func readFiles(_ json: JSONValue?, source: String) throws -> [ChangedFile] {
        guard let json, !json.isNull else { return [] }
        guard let items = json.array else {
            throw ContributionError(source: source, reason: "`files` must be a list, found \(json.typeName)")
        }
        return try items.enumerated().map { index, item in
            guard let path = item["filename"]?.string else {
                throw ContributionError(source: source, reason: "files[\(index)] has no filename")
            }
            var hunks: [DiffHunk] = []
            if let patch = item["patch"]?.string {
                hunks = UnifiedDiff.parse("--- a/\(path)\n+++ b/\(path)\n" + patch).files.first?.hunks ?? []
            }
            return ChangedFile(
                path: path,
                previousPath: item["previous_filename"]?.string,
                status: ChangedFile.Status(rawValue: item["status"]?.string ?? "") ?? .modified,
                additions: item["additions"]?.int ?? 0,
                deletions: item["deletions"]?.int ?? 0,
                isBinary: item["patch"] == nil
                    && (item["changes"]?.int ?? ((item["additions"]?.int ?? 0) + (item["deletions"]?.int ?? 0))) == 0
                    && item["status"]?.string != "removed" && item["status"]?.string != "renamed",
                hunks: hunks)
        }
    }

    static func mergeFiles(_ files: [ChangedFile], diff: JSONValue?, source: String) throws -> [ChangedFile] {
        guard let diff, !diff.isNull else { return files }
        guard let text = diff.string else {
            throw ContributionError(source: source, reason: "`diff` must be unified diff text, found \(diff.typeName)")
        }
        return merge(files, with: UnifiedDiff.parse(text))
    }

    /// Adds a diff's hunks to the listed files, or makes the file list from the diff when none was given.
    public static func merge(_ files: [ChangedFile], with diff: UnifiedDiff) -> [ChangedFile] {
        guard !files.isEmpty else { return diff.files.map(\.changedFile) }
        let byPath = Dictionary(diff.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        return files.map { file in
            var file = file
            if file.hunks.isEmpty, let parsed = byPath[file.path] { file.hunks = parsed.hunks }
            return file
        }
    }

    /// `author_account`: the `/users/{login}` object's fields Levee reads, and `pull_requests_last_day`.
    static func readAccount(_ json: JSONValue?) -> AuthorAccount? {
        guard let json, json.object != nil else { return nil }
        return AuthorAccount(
            createdAt: TextStats.date(json["created_at"]?.string), type: json["type"]?.string,
            pullRequestsLastDay: json["pull_requests_last_day"]?.int)
    }

    static func readLinkedIssues(_ json: JSONValue?) -> [LinkedIssue] {
        json?.array?.compactMap(LinkedIssue.init(json:)) ?? []
    }
}

extension JSONValue {
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
