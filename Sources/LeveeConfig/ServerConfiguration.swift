import Foundation
import Yams

/// How `levee serve` runs. Every key has a default; a YAML file (`--config`) sets some, `LEVEE_*` environment
/// variables override the file (`http.port` ↔ `LEVEE_HTTP_PORT`), and command-line flags override both.
/// Secrets are read here and never printed: `description` masks them.
public struct ServerConfiguration: Sendable, CustomStringConvertible {
    public var httpHost = "127.0.0.1"
    public var httpPort = 8080
    /// GitHub caps payloads at 25 MB; a larger body is refused before it is read whole.
    public var maxBodyBytes = 25 * 1024 * 1024
    public var databasePath = "levee.sqlite"
    /// `full` (sync every commit) or `normal` (survives a crash of the process, not of the machine).
    public var databaseDurability = "full"
    public var githubAPIURL = "https://api.github.com"
    public var appID: String?
    public var privateKeyPEM: String?
    public var token: String?
    public var webhookSecret: String?
    /// Where the webhook secret came from, for the start-up line (never the secret itself).
    public var webhookSecretSource: String?
    /// Record actions instead of sending them. Without GitHub credentials Levee is always in shadow mode.
    public var shadow = true
    /// A policy used for repositories without `.github/levee.yml` (their own file wins).
    public var policyFile: String?
    public var workerConcurrency = 2
    /// Attempts at one delivery before it is set aside as dead.
    public var workerMaxAttempts = 8
    /// How long a worker holds a delivery before another may take it over.
    public var workerLeaseSeconds = 120.0
    public var logLevel = "info"
    /// PostgreSQL (`postgres://user:password@host:port/database`) for several replicas; nil: SQLite at `databasePath`.
    public var databaseURL: String?
    /// Folder of source indexes, `<folder>/<owner>/<repo>.json` (`levee index`), for checking claims.
    public var claimsIndexFolder: String?
    /// The maintainer token that logs into the dashboard (nil: no login; reading only on loopback).
    public var dashboardToken: String?
    /// Review hours a week the triagers declare they can give, drawn against the load.
    public var dashboardCapacityHours = 10.0
    /// GitHub OAuth login for the dashboard: an OAuth app's id and secret, GitHub's web root, and the dashboard's own
    /// public URL (its callback is `<public_url>/login/github/callback`).
    public var dashboardGitHubClientID: String?
    public var dashboardGitHubClientSecret: String?
    public var dashboardGitHubURL = "https://github.com"
    public var dashboardPublicURL: String?

    /// Who may send security reports to `POST /reports` (`reports.tokens_file`): each source's name, repository and
    /// token.
    public var reportSources: [ReportSource] = []

    public init() {}

    /// Every key, as written in the file; the environment variable is `LEVEE_` + the key in upper case with `_`.
    public static let keys = [
        "http.host", "http.port", "http.max_body_bytes", "database.path", "database.durability", "github.api_url",
        "github.app_id", "github.private_key", "github.private_key_file", "github.token", "github.token_file",
        "github.webhook_secret", "github.webhook_secret_file", "shadow", "policy.file", "worker.concurrency",
        "worker.max_attempts", "worker.lease_seconds", "log.level", "claims.index_dir", "database.url",
        "database.url_file", "dashboard.token", "dashboard.token_file", "dashboard.capacity_hours",
        "dashboard.github_client_id", "dashboard.github_client_secret", "dashboard.github_client_secret_file",
        "dashboard.github_url", "dashboard.public_url", "reports.tokens_file",
    ]

    public static func environmentName(_ key: String) -> String {
        "LEVEE_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// Reads the file (if any), then the environment. Errors name the file and line, or the variable.
    public static func load(file: String?, environment: [String: String]) throws(ConfigurationError)
        -> ServerConfiguration
    {
        var values: [String: (value: String, place: String)] = [:]
        var problems: [String] = []
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else {
                throw ConfigurationError(["\(file): cannot read the configuration file"])
            }
            do {
                if let root = try Yams.compose(yaml: text) {
                    flatten(root, prefix: "", file: file, into: &values, problems: &problems)
                }
            } catch {
                throw ConfigurationError([PolicyLoader.diagnostic(for: error, file: file).description])
            }
        }
        for key in keys {
            let name = environmentName(key)
            if let value = environment[name] { values[key] = (value, name) }
        }
        for name in environment.keys.sorted() where name.hasPrefix("LEVEE_") {
            if !keys.contains(where: { environmentName($0) == name }) {
                let suggestion = DidYouMean.suggest(name, among: keys.map(environmentName))
                problems.append(
                    "\(name): not a Levee setting" + (suggestion.map { "; did you mean \($0)?" } ?? ""))
            }
        }
        var config = ServerConfiguration()
        for (key, entry) in values.sorted(by: { $0.key < $1.key }) {
            do {
                try config.set(key, entry.value)
            } catch {
                problems.append("\(entry.place): `\(key)`: \(error.description)")
            }
        }
        if config.dashboardGitHubClientID != nil,
            config.dashboardGitHubClientSecret == nil || config.dashboardPublicURL == nil
        {
            let place = values["dashboard.github_client_id"]?.place ?? "dashboard.github_client_id"
            problems.append(
                "\(place): `dashboard.github_client_id` needs `dashboard.github_client_secret` (or _file) and "
                    + "`dashboard.public_url` (GitHub sends the browser back to <public_url>/login/github/callback)")
        }
        if !problems.isEmpty { throw ConfigurationError(problems) }
        return config
    }

    mutating func set(_ key: String, _ value: String) throws(ConfigurationError) {
        func int(_ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let number = Int(value), range.contains(number) else {
                throw ConfigurationError(["expected a whole number from \(range.lowerBound) to \(range.upperBound)"])
            }
            return number
        }
        func file() throws(ConfigurationError) -> String {
            guard let data = FileManager.default.contents(atPath: value) else {
                throw ConfigurationError(["cannot read the file \(value)"])
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        switch key {
        case "http.host": httpHost = value
        case "http.port": httpPort = try int(0...65535)
        case "http.max_body_bytes": maxBodyBytes = try int(1024...(1 << 30))
        case "database.path": databasePath = value
        case "database.url", "database.url_file":
            let url = key == "database.url" ? value : try file()
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigurationError(["expected a postgres:// URL"])
            }
            databaseURL = url
        case "database.durability":
            guard ["full", "normal"].contains(value) else {
                throw ConfigurationError(["expected `full` or `normal`, found `\(value)`"])
            }
            databaseDurability = value
        case "github.api_url": githubAPIURL = value
        case "github.app_id": appID = value
        case "github.private_key": privateKeyPEM = value
        case "github.private_key_file": privateKeyPEM = try file()
        case "github.token": token = value
        case "github.token_file": token = try file()
        case "github.webhook_secret":
            webhookSecret = value
            webhookSecretSource = "github.webhook_secret"
        case "github.webhook_secret_file":
            webhookSecret = try file()
            webhookSecretSource = value
        case "shadow":
            switch value.lowercased() {
            case "true", "yes", "1", "on": shadow = true
            case "false", "no", "0", "off": shadow = false
            default: throw ConfigurationError(["expected true or false, found `\(value)`"])
            }
        case "policy.file": policyFile = value
        case "claims.index_dir":
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError(["no such folder \(value)"])
            }
            claimsIndexFolder = value
        case "dashboard.token", "dashboard.token_file":
            let token = key == "dashboard.token" ? value : try file()
            guard token.count >= 16 else {
                throw ConfigurationError([
                    "the dashboard token must be at least 16 characters (try `openssl rand -hex 24`)"
                ])
            }
            dashboardToken = token
        case "dashboard.capacity_hours":
            guard let hours = Double(value), hours >= 0, hours <= 10_000 else {
                throw ConfigurationError(["expected a number of hours from 0 to 10000, found `\(value)`"])
            }
            dashboardCapacityHours = hours
        case "dashboard.github_client_id": dashboardGitHubClientID = value
        case "dashboard.github_client_secret": dashboardGitHubClientSecret = value
        case "dashboard.github_client_secret_file": dashboardGitHubClientSecret = try file()
        case "dashboard.github_url", "dashboard.public_url":
            guard let url = URL(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(["expected an http:// or https:// URL, found `\(value)`"])
            }
            let trimmed = value.hasSuffix("/") ? String(value.dropLast()) : value
            if key == "dashboard.github_url" { dashboardGitHubURL = trimmed } else { dashboardPublicURL = trimmed }
        case "reports.tokens_file":
            guard let data = FileManager.default.contents(atPath: value) else {
                throw ConfigurationError(["cannot read the file \(value)"])
            }
            reportSources = try ReportSource.parse(String(decoding: data, as: UTF8.self), file: value)
        case "worker.concurrency": workerConcurrency = try int(1...64)
        case "worker.max_attempts": workerMaxAttempts = try int(1...100)
        case "worker.lease_seconds": workerLeaseSeconds = Double(try int(5...3600))
        case "log.level":
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(value) else {
                throw ConfigurationError(["expected one of " + levels.joined(separator: ", ") + ", found `\(value)`"])
            }
            logLevel = value
        default: throw ConfigurationError(["not a Levee setting"])
        }
    }

    static func flatten(
        _ node: Node, prefix: String, file: String, into values: inout [String: (value: String, place: String)],
        problems: inout [String]
    ) {
        let place = "\(file):\(node.mark.map { "\($0.line):\($0.column)" } ?? "1:1")"
        switch node {
        case .mapping(let mapping):
            for (keyNode, valueNode) in mapping {
                guard let key = keyNode.scalar?.string else { continue }
                let path = prefix.isEmpty ? key : prefix + "." + key
                let isPrefix = keys.contains { $0.hasPrefix(path + ".") }
                if !keys.contains(path) && !isPrefix {
                    let keyPlace = "\(file):\(keyNode.mark.map { "\($0.line):\($0.column)" } ?? "1:1")"
                    let suggestion = DidYouMean.suggest(path, among: keys)
                    problems.append(
                        "\(keyPlace): `\(path)`: not a Levee setting"
                            + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
                    continue
                }
                flatten(valueNode, prefix: path, file: file, into: &values, problems: &problems)
            }
        case .scalar(let scalar):
            if keys.contains(prefix) {
                values[prefix] = (scalar.string, place)
            } else {
                problems.append("\(place): `\(prefix)`: expected a mapping of settings")
            }
        default:
            problems.append("\(place): `\(prefix)`: expected a value, found a list")
        }
    }

    public var description: String {
        var lines = [
            "http: \(httpHost):\(httpPort) (bodies up to \(maxBodyBytes) bytes)",
            databaseURL.map { url in
                // Never the password.
                var components = URLComponents(string: url)
                components?.password = nil
                return "database: PostgreSQL \(components?.string ?? "postgres://…") (shared by replicas)"
            } ?? "database: \(databasePath) (durability \(databaseDurability))",
            "github: \(githubAPIURL), "
                + (appID.map { "GitHub App \($0)" } ?? (token != nil ? "personal token (set)" : "no credentials")),
            "webhook secret: " + (webhookSecret == nil ? "not set" : "set (from \(webhookSecretSource ?? "?"))"),
            "shadow: \(shadow)", "policy fallback: \(policyFile ?? "built in")",
            "worker: \(workerConcurrency) concurrent, \(workerMaxAttempts) attempts, lease \(Int(workerLeaseSeconds)) s",
        ]
        lines.append(
            "claims: " + (claimsIndexFolder.map { "source indexes in \($0)" } ?? "not checked (no index folder)"))
        let logins = [
            dashboardToken == nil ? nil : "maintainer token (set)",
            dashboardGitHubClientID.map { "GitHub OAuth app \($0)" },
        ].compactMap { $0 }
        lines.append(
            "dashboard: " + (logins.isEmpty ? "no login" : logins.joined(separator: " or "))
                + ", capacity \(String(format: "%g", dashboardCapacityHours)) review hours a week")
        lines.append(
            "reports: "
                + (reportSources.isEmpty
                    ? "POST /reports closed (no reports.tokens_file)"
                    : "POST /reports from "
                        + reportSources.map { "\($0.name) → \($0.repository)" }.joined(separator: ", ")))
        lines.append("log level: \(logLevel)")
        return lines.joined(separator: "\n")
    }
}

/// One sender of security reports to `POST /reports`: a web form, a mail bridge, a bug-bounty platform's webhook. Its
/// token (sent as `Authorization: Bearer …`) decides the repository the report is for.
public struct ReportSource: Sendable, Hashable {
    public var name: String
    public var repository: String
    public var token: String

    public init(name: String, repository: String, token: String) {
        self.name = name
        self.repository = repository
        self.token = token
    }

    /// The tokens file: one source per line, `NAME OWNER/REPO TOKEN`, blank lines and `#` comments ignored. Every
    /// problem names the file and line; a token must be 16 or more characters and used once.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> [ReportSource] {
        var sources: [ReportSource] = []
        var problems: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let place = "\(file):\(index + 1)"
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count == 3 else {
                problems.append("\(place): expected `NAME OWNER/REPO TOKEN`, found \(fields.count) field(s)")
                continue
            }
            let (name, repository, token) = (fields[0], fields[1], fields[2])
            let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
            if !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                problems.append("\(place): the name `\(name)` may hold only letters, digits, `-` and `_`")
            } else if parts.count != 2 || parts.contains(where: \.isEmpty) {
                problems.append("\(place): expected a repository as OWNER/REPO, found `\(repository)`")
            } else if token.count < 16 {
                problems.append("\(place): the token of `\(name)` is shorter than 16 characters")
            } else if sources.contains(where: { $0.token == token }) {
                problems.append("\(place): the token of `\(name)` is already another source's")
            } else if sources.contains(where: { $0.name == name }) {
                problems.append("\(place): the name `\(name)` is used twice")
            } else {
                sources.append(ReportSource(name: name, repository: repository, token: token))
            }
        }
        if !problems.isEmpty { throw ConfigurationError(problems) }
        return sources
    }
}

/// A configuration that cannot be used; every problem, each naming where it was found.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]

    public init(_ problems: [String]) {
        self.problems = problems
    }

    public var description: String { problems.joined(separator: "\n") }
}
