import Foundation

/// Flags a pull request made for an event's reward rather than for the project: it names Hacktoberfest (or asks
/// for its `hacktoberfest-accepted` label), or says it is for a T-shirt or swag. Hacktoberfest lets maintainers mark
/// such pull requests `invalid` or `spam` so they do not count; the event itself is welcome where a project takes
/// part, so a mention in the description of a real change weighs half as much as a title or a request for the label.
public struct EventCreditSignal: Signal {
    public static let id = "event_credit"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds): never shipped as points, set as if it had been.
    public static let priorPoints: Double = 4
    /// Behaviour: the change says it was made for an event's count (Hacktoberfest's label, a T-shirt).
    public static let evidenceClass: EvidenceClass = .behaviour
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest || c.kind == .issue, c.author?.hasWriteAccess != true else { return nil }
        let title = c.title.lowercasedFast
        let body = context.observed.text.loweredBody
        var evidence: [String] = []
        var strength = 0.0
        if Self.mentionsEvent(title) {
            evidence.append("the title names the event: “\(TextStats.quote(c.title))”")
            strength = 1
        }
        // One pass over the description for every cue; its lines are read only for the cues it has.
        let cues = Self.cues.matches(in: body)
        let namesEvent = cues.contains { $0 < 2 }
        let namesReward = cues.contains { $0 >= 2 }
        if namesEvent, let label = Self.labelRequest(c.body) {
            evidence.append("asks for the event's label: “\(TextStats.quote(label))”")
            strength = 1
        } else if namesReward, let reward = Self.reward(c.body) {
            evidence.append("says it is for the reward: “\(TextStats.quote(reward))”")
            strength = 1
        } else if namesEvent {
            evidence.append("the description names Hacktoberfest")
            strength = max(strength, 0.5)
        }
        guard !evidence.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: strength, evidence: evidence,
            message: "This looks made for an event's count; contributions are welcome when they fix or improve "
                + "something this project needs — please say what and why.")
    }

    static func mentionsEvent(_ lowered: String) -> Bool {
        lowered.has("hacktober") || lowered.has("hactoberfest")
    }

    /// The event's names (`mentionsEvent`), then the reward's words (`reward`): what the description is searched for.
    static let cues = PhraseSet(["hacktober", "hactoberfest", "shirt", "swag"])

    /// The line that asks for a Hacktoberfest label.
    static func labelRequest(_ body: String) -> String? {
        TextStats.lines(body).first { raw in
            let line = raw.lowercasedFast
            return mentionsEvent(line) && (line.contains("label") || line.contains("lable") || line.contains("accept"))
        }.map(String.init)
    }

    /// The line that says the change is for a T-shirt or swag.
    static func reward(_ body: String) -> String? {
        TextStats.lines(body).first { raw in
            let words = Set(raw.lowercasedFast.split(whereSeparator: { !($0.isLetter || $0 == "-") }))
            return words.contains("t-shirt") || words.contains("tshirt") || words.contains("swag")
        }.map(String.init)
    }

    public static let triggeringExamples = [
        SignalExample("event as title", Example.pull(title: "Hacktoberfest 2022", association: "NONE")),
        SignalExample(
            "asks for the label",
            Example.pull(title: "Update style.css", body: "Please add the hacktoberfest-accepted label")),
        SignalExample("for the shirt", Example.pull(title: "Add my name", body: "Doing this for the t-shirt :)")),
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "an API named swagger",
            Example.pull(title: "Add swagger docs for /schedules", body: "Adds the Swagger spec for the endpoint.")),
        SignalExample(
            "a maintainer's event housekeeping",
            Example.pull(title: "Hacktoberfest: label good first issues", association: "OWNER")),
        SignalExample("an ordinary fix", Example.pull(title: "Fix crash on empty config", body: "Fixes #12.")),
    ]
}
