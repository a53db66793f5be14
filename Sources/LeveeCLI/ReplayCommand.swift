import ArgumentParser
import AsyncHTTPClient
import Foundation
import LeveeCore
import LeveeGitHub
import NIOCore

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send recorded webhook payloads to a Levee server, signed, each with a fresh delivery id.",
        discussion: """
            PATH is a payload file or a directory searched for .json files. The event name (X-GitHub-Event) is \
            --event, or the name of the file's folder when it is one of GitHub's events (as in octokit's \
            payload-examples), or else read from the payload's shape. The body is sent byte for byte as stored.
            The secret is --secret, --secret-file, LEVEE_GITHUB_WEBHOOK_SECRET, or ./levee.webhook-secret.
            Exit codes: 0 every delivery accepted, 1 some refused, 2 bad input.
            """)

    static let events: Set<String> = [
        "pull_request", "issues", "issue_comment", "pull_request_review", "pull_request_review_comment",
        "pull_request_review_thread", "ping", "installation", "installation_repositories", "push",
    ]

    @Argument(help: "Payload files or directories.") var paths: [String]
    @Option(help: "The webhook URL.") var url = "http://127.0.0.1:8080/webhooks/github"
    @Option(help: "The webhook secret.") var secret: String?
    @Option(help: "A file holding the webhook secret.") var secretFile: String?
    @Option(help: "The X-GitHub-Event to send for every file.") var event: String?
    @Option(help: "Send the whole set this many times (a new delivery id each time).") var `repeat` = 1

    func run() async throws {
        let secret = try resolveSecret()
        let signer = WebhookSignature(secret: secret)
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("levee replay: \(path): no such file or directory")
            }
            if isDirectory.boolValue {
                let walker = FileManager.default.enumerator(atPath: path)
                while let name = walker?.nextObject() as? String {
                    if name.hasSuffix(".json") {
                        files.append(URL(fileURLWithPath: path).appendingPathComponent(name).path)
                    }
                }
            } else {
                files.append(path)
            }
        }
        files.sort()
        var accepted = 0
        var refused = 0
        for round in 0..<max(`repeat`, 1) {
            for file in files {
                guard let body = FileManager.default.contents(atPath: file) else {
                    Console.error("levee replay: \(file): cannot read")
                    refused += 1
                    continue
                }
                let name = event ?? Self.eventName(file: file, body: body)
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "X-GitHub-Event", value: name)
                request.headers.add(name: "X-GitHub-Delivery", value: UUID().uuidString.lowercased())
                request.headers.add(name: "X-Hub-Signature-256", value: signer.header(for: body))
                request.body = .bytes(ByteBuffer(bytes: body))
                do {
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    let text = String(buffer: try await response.body.collect(upTo: 1 << 16))
                    let ok = (200..<300).contains(Int(response.status.code))
                    if ok { accepted += 1 } else { refused += 1 }
                    if round == 0 || !ok {
                        print(
                            "\(response.status.code) \(name) \(file): \(text.trimmingCharacters(in: .whitespacesAndNewlines))"
                        )
                    }
                } catch {
                    throw CLIError("levee replay: \(url): \(error)")
                }
            }
        }
        print("\(accepted) accepted, \(refused) refused")
        if refused > 0 { throw CLIError.exit(ExitStatus.failOnReached) }
    }

    func resolveSecret() throws -> String {
        if let secret { return secret }
        let environment = ProcessInfo.processInfo.environment
        if secretFile == nil, let secret = environment["LEVEE_GITHUB_WEBHOOK_SECRET"] { return secret }
        let path = secretFile ?? "levee.webhook-secret"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(
                "levee replay: no webhook secret: pass --secret or --secret-file, or set LEVEE_GITHUB_WEBHOOK_SECRET"
                    + (secretFile == nil ? " (./levee.webhook-secret does not exist)" : " (\(path) cannot be read)"))
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The folder name when it is an event name; otherwise what the payload's keys say.
    static func eventName(file: String, body: Data) -> String {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
        if events.contains(folder) { return folder }
        guard let json = try? JSONValue.parse(body, source: file) else { return "issues" }
        if json["zen"] != nil { return "ping" }
        if json["comment"] != nil {
            return json["pull_request"] != nil ? "pull_request_review_comment" : "issue_comment"
        }
        if json["review"] != nil { return "pull_request_review" }
        if json["pull_request"] != nil { return "pull_request" }
        return "issues"
    }
}
