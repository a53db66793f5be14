import Foundation

/// The change adds more comment lines than the project accepts in one pull request (`pulls.max_added_comments`,
/// anti-slop's `max-added-comments`): generated code narrates itself (`# Initialize the list`, `// Loop over items`).
/// A comment line is an added line that starts, after indentation, with the comment mark of the file's language (by
/// extension); languages not listed are not counted.
public struct AddedCommentsRule: SingleKeyPullCheck {
    public static let id = "too_many_added_comments"
    public static let setting = RuleSetting("pulls.max_added_comments", .count(1...100_000))
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.count(setting).map { ["A pull request adds at most \($0) comment lines."] } ?? []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, let limit = input.policy.count(Self.setting) else { return [] }
        var total = 0
        var examples: [String] = []
        for file in input.contribution.files where file.status != .removed {
            guard let dot = file.path.lastIndex(of: "."),
                let marks = Self.marks[file.path[file.path.index(after: dot)...].lowercased()]
            else { continue }
            for hunk in file.hunks {
                for line in hunk.lines where line.kind == .added {
                    let text = line.text.drop { $0 == " " || $0 == "\t" }
                    guard marks.contains(where: { text.hasPrefix($0) }) else { continue }
                    total += 1
                    if examples.count < 3 { examples.append("`\(file.path)`: “\(TextStats.quote(text, limit: 60))”") }
                }
            }
        }
        guard total > limit else { return [] }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "This pull request adds \(total) comment lines; the project accepts at most \(limit). Comments that "
                    + "restate the code make it longer to review: please keep the ones that say why.",
                ["\(total) added comment lines, limit \(limit)"] + examples)
        ]
    }

    /// Comment marks by file extension.
    static let marks: [String: [String]] = {
        var table: [String: [String]] = [:]
        let families: [([String], [String])] = [
            (
                [
                    "c", "h", "cc", "cpp", "hpp", "cs", "css", "scss", "less", "dart", "go", "java", "js", "mjs", "cjs",
                    "jsx", "ts", "tsx", "kt", "php", "proto", "rs", "scala", "swift", "zig",
                ], ["//", "/*", "* ", "*/"]
            ),
            (
                [
                    "py", "rb", "sh", "bash", "zsh", "pl", "r", "jl", "nim", "ex", "exs", "cr", "coffee", "cmake", "tf",
                    "toml", "yaml", "yml", "ps1",
                ], ["#"]
            ),
            (["sql", "lua", "hs", "elm", "ada", "vhdl"], ["--"]),
            (["html", "htm", "xml", "svg", "vue", "svelte"], ["<!--"]),
            (["lisp", "el", "clj", "cljs", "scm", "rkt", "ini", "asm"], [";"]),
            (["tex", "sty", "erl"], ["%"]),
        ]
        for (extensions, marks) in families { for e in extensions { table[e] = marks } }
        return table
    }()

    static func capped(_ policy: inout Policy) { policy.settings[setting.key] = .count(2) }

    public static let triggeringExamples = [
        PolicyExample(
            "code that narrates itself",
            Example.pull(files: [
                Example.patched(
                    "src/load.py",
                    "@@ -1,0 +1,6 @@\n+# Initialize the list\n+items = []\n+# Loop over the lines\n+for line in lines:\n+    # Append the line\n+    items.append(line)\n"
                )
            ]), policy: capped)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "one comment that says why, a shebang-less Markdown file",
            Example.pull(files: [
                Example.patched(
                    "src/load.py",
                    "@@ -1,0 +1,2 @@\n+# The file may end without a newline (issue #12).\n+items = lines\n"),
                Example.patched("README.md", "@@ -1,0 +1,3 @@\n+# Usage\n+## Install\n+## Run\n"),
            ]), policy: capped)
    ]
}
