import Foundation
import LeveeTestSupport
import Testing

@testable import LeveeCore

/// Paths of the test data: the recorded GitHub payloads in the repository (`Tests/Fixtures/github`, see its README),
/// and the development workspace's shared data beside the repository (`../shared`), which a bare clone lacks.
enum Shared {
    static let tests: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let root: URL = tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "shared")
    static var hasRoot: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("eval").path) }

    static var webhooks: URL { tests.appendingPathComponent("Fixtures/github/webhooks") }

    static func files(under url: URL, extensions: Set<String>? = nil) -> [URL] {
        // Resolve a symlinked root: the enumerator does not descend into a link.
        let url = url.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { return [] }
        var result: [URL] = []
        for case let file as URL in walker {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            if let extensions, !extensions.contains(file.pathExtension) { continue }
            result.append(file)
        }
        return result.sorted { $0.path < $1.path }
    }

    static func webhook(_ event: String, _ name: String) throws -> Data {
        try Data(contentsOf: webhooks.appendingPathComponent(event).appendingPathComponent(name))
    }
}
