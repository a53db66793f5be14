import Foundation

/// An AI-attribution trailer under one of the policy's keys (`disclosure.trailers.keys`) that does not match the
/// project's format (`disclosure.trailers.format`, a regular expression; the kernel's `Assisted-by: AGENT:MODEL`).
public struct TrailerFormatRule: PolicyRule {
    public static let ids = [DisclosureRule.malformed]
    public static let key = PolicyField.trailerFormat.path
    public static let keys = [key]
    public init() {}

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let rules = input.policy.disclosure.trailers
        guard let format = rules.format, let regex = try? Regex(format) else { return [] }
        let keys = Set(rules.keys.map { $0.lowercasedFast })
        let bad = input.disclosure.trailers.filter { trailer in
            keys.contains(trailer.key.lowercasedFast) && trailer.role == .attribution
                && (try? regex.wholeMatch(in: trailer.value)) == nil
        }
        guard !bad.isEmpty else { return [] }
        let example = rules.example.map { " such as “\($0)”" } ?? ""
        return [
            input.violation(
                DisclosureRule.malformed, Self.key, "Write the trailer in the project's format\(example).",
                bad.map { "commit \($0.commit): “\($0.key): \($0.value)”" })
        ]
    }

    static func kernel(_ policy: inout Policy) {
        policy.stance = .disclosureRequired
        policy.disclosure.accept = [.trailer]
        policy.disclosure.trailers = .init(keys: ["Assisted-by"], format: #"[^\s:]+:[^\s:]+( \S+)*"#, example: "A:B")
    }

    public static let triggeringExamples = [
        PolicyExample(
            "the agent without its model",
            Example.pull(body: "", commits: [Example.commit("x\n\nAssisted-by: Claude")]), policy: kernel)
    ]
    public static let nonTriggeringExamples = [
        PolicyExample(
            "agent, model and a tool",
            Example.pull(body: "", commits: [Example.commit("x\n\nAssisted-by: Claude:claude-3-opus coccinelle")]),
            policy: kernel)
    ]
}
