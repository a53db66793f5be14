import ArgumentParser
import Foundation
import LeveeCore

/// `levee vouch`: the project's `VOUCHED.td`, compatible with mitchellh/vouch.
struct VouchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vouch",
        abstract: "Read and change the vouch list (VOUCHED.td, the format of mitchellh/vouch).",
        discussion: """
            The file is --file, else VOUCHED.td, else .github/VOUCHED.td in the current folder (vouch's order); \
            without one, add and denounce refuse as vouch does, unless --create makes .github/VOUCHED.td (or \
            --file). Handles are written in lower case, as vouch writes them. A file vouch wrote (in vouch's own \
            order and form) stays that way after a change; any other file keeps every other line as it was and \
            gets the new line where the entries' alphabetical order puts it.
            """,
        subcommands: [Check.self, Add.self, Denounce.self, Remove.self, CodeOwnersSync.self])

    struct FileOptions: ParsableArguments {
        @Option(help: "The vouch list (default: VOUCHED.td, else .github/VOUCHED.td).") var file: String?
        @Option(
            help: ArgumentHelp(
                "The platform of handles without a prefix (default: none).",
                discussion: """
                    As vouch: with none, an entry without a platform matches a handle on any platform, a handle \
                    without one matches entries on every platform (`remove alice` removes alice everywhere).
                    """))
        var defaultPlatform: String?
        @Flag(
            help: ArgumentHelp(
                "Write the file as vouch's own commands do.",
                discussion: """
                    Comments and blank lines first, then every entry sorted by username, each line re-written and \
                    the new handle in lower case: vouch's exact bytes. Without it, Levee changes only the lines of \
                    the handle and leaves every other byte as it was.
                    """))
        var sort = false

        /// The list's path. A list that does not exist is refused (vouch's "no VOUCHED file found") unless
        /// `creating` says this command makes one.
        func path(creating: Bool) throws -> String {
            if let file {
                guard creating || FileManager.default.fileExists(atPath: file) else {
                    throw CLIError("levee vouch: \(file) does not exist (--create makes it)")
                }
                return file
            }
            for candidate in ["VOUCHED.td", ".github/VOUCHED.td"]
            where FileManager.default.fileExists(atPath: candidate) {
                return candidate
            }
            if creating { return ".github/VOUCHED.td" }
            throw CLIError(
                "levee vouch: no VOUCHED.td or .github/VOUCHED.td here (pass --file, or --create to start one)", code: 2
            )
        }

        /// The changed file as it is written: in vouch's own order and form when asked (`--sort`) or when the file
        /// already was in it (vouch wrote it, and will again on its next change), else with only the handle's lines
        /// changed.
        func written(_ changed: VouchFile, from before: VouchFile) -> VouchFile {
            sort ? changed.sortedLikeVouch() : changed.keepingForm(of: before)
        }

        func read(_ path: String) throws -> VouchFile {
            guard FileManager.default.fileExists(atPath: path) else {
                return VouchFile(parsing: VouchFile.newFileHeader)
            }
            guard let data = FileManager.default.contents(atPath: path),
                let text = String(data: data, encoding: .utf8)
            else {
                throw CLIError("levee vouch: \(path): cannot read the file as UTF-8 text")
            }
            return VouchFile(parsing: text)
        }

        func handle(_ text: String) throws -> VouchFile.Handle {
            guard let handle = VouchFile.Handle(parsing: text) else {
                throw CLIError("levee vouch: `\(text)` is not a handle (user, @user or platform:user)")
            }
            return handle
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exit 0 if USER is vouched, 1 if denounced, 2 if unknown (as vouch's CLI).")
        @Argument(help: "The handle: user, @user or platform:user.") var user: String
        @Option(
            help: ArgumentHelp(
                "A folder of inherited lists (*.td), read after the file in name order (vouch's --vouched-dir).",
                discussion: "The first list that names the user decides: the local file overrides an inherited one."))
        var vouchedDir: String?
        @OptionGroup var options: FileOptions

        func run() async throws {
            let path = try options.path(creating: false)
            var lists = [try options.read(path)]
            if let vouchedDir { lists += try VouchCommand.inherited(vouchedDir) }
            let handle = try options.handle(user)
            let status =
                lists.lazy.map { $0.status(of: handle, defaultPlatform: options.defaultPlatform) }
                .first { $0 != .unknown } ?? .unknown
            switch status {
            case .vouched(let details):
                print("\(user) is vouched" + (details.map { " (\($0))" } ?? ""))
            case .denounced(let reason):
                print("\(user) is denounced" + (reason.map { ": \($0)" } ?? ""))
                throw CLIError.exit(1)
            case .unknown:
                print("\(user) is unknown")
                throw CLIError.exit(2)
            }
        }
    }

    /// The `.td` files of a folder in name order; none when the folder does not exist (as vouch's `open-dir`).
    static func inherited(_ folder: String) throws -> [VouchFile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return try names.filter { $0.hasSuffix(".td") }.sorted().map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw CLIError("levee vouch: \(path): cannot read the file as UTF-8 text")
            }
            return VouchFile(parsing: text)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Vouch for USER (replacing any earlier entry).")
        @Argument(help: "The handle.") var user: String
        @Option(help: "A note kept after the handle.") var reason: String?
        @Flag(help: "Print the new file instead of writing it.") var dryRun = false
        @Flag(help: "Start the list (.github/VOUCHED.td, or --file) when there is none.") var create = false
        @OptionGroup var options: FileOptions

        func run() async throws {
            try VouchCommand.change(
                .vouch, user: user, reason: reason, dryRun: dryRun, create: create, options: options)
        }
    }

    struct Denounce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Denounce USER, with a reason.")
        @Argument(help: "The handle.") var user: String
        @Option(help: "Why (kept in the file, shown to maintainers).") var reason: String?
        @Flag(help: "Print the new file instead of writing it.") var dryRun = false
        @Flag(help: "Start the list (.github/VOUCHED.td, or --file) when there is none.") var create = false
        @OptionGroup var options: FileOptions

        func run() async throws {
            try VouchCommand.change(
                .denounce, user: user, reason: reason, dryRun: dryRun, create: create, options: options)
        }
    }

    /// Adds a vouch or a denouncement, replacing the user's earlier entry.
    static func change(
        _ kind: VouchFile.Kind, user: String, reason: String?, dryRun: Bool, create: Bool, options: FileOptions
    ) throws {
        let path = try options.path(creating: create)
        let file = try options.read(path)
        // vouch's parse-handle lower-cases what it is given; matching ignores case, so nothing else changes.
        let handle = try options.handle(user).asVouchWrites
        let changed =
            kind == .vouch
            ? file.adding(handle, details: reason, defaultPlatform: options.defaultPlatform)
            : file.denouncing(handle, reason: reason, defaultPlatform: options.defaultPlatform)
        try write(
            options.written(changed, from: file), to: path, dryRun: dryRun,
            message: kind == .vouch ? "vouched for \(user)" : "denounced \(user)")
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
            try VouchCommand.write(
                options.written(file, from: before), to: path, dryRun: dryRun, message: "removed \(user)")
        }
    }

    struct CodeOwnersSync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "codeowners",
            abstract: "Vouch for every @user in CODEOWNERS the list does not name yet (vouch's sync-codeowners).",
            discussion: """
                Reads --codeowners, else .github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS. Teams (@org/team) are \
                listed, not expanded: their members need the organisation's API. A denounced owner stays denounced.
                """)
        @Option(help: "The CODEOWNERS file.") var codeowners: String?
        @Flag(help: "Print the new file instead of writing it.") var dryRun = false
        @OptionGroup var options: FileOptions

        func run() async throws {
            guard let source = codeowners ?? CodeOwners.paths.first(where: FileManager.default.fileExists(atPath:)),
                let data = FileManager.default.contents(atPath: source)
            else {
                throw CLIError(
                    "levee vouch codeowners: no CODEOWNERS here (.github/, the root, docs/; or --codeowners)")
            }
            let owners = CodeOwners(parsing: String(decoding: data, as: UTF8.self))
            let path = try options.path(creating: true)
            let before = try options.read(path)
            var file = before
            var added: [String] = []
            for user in owners.users {
                let handle = VouchFile.Handle(username: user).asVouchWrites
                guard file.status(of: handle, defaultPlatform: options.defaultPlatform) == .unknown else { continue }
                file = file.adding(handle, defaultPlatform: options.defaultPlatform)
                added.append(user)
            }
            for team in owners.teams { print("\(source): @\(team) is a team; its members are not added") }
            try VouchCommand.write(
                options.written(file, from: before), to: path, dryRun: dryRun,
                message: added.isEmpty
                    ? "every user in \(source) is already listed"
                    : "vouched for " + added.map { "@\($0)" }.joined(separator: ", ") + " (from \(source))")
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
            throw CLIError("levee vouch: \(path): cannot write: \(error.localizedDescription)")
        }
        print("\(path): \(message)")
    }
}
