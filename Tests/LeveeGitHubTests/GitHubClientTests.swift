import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import LeveeTestSupport
import Synchronization
import Testing

enum Fixtures {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The recorded payloads and REST exchanges in the repository (`Tests/Fixtures/github`, see its README).
    static let github = here.deletingLastPathComponent().appendingPathComponent("Fixtures/github")
    static func scenario(_ name: String) -> URL {
        github.appendingPathComponent("scenarios/\(name)/normalized-fixture.json")
    }
    static var appKeyPEM: String {
        get throws { try String(contentsOf: here.appendingPathComponent("Fixtures/test-app-key.pem"), encoding: .utf8) }
    }
}

/// Records the waits the client asks for instead of sleeping, and gives it a clock the test moves.
final class TestClock: Sendable {
    let date: Mutex<Date>
    let sleeps = Mutex<[Duration]>([])

    init(_ date: Date = Date(timeIntervalSince1970: 1_800_000_000)) { self.date = Mutex(date) }

    var now: @Sendable () -> Date { { self.date.withLock { $0 } } }
    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.sleeps.withLock { $0.append(duration) } }
    }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var slept: [Duration] { sleeps.withLock { $0 } }
}

@Suite struct GitHubClientTests {
    func client(_ fake: FakeGitHub, token: String = "t0k3n", clock: TestClock = TestClock()) async -> GitHubClient {
        await GitHubClient(
            baseURL: fake.baseURL, credentials: .token(token), now: clock.now, sleep: clock.sleep)
    }

    /// A running fake that accepts the test token, a client for it and the client's clock.
    func started() async throws -> (FakeGitHub, GitHubClient, TestClock) {
        let fake = FakeGitHub(acceptedTokens: ["t0k3n"])
        try await fake.start()
        let clock = TestClock()
        return (fake, await client(fake, clock: clock), clock)
    }

    @Test func authorActivityIsOneGraphQLRequestCountingRepositoriesAndOwners() async throws {
        let (fake, github, clock) = try await started()
        defer { Task { await fake.stop() } }
        let now = clock.now()
        func pull(_ repository: String, daysAgo: Double, _ state: String = "OPEN") -> FakeGitHub.AuthoredPullRequest {
            .init(repository: repository, createdAt: now.addingTimeInterval(-daysAgo * 86_400), state: state)
        }
        fake.addPullRequests(
            by: "Sprayer",
            [
                pull("acme/one", daysAgo: 1), pull("Acme/One", daysAgo: 2), pull("acme/two", daysAgo: 3),
                pull("zeta/three", daysAgo: 6, "CLOSED"), pull("old/merged", daysAgo: 20, "MERGED"),
                pull("old/closed", daysAgo: 40, "CLOSED"), pull("older/still", daysAgo: 200, "CLOSED"),
            ])
        let (activity, lastDay) = try await github.authorActivity("sprayer", at: now, installationID: nil)
        #expect(lastDay == 1, "one of the week's pull requests is of the last day")
        #expect(activity.windowDays == 7 && activity.pullRequests == 4)
        #expect(activity.repositories == 3 && activity.owners == 2, "repositories and owners counted in any case")
        #expect(activity.recent == .init(days: 90, merged: 1, closedUnmerged: 2, open: 3))
        #expect(fake.requests.map(\.path) == ["/graphql"])
    }

    @Test func followsLinkPaginationAcrossRecordedPages() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t0k3n"])
        try fake.load(scenario: Fixtures.scenario("paginate-issues"))
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await client(fake)
        let issues = try await github.paginate(
            "/repos/octokit-fixture-org/paginate-issues/issues?per_page=3", installationID: nil)
        // Five recorded pages, the last shorter: the client followed every `next` to /repositories/1000/….
        #expect(fake.requests.count == 5)
        #expect(fake.requests.dropFirst().allSatisfy { $0.path.hasPrefix("/repositories/1000/issues") })
        #expect(issues.count == 13)
        #expect(Set(issues.compactMap { $0["number"]?.int }).count == 13)
        #expect(fake.requests.allSatisfy { $0.authorization == "Bearer t0k3n" })
    }

    @Test func decodesTheRecordedValidationError() async throws {
        let fake = FakeGitHub()
        try fake.load(scenario: Fixtures.scenario("errors"))
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await client(fake)
        do {
            _ = try await github.send(
                .json(
                    "POST", "/repos/octokit-fixture-org/errors/labels", ["name": "foo", "color": "invalid"],
                    installationID: nil))
            Issue.record("expected the recorded 422")
        } catch let error as GitHubError {
            #expect(error.status == 422)
            #expect(error.retryAt == nil)
            #expect(error.message == "Validation Failed (Label color invalid)")
        }
    }

    @Test func readsRawContentsAndFollowsRedirectsKeepingMethodAndBody() async throws {
        let fake = FakeGitHub()
        try fake.load(scenario: Fixtures.scenario("get-content"))
        try fake.load(scenario: Fixtures.scenario("rename-repository"))
        try fake.load(scenario: Fixtures.scenario("lock-issue"))
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await client(fake)
        let readme = try await github.fileContents(
            RepositoryRef(fullName: "octokit-fixture-org/hello-world", installationID: nil), path: "README.md")
        #expect(readme == "# hello-world")

        let renamed = RepositoryRef(fullName: "octokit-fixture-org/rename-repository", installationID: nil)
        _ = try await github.send(
            .json("PATCH", "/repos/\(renamed)", ["name": "rename-repository-newname"], installationID: nil))
        // 301 on GET: followed to /repositories/1000.
        let moved = try await github.send(GitHubRequest("GET", "/repos/\(renamed)"))
        #expect(moved.status == 200)
        // 307 on PATCH: the same method and body again at the new place.
        _ = try await github.send(
            .json("PATCH", "/repos/\(renamed)", ["name": "rename-repository"], installationID: nil))
        let last = try #require(fake.requests.last)
        #expect(last.description == "PATCH /repositories/1000")
        #expect(last.body?["name"]?.string == "rename-repository")

        try await github.lock(RepositoryRef(fullName: "octokit-fixture-org/lock-issue", installationID: nil), number: 1)
        #expect(fake.writes("PUT", pathSuffix: "/issues/1/lock").count == 1)
    }

    @Test func conditionalRequestsReuseTheCachedBody() async throws {
        let fake = FakeGitHub(acceptedTokens: ["t0k3n"])
        fake.setContents("o/r", path: ".github/levee.yml", "shadow: true\n")
        try await fake.start()
        defer { Task { await fake.stop() } }
        let github = await client(fake)
        let repo = RepositoryRef(fullName: "o/r", installationID: nil)
        let raw = GitHubRequest("GET", "/repos/o/r/contents/.github/levee.yml", accept: "application/vnd.github.raw")
        let first = try await github.send(raw)
        let second = try await github.send(raw)
        #expect(!first.fromCache)
        #expect(second.fromCache)  // GitHub answered 304: no rate limit spent, the first body reused
        #expect(String(decoding: second.body, as: UTF8.self) == "shadow: true\n")
        #expect(fake.requests.count == 2)
        #expect(try await github.fileContents(repo, path: ".github/levee.yml") == "shadow: true\n")
        #expect(try await github.fileContents(repo, path: "missing.md") == nil)
    }

    @Test func retriesIdempotentRequestsOn5xxWithGrowingJitteredWaits() async throws {
        let (fake, github, clock) = try await started()
        defer { Task { await fake.stop() } }
        let repo = RepositoryRef(fullName: "o/r", installationID: nil)
        fake.failNext(2, method: "GET", pathContains: "/labels", status: 502)
        #expect(try await github.issueLabels(repo, number: 1) == [])
        #expect(fake.requests.count == 3)
        let waits = clock.slept
        #expect(waits.count == 2)
        #expect(waits[0] >= .milliseconds(250) && waits[0] <= .milliseconds(500))
        #expect(waits[1] >= .milliseconds(500) && waits[1] <= .milliseconds(1000))
    }

    @Test func neverRetriesCommentCreationInsideTheClient() async throws {
        let (fake, github, _) = try await started()
        defer { Task { await fake.stop() } }
        fake.failNext(1, method: "POST", pathContains: "/comments", status: 502)
        do {
            _ = try await github.createComment(
                RepositoryRef(fullName: "o/r", installationID: nil), number: 1, body: "x")
            Issue.record("expected the 502")
        } catch let error as GitHubError {
            #expect(error.status == 502)
            #expect(error.retryAt != nil)  // the worker will try the whole delivery again
        }
        #expect(fake.writes.count == 1)
        #expect(fake.comments("o/r", number: 1).isEmpty)
    }

    @Test func honoursRetryAfterAndRateLimitResets() async throws {
        let (fake, github, clock) = try await started()
        defer { Task { await fake.stop() } }
        let repo = RepositoryRef(fullName: "o/r", installationID: nil)

        // Secondary rate limit with Retry-After: slept through, then retried.
        fake.failNext(
            1, pathContains: "/labels", status: 403, headers: ["retry-after": "30"],
            message: "You have exceeded a secondary rate limit")
        #expect(try await github.issueLabels(repo, number: 1) == [])
        #expect(clock.slept == [.seconds(30)])

        // 429 without headers: GitHub's documented minute.
        fake.failNext(1, pathContains: "/labels", status: 429, message: "Too Many Requests")
        _ = try await github.issueLabels(repo, number: 1)
        #expect(clock.slept.last == .seconds(60))

        // Primary limit spent, reset an hour away: not slept through; the error says when to come back.
        let reset = Int(clock.now().timeIntervalSince1970) + 3600
        fake.failNext(
            1, pathContains: "/labels", status: 403,
            headers: ["x-ratelimit-remaining": "0", "x-ratelimit-reset": "\(reset)"],
            message: "API rate limit exceeded")
        do {
            _ = try await github.issueLabels(repo, number: 1)
            Issue.record("expected a rate-limit error")
        } catch let error as GitHubError {
            #expect(error.retryAt == Date(timeIntervalSince1970: Double(reset)))
        }
        // A 403 that is not a rate limit is a refusal, not a wait.
        fake.failNext(1, pathContains: "/labels", status: 403, message: "Resource not accessible by integration")
        do {
            _ = try await github.issueLabels(repo, number: 1)
            Issue.record("expected a refusal")
        } catch let error as GitHubError {
            #expect(error.retryAt == nil)
            #expect(error.message == "Resource not accessible by integration")
        }
    }

    @Test func parsesLinkHeaders() {
        let links = GitHubClient.links(
            #"<https://api.github.com/repositories/1000/issues?per_page=3&page=2>; rel="next", <https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel="last""#
        )
        #expect(links["next"] == "https://api.github.com/repositories/1000/issues?per_page=3&page=2")
        #expect(links["last"] == "https://api.github.com/repositories/1000/issues?per_page=3&page=5")
        #expect(GitHubClient.links(nil).isEmpty)
        #expect(GitHubClient.links("garbage").isEmpty)
    }
}

@Suite struct GitHubAppAuthTests {
    @Test func jwtIsRS256WithTenMinutesAtMostAndVerifiesWithOpenSSL() async throws {
        let pem = try Fixtures.appKeyPEM
        let key = try AppPrivateKey(pem: pem)  // GitHub's PKCS#1 "RSA PRIVATE KEY" form
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try AppJWT.make(appID: "12345", key: key, now: now)
        let claims = try #require(AppJWT.verify(token, publicKeyPEM: key.publicKeyPEM))
        #expect(claims["iss"]?.string == "12345")
        let iat = try #require(claims["iat"]?.int)
        let exp = try #require(claims["exp"]?.int)
        #expect(iat == 1_800_000_000 - 60)
        #expect(exp - iat == 600)
        #expect(AppJWT.verify(token + "x", publicKeyPEM: key.publicKeyPEM) == nil)

        // An independent check: OpenSSL verifies the signature over header.payload.
        let parts = token.split(separator: ".")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("levee-jwt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("\(parts[0]).\(parts[1])".utf8).write(to: directory.appendingPathComponent("input"))
        var base64 = parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        try #require(Data(base64Encoded: base64)).write(to: directory.appendingPathComponent("signature"))
        try key.publicKeyPEM.write(
            to: directory.appendingPathComponent("public.pem"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "dgst", "-sha256", "-verify", directory.appendingPathComponent("public.pem").path, "-signature",
            directory.appendingPathComponent("signature").path, directory.appendingPathComponent("input").path,
        ]
        let (status, output) = try await ChildProcess.runCapturingOutput(process)
        #expect(status == 0)
        #expect(output.contains("Verified OK"))
    }

    @Test func notAKeyIsAClearError() {
        #expect(throws: GitHubAuthError.self) { try AppPrivateKey(pem: "-----BEGIN RSA PRIVATE KEY-----\nnope\n") }
    }

    @Test func installationTokensAreCachedUntilFiveMinutesBeforeExpiry() async throws {
        let key = try AppPrivateKey(pem: try Fixtures.appKeyPEM)
        let fake = FakeGitHub(appPublicKeyPEM: key.publicKeyPEM)
        fake.setTokenLifetime(3600)
        try await fake.start()
        defer { Task { await fake.stop() } }
        // The fake dates tokens by the real clock; the client's clock starts there and moves on command.
        let clock = TestClock(Date())
        let github = await GitHubClient(
            baseURL: fake.baseURL, credentials: .app(id: "42", privateKey: key), now: clock.now, sleep: clock.sleep)
        let repo = RepositoryRef(fullName: "o/r", installationID: 9)
        _ = try await github.issueLabels(repo, number: 1)
        _ = try await github.issueLabels(repo, number: 2)
        #expect(await github.tokens.fetches == 1)
        clock.advance(54 * 60)  // six minutes left: still good
        _ = try await github.issueLabels(repo, number: 3)
        #expect(await github.tokens.fetches == 1)
        clock.advance(2 * 60)  // four minutes left: renewed
        _ = try await github.issueLabels(repo, number: 4)
        #expect(await github.tokens.fetches == 2)
        let tokenRequests = fake.requests.filter { $0.path == "/app/installations/9/access_tokens" }
        #expect(tokenRequests.count == 2)
        #expect(tokenRequests.allSatisfy { $0.authorization?.hasPrefix("Bearer ey") == true })
        // Every API call used an installation token, never the JWT.
        #expect(
            fake.requests.filter { !$0.path.hasPrefix("/app/") }.allSatisfy {
                $0.authorization?.hasPrefix("Bearer ghs_") == true
            })
        // Another installation gets its own token.
        _ = try await github.issueLabels(RepositoryRef(fullName: "p/q", installationID: 10), number: 1)
        #expect(await github.tokens.fetches == 3)
    }
}

/// The fake GitHub's model of GitHub's documented rate limits, as the backfill benchmark uses it, and the client's
/// answers to it: a secondary limit waited out, a primary one handed back with its reset.
@Suite struct RateLimitModelTests {
    @Test func secondaryLimitsAreWaitedOutAndThePrimaryOneCarriesItsReset() async throws {
        let clock = TestClock()
        let fake = FakeGitHub(acceptedTokens: ["t0k3n"])
        fake.addBacklog(
            "o/r",
            [FakeGitHub.BacklogEntry(number: 1, isPullRequest: false, title: "t", author: "a", createdAt: clock.now())])
        var limits = FakeGitHub.RateLimits()
        limits.restPerHour = 4
        limits.restPointsPerMinute = 2
        fake.enableRateLimits(limits, now: clock.now)
        try await fake.start()
        defer { Task { await fake.stop() } }
        // Sleeping moves the test's clock, as time would pass.
        let client = await GitHubClient(
            baseURL: fake.baseURL, credentials: .token("t0k3n"), now: clock.now,
            sleep: { duration in clock.advance(Double(duration.components.seconds)) })
        for _ in 0..<4 { _ = try await client.send(GitHubRequest("GET", "/repos/o/r/issues")) }
        // Two a minute: the third and fourth waited for the next minute (403 + retry-after) and went through.
        #expect(fake.refusals.secondary == 1)
        do {
            _ = try await client.send(GitHubRequest("GET", "/repos/o/r/issues"))
            Issue.record("the fifth request of the hour was answered")
        } catch let error as GitHubError {
            #expect(error.status == 403)
            #expect(error.message.contains("rate limited"))
            let reset = try #require(error.retryAt)
            #expect(reset > clock.now())
            #expect(reset.timeIntervalSince(clock.now()) <= 3600)
        }
        #expect(fake.refusals.primary >= 1)
    }
}
