import ArgumentParser
import Foundation
import LeveeCore

struct NamesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "names",
        abstract: "Flag package names that reuse or imitate the project's name.",
        discussion: """
            FILE lists package names, one a line (`#` comments and blank lines skipped; `-` reads standard input). \
            Flagged: the same name with other separators or case, look-alike characters, a small edit distance, \
            or a common prefix or suffix (py-, -dev, -fork, …). Exit 0 when none is flagged, 1 when some are, 2 on \
            bad input.
            """)

    @Argument(help: "The list of names, or - for standard input.") var file: String
    @Option(help: "The project's name.") var project: String

    func run() async throws {
        let data: Data
        do {
            data = try InputReader.read(path: file)
        } catch {
            throw CLIError("levee names: \(error)")
        }
        var flagged = 0
        for (number, raw) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let name = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, let reason = NameImitation.check(name, project: project) else { continue }
            flagged += 1
            print("\(file):\(number + 1): \(name): \(reason)")
        }
        if flagged > 0 { throw CLIError.exit(1) }
        print("No name imitates \(project).")
    }
}
