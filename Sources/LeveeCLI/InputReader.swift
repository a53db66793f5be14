import Foundation
import LeveeCore

/// Reads contributions from files, turning every failure into a `ContributionError` naming the file.
enum InputReader {
    static func read(path: String) throws -> Data {
        if path == "-" { return readAll(FileHandle.standardInput) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ContributionError(source: path, reason: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ContributionError(source: path, reason: "cannot read the file")
        }
        return data
    }

    /// Everything a pipe or standard input delivers until it is closed. Foundation's `readDataToEndOfFile` stops the process when a
    /// signal interrupts the read (`EINTR`, e.g. another child exiting); this reads again instead.
    static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }

    static func contribution(path: String, diffPath: String?) throws -> Contribution {
        let payload = try ContributionDecoder.decode(read(path: path), source: path)
        guard var contribution = payload.contribution else {
            if case .event(let name, let action) = payload {
                throw ContributionError(
                    source: path,
                    reason: "a `\(name)`\(action.map { " (\($0))" } ?? "") event carries no contribution to check")
            }
            throw ContributionError(source: path, reason: "no contribution")
        }
        if let diffPath {
            let diff = UnifiedDiff.parse(try read(path: diffPath))
            if diff.files.isEmpty {
                throw ContributionError(source: diffPath, reason: "no file changes found; expected a unified diff")
            }
            contribution.files = ContributionDecoder.merge(contribution.files, with: diff)
        }
        return contribution
    }
}
