import ArgumentParser
import Foundation
import LeveeCore

/// The `levee` command tree. `main.swift` only calls `LeveeCommand.main()`.
public struct LeveeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "levee",
        abstract: "Triage pull requests, issues, comments and security reports for open-source maintainers.",
        version: BuildInfo.description,
        subcommands: [
            CheckCommand.self, ScanCommand.self, IndexCommand.self, NamesCommand.self, ServeCommand.self,
            ActionsCommand.self,
            ReplayCommand.self, SyncCommand.self,
            VouchCommand.self, LedgerCommand.self, TrustCommand.self, LifecycleCommand.self, EvalCommand.self,
            TrainCommand.self, OutcomesCommand.self, CalibrateCommand.self,
            PolicyCommand.self, BenchCommand.self,
        ])

    public init() {}

    /// The help text of the subcommand at `path` (`["vouch", "add"]`), or nil when there is no such command. The test
    /// that every command and flag the docs name exists reads it.
    public static func help(forSubcommand path: [String]) -> String? {
        guard let command = subcommand(at: path) else { return nil }
        return helpMessage(for: command, columns: 10_000)
    }

    /// The names of the subcommands under `path`.
    public static func subcommands(of path: [String]) -> [String] {
        guard let command = subcommand(at: path) else { return [] }
        return command.configuration.subcommands.map { type in type._commandName }
    }

    static func subcommand(at path: [String]) -> (any ParsableCommand.Type)? {
        var command: any ParsableCommand.Type = LeveeCommand.self
        for name in path {
            let children: [any ParsableCommand.Type] = command.configuration.subcommands
            guard let next = children.first(where: { type in type._commandName == name }) else {
                return nil
            }
            command = next
        }
        return command
    }

    /// Runs the command for `arguments` and returns the process exit code. Usage errors exit 2, as DESIGN.md's
    /// contract says for bad input, instead of ArgumentParser's 64.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as CLIError {
            if !error.description.isEmpty { Console.error(error.description) }
            return error.code
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { print(message) } else { Console.error(message) }
            }
            return code.rawValue == 64 ? 2 : code.rawValue
        }
    }
}

/// How a command ends other than with success: the message for standard error (none for a plain exit code) and the
/// exit code. Commands throw it; `LeveeCommand.run(arguments:)`, the one edge, prints it and returns the code.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var code: Int32

    init(_ message: String, code: Int32 = ExitStatus.badInput) {
        description = message
        self.code = code
    }

    /// An exit code with nothing more to say (the command printed its answer: `levee check --fail-on`, `vouch check`).
    static func exit(_ code: Int32) -> CLIError { CLIError("", code: code) }
}

/// Exit codes of `levee check`, as DESIGN.md fixes them.
enum ExitStatus {
    static let evaluated: Int32 = 0
    static let failOnReached: Int32 = 1
    static let badInput: Int32 = 2
}

enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
    }

    static func flush() { fflush(nil) }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, markdown
}

extension Verdict: ExpressibleByArgument {}
