import Foundation

/// A commit's subject does not follow Conventional Commits while the project asks for it
/// (`pulls.conventional_commits`, anti-slop's `require-conventional-commits`). Merge commits and subjects ending in a
/// pull-request number (`… (#123)`, GitHub's squash title) are not read, as anti-slop does not.
public struct ConventionalCommitsRule: SingleKeyPullCheck {
    public static let id = "unconventional_commits"
    public static let setting = RuleSetting("pulls.conventional_commits", .flag)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.flag(setting) == true ? ["Commit messages follow Conventional Commits (`fix: …`)."] : []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.flag(Self.setting) == true else { return [] }
        let off = input.contribution.commits.filter { commit in
            let subject = commit.subject
            return !subject.hasPrefix("Merge ") && !Self.endsInPullNumber(subject)
                && !PullChecks.isConventional(subject)
        }
        guard !off.isEmpty else { return [] }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "The project writes commit messages as Conventional Commits (`fix: …`); please reword "
                    + (off.count == 1 ? "this commit." : "these \(off.count) commits."),
                off.map { "\(PullChecks.short($0)): “\(TextStats.quote($0.subject, limit: 70))”" })
        ]
    }

    static func endsInPullNumber(_ subject: String) -> Bool {
        guard subject.hasSuffix(")"), let open = subject.range(of: "(#", options: .backwards) else { return false }
        let digits = subject[open.upperBound..<subject.index(before: subject.endIndex)]
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func on(_ policy: inout Policy) { policy.settings[setting.key] = .flag(true) }

    public static let triggeringExamples = [
        PolicyExample(
            "one commit of two",
            Example.pull(commits: [Example.commit("fix(parser): stop at the quote"), Example.commit("Update parser.c")]
            ),
            policy: on)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "conventional, a merge and a squash title",
            Example.pull(commits: [
                Example.commit("fix(parser): stop at the quote"), Example.commit("Merge branch 'main' into fix"),
                Example.commit("Parser cleanup (#311)"),
            ]), policy: on),
        PolicyExample("not asked for", Example.pull(commits: [Example.commit("Update parser.c")])),
    ]
}
