import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore

/// Issues and pull requests as items: their state, labels, comments and reactions, and the JSON GitHub answers
/// for each (written from GitHub's REST reference where no recording exists).
extension FakeGitHub {
    func issue(method: String, repo: String, number: Int, rest: [String], params: [String: String], json: JSONValue?)
        -> Response
    {
        let key = "\(repo)#\(number)"
        switch (method, rest.first, rest.count) {
        case ("GET", nil, 0):
            let item = state.withLock { $0.items[key, default: Item()] }
            var issue: [String: JSONValue] = [
                "number": .number(Double(number)), "state": .string(item.state), "locked": .bool(item.locked),
                "labels": .array(item.labels.map { labelJSON($0, repo: repo) }),
            ]
            if let title = item.title { issue["title"] = .string(title) }
            if let body = item.body { issue["body"] = .string(body) }
            if let author = item.author { issue["user"] = .object(["login": .string(author), "type": "User"]) }
            if let created = item.createdAt {
                issue["created_at"] = .string(ISO8601DateFormatter().string(from: created))
            }
            // GitHub's issue object always carries the reaction rollup (REST reference, "Get an issue").
            var reactions: [String: JSONValue] = ["total_count": .number(Double(item.reactions.values.reduce(0, +)))]
            for content in ["+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes"] {
                reactions[content] = .number(Double(item.reactions[content] ?? 0))
            }
            issue["reactions"] = .object(reactions)
            return reply(200, .object(issue))
        case ("PATCH", nil, 0):
            let item = state.withLock { state -> Item in
                if let newState = json?["state"]?.string { state.items[key, default: Item()].state = newState }
                return state.items[key, default: Item()]
            }
            return reply(200, .object(["number": .number(Double(number)), "state": .string(item.state)]))
        case ("PUT", "lock", 1), ("DELETE", "lock", 1):
            state.withLock { $0.items[key, default: Item()].locked = method == "PUT" }
            return Response(status: .noContent)
        case ("GET", "labels", 1):
            let labels = state.withLock { $0.items[key, default: Item()].labels }
            return page(
                labels.map { labelJSON($0, repo: repo) }, params: params, path: "/repos/\(repo)/issues/\(number)/labels"
            )
        case ("POST", "labels", 1):
            guard let names = json?["labels"]?.array?.compactMap(\.string) else { return unprocessable("labels") }
            let labels = state.withLock { state -> [String] in
                for name in names where !state.items[key, default: Item()].labels.contains(name) {
                    state.items[key, default: Item()].labels.append(name)
                }
                return state.items[key]?.labels ?? []
            }
            return reply(200, .array(labels.map { labelJSON($0, repo: repo) }))
        case ("DELETE", "labels", 2):
            let name = rest[1].removingPercentEncoding ?? rest[1]
            state.withLock { $0.items[key, default: Item()].labels.removeAll { $0 == name } }
            return reply(200, .array([]))
        case ("POST", "assignees", 1):
            let logins = json?["assignees"]?.array?.compactMap(\.string) ?? []
            state.withLock { state in
                for login in logins where !(state.assignees[key] ?? []).contains(login) {
                    state.assignees[key, default: []].append(login)
                }
            }
            return reply(201, ["number": .number(Double(number))])
        case ("GET", "comments", 1):
            let comments = state.withLock { $0.items[key, default: Item()].comments }
            return page(
                comments.map { commentJSON($0, repo: repo) }, params: params,
                path: "/repos/\(repo)/issues/\(number)/comments")
        case ("POST", "comments", 1):
            guard let body = json?["body"]?.string else { return unprocessable("body") }
            let comment = state.withLock { state -> Comment in
                state.nextID += 1
                let comment = Comment(id: state.nextID, body: body, author: botLogin)
                state.items[key, default: Item()].comments.append(comment)
                return comment
            }
            return reply(201, commentJSON(comment, repo: repo))
        default:
            return notFound()
        }
    }

    func labelJSON(_ name: String, repo: String) -> JSONValue {
        .object([
            "id": .number(Double(abs(name.hashValue % 100_000))), "node_id": "MDU6TGFiZWwx",
            "url": .string("\(baseURL)/repos/\(repo)/labels/\(name)"), "name": .string(name), "color": "ededed",
            "default": false, "description": .null,
        ])
    }

    func commentJSON(_ comment: Comment, repo: String) -> JSONValue {
        .object([
            "id": .number(Double(comment.id)), "node_id": "MDEyOklzc3VlQ29tbWVudDE=",
            "url": .string("\(baseURL)/repos/\(repo)/issues/comments/\(comment.id)"),
            "body": .string(comment.body),
            "user": .object(["login": .string(comment.author), "type": .string(comment.authorType)]),
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "author_association": .string(comment.association),
        ])
    }

    func checkRunJSON(_ run: CheckRun) -> JSONValue {
        .object([
            "id": .number(Double(run.id)), "name": .string(run.name), "head_sha": .string(run.sha),
            "status": "completed", "conclusion": run.conclusion.map(JSONValue.string) ?? .null,
        ])
    }
}
