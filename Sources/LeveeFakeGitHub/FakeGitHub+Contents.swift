import Foundation
import HTTPTypes
import Hummingbird
import LeveeCore

extension FakeGitHub {
    /// A directory of the repository as `GET /repos/{o}/{r}/contents/{path}` lists it (GitHub's "Get repository
    /// content" for a directory: an array of entries with `type`, `name` and `path`; written from the documentation),
    /// made from the files given with `setContents`; nil when no file lies below `path`.
    func directory(repo: String, path: String) -> Response? {
        let prefix = "\(repo)/" + (path.isEmpty ? "" : path + "/")
        let below = state.withLock { $0.contents.keys.filter { $0.hasPrefix(prefix) } }
        guard !below.isEmpty else { return nil }
        var entries: [String: String] = [:]
        for key in below {
            let rest = key.dropFirst(prefix.count)
            let parts = rest.split(separator: "/", maxSplits: 1)
            guard let name = parts.first.map(String.init) else { continue }
            entries[name] = parts.count > 1 ? "dir" : "file"
        }
        let list = entries.sorted { $0.key < $1.key }.map { name, type in
            JSONValue.object([
                "type": .string(type), "name": .string(name),
                "path": .string(path.isEmpty ? name : "\(path)/\(name)"),
            ])
        }
        return reply(200, .array(list))
    }
}
