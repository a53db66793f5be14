import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore

/// The REST routes of a repository (`/repos/{owner}/{repo}/…`): files, commits, contents, check runs, advisories,
/// workflow runs and the items.
extension FakeGitHub {
    func model(
        method: String, repo: String, rest: [String], params: [String: String], headers: HTTPFields, json: JSONValue?
    ) -> Response {
        switch (method, rest.count, rest.first) {
        case ("GET", 3, "collaborators") where rest[2] == "permission":
            let permission = state.withLock { $0.permissions[repo + " " + rest[1].lowercased()] } ?? "read"
            return reply(200, .object(["permission": .string(permission), "user": ["login": .string(rest[1])]]))
        case ("GET", 1..., "contents"):
            let path = rest.dropFirst().joined(separator: "/")
            guard let text = state.withLock({ $0.contents["\(repo)/\(path)"] }) else {
                return directory(repo: repo, path: path) ?? notFound()
            }
            if headers[.accept]?.contains("raw") == true {
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: "application/vnd.github.raw; charset=utf-8", .eTag: Self.etag(Data(text.utf8)),
                    ],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            }
            return reply(
                200,
                .object([
                    "type": "file", "path": .string(path), "encoding": "base64", "sha": .string(Self.sha(text)),
                    "content": .string(Data(text.utf8).base64EncodedString()),
                ]))
        case ("PUT", 2..., "contents"):
            let path = rest.dropFirst().joined(separator: "/")
            guard let content = json?["content"]?.string, let data = Data(base64Encoded: content),
                json?["message"]?.string != nil
            else { return unprocessable("content") }
            let key = "\(repo)/\(path)"
            let outcome = state.withLock { state -> Int in
                let current = state.contents[key]
                // GitHub's optimistic locking: an update names the SHA it replaces.
                if let current, json?["sha"]?.string != Self.sha(current) { return 409 }
                if current == nil, json?["sha"] != nil { return 422 }
                state.contents[key] = String(decoding: data, as: UTF8.self)
                return current == nil ? 201 : 200
            }
            if outcome >= 400 {
                let message = outcome == 409 ? "\(path) does not match the given sha" : "sha given for a new file"
                return reply(outcome, ["message": .string(message)])
            }
            return reply(
                outcome, ["content": ["path": .string(path)], "commit": ["message": json?["message"] ?? .null]])
        case ("GET", 1, "security-advisories"):
            guard let all = state.withLock({ $0.advisories[repo] }) else { return notFound() }
            let wanted = params["state"]
            let list = all.filter { wanted == nil || $0["state"]?.string == wanted }
            return page(list, params: params, path: "/repos/\(repo)/security-advisories")
        case ("GET", 1, "pulls"), ("GET", 1, "issues"):
            return restList(repo: repo, pulls: rest[0] == "pulls", params: params) ?? notFound()
        case ("GET", 3, "pulls") where rest[2] == "files" || rest[2] == "commits":
            let key = "\(repo)#\(rest[1])"
            let list = state.withLock { rest[2] == "files" ? $0.files[key] : $0.commits[key] } ?? []
            return page(list, params: params, path: "/repos/\(repo)/pulls/\(rest[1])/\(rest[2])")
        case (_, 2..., "issues") where Int(rest[1]) != nil:
            return issue(
                method: method, repo: repo, number: Int(rest[1])!, rest: Array(rest.dropFirst(2)), params: params,
                json: json)
        case ("PATCH", 3, "issues") where rest[1] == "comments":
            guard let id = Int(rest[2]), let body = json?["body"]?.string else { return unprocessable("body") }
            let found = state.withLock { state -> Bool in
                for key in state.items.keys {
                    if let index = state.items[key]!.comments.firstIndex(where: { $0.id == id }) {
                        state.items[key]!.comments[index].body = body
                        return true
                    }
                }
                return false
            }
            return found
                ? reply(200, commentJSON(Comment(id: id, body: body, author: botLogin), repo: repo)) : notFound()
        case ("GET", 3, "commits") where rest[2] == "check-runs":
            let runs = state.withLock { $0.checkRuns }.filter {
                $0.sha == rest[1] && (params["check_name"] == nil || $0.name == params["check_name"])
            }
            return reply(
                200,
                .object([
                    "total_count": .number(Double(runs.count)), "check_runs": .array(runs.map(checkRunJSON)),
                ]))
        case ("GET", 2, "actions") where rest[1] == "runs":
            let key = "\(repo)@\(params["head_sha"] ?? "")"
            let ids = state.withLock { state in
                (state.pendingRuns[key] ?? []).filter { !state.approvedRuns.contains($0) }
            }
            return reply(
                200,
                [
                    "total_count": .number(Double(ids.count)),
                    "workflow_runs": .array(ids.map { ["id": .number(Double($0)), "status": "action_required"] }),
                ])
        case ("POST", 4, "actions") where rest[1] == "runs" && rest[3] == "approve":
            guard let id = Int(rest[2]) else { return notFound() }
            state.withLock { if !$0.approvedRuns.contains(id) { $0.approvedRuns.append(id) } }
            return Response(status: .created)
        case ("POST", 3, "pulls") where rest[2] == "requested_reviewers":
            let logins = json?["reviewers"]?.array?.compactMap(\.string) ?? []
            state.withLock { state in
                for login in logins where !(state.reviewers["\(repo)#\(rest[1])"] ?? []).contains(login) {
                    state.reviewers["\(repo)#\(rest[1])", default: []].append(login)
                }
            }
            return reply(201, ["number": .number(Double(Int(rest[1]) ?? 0))])
        case ("POST", 1, "check-runs"):
            guard let name = json?["name"]?.string, let sha = json?["head_sha"]?.string else {
                return unprocessable("name")
            }
            let run = state.withLock { state -> CheckRun in
                state.nextID += 1
                let run = CheckRun(id: state.nextID, sha: sha, name: name, conclusion: json?["conclusion"]?.string)
                state.checkRuns.append(run)
                return run
            }
            return reply(201, checkRunJSON(run))
        case ("PATCH", 2, "check-runs"):
            let id = Int(rest[1]) ?? -1
            let run = state.withLock { state -> CheckRun? in
                guard let index = state.checkRuns.firstIndex(where: { $0.id == id }) else { return nil }
                if let conclusion = json?["conclusion"]?.string { state.checkRuns[index].conclusion = conclusion }
                return state.checkRuns[index]
            }
            return run.map { reply(200, checkRunJSON($0)) } ?? notFound()
        default:
            return notFound()
        }
    }
}
