import Foundation
import Synchronization

/// A child process the tests start and await without holding a thread of Swift's cooperative pool, which has two
/// threads on a two-core machine and runs every async test of the process (and the servers they talk to).
///
/// Two things of Foundation's `Process` on Linux make the plain `run()` and `waitUntilExit()` unsafe in a parallel test
/// run. `waitUntilExit()` spins the calling thread's run loop until the child is gone: called from async code it takes
/// a cooperative thread for the child's whole life, and two such waits stop every other test. And `Process` learns that
/// a child ended from a socket the child inherits, which closes when the child exits; a child started by another thread
/// at the same moment can inherit that socket too (the descriptors a child must not keep are listed before, not at, its
/// start), and then the first child's end is noticed only when the second one exits — which, for a server, is never.
/// So every start goes through one lock, and the exit is awaited through `terminationHandler`.
public final class ChildProcess: Sendable {
    /// Held while a child is started: no other child's socket or pipe is created in that window.
    static let starting = Mutex(())

    public let identifier: Int32
    private let ending = Ending()

    /// The child's exit status once known, and the tasks waiting for it.
    final class Ending: Sendable {
        struct State {
            var status: Int32?
            var waiting: [CheckedContinuation<Int32, Never>] = []
        }
        let state = Mutex(State())

        func record(_ status: Int32) {
            let waiting = state.withLock { state in
                state.status = status
                defer { state.waiting = [] }
                return state.waiting
            }
            for continuation in waiting { continuation.resume(returning: status) }
        }

        var status: Int32? { state.withLock { $0.status } }

        func wait() async -> Int32 {
            await withCheckedContinuation { continuation in
                let ended = state.withLock { state -> Int32? in
                    if state.status == nil { state.waiting.append(continuation) }
                    return state.status
                }
                if let ended { continuation.resume(returning: ended) }
            }
        }
    }

    /// Starts `process` (its executable and arguments set). With `output`, its standard output and error go to that
    /// file (created empty), which can be read while it runs and after: a pipe's write end could be inherited by
    /// another test's child and kept open, and a pipe read with Foundation's `readDataToEndOfFile` stops the whole test
    /// process when a signal interrupts it (`EINTR`, another test's child exiting).
    public init(_ process: Process, output: URL? = nil) throws {
        let ending = ending
        process.terminationHandler = { ended in ending.record(ended.terminationStatus) }
        var handle: FileHandle?
        if let output {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            handle = try FileHandle(forWritingTo: output)
            process.standardOutput = handle
            process.standardError = handle
        }
        defer { try? handle?.close() }  // the child has its own copy
        try Self.starting.withLock { _ in try process.run() }
        identifier = process.processIdentifier
    }

    /// Runs `process` to its end and returns its exit status (or the signal that ended it).
    public static func run(_ process: Process) async throws -> Int32 {
        try await ChildProcess(process).exit()
    }

    /// Runs `process` to its end with its standard output and error in a temporary file, read once it has exited.
    public static func runCapturingOutput(_ process: Process) async throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("levee-run-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        let status = try await ChildProcess(process, output: file).exit()
        return (status, String(decoding: try Data(contentsOf: file), as: UTF8.self))
    }

    /// Whether the child has not ended yet.
    public var isRunning: Bool { ending.status == nil }

    /// Waits for the child's end without holding a thread; a cancelled test kills the child so the wait ends.
    public func exit() async -> Int32 {
        await withTaskCancellationHandler {
            await ending.wait()
        } onCancel: {
            signal(SIGKILL)
        }
    }

    /// Sends `number` to the child if it is still running.
    public func signal(_ number: Int32) {
        if isRunning { kill(identifier, number) }
    }
}
