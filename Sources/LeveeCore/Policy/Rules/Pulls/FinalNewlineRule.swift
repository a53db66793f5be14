import Foundation

/// A changed file ends without a newline while the project asks for one (`pulls.final_newline`, anti-slop's
/// `require-final-newline`): the diff's `\ No newline at end of file` after a line of the new side. Read from the
/// patches; a file whose patch is not at hand (binary, too large) is not judged.
public struct FinalNewlineRule: SingleKeyPullCheck {
    public static let id = "missing_final_newline"
    public static let setting = RuleSetting("pulls.final_newline", .flag)
    public init() {}

    public static func explain(_ policy: Policy) -> [String] {
        policy.flag(setting) == true ? ["Every changed file ends with a newline."] : []
    }

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.isPull, input.policy.flag(Self.setting) == true else { return [] }
        let missing = input.contribution.files.filter {
            $0.status != .removed && $0.hunks.last?.newSideLacksFinalNewline == true
        }
        guard !missing.isEmpty else { return [] }
        return [
            input.violation(
                Self.id, Self.setting.key,
                "The project's files end with a newline; please add one at the end of "
                    + (missing.count == 1 ? "this file." : "these \(missing.count) files."),
                missing.map { "`\($0.path)`: no newline at end of file" })
        ]
    }

    static func on(_ policy: inout Policy) { policy.settings[setting.key] = .flag(true) }

    public static let triggeringExamples = [
        PolicyExample(
            "a new last line without a newline",
            Example.pull(files: [
                Example.patched("src/parse.c", "@@ -1,1 +1,2 @@\n int x;\n+int y;\n\\ No newline at end of file\n")
            ]), policy: on)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "the change adds the missing newline",
            Example.pull(files: [
                Example.patched("src/parse.c", "@@ -1,1 +1,1 @@\n-int x;\n\\ No newline at end of file\n+int x;\n")
            ]), policy: on),
        PolicyExample(
            "not asked for",
            Example.pull(files: [
                Example.patched("src/parse.c", "@@ -1,1 +1,2 @@\n int x;\n+int y;\n\\ No newline at end of file\n")
            ])),
    ]
}
