import Foundation

/// The pull request changes files the project does not take changes to from outside: an extension not in
/// `pulls.allowed_file_extensions` (dotfiles and names without an extension pass), a path outside `pulls.allowed_paths`,
/// or one in `pulls.blocked_paths` (README.md, LICENSE, … — the résumé-credit edit). Entries ending in `/` are folders;
/// `*` and `**` work as in the branch lists; a path both allowed and blocked is blocked. anti-slop's
/// `allowed-file-extensions`, `allowed-paths` and `blocked-paths`.
public struct FilesRule: PullCheck {
    public static let id = "file_not_accepted"
    public static let allowedExtensions = RuleSetting("pulls.allowed_file_extensions", .words)
    public static let allowedPaths = RuleSetting("pulls.allowed_paths", .words)
    public static let blockedPaths = RuleSetting("pulls.blocked_paths", .words)
    public static let ids = [id]
    public static let settings = [allowedExtensions, allowedPaths, blockedPaths]
    public static let keys = settings.map(\.key)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        var lines: [String] = []
        if let e = policy.words(allowedExtensions), !e.isEmpty {
            lines.append("Changed files are of the kinds \(PullChecks.list(e)).")
        }
        if let p = policy.words(allowedPaths), !p.isEmpty {
            lines.append("Outside changes are taken to \(PullChecks.list(p)).")
        }
        if let p = policy.words(blockedPaths), !p.isEmpty {
            lines.append("Outside changes to \(PullChecks.list(p)) are not taken; open an issue first.")
        }
        return lines
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let files = input.contribution.files
        guard input.isPull, !files.isEmpty else { return [] }
        let policy = input.policy
        var found: [PolicyViolation] = []
        if let allowed = policy.words(Self.allowedExtensions), !allowed.isEmpty {
            let extensions = Set(allowed.map { ($0.hasPrefix(".") ? $0 : "." + $0).lowercasedFast })
            let off = files.filter { file in
                let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
                guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return false }
                return !extensions.contains(String(name[dot...]).lowercasedFast)
            }
            if !off.isEmpty {
                found.append(
                    input.violation(
                        Self.id, Self.allowedExtensions.key,
                        "This pull request changes files of a kind the project does not keep ("
                            + extensions.sorted().joined(separator: ", ") + " only).",
                        off.map { "`\($0.path)`" }))
            }
        }
        let blocked = policy.words(Self.blockedPaths) ?? []
        let blockedHits = files.compactMap { file in PullChecks.path(file.path, isIn: blocked).map { (file, $0) } }
        if !blockedHits.isEmpty {
            found.append(
                input.violation(
                    Self.id, Self.blockedPaths.key,
                    "This pull request changes files the project does not take outside changes to; please open an "
                        + "issue first if they need changing.",
                    blockedHits.map { "`\($0.0.path)` (blocked: `\($0.1)`)" }))
        }
        if let allowed = policy.words(Self.allowedPaths), !allowed.isEmpty {
            let outside = files.filter { PullChecks.path($0.path, isIn: allowed) == nil }
            if !outside.isEmpty {
                found.append(
                    input.violation(
                        Self.id, Self.allowedPaths.key,
                        "This pull request changes files outside the parts of the project open to outside changes ("
                            + allowed.map { "`\($0)`" }.joined(separator: ", ") + ").",
                        outside.map { "`\($0.path)`" }))
            }
        }
        return found
    }

    public static let triggeringExamples = [
        PolicyExample(
            "a typo fix to the README",
            Example.pull(
                body: "Fix typo.", association: "NONE", files: [Example.file("README.md", added: 1, removed: 1)]),
            policy: { $0.settings[blockedPaths.key] = .words(["README.md", "LICENSE"]) }),
        PolicyExample(
            "Python added to a PHP project",
            Example.pull(body: "Adds a helper.", files: [Example.file("tools/helper.py", added: 40)]),
            policy: { $0.settings[allowedExtensions.key] = .words([".php", "json"]) }),
        PolicyExample(
            "a file outside the open folders",
            Example.pull(body: "Fixes #12.", files: [Example.file(".github/workflows/ci.yml", added: 3)]),
            policy: { $0.settings[allowedPaths.key] = .words(["src/", "tests/"]) }),
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "source and tests, a Makefile and a dotfile",
            Example.pull(
                body: "Fixes #12.",
                files: [
                    Example.file("src/Parser.php", added: 10), Example.file("tests/ParserTest.php", added: 20),
                    Example.file("Makefile", added: 1), Example.file(".gitignore", added: 1),
                ]),
            policy: {
                $0.settings[allowedExtensions.key] = .words([".php"])
                $0.settings[blockedPaths.key] = .words(["README.md", "docs/legal/"])
                $0.settings[allowedPaths.key] = .words(["src/", "tests/", "Makefile", ".gitignore"])
            })
    ]
}
