import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs CPU-bound work on a thread of its own and awaits it, off Swift's cooperative pool — two threads on a two-core
/// machine — which the async tests of the same process (the loopback GitHub's, the server's) need.
public enum OwnThread {
    /// The failure to start the thread (`pthread_create`'s error), so a test fails instead of waiting for good.
    public struct NotStarted: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { "could not start a thread for the work (pthread_create: \(code))" }
    }

    /// The work and what resumes the waiting task, handed to the new thread.
    final class Job: @unchecked Sendable {  // Touched by the new thread only, after its creation.
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
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
