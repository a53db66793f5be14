import ArgumentParser
import Foundation
import LeveeConfig
import LeveeCore
import LeveeGitHub
import LeveeSQLite
import LeveeServer
import LeveeStore
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the GitHub App server: webhooks in, evaluations and actions out (shadow mode by default).",
        discussion: """
            Settings come from --config FILE (YAML), then LEVEE_* environment variables (http.port ↔ \
            LEVEE_HTTP_PORT), then these flags. Without GitHub credentials Levee records what it would do and \
            sends nothing. Without a webhook secret it makes one and keeps it next to the database \
            (levee.webhook-secret for levee.sqlite): give GitHub the same value. See docs/server.md.
            """)

    @Option(help: "A YAML configuration file (see docs/server.md).") var config: String?
    @Option(help: "The address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "The port to listen on (default 8080; 0 picks a free one).") var port: Int?
    @Option(help: "The SQLite database (default ./levee.sqlite).") var database: String?
    @Option(help: "A policy for repositories without .github/levee.yml.") var policy: String?
    @Flag(inversion: .prefixedNo, help: "Record actions instead of sending them (default: on).") var shadow: Bool?

    func run() async throws {
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.load(file: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIError("levee serve: the configuration is not usable:\n\(error.description)")
        }
        if let host { configuration.httpHost = host }
        if let port { configuration.httpPort = port }
        if let database { configuration.databasePath = database }
        if let policy { configuration.policyFile = policy }
        if let shadow { configuration.shadow = shadow }

        var logger = Logger(label: "levee") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info

        let credentials: GitHubCredentials
        let secret: String
        let fallback: Policy
        let store: any ServerStore
        let secretConfigured = configuration.webhookSecret != nil
        do {
            credentials = try Self.credentials(configuration)
            secret = try Self.webhookSecret(&configuration)
            fallback =
                try configuration.policyFile.map { path throws(PolicyError) in
                    try PolicyLoader.load(contentsOf: path)
                } ?? .builtin
            if configuration.databaseURL != nil {
                // Replicas must share the secret: none is generated beside a shared database.
                guard secretConfigured else {
                    throw ConfigurationError([
                        "database.url is set: set github.webhook_secret_file (or LEVEE_GITHUB_WEBHOOK_SECRET) so every "
                            + "replica checks the same secret"
                    ])
                }
            }
            store = try await StoreFactory.open(
                url: configuration.databaseURL, sqlitePath: configuration.databasePath,
                durability: SQLiteStore.Durability(rawValue: configuration.databaseDurability) ?? .full, logger: logger
            ).store
        } catch {
            throw CLIError("levee serve: \(error)")
        }
        let metrics = ServerMetrics()
        let github = await GitHubClient(
            baseURL: configuration.githubAPIURL, credentials: credentials,
            observer: { status, remaining in metrics.githubCall(status: status, rateLimitRemaining: remaining) })
        let mode =
            !credentials.isConfigured
            ? "shadow mode (no GitHub credentials: nothing is sent)"
            : configuration.shadow ? "shadow mode (actions recorded, not sent)" : "live: actions are sent to GitHub"
        let settings = configuration
        let app = try await buildApplication(
            configuration: configuration, webhookSecret: secret,
            dependencies: ServerDependencies(
                store: store, github: github, fallbackPolicy: fallback, metrics: metrics, logger: logger,
                onListening: { port in
                    print(
                        """
                        levee serve: listening on http://\(settings.httpHost):\(port)/webhooks/github
                          \(mode)
                          database \(settings.databaseURL == nil ? settings.databasePath : "PostgreSQL (database.url)"); webhook secret from \(settings.webhookSecretSource ?? "?")
                          health /healthz /readyz, metrics /metrics; `levee actions` lists what was done or would be
                          dashboard http://\(settings.httpHost):\(port)/ (\(Self.dashboardAccess(settings)))
                        """)
                    Console.flush()
                }))
        try await app.runService()
    }

    /// Who can use the dashboard, in words, for the start-up lines.
    static func dashboardAccess(_ settings: ServerConfiguration) -> String {
        let open = DashboardAuth.isLoopback(settings.httpHost)
        let reading = open && settings.dashboardPublicURL == nil ? "open to read here" : "login needed to read"
        let logins = [
            settings.dashboardToken == nil ? nil : "maintainer token",
            settings.dashboardGitHubClientID == nil ? nil : "GitHub login",
        ].compactMap { $0 }
        return reading + "; "
            + (logins.isEmpty
                ? "no login configured (dashboard.token)" : "log in with " + logins.joined(separator: " or "))
    }

    static func credentials(_ configuration: ServerConfiguration) throws -> GitHubCredentials {
        if let id = configuration.appID {
            guard let pem = configuration.privateKeyPEM else {
                throw ConfigurationError(["github.app_id is set but github.private_key_file is not"])
            }
            return .app(id: id, privateKey: try AppPrivateKey(pem: pem))
        }
        if let token = configuration.token { return .token(token) }
        return .none
    }

    /// The configured secret, or one kept next to the database (made on first start, readable by the owner only).
    static func webhookSecret(_ configuration: inout ServerConfiguration) throws -> String {
        if let secret = configuration.webhookSecret {
            guard !secret.isEmpty else { throw ConfigurationError(["the webhook secret is empty"]) }
            return secret
        }
        let base =
            configuration.databasePath.hasSuffix(".sqlite")
            ? String(configuration.databasePath.dropLast(7)) : configuration.databasePath
        let path = base + ".webhook-secret"
        configuration.webhookSecretSource = path
        if let data = FileManager.default.contents(atPath: path) {
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw ConfigurationError(["\(path): the webhook secret file is empty"]) }
            return secret
        }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
            .joined()
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ConfigurationError(["\(path): cannot write the webhook secret"]) }
        configuration.webhookSecretSource = path + " (new)"
        return secret
    }
}
