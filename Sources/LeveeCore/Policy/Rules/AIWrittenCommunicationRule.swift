import Foundation

/// The description, issue or comment reads as generated prose (`llm_prose_markers` at half strength or more) where the
/// policy asks people to write in their own words (`forbidden.ai_written_communication`); translation tools are fine
/// when the policy says `except_translation`. Its evidence is how the text sounds, so it labels
/// and comments but never closes (`ActionPlanner.backsIrreversibleAction`).
public struct AIWrittenCommunicationRule: PolicyRule {
    public static let id = "ai_written_communication"
    public static let key = "forbidden.ai_written_communication"
    public static let ids = [id]
    public static let keys = [key]
    public init() {}

    static let translationPhrases = [
        "translated", "translation", "translate", "not my first language", "not my native language",
        "non-native", "english is not my", "grammar", "deepl",
    ]

    public func check(_ input: PolicyInput) -> [PolicyViolation] {
        let forbidden = input.policy.forbidden
        guard forbidden.aiWrittenCommunication,
            let prose = input.signals.first(where: { $0.id == LLMProseMarkersSignal.id && $0.strength >= 0.5 })
        else { return [] }
        let text = (input.contribution.title + "\n" + input.contribution.body).lowercasedFast
        if forbidden.translationExempt && Self.translationPhrases.contains(where: { text.has($0) }) { return [] }
        return [
            input.violation(
                Self.id, Self.key,
                "Please write descriptions, issues and comments in your own words"
                    + (forbidden.translationExempt ? " (translation tools are fine)." : "."), prose.evidence)
        ]
    }

    static func forbidden(_ policy: inout Policy) { policy.forbidden.aiWrittenCommunication = true }
    static let generated = LLMProseMarkersSignal.triggeringExamples[0].contribution
    static var translated: Contribution {
        var c = generated
        c.body += "\n\n(English is not my first language; I used DeepL to translate this.)"
        return c
    }

    public static let triggeringExamples = [
        PolicyExample("generated prose", generated, policy: forbidden),
        PolicyExample("translated, where translation is not exempt", translated) {
            $0.forbidden.aiWrittenCommunication = true
            $0.forbidden.translationExempt = false
        },
    ]
    public static let nonTriggeringExamples = [
        PolicyExample("translated, and translation is fine", translated, policy: forbidden),
        PolicyExample(
            "plain prose", Example.pull(body: "Fixes #12: the parser read one byte too far."),
            policy: forbidden),
    ]
}
