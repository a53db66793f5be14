import Foundation
import LeveeConfig
import Testing

@Suite struct ServerConfigurationTests {
    func write(_ text: String, name: String = "levee-server.yml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "levee-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsNeedNothing() throws {
        let config = try ServerConfiguration.load(file: nil, environment: [:])
        #expect(config.httpHost == "127.0.0.1")
        #expect(config.httpPort == 8080)
        #expect(config.maxBodyBytes == 25 * 1024 * 1024)
        #expect(config.databasePath == "levee.sqlite")
        #expect(config.shadow)
        #expect(config.webhookSecret == nil)
        #expect(config.appID == nil && config.token == nil)
    }

    @Test func environmentOverridesTheFile() throws {
        let secretFile = try write("s3cr3t-from-file\n", name: "secret")
        let path = try write(
            """
            http:
              host: 0.0.0.0
              port: 9000
            database:
              path: /var/lib/levee/levee.sqlite
              durability: normal
            github:
              webhook_secret_file: \(secretFile)
            shadow: false
            worker:
              concurrency: 4
            """)
        let config = try ServerConfiguration.load(
            file: path, environment: ["LEVEE_HTTP_PORT": "9100", "LEVEE_GITHUB_TOKEN": "ghp_x", "HOME": "/root"])
        #expect(config.httpHost == "0.0.0.0")
        #expect(config.httpPort == 9100)
        #expect(config.databasePath == "/var/lib/levee/levee.sqlite")
        #expect(config.databaseDurability == "normal")
        #expect(config.webhookSecret == "s3cr3t-from-file")
        #expect(config.token == "ghp_x")
        #expect(!config.shadow)
        #expect(config.workerConcurrency == 4)
        // What is printed at start-up names where secrets came from, never the secrets.
        #expect(!config.description.contains("s3cr3t"))
        #expect(!config.description.contains("ghp_x"))
        #expect(config.description.contains("set (from \(secretFile))"))
    }

    @Test func dashboardLoginsAreCheckedAndTheirSecretsNeverShown() throws {
        let secret = try write("oauth-secret-value\n", name: "oauth")
        let path = try write(
            """
            dashboard:
              token: maintainer-token-0123456789
              capacity_hours: 12.5
              github_client_id: Iv1.abc
              github_client_secret_file: \(secret)
              public_url: https://levee.example.org/
            """)
        let config = try ServerConfiguration.load(file: path, environment: [:])
        #expect(config.dashboardToken == "maintainer-token-0123456789")
        #expect(config.dashboardCapacityHours == 12.5)
        #expect(config.dashboardGitHubClientSecret == "oauth-secret-value")
        #expect(config.dashboardPublicURL == "https://levee.example.org")
        #expect(config.dashboardGitHubURL == "https://github.com")
        #expect(!config.description.contains("maintainer-token"))
        #expect(!config.description.contains("oauth-secret"))
        #expect(config.description.contains("maintainer token (set) or GitHub OAuth app Iv1.abc"))

        // A short token, an OAuth app without its secret and public URL, a capacity that is not a number.
        let bad = try write(
            """
            dashboard:
              token: short
              github_client_id: Iv1.abc
              capacity_hours: lots
            """)
        #expect {
            try ServerConfiguration.load(file: bad, environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("\(bad):2:10: `dashboard.token`: the dashboard token must be at least 16 characters")
                && text.contains("\(bad):3:21: `dashboard.github_client_id` needs `dashboard.github_client_secret`")
                && text.contains("`dashboard.capacity_hours`: expected a number of hours")
        }
    }

    @Test func unknownKeysAndBadValuesNameTheirPlace() throws {
        let path = try write(
            """
            http:
              prot: 8080
            database:
              durability: sometimes
            worker:
              concurrency: 0
            """)
        do {
            _ = try ServerConfiguration.load(
                file: path, environment: ["LEVEE_HTTP_PORTT": "1", "LEVEE_SHADOW": "maybe"])
            Issue.record("expected errors")
        } catch {
            let text = error.description
            #expect(text.contains("\(path):2:3: `http.prot`: not a Levee setting; did you mean `http.port`?"))
            #expect(
                text.contains("\(path):4:15: `database.durability`: expected `full` or `normal`, found `sometimes`"))
            #expect(text.contains("\(path):6:16: `worker.concurrency`: expected a whole number from 1 to 64"))
            #expect(text.contains("LEVEE_HTTP_PORTT: not a Levee setting; did you mean LEVEE_HTTP_PORT?"))
            #expect(text.contains("LEVEE_SHADOW: `shadow`: expected true or false, found `maybe`"))
            #expect(error.problems.count == 5)
        }
    }

    @Test func missingFilesAreNamed() throws {
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: "/nonexistent/levee.yml", environment: [:])
        }
        do {
            _ = try ServerConfiguration.load(
                file: nil, environment: ["LEVEE_GITHUB_PRIVATE_KEY_FILE": "/nonexistent/key.pem"])
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "LEVEE_GITHUB_PRIVATE_KEY_FILE: `github.private_key_file`: cannot read the file /nonexistent/key.pem"
            )
        }
    }

    @Test func aPostgresURLIsCheckedAndItsPasswordNeverShown() throws {
        let config = try ServerConfiguration.load(
            file: nil, environment: ["LEVEE_DATABASE_URL": "postgres://levee:hunter2@db.internal:5432/levee"])
        #expect(config.databaseURL == "postgres://levee:hunter2@db.internal:5432/levee")
        #expect(config.description.contains("PostgreSQL postgres://levee@db.internal:5432/levee"))
        #expect(!config.description.contains("hunter2"))
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["LEVEE_DATABASE_URL": "mysql://db/levee"])
        }
        let file = try write("postgres://levee:pw@127.0.0.1/levee\n", name: "database-url")
        let fromFile = try ServerConfiguration.load(file: nil, environment: ["LEVEE_DATABASE_URL_FILE": file])
        #expect(fromFile.databaseURL == "postgres://levee:pw@127.0.0.1/levee")
    }

    @Test func everyKeyHasAnEnvironmentVariable() {
        #expect(ServerConfiguration.environmentName("http.max_body_bytes") == "LEVEE_HTTP_MAX_BODY_BYTES")
        #expect(
            Set(ServerConfiguration.keys.map(ServerConfiguration.environmentName)).count
                == ServerConfiguration.keys.count)
    }
}
