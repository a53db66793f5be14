import Foundation
import LeveeCLI
import LeveeConfig
import LeveeCore
import Testing

/// The README and the docs name only what exists: every path they cite in code is in the repository, every
/// `levee …` command is a command, and every `--flag` written after one is among that command's options.
@Suite struct DocumentationTests {
    static let documents: [URL] = {
        let docs =
            (try? FileManager.default.contentsOfDirectory(atPath: Paths.repository.appendingPathComponent("docs").path))
            ?? []
        return [Paths.repository.appendingPathComponent("README.md")]
            + docs.filter { $0.hasSuffix(".md") }.sorted().map { Paths.repository.appendingPathComponent("docs/\($0)") }
            + ["examples/backlog/README.md", "examples/webhooks/README.md", "Tests/Fixtures/github/README.md"].map {
                Paths.repository.appendingPathComponent($0)
            }
    }()

    /// The code in a Markdown document: each fenced block's lines and each inline `span`, with its line number.
    static func code(_ text: String) -> [(line: Int, text: String)] {
        var result: [(Int, String)] = []
        var fenced = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                fenced.toggle()
                continue
            }
            if fenced {
                result.append((index + 1, String(line)))
                continue
            }
            let parts = line.split(separator: "`", omittingEmptySubsequences: false)
            for (n, part) in parts.enumerated() where n % 2 == 1 && n < parts.count - 1 {
                result.append((index + 1, String(part)))
            }
        }
        return result
    }

    static let roots = ["scripts/", "docs/", "examples/", "deploy/", "bench/", "Sources/", "Tests/", ".ci/"]

    /// docs/policy.md lists every key the loader accepts (`PolicySchema`, the rules' own keys with it): written out
    /// (`lifecycle.park_label`), under its section's row (`lifecycle.awaiting_author.*`), or beside its siblings on
    /// one row (`thresholds.welcome_below` / `needs_author_from`).
    @Test func theKeysTableListsEveryKeyOfThePolicy() throws {
        let docs = try String(
            contentsOf: Paths.repository.appendingPathComponent("docs/policy.md"), encoding: .utf8)
        let rows = docs.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let missing = PolicySchema.leafPaths.filter { path in
            if docs.contains("`\(path)`") { return false }
            var section = path.split(separator: ".").dropLast().joined(separator: ".")
            while !section.isEmpty {
                if docs.contains("`\(section).*`") { return false }
                section = section.split(separator: ".").dropLast().joined(separator: ".")
            }
            let parent = path.split(separator: ".").dropLast().joined(separator: ".")
            let key = path.split(separator: ".").last.map(String.init) ?? path
            return !rows.contains {
                $0.contains("`\(parent).") && ($0.contains("`\(key)`") || $0.contains("`.\(key)`"))
            }
        }
        #expect(missing.isEmpty, "keys docs/policy.md does not list: \(missing)")
    }

    /// A policy key is spelled in one source file: the schema's table (`PolicySchema`), or the rule that declares it;
    /// the loader, the writer, the importers and the rules refer to it by its field. String literals are searched
    /// outside comments; the policy templates are YAML documents and are left out.
    @Test func everyPolicyKeyIsSpelledInOneFile() throws {
        let sources = Paths.repository.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasSuffix("PolicyTemplates.swift") } ?? []
        let literal = try Regex(#""((?:[^"\\\n]|\\.)*)""#)
        var spelled: [String: Set<String>] = [:]
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                for match in line.matches(of: literal) {
                    let words = match.output[1].substring.map(String.init) ?? ""
                    for token in words.split(whereSeparator: { !($0.isLetter || $0 == "_" || $0 == ".") }) {
                        spelled[String(token), default: []].insert(file)
                    }
                }
            }
        }
        let paths = PolicySchema.leafPaths.filter { $0.contains(".") }
        #expect(paths.count > 100)
        let twice = paths.filter { (spelled[$0]?.count ?? 0) > 1 }.map { "\($0) in \(spelled[$0]!.sorted())" }
        #expect(twice.isEmpty, "policy keys spelled in more than one file: \(twice)")
        #expect(spelled[PolicyField.staleAfterDays.path] == ["LeveeCore/Policy/PolicySchema.swift"])
    }

    @Test func everyPathInTheDocsExists() throws {
        var missing: [String] = []
        var checked = 0
        for document in Self.documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            for (line, code) in Self.code(text) {
                for token in code.split(whereSeparator: { " \t()'\",;|=".contains($0) }) {
                    var path = String(token)
                    guard Self.roots.contains(where: { path.hasPrefix($0) }) else { continue }
                    // A placeholder ends the checkable part: `scenarios/<name>/…` checks `scenarios/`.
                    if let cut = path.firstIndex(where: { "<{*…[".contains($0) }) { path = String(path[..<cut]) }
                    while let last = path.last, ".:])".contains(last) { path.removeLast() }
                    checked += 1
                    if !FileManager.default.fileExists(atPath: Paths.repository.appendingPathComponent(path).path) {
                        missing.append("\(document.lastPathComponent):\(line): \(path)")
                    }
                }
            }
        }
        #expect(checked > 50)
        #expect(missing.isEmpty, "named in the docs but not in the repository:\n\(missing.joined(separator: "\n"))")
    }

    @Test func everyLeveeCommandAndFlagInTheDocsExists() throws {
        var problems: [String] = []
        var checked = 0
        for document in Self.documents {
            let text = try String(contentsOf: document, encoding: .utf8)
            for (line, code) in Self.code(text) {
                // Each `levee` at a word's start begins a command, up to the next one.
                let pieces = code.components(separatedBy: "levee ").dropFirst()
                let starts = code.components(separatedBy: "levee ").dropLast().map { $0.last }
                for (piece, before) in zip(pieces, starts) {
                    if let before, before.isLetter || before.isNumber || "-_/.".contains(before) { continue }
                    // `levee policy templates | init --template NAME | lint` lists siblings; a sibling is checked as
                    // its own command, anything else after a `|` is a shell pipe and ends the command.
                    let alternatives = piece.components(separatedBy: " | ")
                    let words = alternatives[0].split(separator: " ").map(String.init)
                    guard let first = words.first, first.first?.isLowercase == true,
                        first.allSatisfy({ $0.isLowercase || $0 == "-" })
                    else { continue }
                    var path = [first]
                    if words.count > 1, LeveeCommand.subcommands(of: path).contains(words[1]) { path.append(words[1]) }
                    var commands = [(path, words)]
                    for alternative in alternatives.dropFirst() {
                        let sibling = alternative.split(separator: " ").map(String.init)
                        guard path.count == 2, let name = sibling.first,
                            LeveeCommand.subcommands(of: [path[0]]).contains(name)
                        else { break }
                        commands.append(([path[0], name], [path[0]] + sibling))
                    }
                    for (path, words) in commands {
                        let place = "\(document.lastPathComponent):\(line): levee \(path.joined(separator: " "))"
                        guard let help = LeveeCommand.help(forSubcommand: path) else {
                            // A planned command may be named only where the docs say it is not built.
                            if !text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].lowercased()
                                .contains("not built")
                            {
                                problems.append("\(place): no such command")
                            }
                            continue
                        }
                        checked += 1
                        for word in words.dropFirst(path.count) where word.hasPrefix("--") {
                            let flag = String(word.prefix { $0.isLetter || $0 == "-" || $0.isNumber })
                            guard flag.count > 2 else { continue }
                            if !help.contains(flag) { problems.append("\(place): no option \(flag)") }
                        }
                    }
                }
            }
        }
        #expect(checked > 40)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

}
