import Foundation

/// What the three trailer rules share: a commit trailer of one role (`AITrailer.Role`) that the policy forbids.
protocol ForbiddenTrailer: ForbiddingRule {
    static var role: AITrailer.Role { get }
    static var message: String { get }
}

extension ForbiddenTrailer {
    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        guard input.policy.forbidden[keyPath: Self.flag] else { return [] }
        let trailers = input.disclosure.trailers.filter { $0.role == Self.role }
        guard !trailers.isEmpty else { return [] }
        return [
            input.violation(
                Self.ids[0], Self.keys[0], Self.message,
                trailers.map { "commit \($0.commit): “\($0.key): \($0.value)”" })
        ]
    }

    /// A pull request with one commit whose message ends in this trailer.
    static func example(_ name: String, trailer: String, forbidden: Bool = true) -> PolicyExample {
        PolicyExample(name, Example.pull(body: "Fixes #12.", commits: [Example.commit("Fix parsing\n\n" + trailer)])) {
            if forbidden { $0.forbidden = Self.forbidding }
        }
    }

    /// Every trailer rule on: each example must still report only its own role.
    static var forbidding: ForbiddenUses {
        var all = ForbiddenUses()
        all.aiCoauthorTrailers = true
        all.aiAttributionTrailers = true
        all.aiSignedOffBy = true
        return all
    }
}
