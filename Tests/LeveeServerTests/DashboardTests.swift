import AsyncHTTPClient
import Foundation
import LeveeCore
import LeveeFakeGitHub
import LeveeGitHub
import LeveeStore
import NIOCore
import NIOHTTP1
import Testing

@testable import LeveeSQLite
@testable import LeveeServer

/// The dashboard over HTTP, with data from replayed real payloads: every page's HTML against its snapshot, the
/// filters, login, CSRF and the role check, the shadow switch, a vouch that lands in the fake GitHub.
@Suite(.serialized) struct DashboardTests {
    static let token = "maintainer-token-0123456789abcdef"
    static let vouchList = "# Vouched contributors\nCodertocat details: met at the sprint\n-spammer copied reports\n"

    /// A client that does not follow redirects, so a test sees the login's cookie.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    struct Page {
        var status: Int
        var text: String
        var headers: HTTPHeaders
        var cookies: [String] { headers["Set-Cookie"] }
    }

    static func request(
        _ harness: Harness, _ path: String, form: [String: String]? = nil, cookies: [String] = []
    ) async throws -> Page {
        var request = HTTPClientRequest(url: harness.url + path)
        if let form {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            let body = form.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&")
            request.body = .bytes(ByteBuffer(string: body))
        }
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies.joined(separator: "; ")) }
        let response = try await client.execute(request, timeout: Harness.requestDeadline)
        return Page(
            status: Int(response.status.code), text: String(buffer: try await response.body.collect(upTo: 1 << 22)),
            headers: response.headers)
    }

    /// Real recorded deliveries, a few edited into other items (numbers, titles, bodies), with fixed delivery ids.
    static func populate(_ harness: Harness) async throws {
        harness.fake.setContents("Codertocat/Hello-World", path: ".github/VOUCHED.td", vouchList)
        // One repository in shadow mode, so the shadow review has something to show.
        harness.fake.setContents(
            "Octocoders/Hello-World", path: ".github/levee.yml",
            Harness.policy.replacingOccurrences(
                of: "shadow: false", with: "shadow: true"))
        func edited(_ event: String, _ name: String, _ edit: (inout [String: Any]) -> Void) throws -> Data {
            var json = try #require(
                try JSONSerialization.jsonObject(with: Shared.payload(event, name)) as? [String: Any])
            edit(&json)
            return try JSONSerialization.data(withJSONObject: json)
        }
        let agentBody = """
            ## Summary
            This PR comprehensively enhances the robustness of the codebase by refactoring core utilities, \
            improving error handling across all modules, and ensuring seamless integration.

            ## Changes
            - Refactored `utils.process_data()` for better performance
            - Enhanced error handling in `core/engine.py`

            🤖 Generated with [Claude Code](https://claude.ai/code)

            Co-Authored-By: Claude <noreply@anthropic.com>
            """
        let deliveries: [(String, String, Data)] = [
            ("dash-1", "pull_request", try Shared.payload("pull_request", "opened.payload.json")),
            ("dash-2", "issues", try Shared.payload("issues", "opened.payload.json")),
            (
                "dash-3", "issues",
                try edited("issues", "opened.with-organization.payload.json") { json in
                    var repository = json["repository"] as! [String: Any]
                    repository["full_name"] = "Octocoders/Hello-World"
                    json["repository"] = repository
                    var issue = json["issue"] as! [String: Any]
                    issue["number"] = 3
                    issue["title"] = "Docs: the install page still mentions the old package name"
                    json["issue"] = issue
                }
            ),
            (
                "dash-4", "pull_request",
                try edited("pull_request", "opened.payload.json") { json in
                    var pull = json["pull_request"] as! [String: Any]
                    pull["number"] = 7
                    pull["title"] = "Enhance robustness of core utilities"
                    pull["body"] = agentBody
                    var user = pull["user"] as! [String: Any]
                    user["login"] = "eager-bot-user"
                    pull["user"] = user
                    pull["author_association"] = "NONE"
                    json["pull_request"] = pull
                    json["number"] = 7
                }
            ),
            (
                "dash-5", "issues",
                try edited("issues", "opened.payload.json") { json in
                    var issue = json["issue"] as! [String: Any]
                    issue["number"] = 12
                    issue["title"] = "Crash when the config file is empty"
                    issue["body"] =
                        "Running `hello --config empty.yml` exits with a segfault on 2.3.1. Steps: 1. "
                        + "touch empty.yml 2. run the command. Expected an error message."
                    json["issue"] = issue
                }
            ),
        ]
        for (id, event, body) in deliveries {
            #expect(try await harness.send(event, body, delivery: id).status == 202)
            #expect(try await harness.settled(id).state == .done)
        }
    }

    func snapshot(_ name: String, _ html: String) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let file = folder.appendingPathComponent(name + ".html")
        let record = ProcessInfo.processInfo.environment["LEVEE_RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try html.write(to: file, atomically: true, encoding: .utf8)
            if !record { Issue.record("no snapshot \(name).html yet: recorded it; check it and commit it") }
            return
        }
        if html != expected {
            let actual = folder.appendingPathComponent(name + ".actual.html")
            try html.write(to: actual, atomically: true, encoding: .utf8)
            Issue.record(
                "\(name).html differs from its snapshot: see \(actual.path) (LEVEE_RECORD_SNAPSHOTS=1 rewrites)")
        }
    }

    @Test func everyPageMatchesItsSnapshotAndNeedsNoLoginOnLoopback() async throws {
        let harness = try await Harness(dashboardToken: Self.token)
        defer { Task { await harness.stop() } }
        try await Self.populate(harness)
        let pages = [
            ("queue", "/"), ("item", "/items/Codertocat:Hello-World:7"), ("load", "/load"), ("trust", "/trust"),
            ("shadow", "/shadow"), ("queue-filtered", "/?verdict=welcome&order=newest"),
        ]
        for (name, path) in pages {
            let page = try await Self.request(harness, path)
            #expect(page.status == 200, "\(path)")
            #expect(page.headers["Content-Security-Policy"].first?.contains("default-src 'none'") == true)
            #expect(!page.text.contains("csrf"), "a read-only page carries no CSRF token")
            try snapshot(name, page.text)
        }
        // The login page carries a fresh nonce (also in its cookie): the snapshot has it masked.
        let login = try await Self.request(harness, "/login")
        let nonce = String(
            try #require(login.cookies.first { $0.hasPrefix("levee_login=") }).dropFirst("levee_login=".count)
                .prefix { $0 != ";" })
        #expect(nonce.count == 32 && login.text.contains("value=\"\(nonce)\""))
        try snapshot("login", login.text.replacingOccurrences(of: nonce, with: "NONCE"))

        let queue = try await Self.request(harness, "/").text
        #expect(queue.contains("Codertocat/Hello-World#7"))
        #expect(queue.contains("Octocoders/Hello-World#"))
        let item = try await Self.request(harness, "/items/Codertocat:Hello-World:7").text
        #expect(item.contains("Claude"), "the agent signature is named")
        #expect(item.contains("id=\"sticky\""), "the sticky comment as posted")
        let trust = try await Self.request(harness, "/trust").text
        #expect(trust.contains("copied reports"), "a denounced author with the reason")
        let load = try await Self.request(harness, "/load").text
        #expect(load.components(separatedBy: "<svg").count - 1 == 6)
        #expect(try await Self.request(harness, "/items/nobody:nothing:1").status == 404)
    }

    /// Every stored item is in the queue, a hundred to a page; an evaluation saved or changed after a page was
    /// shown is there on the next request (the entries in memory follow the store's tally).
    @Test func theWholeQueueIsPagedAndFollowsTheStore() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let at = harness.clock.now()
        func save(_ n: Int, title: String, seconds: Double) async throws {
            let evaluation = Evaluator().evaluate(
                Contribution(kind: .pullRequest, number: n, title: title, body: "Fixes #\(n + 1000) with a test."))
            try await harness.store.saveEvaluation(
                StoredEvaluation(.item("o/r#\(n)"), evaluatedAt: at.addingTimeInterval(seconds), evaluation: evaluation)
            )
        }
        for n in 1...150 { try await save(n, title: "Change number \(n)", seconds: Double(n)) }
        let first = try await Self.request(harness, "/").text
        #expect(first.contains("150 of 150 open items (1–100 shown, page 1 of 2)"))
        #expect(first.contains("href=\"/?page=2\" rel=\"next\""))
        let second = try await Self.request(harness, "/?page=2").text
        #expect(second.contains("(101–150 shown, page 2 of 2)"))
        #expect(second.contains("href=\"/?page=1\" rel=\"prev\""))
        let rows = { (html: String) in html.components(separatedBy: "<tr data-verdict=").count - 1 }
        #expect(rows(first) == 100 && rows(second) == 50)
        // Filters stay in the page links.
        let newest = try await Self.request(harness, "/?order=newest").text
        #expect(newest.contains("href=\"/?order=newest&amp;page=2\""))
        #expect(newest.range(of: "o/r#150")!.lowerBound < newest.range(of: "o/r#149")!.lowerBound)

        // A new item and a changed one show at once.
        try await save(151, title: "A brand new change", seconds: 200)
        try await save(3, title: "Change number 3, rewritten", seconds: 201)
        let after = try await Self.request(harness, "/?q=change").text
        #expect(after.contains("151 of 151 open items"))
        let search = try await Self.request(harness, "/?q=rewritten").text
        #expect(search.contains("1 of 151 open items"))
        #expect(search.contains("Change number 3, rewritten"))
        #expect(try await Self.request(harness, "/?q=brand").text.contains("A brand new change"))
    }

    @Test func filtersNarrowTheQueue() async throws {
        let harness = try await Harness(dashboardToken: Self.token)
        defer { Task { await harness.stop() } }
        try await Self.populate(harness)
        func rows(_ query: String) async throws -> [String] {
            let text = try await Self.request(harness, "/" + query).text
            return text.components(separatedBy: "<tr data-verdict=\"").dropFirst().map {
                String($0.prefix { $0 != "\"" })
            }
        }
        let all = try await rows("")
        #expect(all.count == 5)
        let verdict = try #require(all.first)
        let only = try await rows("?verdict=\(verdict)")
        #expect(!only.isEmpty && only.allSatisfy { $0 == verdict })
        #expect(only.count == all.filter { $0 == verdict }.count)
        #expect(try await rows("?kind=issue").count == 3)
        #expect(try await rows("?repo=Octocoders%2FHello-World").count == 1)
        #expect(try await rows("?q=robustness").count == 1)
        #expect(try await rows("?agent=Claude%20Code").count <= 1)

        // Closed on GitHub where the lifecycle is off: it leaves the queue.
        #expect(try await Self.request(harness, "/").text.contains("Codertocat/Hello-World#2"))
        _ = try await harness.send(
            "pull_request", try Shared.payload("pull_request", "closed.payload.json"), delivery: "closed-2")
        try await harness.settled("closed-2")
        #expect(try await rows("").count == all.count - 1)
        #expect(!(try await Self.request(harness, "/").text.contains("Codertocat/Hello-World#2")))
        // What became of it is kept beside what Levee said: Codertocat closed their own pull request.
        let said = try await harness.store.storedEvaluation(source: "Codertocat/Hello-World#2")?.evaluation
        let outcome = try #require(
            try await harness.store.outcomes(repository: "Codertocat/Hello-World", since: .distantPast).first)
        #expect(outcome.kind == .withdrawn && outcome.closedBy == "Codertocat")
        #expect(outcome.verdict == said?.verdict && outcome.slopScore == said?.slopScore && said != nil)
    }

    /// A repository calibrated with `levee calibrate` scores its deliveries with the shift as a term of its own, and the
    /// item page says where the shift comes from; removed, the shipped score applies again.
    @Test func aCalibratedRepositoryScoresWithItsShiftAndSaysSo() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        let repo = "Codertocat/Hello-World"
        let calibration = Calibration(
            repository: repo, fittedAt: harness.clock.now(),
            shifts: ["pull_request": Calibration.Shift(shift: 0.8, spam: 9, accepted: 40)])
        try await harness.store.saveSetting(
            Calibration.settingName(repo), value: try calibration.storedJSON(), at: harness.clock.now())
        let payload = try Shared.payload("pull_request", "opened.payload.json")
        _ = try await harness.send("pull_request", payload, delivery: "calibrated")
        try await harness.settled("calibrated")
        let calibrated = try #require(try await harness.store.storedEvaluation(source: "\(repo)#2")?.evaluation)
        #expect(calibrated.scoreTerms?.first { $0.id == ScoreTerm.calibration }?.points == 0.8)
        #expect(calibrated.scoreExplanation?.contains("this project's calibration +0.80,") == true)
        let page = try await Self.request(harness, "/items/Codertocat:Hello-World:2").text
        #expect(page.contains("id=\"calibration\"") && page.contains("pull requests +0.80 (fitted"))

        try await harness.store.saveSetting(Calibration.settingName(repo), value: "", at: harness.clock.now())
        _ = try await harness.send("pull_request", payload, delivery: "uncalibrated")
        try await harness.settled("uncalibrated")
        let shipped = try #require(try await harness.store.storedEvaluation(source: "\(repo)#2")?.evaluation)
        #expect(shipped.scoreTerms?.contains { $0.id == ScoreTerm.calibration } == false)
        let logit = { (score: Double) in log(score / (1 - score)) }
        #expect(abs(logit(calibrated.slopScore) - logit(shipped.slopScore) - 0.8) < 0.02)
        #expect(
            !(try await Self.request(harness, "/items/Codertocat:Hello-World:2").text.contains("id=\"calibration\"")))
    }

    /// A page that fails says so with a request id and nothing of the failure itself; the log has the failure under
    /// the same id.
    @Test func aFailedPageShowsARequestIdNotTheError() async throws {
        let harness = try await Harness(dashboardToken: Self.token)
        defer { Task { await harness.stop() } }
        try await Self.populate(harness)
        // An evaluation the store can no longer read: the item page fails on it.
        try await harness.store.writer.write { db in
            try db.execute(
                sql: "UPDATE evaluation SET body = '{}' WHERE source = ?", arguments: ["Codertocat/Hello-World#2"])
        }
        let page = try await Self.request(harness, "/items/Codertocat:Hello-World:2")
        #expect(page.status == 500)
        // Not the database's path, not the decoder's words: those are in the log.
        #expect(!page.text.contains(".sqlite") && !page.text.contains("DecodingError"))
        let marker = "request id "
        let id = String(page.text[try #require(page.text.range(of: marker)).upperBound...].prefix { $0.isHexDigit })
        #expect(!id.isEmpty)
        let logged = try #require(harness.logs.text.split(separator: "\n").first { $0.contains("request=\(id)") })
        #expect(logged.contains("dashboard page item failed") && logged.contains(".sqlite"))
    }

    /// The queue's search: a needle at the start, at the very end, after a false start, longer than the text.
    @Test func theSearchFindsTextAnywhereAndNothingElse() {
        func found(_ needle: String, in text: String) -> Bool {
            QueueController.contains(Array(text.utf8), Array(needle.utf8))
        }
        #expect(found("", in: "anything"))
        #expect(found("octo", in: "octo/repo#1 fix"))
        #expect(found("fix", in: "octo/repo#1 fix"))
        #expect(found("aab", in: "aaab"))
        #expect(found("#1 f", in: "octo/repo#1 fix"))
        #expect(!found("fixes", in: "octo/repo#1 fix"))
        #expect(!found("xab", in: "aaab"))
        #expect(!found("b", in: ""))
    }

    /// Logs in with the maintainer token; returns the session cookie and the CSRF token from the trust page.
    static func logIn(_ harness: Harness, login: String = "Codertocat") async throws -> (cookie: String, csrf: String) {
        let form = try await request(harness, "/login")
        let nonceCookie = try #require(form.cookies.first { $0.hasPrefix("levee_login=") })
        let nonce = String(nonceCookie.dropFirst("levee_login=".count).prefix { $0 != ";" })
        let answer = try await request(
            harness, "/login", form: ["login": login, "token": token, "nonce": nonce],
            cookies: ["levee_login=\(nonce)"])
        #expect(answer.status == 303)
        let set = try #require(
            answer.cookies.first { $0.hasPrefix("levee_session=") && !$0.hasPrefix("levee_session=;") })
        #expect(set.contains("HttpOnly") && set.contains("Secure") && set.contains("SameSite=Strict"))
        let cookie = String(set.prefix { $0 != ";" })
        let trust = try await request(harness, "/trust", cookies: [cookie]).text
        let marker = "name=\"csrf\" value=\""
        let start = try #require(trust.range(of: marker))
        return (cookie, String(trust[start.upperBound...].prefix { $0 != "\"" }))
    }

    @Test func aMaintainerVouchesFromThePageAndAForgedPostIsRefused() async throws {
        let harness = try await Harness(dashboardToken: Self.token)
        defer { Task { await harness.stop() } }
        try await Self.populate(harness)
        let path = ".github/VOUCHED.td"
        let repo = "Codertocat/Hello-World"

        // Not logged in, or without the token, or with someone else's: refused, nothing committed.
        let form = ["repo": repo, "login": "newcomer", "reason": "met at FOSDEM", "verb": "vouch"]
        #expect(try await Self.request(harness, "/trust/vouch", form: form).status == 401)
        let (cookie, csrf) = try await Self.logIn(harness)
        #expect(try await Self.request(harness, "/trust/vouch", form: form, cookies: [cookie]).status == 403)
        var forged = form
        forged["csrf"] = String(repeating: "0", count: csrf.count)
        #expect(try await Self.request(harness, "/trust/vouch", form: forged, cookies: [cookie]).status == 403)
        #expect(harness.fake.contents(repo, path: path) == Self.vouchList)
        #expect(harness.fake.writes("PUT", pathSuffix: "/contents/\(path)").isEmpty)

        // With it: one commit, the list otherwise untouched.
        var real = form
        real["csrf"] = csrf
        let answer = try await Self.request(harness, "/trust/vouch", form: real, cookies: [cookie])
        #expect(answer.status == 200)
        #expect(answer.text.contains("committed to .github/VOUCHED.td"))
        #expect(
            harness.fake.contents(repo, path: path)
                == "# Vouched contributors\nCodertocat details: met at the sprint\nnewcomer met at FOSDEM\n"
                + "-spammer copied reports\n")
        let puts = harness.fake.writes("PUT", pathSuffix: "/contents/\(path)")
        #expect(puts.count == 1)
        #expect(
            puts.first?.body?["message"]?.string
                == "Levee: vouch @newcomer (asked by @Codertocat on the Levee dashboard)")
        #expect(try await harness.store.audit(limit: 1).first?.actor == "Codertocat")

        // A repository Levee does not watch is refused; a wrong token does not log in; the token is never logged.
        real["repo"] = "someone/else"
        #expect(try await Self.request(harness, "/trust/vouch", form: real, cookies: [cookie]).status == 400)
        let page = try await Self.request(harness, "/login")
        let nonce = String(try #require(page.cookies.first).dropFirst("levee_login=".count).prefix { $0 != ";" })
        let wrong = try await Self.request(
            harness, "/login", form: ["login": "mallory", "token": "not-the-token-at-all", "nonce": nonce],
            cookies: ["levee_login=\(nonce)"])
        #expect(wrong.status == 401)
        #expect(!wrong.cookies.contains { $0.hasPrefix("levee_session=") })
        #expect(!harness.logs.text.contains(Self.token))
        // A tampered session cookie is no session.
        let tampered = cookie.replacingOccurrences(of: ".", with: ".0")
        #expect(try await Self.request(harness, "/trust/vouch", form: real, cookies: [tampered]).status == 401)
    }

    @Test func theShadowSwitchTurnsRealActionsOnAndOff() async throws {
        let harness = try await Harness(dashboardToken: Self.token)
        defer { Task { await harness.stop() } }
        try await Self.populate(harness)
        let (cookie, csrf) = try await Self.logIn(harness)
        #expect(try await Self.request(harness, "/shadow").text.contains("sent to GitHub"))
        let off = try await Self.request(harness, "/shadow", form: ["csrf": csrf, "actions": "off"], cookies: [cookie])
        #expect(off.status == 200)
        #expect(off.text.contains("recorded only (shadow mode)"))
        // Now a new pull request is only recorded: nothing more is written to GitHub.
        let writes = harness.fake.writes.count
        var json = try #require(
            try JSONSerialization.jsonObject(with: Shared.payload("pull_request", "opened.payload.json"))
                as? [String: Any])
        var pull = json["pull_request"] as! [String: Any]
        pull["number"] = 30
        json["pull_request"] = pull
        json["number"] = 30
        _ = try await harness.send("pull_request", try JSONSerialization.data(withJSONObject: json), delivery: "s-1")
        #expect(try await harness.settled("s-1").state == .done)
        #expect(harness.fake.writes.count == writes)
        let recorded = try await harness.store.actions(repository: "Codertocat/Hello-World", number: 30)
        #expect(!recorded.isEmpty && recorded.allSatisfy { $0.status == .shadow })
        let on = try await Self.request(harness, "/shadow", form: ["csrf": csrf, "actions": "on"], cookies: [cookie])
        #expect(on.text.contains("sent to GitHub"))
        #expect(try await harness.store.setting(DashboardSetting.actions) == "on")
    }

    @Test func withoutCredentialsRealActionsCannotBeSwitchedOn() async throws {
        let harness = try await Harness(credentials: false, dashboardToken: Self.token)
        defer { Task { await harness.stop() } }
        let (cookie, csrf) = try await Self.logIn(harness)
        let answer = try await Self.request(
            harness, "/shadow", form: ["csrf": csrf, "actions": "on"], cookies: [cookie])
        #expect(answer.status == 409)
        #expect(try await harness.store.setting(DashboardSetting.actions) == nil)
    }

    @Test func offLoopbackEveryPageNeedsALogin() async throws {
        let harness = try await Harness(dashboardToken: Self.token, host: "0.0.0.0")
        defer { Task { await harness.stop() } }
        for path in ["/", "/load", "/trust", "/shadow", "/items/Codertocat:Hello-World:2"] {
            let page = try await Self.request(harness, path)
            #expect(page.status == 303, "\(path)")
            #expect(page.headers["Location"].first == "/login")
        }
        let (cookie, _) = try await Self.logIn(harness)
        #expect(try await Self.request(harness, "/load", cookies: [cookie]).status == 200)
    }

    @Test func onLoopbackBehindAProxyPagesNeedALoginToo() async throws {
        let harness = try await Harness(dashboardToken: Self.token)
        defer { Task { await harness.stop() } }
        #expect(try await Self.request(harness, "/load").status == 200)
        for header in ["X-Forwarded-For: 203.0.113.9", "Forwarded: for=203.0.113.9", "X-Real-IP: 203.0.113.9"] {
            var request = HTTPClientRequest(url: harness.url + "/load")
            let parts = header.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            request.headers.add(name: parts[0], value: parts[1])
            let response = try await Self.client.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 303, "\(header)")
        }
    }

    @Test func aGitHubLoginMayChangeOnlyWhatItHasWriteAccessTo() async throws {
        let harness = try await Harness(oauthApp: ("levee-client", "levee-oauth-secret"))
        defer { Task { await harness.stop() } }
        try await Self.populate(harness)
        let repo = "Codertocat/Hello-World"
        harness.fake.signIn("octo-writer")

        // Levee → GitHub → Levee, with the state checked against its cookie.
        let start = try await Self.request(harness, "/login/github")
        #expect(start.status == 303)
        let authorize = try #require(start.headers["Location"].first)
        #expect(authorize.hasPrefix(harness.fake.baseURL + "/login/oauth/authorize?client_id=levee-client"))
        let stateCookie = String(
            try #require(start.cookies.first { $0.hasPrefix("levee_oauth=") }).prefix { $0 != ";" })
        let github = try await Self.client.execute(HTTPClientRequest(url: authorize), timeout: .seconds(10))
        #expect(github.status.code == 302)
        let callback = try #require(github.headers["Location"].first)
        #expect(callback.hasPrefix(harness.url + "/login/github/callback?"))
        let path = String(callback.dropFirst(harness.url.count))

        // Without the state cookie (a forged callback) there is no session.
        let forged = try await Self.request(harness, path)
        #expect(forged.status == 403)
        #expect(!forged.cookies.contains { $0.hasPrefix("levee_session=") })

        // The same callback with the state cookie: the refused one did not spend the code.
        let back = try await Self.request(harness, path, cookies: [stateCookie])
        #expect(back.status == 200, "\(back.text)")
        #expect(back.headers["Refresh"].first == "0; url=/")
        let session = String(
            try #require(back.cookies.first { $0.hasPrefix("levee_session=") && !$0.hasPrefix("levee_session=;") })
                .prefix { $0 != ";" })
        let trust = try await Self.request(harness, "/trust", cookies: [session]).text
        #expect(trust.contains("octo-writer (github)"))
        let marker = "name=\"csrf\" value=\""
        let csrf = String(trust[try #require(trust.range(of: marker)).upperBound...].prefix { $0 != "\"" })

        // Read access only: refused, asked of GitHub at the moment of the write.
        let form = ["csrf": csrf, "repo": repo, "login": "helper", "verb": "vouch"]
        let refused = try await Self.request(harness, "/trust/vouch", form: form, cookies: [session])
        #expect(refused.status == 403)
        #expect(refused.text.contains("has read access"))
        #expect(harness.fake.writes("PUT", pathSuffix: "/contents/.github/VOUCHED.td").isEmpty)
        // A private vulnerability report is not for a login with read access: not in the queue, its page not found.
        // (A second later than the populated items, so the queue's cache sees a newer evaluation.)
        harness.clock.advance(1)
        _ = try await harness.send(
            "repository_advisory", try Data(contentsOf: ReportIntakeTests.advisory), delivery: "private-report")
        try await harness.settled("private-report")
        let reportPage = "/items/Codertocat:Hello-World:GHSA-h7x2-9q4m-3v8c"
        let hiddenQueue = try await Self.request(harness, "/", cookies: [session]).text
        #expect(hiddenQueue.contains("/items/Codertocat:Hello-World:2") && !hiddenQueue.contains(reportPage))
        #expect(try await Self.request(harness, reportPage, cookies: [session]).status == 404)
        // Write access: the change lands, and (once the five minutes' answer runs out) the report shows.
        harness.fake.setPermission(repo, login: "octo-writer", "write")
        harness.clock.advance(PrivateReaders.keep + 1)
        #expect(try await Self.request(harness, "/", cookies: [session]).text.contains(reportPage))
        #expect(try await Self.request(harness, reportPage, cookies: [session]).status == 200)
        let allowed = try await Self.request(harness, "/trust/vouch", form: form, cookies: [session])
        #expect(allowed.status == 200)
        #expect(harness.fake.contents(repo, path: ".github/VOUCHED.td")?.contains("\nhelper\n") == true)
        // The server-wide switch needs admin or maintain on every watched repository.
        let shadow = try await Self.request(
            harness, "/shadow", form: ["csrf": csrf, "actions": "off"], cookies: [session])
        #expect(shadow.status == 403)
        #expect(try await harness.store.setting(DashboardSetting.actions) == nil)
        #expect(!harness.logs.text.contains("levee-oauth-secret"))
    }
}
