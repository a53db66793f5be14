import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore
import LeveeGitHub
import Logging
import NIOCore
import Synchronization

/// A GitHub on loopback, for tests and demos. GitHub itself cannot be reached from the build machines.
///
/// Two layers answer a request:
/// 1. **Recorded exchanges** (octokit/fixtures' `normalized-fixture.json`, loaded with `load(scenario:)`): a request
///    with the recorded method and path gets the recorded status, headers and body, each exchange once, in order.
///    `https://api.github.com` in headers (`Link`, `Location`) is rewritten to this server.
/// 2. **A small model** of issues, pull requests, labels, comments, check runs, file contents and installation
///    tokens, for the calls Levee makes. The recordings have no pull-request files, commits or check runs; those
///    answers follow the shapes in GitHub's REST documentation.
///
/// Every request is logged and every write (anything but GET) is counted, so a test can say "exactly one comment".
/// Faults (`failNext`) answer the next matching requests with an error status, for retry tests.
public final class FakeGitHub: Sendable {
    public struct Exchange: Sendable {
        public var method: String
        public var path: String
        public var status: Int
        public var headers: [String: String]
        public var body: Data
    }

    /// A request as the fake saw it.
    public struct Seen: Sendable, CustomStringConvertible {
        public var method: String
        /// Path with query.
        public var path: String
        public var authorization: String?
        public var body: JSONValue?
        public var description: String { "\(method) \(path)" }
    }

    public struct Fault: Sendable {
        public var method: String?
        public var pathContains: String
        public var status: Int
        public var headers: [String: String]
        public var message: String
        public var remaining: Int
    }

    public struct Comment: Sendable {
        public var id: Int
        public var body: String
        public var author: String
        /// `Bot` for Levee's own comments; `User` for people's.
        public var authorType = "Bot"
        public var association = "NONE"
    }

    struct Item: Sendable {
        var state = "open"
        var locked = false
        var labels: [String] = []
        var comments: [Comment] = []
        /// An issue's own text and author, for `GET …/issues/{n}` (`setIssue`).
        var title: String?
        var body: String?
        var author: String?
        /// When the issue was opened (`setIssue`); GraphQL's `createdAt`, REST's `created_at`.
        var createdAt: Date?
        /// Reactions by content (`-1`, `confused`, …), as `GET …/issues/{n}` reports them (`setReactions`).
        var reactions: [String: Int] = [:]
    }

    struct CheckRun: Sendable {
        var id: Int
        var sha: String
        var name: String
        var conclusion: String?
    }

    struct State: Sendable {
        var exchanges: [Exchange] = []
        var seen: [Seen] = []
        var faults: [Fault] = []
        var items: [String: Item] = [:]
        var files: [String: [JSONValue]] = [:]
        var commits: [String: [JSONValue]] = [:]
        var contents: [String: String] = [:]
        var checkRuns: [CheckRun] = []
        var openPullRequests: [String: Int] = [:]
        var accounts: [String: JSONValue] = [:]
        var assignees: [String: [String]] = [:]
        var reviewers: [String: [String]] = [:]
        var pendingRuns: [String: [Int]] = [:]
        var approvedRuns: [Int] = []
        var tokens: Set<String> = []
        var nextID = 1000
        var tokenLifetime: TimeInterval = 3600
        var delays: [(method: String?, pathContains: String, seconds: Double)] = []
        var oauthApps: [String: String] = [:]
        var signedIn: String?
        var oauthCodes: [String: String] = [:]
        var userTokens: [String: String] = [:]
        var permissions: [String: String] = [:]
        var backlog: [String: [BacklogEntry]] = [:]
        /// Discussions by node id: where they are and their comments' bodies (`FakeGitHub+GraphQL.swift`).
        var discussions: [String: (repo: String, number: Int, comments: [String])] = [:]
        /// Pull requests across GitHub by author login (lowercased), for the activity search.
        var pullRequestsByAuthor: [String: [AuthoredPullRequest]] = [:]
        /// Author activity searches answered, and those still to fail (each takes one), with the error to give.
        var activitySearches = 0
        var activityFailures: [ActivityFailure] = []
        /// Repository security advisories by repository (`GET /repos/{o}/{r}/security-advisories`); a repository
        /// missing here answers 404, as GitHub does where private vulnerability reporting is off.
        var advisories: [String: [JSONValue]] = [:]
        var graphQLRemaining = 5000
        var graphQLReset = Date(timeIntervalSince1970: 1_800_003_600)
        var rateLimits: RateLimits?
        var hourStart = Date.distantPast
        var restUsed = 0
        var minute = 0
        var restPoints = 0
        var graphQLPoints = 0
        var primaryRefusals = 0
        var secondaryRefusals = 0
    }

    let state = Mutex(State())
    /// The login the fake's comments are written by.
    public let botLogin: String
    /// Tokens accepted besides installation tokens (a personal token).
    let acceptedTokens: Set<String>
    /// The App's public key: with it, installation tokens need a JWT that it verifies.
    let appPublicKeyPEM: String?
    private let runner = Mutex<Task<Void, any Error>?>(nil)
    private let baseURLBox = Mutex<String>("")
    /// The clock the rate limits count by (`enableRateLimits`); nil: no limits.
    let clockBox = Mutex<(@Sendable () -> Date)?>(nil)

    public init(botLogin: String = "levee[bot]", acceptedTokens: Set<String> = [], appPublicKeyPEM: String? = nil) {
        self.botLogin = botLogin
        self.acceptedTokens = acceptedTokens
        self.appPublicKeyPEM = appPublicKeyPEM
    }

    public var baseURL: String { baseURLBox.withLock { $0 } }

    // MARK: Set-up

    /// Loads a recorded scenario (`normalized-fixture.json`) to replay.
    public func load(scenario file: URL) throws {
        let json = try JSONValue.parse(Data(contentsOf: file), source: file.path)
        var loaded: [Exchange] = []
        for exchange in json.array ?? [] {
            guard let method = exchange["method"]?.string, let path = exchange["path"]?.string,
                let status = exchange["status"]?.int
            else { continue }
            var headers: [String: String] = [:]
            for (name, value) in exchange["headers"]?.object ?? [:] {
                guard !["content-length", "connection", "transfer-encoding"].contains(name) else { continue }
                headers[name] = value.string ?? value.int.map(String.init) ?? ""
            }
            let body: Data
            switch exchange["response"] {
            case .string(let text): body = Data(text.utf8)
            case .none, .null: body = Data()
            case .some(let value): body = try JSONEncoder().encode(value)
            }
            loaded.append(
                Exchange(method: method.uppercased(), path: path, status: status, headers: headers, body: body))
        }
        state.withLock { $0.exchanges += loaded }
    }

    public func setContents(_ repo: String, path: String, _ text: String) {
        state.withLock { $0.contents["\(repo)/\(path)"] = text }
    }

    /// The repository's security advisories, as the REST list gives them (written from GitHub's documentation: no
    /// recording exists). `state=…` filters on each advisory's `state`.
    public func setAdvisories(_ repo: String, _ advisories: [JSONValue]) {
        state.withLock { $0.advisories[repo] = advisories }
    }

    public func setFiles(_ repo: String, pull: Int, _ files: [JSONValue]) {
        state.withLock { $0.files["\(repo)#\(pull)"] = files }
    }

    public func setCommits(_ repo: String, pull: Int, _ commits: [JSONValue]) {
        state.withLock { $0.commits["\(repo)#\(pull)"] = commits }
    }

    /// Workflow runs of a commit waiting for a maintainer's approval.
    public func setPendingRuns(_ repo: String, sha: String, _ ids: [Int]) {
        state.withLock { $0.pendingRuns["\(repo)@\(sha)"] = ids }
    }

    public var approvedRuns: [Int] { state.withLock { $0.approvedRuns } }
    public func assignees(_ repo: String, number: Int) -> [String] {
        state.withLock { $0.assignees["\(repo)#\(number)"] ?? [] }
    }
    public func reviewers(_ repo: String, number: Int) -> [String] {
        state.withLock { $0.reviewers["\(repo)#\(number)"] ?? [] }
    }

    public func contents(_ repo: String, path: String) -> String? {
        state.withLock { $0.contents["\(repo)/\(path)"] }
    }

    /// An account for `GET /users/{login}`, in the shape GitHub's REST documentation gives ("Get a user"; no
    /// recording of it exists here). What the account did across GitHub is given with `addPullRequests(by:)`.
    public func setAccount(_ login: String, createdAt: String, publicRepos: Int = 0) {
        state.withLock {
            $0.nextID += 1
            $0.accounts[login.lowercased()] = .object([
                "login": .string(login), "id": .number(Double($0.nextID)),
                "type": "User", "site_admin": false, "public_repos": .number(Double(publicRepos)),
                "followers": 0, "following": 0, "created_at": .string(createdAt), "updated_at": .string(createdAt),
            ])
        }
    }

    public func setOpenPullRequests(_ login: String, _ count: Int) {
        state.withLock { $0.openPullRequests[login] = count }
    }

    /// A comment someone else wrote on the item (a person, unless `type` says otherwise); returns its id.
    @discardableResult
    public func addComment(
        _ repo: String, number: Int, body: String, author: String, type: String = "User", association: String = "NONE"
    ) -> Int {
        state.withLock { state in
            state.nextID += 1
            let comment = Comment(
                id: state.nextID, body: body, author: author, authorType: type, association: association)
            state.items["\(repo)#\(number)", default: Item(state: "open", labels: [])].comments.append(comment)
            return comment.id
        }
    }

    public func setItem(_ repo: String, number: Int, state itemState: String = "open", labels: [String] = []) {
        state.withLock { $0.items["\(repo)#\(number)"] = Item(state: itemState, labels: labels) }
    }

    /// An issue with its text, as `GET /repos/{o}/{r}/issues/{n}` gives it (GitHub's "Get an issue" shape, written from
    /// the documentation: the fields Levee reads).
    public func setIssue(
        _ repo: String, number: Int, title: String, body: String, author: String, labels: [String] = [],
        createdAt: Date? = nil
    ) {
        state.withLock {
            $0.items["\(repo)#\(number)"] = Item(
                labels: labels, title: title, body: body, author: author, createdAt: createdAt)
        }
    }

    /// The reactions on an issue or pull request, by GitHub's content names (`"-1"`, `"confused"`, `"+1"`, …).
    public func setReactions(_ repo: String, number: Int, _ counts: [String: Int]) {
        state.withLock { $0.items["\(repo)#\(number)", default: Item()].reactions = counts }
    }

    /// Answers the next `count` requests whose path contains `pathContains` (and method, if given) with `status`.
    public func failNext(
        _ count: Int = 1, method: String? = nil, pathContains: String = "", status: Int,
        headers: [String: String] = [:], message: String = "Server Error"
    ) {
        state.withLock {
            $0.faults.append(
                Fault(
                    method: method, pathContains: pathContains, status: status, headers: headers, message: message,
                    remaining: count))
        }
    }

    /// How many injected error answers (`failNext`) have not been given yet.
    public var unusedFaults: Int { state.withLock { $0.faults.reduce(0) { $0 + $1.remaining } } }

    /// Holds every answer to a request whose path contains `pathContains` (and method, if given) for `seconds` (a slow
    /// GitHub). The request takes effect at once and only the answer is late, as when GitHub applied a write but the
    /// client gave up waiting.
    public func delay(method: String? = nil, pathContains: String, seconds: Double) {
        state.withLock { $0.delays.append((method, pathContains, seconds)) }
    }

    public func clearDelays() {
        state.withLock { $0.delays.removeAll() }
    }

    /// Installation tokens live this long (GitHub: one hour).
    public func setTokenLifetime(_ seconds: TimeInterval) {
        state.withLock { $0.tokenLifetime = seconds }
    }

    // MARK: What happened

    public var requests: [Seen] { state.withLock { $0.seen } }
    /// Requests that change something: not GETs, not token requests, not GraphQL queries (Levee sends no mutation).
    public var writes: [Seen] {
        requests.filter { $0.method != "GET" && !$0.path.hasPrefix("/app/") && $0.path != "/graphql" }
    }

    public func writes(_ method: String, pathSuffix: String) -> [Seen] {
        writes.filter { $0.method == method && $0.path.hasSuffix(pathSuffix) }
    }

    public func labels(_ repo: String, number: Int) -> [String] {
        state.withLock { $0.items["\(repo)#\(number)"]?.labels ?? [] }
    }

    public func comments(_ repo: String, number: Int) -> [Comment] {
        state.withLock { $0.items["\(repo)#\(number)"]?.comments ?? [] }
    }

    public func itemState(_ repo: String, number: Int) -> (state: String, locked: Bool) {
        state.withLock {
            ($0.items["\(repo)#\(number)"]?.state ?? "open", $0.items["\(repo)#\(number)"]?.locked ?? false)
        }
    }

    public var checkRunConclusions: [String] { state.withLock { $0.checkRuns.compactMap(\.conclusion) } }

    // MARK: Running

    /// The loopback server could not start (the server's own error inside).
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts listening on 127.0.0.1 at a free port and returns the base URL.
    @discardableResult
    public func start() async throws -> String {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .patch, .put, .delete] {
            router.on("**", method: method) { [self] request, _ in
                let body = try await request.body.collect(upTo: 32 << 20)
                let path = request.uri.path
                let data = Data(body.readableBytesView)
                let query = request.uri.query
                record(method: request.method.rawValue, path: path, query: query, headers: request.headers, body: data)
                let wait = state.withLock { state in
                    state.delays.first {
                        path.contains($0.pathContains) && ($0.method == nil || $0.method == request.method.rawValue)
                    }?.seconds
                }
                let answer = respond(
                    method: request.method.rawValue, path: path, query: query, headers: request.headers, body: data)
                if let wait { try await Task.sleep(for: .seconds(wait)) }
                return answer
            }
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-github")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        // The stream ends with the server, so a server that cannot start is an error here, not a wait for good.
        let task = Task {
            defer { continuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        runner.withLock { $0 = task }
        var port = 0
        for await value in stream {
            port = value
            break
        }
        if port == 0 {
            let ended = await task.result
            throw StartError(description: "the loopback GitHub did not start: \(ended)")
        }
        let url = "http://127.0.0.1:\(port)"
        baseURLBox.withLock { $0 = url }
        return url
    }

    public func stop() async {
        let task = runner.withLock { $0 }
        task?.cancel()
        _ = await task?.result
    }

    // MARK: Answering

    /// Logs a request as it arrives, before any delay, so a test sees where a slow answer holds the client.
    func record(method: String, path: String, query: String?, headers: HTTPFields, body: Data) {
        let fullPath = path + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        let json = body.isEmpty ? nil : try? JSONValue.parse(body, source: "request")
        let seen = Seen(method: method, path: fullPath, authorization: headers[.authorization], body: json)
        state.withLock { $0.seen.append(seen) }
    }

    func respond(method: String, path: String, query: String?, headers: HTTPFields, body: Data) -> Response {
        let fullPath = path + (query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        let authorization = headers[.authorization]
        let json = body.isEmpty ? nil : try? JSONValue.parse(body, source: "request")

        if let fault = takeFault(method: method, path: fullPath) {
            var fields = HTTPFields()
            for (name, value) in fault.headers { fields[HTTPField.Name(name)!] = value }
            return reply(fault.status, .object(["message": .string(fault.message)]), headers: fields)
        }
        if let exchange = takeExchange(method: method, path: fullPath) {
            var fields = HTTPFields()
            for (name, value) in exchange.headers {
                fields[HTTPField.Name(name)!] = value.replacingOccurrences(of: "https://api.github.com", with: baseURL)
            }
            return Response(
                status: .init(code: exchange.status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: exchange.body)))
        }
        let segments = path.split(separator: "/").map(String.init)
        if method == "POST", segments.count == 4, segments[0] == "app", segments[3] == "access_tokens" {
            return installationToken(authorization)
        }
        if let answer = oauth(
            method: method, segments: segments, params: Self.queryItems(query), body: body,
            authorization: authorization)
        {
            return answer
        }
        guard authorized(authorization) else {
            return reply(401, .object(["message": "Bad credentials"]))
        }
        let params = Self.queryItems(query)
        if let refusal = overLimit(method: method, path: path) { return refusal }
        if method == "POST", segments == ["graphql"] { return graphQL(json) }
        if segments.first == "search", method == "GET" {
            let q = params["q"] ?? ""
            let author = q.split(separator: " ").first { $0.hasPrefix("author:") }.map { String($0.dropFirst(7)) }
            let count = state.withLock { state in author.flatMap { state.openPullRequests[$0] } ?? 0 }
            return reply(
                200, .object(["total_count": .number(Double(count)), "incomplete_results": false, "items": []]))
        }
        if method == "GET", segments.count == 2, segments[0] == "users" {
            guard let account = state.withLock({ $0.accounts[segments[1].lowercased()] }) else { return notFound() }
            return reply(200, account)
        }
        guard segments.count >= 3, segments[0] == "repos" else { return notFound() }
        let repo = segments[1] + "/" + segments[2]
        let rest = Array(segments.dropFirst(3))
        var response = model(method: method, repo: repo, rest: rest, params: params, headers: headers, json: json)
        // Conditional requests, as GitHub answers them: a GET whose ETag matches gets 304 and no body.
        if method == "GET", response.status == .ok, let etag = response.headers[.eTag],
            headers[.ifNoneMatch] == etag
        {
            response = Response(status: .notModified, headers: [.eTag: etag])
        }
        return response
    }

    // MARK: Helpers

    func authorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") || header.hasPrefix("token ") else { return false }
        let token = String(header.split(separator: " ", maxSplits: 1).last ?? "")
        return acceptedTokens.contains(token) || state.withLock { $0.tokens.contains(token) }
    }

    func installationToken(_ header: String?) -> Response {
        guard let appPublicKeyPEM, let header, header.hasPrefix("Bearer "),
            let claims = AppJWT.verify(String(header.dropFirst(7)), publicKeyPEM: appPublicKeyPEM),
            claims["iss"] != nil
        else {
            return reply(401, .object(["message": "A JSON web token could not be decoded"]))
        }
        let (token, lifetime) = state.withLock { state -> (String, TimeInterval) in
            state.nextID += 1
            let token = "ghs_fake\(state.nextID)"
            state.tokens.insert(token)
            return (token, state.tokenLifetime)
        }
        let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(lifetime))
        return reply(201, .object(["token": .string(token), "expires_at": .string(expires)]))
    }

    func takeFault(method: String, path: String) -> Fault? {
        state.withLock { state in
            guard
                let index = state.faults.firstIndex(where: {
                    ($0.method == nil || $0.method == method)
                        && ($0.pathContains.isEmpty || path.contains($0.pathContains))
                })
            else { return nil }
            let fault = state.faults[index]
            state.faults[index].remaining -= 1
            if state.faults[index].remaining <= 0 { state.faults.remove(at: index) }
            return fault
        }
    }

    func takeExchange(method: String, path: String) -> Exchange? {
        state.withLock { state in
            guard let index = state.exchanges.firstIndex(where: { $0.method == method && $0.path == path }) else {
                return nil
            }
            return state.exchanges.remove(at: index)
        }
    }

    func page(_ list: [JSONValue], params: [String: String], path: String) -> Response {
        let perPage = max(1, min(Int(params["per_page"] ?? "") ?? 30, 100))
        let page = max(1, Int(params["page"] ?? "") ?? 1)
        let start = min((page - 1) * perPage, list.count)
        let slice = Array(list[start..<min(start + perPage, list.count)])
        var headers = HTTPFields()
        let last = max(1, (list.count + perPage - 1) / perPage)
        if page < last {
            headers[.init("Link")!] =
                "<\(baseURL)\(path)?per_page=\(perPage)&page=\(page + 1)>; rel=\"next\", "
                + "<\(baseURL)\(path)?per_page=\(perPage)&page=\(last)>; rel=\"last\""
        }
        return reply(200, .array(slice), headers: headers)
    }

    func reply(_ status: Int, _ json: JSONValue, headers: HTTPFields = HTTPFields()) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        if headers[.init("X-RateLimit-Remaining")!] == nil { headers[.init("X-RateLimit-Remaining")!] = "4999" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(json)) ?? Data()
        if status == 200 { headers[.eTag] = Self.etag(data) }
        return Response(
            status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func notFound() -> Response {
        reply(404, .object(["message": "Not Found", "documentation_url": "https://docs.github.com/rest"]))
    }

    func unprocessable(_ field: String) -> Response {
        reply(
            422,
            .object([
                "message": "Validation Failed",
                "errors": .array([.object(["field": .string(field), "code": "missing_field"])]),
            ]))
    }

    /// A stand-in for the blob SHA: a hash of the text (GitHub uses git's SHA-1).
    static func sha(_ text: String) -> String {
        String(etag(Data(text.utf8)).dropFirst().dropLast())
    }

    /// A strong ETag from the body (FNV-1a, enough for a fake).
    static func etag(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "\"" + String(hash, radix: 16) + "\""
    }

    static func queryItems(_ query: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            result[name] = value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
        }
        return result
    }
}
