import Foundation
import LeveeCore

/// One labelled item of the evaluation data: the contribution as Levee would receive it, its class, and the group
/// that keeps it together in cross-validation (its repository, its program, or its period).
public struct LabelledItem: Sendable {
    public var set: String
    public var id: String
    /// Cross-validation keeps a group in one fold: a repository, a bug-bounty program, or a half-year of one program.
    public var group: String
    /// The class as the data names it (`slop`, `valid`, `rejected`, `human`, `spam`, `merged`, …).
    public var label: String
    /// The positive class of the set's comparison (true), its negative class (false), or neither (nil).
    public var positive: Bool?
    public var contribution: Contribution
    /// The agent that opened it, for agent pull requests (the name `AgentDetector` should give).
    public var agent: String?
    /// Whether the data carried the description: transcribed spam pull requests often lack it, and a missing body is
    /// unknown, never evidence.
    public var bodyKnown: Bool
    /// The repository or bug-bounty program it went to: each weighs the same when thresholds are chosen and rates
    /// reported (`Trainer.choose`), however many items it has.
    public var repository: String
    /// The year it was opened or reported, for the forward-in-time protocol (`Trainer.forward`); nil when the data has
    /// no date.
    public var year: Int?
    /// When it was closed and merged, where the data says (agent pull requests): what an author's record was at a
    /// given time is read from these (`ActivityStudy`).
    public var closedAt: Date? = nil
    public var mergedAt: Date? = nil

    /// How Levee evaluates the item. A description the data does not carry is unknown, not empty: the score's terms
    /// that read its absence (`LabelledSets.readAbsentBody`) are left out.
    public var context: EvaluationContext {
        guard !bodyKnown else { return EvaluationContext() }
        var scoring = ScoringModel.default
        for id in LabelledSets.readAbsentBody { scoring.weights[id] = 0 }
        return EvaluationContext(scoring: scoring)
    }
}

/// One labelled set of `shared/eval/` and what a detector can see in it.
public struct LabelledSet: Sendable {
    public var name: String
    public var title: String
    public var sees: [String]
    public var lacks: [String]
    public var items: [LabelledItem]
}

/// Reads every labelled set under `shared/eval/` into items. A set whose files are absent is left out.
public enum LabelledSets {
    /// The negatives a set is ranked against when it has none of its own: spam pull requests against the human ones.
    public static let negativesFrom = ["spam-prs": "human-prs"]

    /// The score's features that read a description's absence: zero for an item whose description the data lacks
    /// (its other features see an empty text, which scores nothing).
    public static let readAbsentBody: Set<String> = ["no_description"]

    /// The borrowed negatives of the set named `name`, or nil when it ranks against its own.
    public static func borrowedNegatives(for name: String, in sets: [LabelledSet]) -> [LabelledItem]? {
        negativesFrom[name].flatMap { other in sets.first { $0.name == other }?.items }
    }

    public static func load(_ root: URL) throws -> [LabelledSet] {
        var sets: [LabelledSet] = []
        if let set = try reports(
            root.appendingPathComponent("curl-reports"), name: "curl-reports", title: "curl security reports",
            positive: "slop", negative: "valid")
        {
            sets.append(set)
        }
        if let set = try reports(
            root.appendingPathComponent("other-reports"), name: "other-reports",
            title: "security reports to other programs", positive: "rejected", negative: "valid")
        {
            sets.append(set)
        }
        // Every other-program report of 2023 and 2024, in its own folder: reported apart, trained on as the valid
        // reports of other programs are, and what the forward-in-time protocol scores 2023 and 2024 on.
        if let set = try reports(
            root.appendingPathComponent("other-reports-2023-2024"), name: "other-reports-2023-2024",
            title: "security reports to other programs, 2023 and 2024", positive: "rejected", negative: "valid")
        {
            sets.append(set)
        }
        if let set = try bundles(
            root.appendingPathComponent("spam-prs/prs.jsonl"), name: "spam-prs",
            title: "pull requests maintainers labelled spam", label: { $0["source"]?["class"]?.string ?? "spam" },
            positive: true)
        {
            sets.append(set)
        }
        if let set = try bundles(
            root.appendingPathComponent("human-prs/prs.jsonl"), name: "human-prs",
            title: "human pull requests with their bodies (before ChatGPT)", label: { _ in "human" }, positive: false)
        {
            sets.append(set)
        }
        for (file, agent) in [
            ("Copilot", "GitHub Copilot coding agent"), ("Devin", "Devin"), ("OpenAI_Codex", "OpenAI Codex"),
        ] {
            if let set = try agentPulls(root.appendingPathComponent("agent-prs"), file: file, agent: agent) {
                sets.append(set)
            }
        }
        let titles = root.appendingPathComponent("agent-prs/human-titles.csv")
        if FileManager.default.fileExists(atPath: titles.path) {
            let items = CSV.records(try String(contentsOf: titles, encoding: .utf8)).enumerated().map { n, record in
                LabelledItem(
                    set: "human-titles", id: record["id"] ?? "\(n)", group: "human-titles", label: "human",
                    positive: false, contribution: Contribution(kind: .pullRequest, title: record["title"] ?? ""),
                    agent: nil, bodyKnown: false, repository: "human-titles", year: nil)
            }
            sets.append(
                LabelledSet(
                    name: "human-titles", title: "human pull-request titles", sees: ["title"],
                    lacks: ["body", "author", "commits", "files", "dates", "repository"], items: items))
        }
        return sets
    }

    /// The calendar year of a date, in UTC.
    static func year(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: date)
    }

    /// The year of a transcribed item's label evidence (`source.label_evidence.date`, when the maintainer labelled or
    /// called it spam): the spam set carries no opening date, and the label comes days after the opening.
    static func labelYear(_ json: JSONValue) -> Int? {
        json["source"]?["label_evidence"]?["date"]?.string.flatMap { Int($0.prefix(4)) }
    }

    /// Security reports: `manifest.csv` (`id,label,reported,…[,program]`) and `reports/<id>.md`. Grouped by program,
    /// and a single program's reports by half-year, so a fold never holds a period it was fitted on.
    static func reports(_ directory: URL, name: String, title: String, positive: String, negative: String) throws
        -> LabelledSet?
    {
        let manifest = directory.appendingPathComponent("manifest.csv")
        guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
        var items: [LabelledItem] = []
        for record in CSV.records(try String(contentsOf: manifest, encoding: .utf8)) {
            guard let id = record["id"], let label = record["label"] else { continue }
            let path = directory.appendingPathComponent("reports/\(id).md").path
            let data = try InputReader.read(path: path)
            guard let contribution = try ContributionDecoder.decode(data, source: path).contribution else { continue }
            let program = record["program"].flatMap { $0.isEmpty ? nil : $0 }
            let reported = record["reported"] ?? ""
            let group: String
            if let program {
                group = "program:" + program
            } else {
                let half = (Int(reported.dropFirst(5).prefix(2)) ?? 1) <= 6 ? "H1" : "H2"
                group = "\(name):\(reported.prefix(4))\(half)"
            }
            items.append(
                LabelledItem(
                    set: name, id: id, group: group, label: label,
                    positive: label == positive ? true : label == negative ? false : nil, contribution: contribution,
                    agent: nil, bodyKnown: true, repository: program ?? name, year: Int(reported.prefix(4))))
        }
        return LabelledSet(
            name: name, title: title, sees: ["title", "body"],
            lacks: [
                "reporter", "dates (the manifest's date groups the folds and orders the forward protocol)",
                "attachments",
            ],
            items: items)
    }

    /// Pull requests as JSON Lines bundles (`pull_request`, `repository`, `source`), grouped by repository.
    static func bundles(
        _ file: URL, name: String, title: String, label: (JSONValue) -> String, positive: Bool
    ) throws -> LabelledSet? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        var items: [LabelledItem] = []
        var withBody = 0
        var withLogin = 0
        let text = try String(contentsOf: file, encoding: .utf8)
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let source = "\(file.path):\(n + 1)"
            let json = try JSONValue.parse(Data(line.utf8), source: source)
            guard let contribution = try ContributionDecoder.decode(json: json, source: source).contribution else {
                continue
            }
            let pull = json["pull_request"]
            let bodyKnown = pull?["body"] != nil
            if bodyKnown { withBody += 1 }
            if pull?["user"]?["login"]?.string != nil { withLogin += 1 }
            let repository = json["repository"]?["full_name"]?.string ?? "unknown"
            items.append(
                LabelledItem(
                    set: name, id: "\(repository)#\(pull?["number"]?.int ?? n)",
                    group: "repo:" + repository.lowercased(),
                    label: label(json), positive: positive, contribution: contribution, agent: nil,
                    bodyKnown: bodyKnown, repository: repository.lowercased(),
                    year: contribution.createdAt.map(LabelledSets.year) ?? labelYear(json)))
        }
        var sees = ["title", "labels", "state", "repository"]
        var lacks = ["head branch", "commit messages", "file lists and diffs", "author association"]
        sees.append(withBody == items.count ? "body" : "body (\(withBody) of \(items.count))")
        if withLogin == items.count {
            sees.append("author login")
        } else if withLogin > 0 {
            sees.append("author login (\(withLogin) of \(items.count))")
        } else {
            lacks.append("author login")
        }
        if items.contains(where: { $0.contribution.reportedAdditions != nil }) { sees.append("size counts") }
        return LabelledSet(name: name, title: title, sees: sees, lacks: lacks, items: items)
    }

    /// An agent's pull requests with their commits (author login, message with trailers), grouped by repository.
    /// Closed without merge is the positive class (review effort spent on nothing), merged the negative one.
    static func agentPulls(_ directory: URL, file: String, agent: String) throws -> LabelledSet? {
        let csv = directory.appendingPathComponent("\(file).csv")
        guard FileManager.default.fileExists(atPath: csv.path) else { return nil }
        var commitsByPR: [String: [Commit]] = [:]
        let commits = directory.appendingPathComponent("\(file)-commits.csv")
        if let text = try? String(contentsOf: commits, encoding: .utf8) {
            for record in CSV.records(text) {
                commitsByPR[record["pr_id"] ?? "", default: []].append(
                    Commit(
                        sha: record["sha"] ?? "", message: record["message"] ?? "", authorLogin: record["author"],
                        committerLogin: record["committer"]))
            }
        }
        var items: [LabelledItem] = []
        for record in CSV.records(try String(contentsOf: csv, encoding: .utf8)) {
            let merged = !(record["merged_at"] ?? "").isEmpty
            let label = merged ? "merged" : record["state"] == "closed" ? "closed_unmerged" : "open"
            let repository = (record["repo_url"] ?? "").replacingOccurrences(
                of: "https://api.github.com/repos/", with: "")
            var contribution = Contribution(
                kind: .pullRequest, number: Int(record["number"] ?? ""), title: record["title"] ?? "",
                body: record["body"] ?? "", author: (record["user"]).map { Person(login: $0, type: nil) },
                createdAt: TextStats.date(record["created_at"]), commits: commitsByPR[record["id"] ?? ""] ?? [])
            contribution.repository = repository
            items.append(
                LabelledItem(
                    set: "agent-prs/\(file)", id: record["id"] ?? "", group: "repo:" + repository.lowercased(),
                    label: label, positive: merged ? false : label == "closed_unmerged" ? true : nil,
                    contribution: contribution, agent: agent, bodyKnown: true, repository: repository.lowercased(),
                    year: contribution.createdAt.map(LabelledSets.year), closedAt: TextStats.date(record["closed_at"]),
                    mergedAt: TextStats.date(record["merged_at"])))
        }
        return LabelledSet(
            name: "agent-prs/\(file)", title: "\(agent) pull requests (closed unmerged vs merged)",
            sees: ["title", "body", "author login", "commit messages and their authors", "created date"],
            lacks: ["head branch", "file lists and diffs", "author association"], items: items)
    }
}
