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

    /// Every key, as written in the file, in the order of `settings`; the environment variable is `LEVEE_` + the key in
    /// upper case with `_`.
    public static let keys = settings.map(\.key)

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
            let place = values[clientID]?.place ?? clientID
            problems.append(
                "\(place): `\(clientID)` needs `\(clientSecret)` (or _file) and "
                    + "`\(publicURL)` (GitHub sends the browser back to <public_url>/login/github/callback)")
        }
        if !problems.isEmpty { throw ConfigurationError(problems) }
        return config
    }

    mutating func set(_ key: String, _ value: String) throws(ConfigurationError) {
        guard let setting = Self.settings.first(where: { $0.key == key }) else {
            throw ConfigurationError(["not a Levee setting"])
        }
        try setting.apply(&self, value)
    }

    /// One key of the server's configuration and how its text value is taken: the one table the file, the
    /// environment and `keys` read.
    struct Setting: Sendable {
        let key: String
        let apply: @Sendable (inout ServerConfiguration, String) throws(ConfigurationError) -> Void

        init(
            _ key: String,
            _ apply: @escaping @Sendable (inout ServerConfiguration, String) throws(ConfigurationError) -> Void
        ) {
            self.key = key
            self.apply = apply
        }

        /// Plain text.
        static func text(_ key: String, _ path: any WritableKeyPath<ServerConfiguration, String> & Sendable) -> Setting
        {
            Setting(key) { config, value in config[keyPath: path] = value }
        }

        /// Plain text, or the trimmed contents of the file it names (a `_file` key).
        static func optionalText(
            _ key: String, _ path: any WritableKeyPath<ServerConfiguration, String?> & Sendable, fromFile: Bool
        ) -> Setting {
            Setting(key) { config, value throws(ConfigurationError) in
                config[keyPath: path] = fromFile ? try contents(of: value) : value
            }
        }

        /// A whole number in a range.
        static func count(
            _ key: String, _ path: any WritableKeyPath<ServerConfiguration, Int> & Sendable, _ range: ClosedRange<Int>
        ) -> Setting {
            Setting(key) { config, value throws(ConfigurationError) in config[keyPath: path] = try int(value, range) }
        }

        static func int(_ value: String, _ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
            guard let number = Int(value), range.contains(number) else {
                throw ConfigurationError(["expected a whole number from \(range.lowerBound) to \(range.upperBound)"])
            }
            return number
        }

        static func contents(of file: String) throws(ConfigurationError) -> String {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigurationError(["cannot read the file \(file)"])
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        static func databaseURL(_ value: String) throws(ConfigurationError) -> String {
            guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") else {
                throw ConfigurationError(["expected a postgres:// URL"])
            }
            return value
        }

        static func dashboardToken(_ token: String) throws(ConfigurationError) -> String {
            guard token.count >= 16 else {
                throw ConfigurationError([
                    "the dashboard token must be at least 16 characters (try `openssl rand -hex 24`)"
                ])
            }
            return token
        }

        /// An http(s) URL without its last `/`.
        static func webURL(_ value: String) throws(ConfigurationError) -> String {
            guard let url = URL(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(["expected an http:// or https:// URL, found `\(value)`"])
            }
            return value.hasSuffix("/") ? String(value.dropLast()) : value
        }
    }

    static let settings: [Setting] = [
        .text("http.host", \.httpHost),
        .count("http.port", \.httpPort, 0...65535),
        .count("http.max_body_bytes", \.maxBodyBytes, 1024...(1 << 30)),
        .text("database.path", \.databasePath),
        Setting("database.durability") { config, value throws(ConfigurationError) in
            guard ["full", "normal"].contains(value) else {
                throw ConfigurationError(["expected `full` or `normal`, found `\(value)`"])
            }
            config.databaseDurability = value
        },
        .text("github.api_url", \.githubAPIURL),
        .optionalText("github.app_id", \.appID, fromFile: false),
        .optionalText("github.private_key", \.privateKeyPEM, fromFile: false),
        .optionalText("github.private_key_file", \.privateKeyPEM, fromFile: true),
        .optionalText("github.token", \.token, fromFile: false),
        .optionalText("github.token_file", \.token, fromFile: true),
        Setting("github.webhook_secret") { config, value in
            config.webhookSecret = value
            config.webhookSecretSource = "github.webhook_secret"
        },
        Setting("github.webhook_secret_file") { config, value throws(ConfigurationError) in
            config.webhookSecret = try Setting.contents(of: value)
            config.webhookSecretSource = value
        },
        Setting("shadow") { config, value throws(ConfigurationError) in
            switch value.lowercased() {
            case "true", "yes", "1", "on": config.shadow = true
            case "false", "no", "0", "off": config.shadow = false
            default: throw ConfigurationError(["expected true or false, found `\(value)`"])
            }
        },
        .optionalText("policy.file", \.policyFile, fromFile: false),
        .count("worker.concurrency", \.workerConcurrency, 1...64),
        .count("worker.max_attempts", \.workerMaxAttempts, 1...100),
        Setting("worker.lease_seconds") { config, value throws(ConfigurationError) in
            config.workerLeaseSeconds = Double(try Setting.int(value, 5...3600))
        },
        Setting("log.level") { config, value throws(ConfigurationError) in
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(value) else {
                throw ConfigurationError(["expected one of " + levels.joined(separator: ", ") + ", found `\(value)`"])
            }
            config.logLevel = value
        },
        Setting("claims.index_dir") { config, value throws(ConfigurationError) in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError(["no such folder \(value)"])
            }
            config.claimsIndexFolder = value
        },
        Setting("database.url") { config, value throws(ConfigurationError) in
            config.databaseURL = try Setting.databaseURL(value)
        },
        Setting("database.url_file") { config, value throws(ConfigurationError) in
            config.databaseURL = try Setting.databaseURL(Setting.contents(of: value))
        },
        Setting("dashboard.token") { config, value throws(ConfigurationError) in
            config.dashboardToken = try Setting.dashboardToken(value)
        },
        Setting("dashboard.token_file") { config, value throws(ConfigurationError) in
            config.dashboardToken = try Setting.dashboardToken(Setting.contents(of: value))
        },
        Setting("dashboard.capacity_hours") { config, value throws(ConfigurationError) in
            guard let hours = Double(value), hours >= 0, hours <= 10_000 else {
                throw ConfigurationError(["expected a number of hours from 0 to 10000, found `\(value)`"])
            }
            config.dashboardCapacityHours = hours
        },
        .optionalText(clientID, \.dashboardGitHubClientID, fromFile: false),
        .optionalText(clientSecret, \.dashboardGitHubClientSecret, fromFile: false),
        .optionalText(clientSecret + "_file", \.dashboardGitHubClientSecret, fromFile: true),
        Setting("dashboard.github_url") { config, value throws(ConfigurationError) in
            config.dashboardGitHubURL = try Setting.webURL(value)
        },
        Setting(publicURL) { config, value throws(ConfigurationError) in
            config.dashboardPublicURL = try Setting.webURL(value)
        },
        Setting("reports.tokens_file") { config, value throws(ConfigurationError) in
            guard let data = FileManager.default.contents(atPath: value) else {
                throw ConfigurationError(["cannot read the file \(value)"])
            }
            config.reportSources = try ReportSource.parse(String(decoding: data, as: UTF8.self), file: value)
        },
    ]

    /// The keys the OAuth login needs together.
    static let clientID = "dashboard.github_client_id"
    static let clientSecret = "dashboard.github_client_secret"
    static let publicURL = "dashboard.public_url"

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
