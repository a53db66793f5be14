import Foundation

/// Runs a child process with its standard output and error in a temporary file, read once it has exited: a pipe read
/// with Foundation's `readDataToEndOfFile` stops the whole test process when a signal interrupts it (`EINTR`, another
/// test's child exiting), which a file read after the exit cannot meet.
func runCapturingOutput(_ process: Process) throws -> (status: Int32, output: String) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("levee-run-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: file.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: file) }
    let handle = try FileHandle(forWritingTo: file)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, String(decoding: try Data(contentsOf: file), as: UTF8.self))
}
