import Foundation

/// The project's own pass/fail checks on a pull request's shape — branches, title, description, commits and files —
/// written under `pulls:` (anti-slop's inputs, each an opt-in rule of its own file here). Each is a policy rule: a
/// finding quotes the project's line and is acted on as the project's `actions.violations` say. Nothing here is on
/// unless the policy sets its key, and none of them applies to exempt authors (writers, bots, `exempt.*`).
///
/// `pulls.min_failures` carries anti-slop's `max-failures`: when set, these checks are reported only when at least
/// that many of them fail on the same pull request (one failing check alone is then not a finding).
public protocol PullCheck: PolicyRule {
    /// What the check asks, in sentences for `levee policy explain` and CONTRIBUTING; none when its keys are not set.
    static func explain(_ policy: Policy) -> [String]
}

/// A pull check on one key of its own: its ids, keys and settings follow from `id` and `setting`.
public protocol SingleKeyPullCheck: PullCheck {
    static var id: String { get }
    static var setting: RuleSetting { get }
}

extension SingleKeyPullCheck {
    public static var ids: [String] { [id] }
    public static var keys: [String] { [setting.key] }
    public static var settings: [RuleSetting] { [setting] }
}

public enum PullChecks {
    public static let minFailures = RuleSetting("pulls.min_failures", .count(1...30))

    /// Every pull check's sentences for the policy, and how many must fail together.
    public static func explain(_ policy: Policy) -> [String] {
        let lines = PolicyRules.all.compactMap { type(of: $0) as? any PullCheck.Type }.flatMap { $0.explain(policy) }
        guard !lines.isEmpty, let minimum = policy.count(minFailures), minimum > 1 else { return lines }
        return lines + ["These pull-request checks are reported when at least \(minimum) of them fail together."]
    }

    static func list(_ items: [String]) -> String { items.map { "`\($0)`" }.joined(separator: ", ") }

    /// The violation ids of every pull check.
    public static var ids: Set<String> {
        Set(PolicyRules.all.filter { $0 is any PullCheck }.flatMap { type(of: $0).ids })
    }

    /// The findings that stand: the pull checks' only when at least `pulls.min_failures` of them failed.
    static func applyingMinimum(_ violations: [PolicyViolation], policy: Policy) -> [PolicyViolation] {
        guard let minimum = policy.count(minFailures), minimum > 1 else { return violations }
        let ids = Self.ids
        let failed = Set(violations.lazy.filter { ids.contains($0.id) }.map { "\($0.id) \($0.rule)" })
        guard failed.count < minimum else { return violations }
        return violations.filter { !ids.contains($0.id) }
    }

    /// A branch or path pattern: `*` matches within one `/`-separated part, `**` across them; without either the
    /// pattern matches the whole name exactly.
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let p = Array(pattern.utf8)
        let n = Array(name.utf8)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == n.count }
            if p[i] == UInt8(ascii: "*") {
                let deep = i + 1 < p.count && p[i + 1] == UInt8(ascii: "*")
                let next = deep ? i + 2 : i + 1
                var k = j
                while true {
                    if match(next, k) { return true }
                    guard k < n.count, deep || n[k] != UInt8(ascii: "/") else { return false }
                    k += 1
                }
            }
            return j < n.count && p[i] == n[j] && match(i + 1, j + 1)
        }
        return match(0, 0)
    }

    /// A file path matched as anti-slop's path lists do: an entry ending in `/` is a folder and everything under it;
    /// any other entry the path itself (case-insensitive), `*` and `**` as in `glob`.
    static func path(_ path: String, isIn entries: [String]) -> String? {
        let lowered = path.lowercasedFast
        return entries.first { entry in
            let e = entry.lowercasedFast
            if e.hasSuffix("/") { return lowered.hasPrefix(e) || glob(e + "**", matches: lowered) }
            return glob(e, matches: lowered)
        }
    }

    /// `type: subject`, `type(scope): subject`, `type!: subject` (Conventional Commits' header; any type word).
    static func isConventional(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        var i = 0
        func isWord(_ b: UInt8) -> Bool { TextSearch.isASCIILetter(b) || (0x30...0x39).contains(b) || b == 0x5F }
        while i < bytes.count, isWord(bytes[i]) { i += 1 }
        guard i > 0 else { return false }
        if i < bytes.count, bytes[i] == UInt8(ascii: "(") {
            guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: ")")), close > i + 1 else { return false }
            i = close + 1
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "!") { i += 1 }
        guard i + 2 < bytes.count, bytes[i] == UInt8(ascii: ":"), bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09 else {
            return false
        }
        return bytes[(i + 2)...].contains { $0 != 0x20 && $0 != 0x09 }
    }

    /// How a commit is named in findings: its GitHub login, else its git name and address (an AI tool commits as
    /// `Claude <noreply@anthropic.com>`, with no account behind it).
    static func author(of commit: Commit) -> String {
        if let login = commit.authorLogin { return "@" + login }
        let name = commit.authorName ?? "unknown"
        return (commit.authorEmail.map { "\(name) <\($0)>" } ?? name) + " (no GitHub account)"
    }

    static func short(_ commit: Commit) -> String { String(commit.sha.prefix(7)) }
}
