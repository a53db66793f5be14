import AsyncHTTPClient
import Foundation
import LeveeCore
import NIOCore
import NIOHTTP1

/// A request to GitHub's REST API.
public struct GitHubRequest: Sendable {
    public var method: String
    /// A path under the API root (`/repos/o/r/issues/1/labels`), or an absolute URL (a `Link` header's `next`).
    public var path: String
    public var body: Data?
    public var accept: String
    /// The installation whose token to use (GitHub App mode).
    public var installationID: Int?
    /// Whether sending it twice does no harm, so that a timeout or a 5xx may be retried at once. Creating a
    /// comment is not: the worker retries the whole delivery instead, and finds the first comment by its marker.
    public var idempotent: Bool

    public init(
        _ method: String, _ path: String, body: Data? = nil, accept: String = "application/vnd.github+json",
        installationID: Int? = nil, idempotent: Bool? = nil
    ) {
        self.method = method
        self.path = path
        self.body = body
        self.accept = accept
        self.installationID = installationID
        self.idempotent = idempotent ?? (method != "POST")
    }

    /// A request with a JSON body.
    public static func json(
        _ method: String, _ path: String, _ body: JSONValue, installationID: Int?, idempotent: Bool? = nil
    ) -> GitHubRequest {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return GitHubRequest(
            method, path, body: (try? encoder.encode(body)) ?? Data(), installationID: installationID,
            idempotent: idempotent)
    }
}

/// GitHub's answer: status, headers (names lower-cased) and body.
public struct GitHubResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// True when the answer came from the ETag cache after a 304 (it did not count against the rate limit).
    public var fromCache = false

    public func json(_ what: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(body, source: what)
        } catch {
            throw GitHubError(status: status, request: what, message: "the answer is not JSON: \(error)")
        }
    }
}

/// A request GitHub refused or that could not be sent. `retryAt` says when trying again makes sense (rate
/// limits, 5xx, timeouts); nil means trying again will not help (a 404, a 422).
public struct GitHubError: Error, Sendable, CustomStringConvertible {
    public var status: Int?
    public var request: String
    public var message: String
    public var retryAt: Date?

    public init(status: Int?, request: String, message: String, retryAt: Date? = nil) {
        self.status = status
        self.request = request
        self.message = message
        self.retryAt = retryAt
    }

    public var description: String {
        "GitHub \(status.map { "answered \($0) to" } ?? "could not be reached for") \(request): \(message)"
    }
}

/// How hard the client tries before giving a request back to the worker.
public struct RetryPolicy: Sendable {
    /// Attempts per request, the first included.
    public var attempts: Int
    /// The first back-off; each next one doubles, with jitter between half and all of it.
    public var baseDelay: Duration
    /// Longer waits (a rate limit reset an hour away) are not slept through: the error carries `retryAt`.
    public var maxInlineWait: Duration
    public var timeout: Duration

    public init(
        attempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxInlineWait: Duration = .seconds(60),
        timeout: Duration = .seconds(30)
    ) {
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxInlineWait = maxInlineWait
        self.timeout = timeout
    }
}

/// The REST client: authentication, ETag conditional requests, `Link` pagination, primary and secondary rate
/// limits (`Retry-After`, `x-ratelimit-reset`), jittered retries of idempotent requests on 5xx and timeouts.
/// Sleeping and the clock are injected so tests never wait.
public final class GitHubClient: Sendable {
    public typealias Observer = @Sendable (_ status: Int?, _ rateLimitRemaining: Int?) -> Void

    public let baseURL: String
    public let tokens: TokenProvider
    let http: HTTPClient
    let retry: RetryPolicy
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void
    let observer: Observer?
    let etags = ETagCache()

    public init(
        baseURL: String = "https://api.github.com", credentials: GitHubCredentials, http: HTTPClient = .shared,
        retry: RetryPolicy = RetryPolicy(), now: @escaping @Sendable () -> Date = Date.init,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        observer: Observer? = nil
    ) async {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.http = http
        self.retry = retry
        self.now = now
        self.sleep = sleep
        self.observer = observer
        let tokens = TokenProvider(credentials: credentials, now: now)
        self.tokens = tokens
        let root = self.baseURL
        await tokens.setFetch { [http, retry] installationID, jwt in
            try await Self.fetchInstallationToken(
                http: http, root: root, installationID: installationID, jwt: jwt, timeout: retry.timeout)
        }
    }

    public var hasCredentials: Bool { tokens.credentials.isConfigured }

    /// Sends a request, retrying as `RetryPolicy` allows. Throws `GitHubError` for anything but 2xx (and 304 with
    /// a cached body).
    public func send(_ request: GitHubRequest) async throws -> GitHubResponse {
        let url = request.path.hasPrefix("http") ? request.path : baseURL + request.path
        let label =
            "\(request.method) \(request.path.hasPrefix("http") ? (URL(string: url)?.path ?? url) : request.path)"
        var attempt = 0
        var refreshedToken = false
        while true {
            attempt += 1
            var outgoing = HTTPClientRequest(url: url)
            outgoing.method = HTTPMethod(rawValue: request.method)
            outgoing.headers.add(name: "Accept", value: request.accept)
            outgoing.headers.add(name: "User-Agent", value: "levee")
            outgoing.headers.add(name: "X-GitHub-Api-Version", value: "2022-11-28")
            if let authorization = try await tokens.authorization(installationID: request.installationID) {
                outgoing.headers.add(name: "Authorization", value: authorization)
            }
            let cacheKey = request.method == "GET" ? "\(request.installationID ?? 0) \(request.accept) \(url)" : nil
            let cached = cacheKey == nil ? nil : await etags.entry(cacheKey!)
            if let cached { outgoing.headers.add(name: "If-None-Match", value: cached.etag) }
            if let body = request.body {
                outgoing.headers.add(name: "Content-Type", value: "application/json")
                outgoing.body = .bytes(ByteBuffer(bytes: body))
            }

            let response: GitHubResponse
            do {
                let answer = try await http.execute(outgoing, timeout: .init(retry.timeout))
                let body = try await answer.body.collect(upTo: 64 << 20)
                var headers: [String: String] = [:]
                for (name, value) in answer.headers { headers[name.lowercased()] = value }
                response = GitHubResponse(
                    status: Int(answer.status.code), headers: headers, body: Data(body.readableBytesView))
            } catch {
                observer?(nil, nil)
                let delay = backoff(attempt)
                if request.idempotent, attempt < retry.attempts {
                    try await sleep(delay)
                    continue
                }
                throw GitHubError(
                    status: nil, request: label, message: "\(error)", retryAt: now().addingTimeInterval(delay.seconds))
            }
            observer?(response.status, response.headers["x-ratelimit-remaining"].flatMap { Int($0) })

            switch response.status {
            case 304 where cached != nil:
                var hit = response
                hit.status = 200
                hit.body = cached!.body
                hit.fromCache = true
                return hit
            case 200..<300:
                if let cacheKey, let etag = response.headers["etag"] {
                    await etags.store(cacheKey, etag: etag, body: response.body)
                }
                return response
            case 401 where !refreshedToken && request.installationID != nil:
                refreshedToken = true
                await tokens.invalidate(installationID: request.installationID)
                continue
            case 403, 429:
                guard let wait = rateLimitWait(response) else { break }
                if wait <= retry.maxInlineWait, attempt < retry.attempts {
                    try await sleep(wait)
                    continue
                }
                throw GitHubError(
                    status: response.status, request: label, message: "rate limited: " + Self.message(response.body),
                    retryAt: now().addingTimeInterval(wait.seconds))
            case 500...599:
                let delay = backoff(attempt)
                if request.idempotent, attempt < retry.attempts {
                    try await sleep(delay)
                    continue
                }
                throw GitHubError(
                    status: response.status, request: label, message: Self.message(response.body),
                    retryAt: now().addingTimeInterval(delay.seconds))
            default:
                break
            }
            throw GitHubError(status: response.status, request: label, message: Self.message(response.body))
        }
    }

    /// Follows `Link: <…>; rel="next"` and returns every item of every page (at most `maxPages` pages).
    public func paginate(_ path: String, installationID: Int?, maxPages: Int = 50) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var next: String? = path
        var pages = 0
        while let current = next, pages < maxPages {
            let response = try await send(GitHubRequest("GET", current, installationID: installationID))
            pages += 1
            let page = try response.json("GET \(current)")
            guard let array = page.array ?? page["items"]?.array else {
                throw GitHubError(status: response.status, request: "GET \(current)", message: "expected a list")
            }
            items += array
            next = Self.links(response.headers["link"])["next"]
        }
        return items
    }

    /// How long a 403 or 429 asks to wait, or nil when it is not a rate limit (a permission error).
    func rateLimitWait(_ response: GitHubResponse) -> Duration? {
        if let value = response.headers["retry-after"], let seconds = Double(value.trimmed) {
            return .seconds(max(seconds, 0))
        }
        if response.headers["x-ratelimit-remaining"] == "0", let value = response.headers["x-ratelimit-reset"],
            var reset = Double(value)
        {
            if reset > 100_000_000_000 { reset /= 1000 }  // Some recordings give milliseconds.
            return .seconds(max(reset - now().timeIntervalSince1970, 1))
        }
        let message = Self.message(response.body).lowercased()
        if message.contains("secondary rate limit") || message.contains("abuse") || response.status == 429 {
            return .seconds(60)  // GitHub's documented minimum wait without a header.
        }
        return nil
    }

    func backoff(_ attempt: Int) -> Duration {
        let full = retry.baseDelay * (1 << min(attempt - 1, 10))
        return full * Double.random(in: 0.5...1.0)
    }

    /// The `rel` → URL map of a `Link` header.
    public static func links(_ header: String?) -> [String: String] {
        guard let header else { return [:] }
        var result: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmed }
            guard let first = pieces.first, first.hasPrefix("<"), first.hasSuffix(">") else { continue }
            for piece in pieces.dropFirst() where piece.hasPrefix("rel=") {
                let rel = piece.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                result[rel] = String(first.dropFirst().dropLast())
            }
        }
        return result
    }

    static func message(_ body: Data) -> String {
        if let json = try? JSONValue.parse(body, source: "answer"), let message = json["message"]?.string {
            let errors = json["errors"]?.array?.compactMap { error -> String? in
                let parts = [error["resource"]?.string, error["field"]?.string, error["code"]?.string].compactMap { $0 }
                return parts.isEmpty ? error["message"]?.string : parts.joined(separator: " ")
            }
            return message + (errors.map { $0.isEmpty ? "" : " (" + $0.joined(separator: "; ") + ")" } ?? "")
        }
        return String(decoding: body.prefix(200), as: UTF8.self)
    }

    static func fetchInstallationToken(
        http: HTTPClient, root: String, installationID: Int, jwt: String, timeout: Duration
    ) async throws -> (String, Date) {
        let path = "/app/installations/\(installationID)/access_tokens"
        var request = HTTPClientRequest(url: root + path)
        request.method = .POST
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        request.headers.add(name: "User-Agent", value: "levee")
        request.headers.add(name: "Authorization", value: "Bearer " + jwt)
        let response = try await http.execute(request, timeout: .init(timeout))
        let body = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        guard response.status == .created || response.status == .ok,
            let json = try? JSONValue.parse(body, source: path), let token = json["token"]?.string,
            let expires = json["expires_at"]?.string.flatMap(TextStats.date)
        else {
            throw GitHubError(
                status: Int(response.status.code), request: "POST \(path)",
                message: "no installation token: " + message(body))
        }
        return (token, expires)
    }
}

/// Remembered `ETag`s and bodies of GET answers, so a repeated read costs a 304 and no rate limit.
actor ETagCache {
    private var entries: [String: (etag: String, body: Data)] = [:]
    let capacity = 512

    func entry(_ key: String) -> (etag: String, body: Data)? { entries[key] }

    func store(_ key: String, etag: String, body: Data) {
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (etag, body)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        self = .nanoseconds(Int64(duration.seconds * 1e9))
    }
}
