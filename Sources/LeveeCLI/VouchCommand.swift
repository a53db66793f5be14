import ArgumentParser
import Foundation
import LeveeCore

/// `levee vouch`: the project's `VOUCHED.td`, compatible with mitchellh/vouch.
struct VouchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch",
        abstract: "Read and change the vouch list (VOUCHED.td, the format of mitchellh/vouch).",
        discussion: """
            The file is --file, else VOUCHED.td, else .github/VOUCHED.td in the current folder (vouch's order). \
            Changes keep every other line as it was and put the new line where the entries' alphabetical order \
            puts it.
            """,
        subcommands: [Check.self, Add.self, Denounce.self, Remove.self])

    struct FileOptions: ParsableArguments {
        @Option(help: "The vouch list (default: VOUCHED.td, else .github/VOUCHED.td).") var file: String?
        @Option(help: "The platform of entries without a prefix.") var defaultPlatform = "github"

        func path(creating: Bool) throws -> String {
            if let file { return file }
            for candidate in ["VOUCHED.td", ".github/VOUCHED.td"]
            where FileManager.default.fileExists(atPath: candidate) {
                return candidate
            }
            if creating { return ".github/VOUCHED.td" }
            Console.error("levee vouch: no VOUCHED.td or .github/VOUCHED.td here (or pass --file)")
            throw ExitCode(2)
        }

        func read(_ path: String) throws -> VouchFile {
            guard FileManager.default.fileExists(atPath: path) else {
                return VouchFile(parsing: VouchFile.newFileHeader)
            }
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)
            else {
                Console.error("levee vouch: \(path): cannot read the file as UTF-8 text")
                throw ExitCode(2)
            }
            return VouchFile(parsing: text)
        }

        func handle(_ text: String) throws -> VouchFile.Handle {
            guard let handle = VouchFile.Handle(parsing: text) else {
                Console.error("levee vouch: `\(text)` is not a handle (user, @user or platform:user)")
                throw ExitCode(2)
            }
            return handle
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 0 if USER is vouched, 1 if denounced, 2 if unknown (as vouch's CLI).")
        @Argument(help: "The handle: user, @user or platform:user.") var user: String
        @OptionGroup var options: FileOptions

        func run() async throws {
            let path = try options.path(creating: false)
            let file = try options.read(path)
            switch file.status(of: try options.handle(user), defaultPlatform: options.defaultPlatform) {
            case .vouched(let details):
                print("\(user) is vouched" + (details.map { " (\($0))" } ?? ""))
            case .denounced(let reason):
                print("\(user) is denounced" + (reason.map { ": \($0)" } ?? ""))
                throw ExitCode(1)
            case .unknown:
                print("\(user) is unknown")
                throw ExitCode(2)
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Vouch for USER (replacing any earlier entry).")
        @Argument(help: "The handle.") var user: String
        @Option(help: "A note kept after the handle.") var reason: String?
        @Flag(help: "Print the new file instead of writing it.") var dryRun = false
        @OptionGroup var options: FileOptions

        func run() async throws {
            try VouchCommand.change(.vouch, user: user, reason: reason, dryRun: dryRun, options: options)
        }
    }

    struct Denounce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Denounce USER, with a reason.")
        @Argument(help: "The handle.") var user: String
        @Option(help: "Why (kept in the file, shown to maintainers).") var reason: String?
        @Flag(help: "Print the new file instead of writing it.") var dryRun = false
        @OptionGroup var options: FileOptions

        func run() async throws {
            try VouchCommand.change(.denounce, user: user, reason: reason, dryRun: dryRun, options: options)
        }
    }

    /// Adds a vouch or a denouncement, replacing the user's earlier entry.
    static func change(_ kind: VouchFile.Kind, user: String, reason: String?, dryRun: Bool, options: FileOptions)
        throws
    {
        let path = try options.path(creating: true)
        let file = try options.read(path)
        let handle = try options.handle(user)
        let changed =
            kind == .vouch
            ? file.adding(handle, details: reason, defaultPlatform: options.defaultPlatform)
            : file.denouncing(handle, reason: reason, defaultPlatform: options.defaultPlatform)
        try write(
            changed, to: path, dryRun: dryRun, message: kind == .vouch ? "vouched for \(user)" : "denounced \(user)")
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove USER's entry: they become unknown.")
        @Argument(help: "The handle.") var user: String
        @Flag(help: "Print the new file instead of writing it.") var dryRun = false
        @OptionGroup var options: FileOptions

        func run() async throws {
            let path = try options.path(creating: false)
            let before = try options.read(path)
            let file = before.removing(try options.handle(user), defaultPlatform: options.defaultPlatform)
            if file == before { print("\(user) has no entry in \(path)") }
            try VouchCommand.write(file, to: path, dryRun: dryRun, message: "removed \(user)")
        }
    }

    static func write(_ file: VouchFile, to path: String, dryRun: Bool, message: String) throws {
        let text = file.render()
        if dryRun {
            print(text, terminator: "")
            return
        }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            Console.error("levee vouch: \(path): cannot write: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        print("\(path): \(message)")
    }
}
