import Foundation
import LeveeCore

/// A git checkout as it stood at a revision, for `levee index --git DIR --at REV|DATE`: `git archive` of the commit
/// unpacked into a temporary folder and indexed like any tree, then removed. A date picks the last commit on HEAD's
/// history before it (`git rev-list -1 --before=DATE HEAD`). Errors name the checkout and the revision.
enum GitTree {
    static func index(_ checkout: String, at revision: String, project: String) throws -> SourceIndex {
        let place = "\(checkout)@\(revision)"
        let commit = try resolve(checkout, revision, place: place)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("levee-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = Process()
        archive.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        archive.arguments = ["git", "-C", checkout, "archive", "--format=tar", commit]
        let unpack = Process()
        unpack.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        unpack.arguments = ["tar", "-x", "-f", "-", "-C", folder.path]
        let pipe = Pipe()
        let errors = Pipe()
        archive.standardOutput = pipe
        archive.standardError = errors
        unpack.standardInput = pipe
        do {
            try archive.run()
            try unpack.run()
        } catch {
            throw ContributionError(source: place, reason: "cannot run git and tar: \(error)")
        }
        archive.waitUntilExit()
        unpack.waitUntilExit()
        guard archive.terminationStatus == 0, unpack.terminationStatus == 0 else {
            let message = String(decoding: InputReader.readAll(errors.fileHandleForReading), as: UTF8.self)
            throw ContributionError(source: place, reason: "git archive failed: \(message.trimmed)")
        }
        var index = try IndexCommand.build(folder.path, project: project)
        index.trees = ["\(URL(fileURLWithPath: checkout).standardizedFileURL.lastPathComponent)@\(revision)"]
        return index
    }

    /// The commit a revision or a date names.
    static func resolve(_ checkout: String, _ revision: String, place: String) throws -> String {
        let isDate =
            revision.count == 10
            && revision.enumerated().allSatisfy { offset, c in
                [4, 7].contains(offset) ? c == "-" : c.isASCII && c.isNumber
            }
        let arguments =
            isDate
            ? ["rev-list", "-1", "--before=\(revision)T00:00:00Z", "HEAD"]
            : ["rev-parse", "--verify", "--quiet", revision + "^{commit}"]
        let (status, output) = try run(["git", "-C", checkout] + arguments, place: place)
        let commit = output.trimmed
        guard status == 0, !commit.isEmpty else {
            throw ContributionError(
                source: place,
                reason: isDate
                    ? "no commit on HEAD's history before \(revision)"
                    : "not a revision of the checkout (a tag, branch or commit)")
        }
        return commit
    }

    static func run(_ arguments: [String], place: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        do {
            try process.run()
        } catch {
            throw ContributionError(source: place, reason: "cannot run git: \(error)")
        }
        let data = InputReader.readAll(output.fileHandleForReading)
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
