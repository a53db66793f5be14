import Foundation
import Testing

@testable import LeveeCore

#if canImport(Glibc)
    import Glibc
#endif

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

/// Runs CPU-bound work on a thread of its own and awaits it, off Swift's two-thread cooperative pool, which the async
/// tests of the same process (the loopback GitHub's, the server's) need (LeveeCLITests has the same helper: test
/// targets share no code).
enum OwnThread {
    /// The failure to start the thread (`pthread_create`'s error), so a test fails instead of waiting for good.
    struct NotStarted: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "could not start a thread for the work (pthread_create: \(code))" }
    }

    /// The work and what resumes the waiting task, handed to the new thread.
    final class Job: @unchecked Sendable {  // Touched by the new thread only, after its creation.
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Unmanaged.passRetained(Job { continuation.resume(with: Result { try work() }) })
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, 8 << 20)
            var thread = pthread_t()
            let status = pthread_create(
                &thread, &attributes,
                { raw in
                    Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
                    return nil
                }, job.toOpaque())
            pthread_attr_destroy(&attributes)
            if status == 0 {
                pthread_detach(thread)
            } else {
                job.release()
                continuation.resume(throwing: NotStarted(code: status))
            }
        }
    }
}
