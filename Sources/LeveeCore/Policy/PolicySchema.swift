import Foundation

/// One key of `.github/levee.yml` that holds a value: its dotted path, and what it holds and where in `Policy`. The
/// loader reads each by its kind (with a located error for a bad value), the writer writes each back, and rules quote
/// a key by its field (`PolicyField.openPRsPerNonWriter.path`): a key's spelling is written once, here or — for a
/// `forbidden.*` flag and the keys rules declare (`RuleSetting`) — in its rule's file.
public struct PolicyField: @unchecked Sendable {  // Its key paths and closures are immutable values.
    /// The dotted key (`lifecycle.awaiting_author.stale_after_days`).
    public let path: String
    public let kind: Kind

    public init(_ path: String, _ kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// What a key holds, with where its value lives in `Policy`.
    public enum Kind {
        case flag(WritableKeyPath<Policy, Bool>)
        /// A whole number in a range.
        case count(WritableKeyPath<Policy, Int>, ClosedRange<Int>)
        /// A whole number in a range, or `null` for none.
        case optionalCount(WritableKeyPath<Policy, Int?>, ClosedRange<Int>)
        /// A number in a range (points, ratios).
        case amount(WritableKeyPath<Policy, Double>, ClosedRange<Double>)
        /// A number of days, more than 0 and at most ten years.
        case days(WritableKeyPath<Policy, Double>)
        /// A score from 0 to 1 that overrides the model's; unset follows the model.
        case fraction(WritableKeyPath<Policy, Double?>)
        case text(WritableKeyPath<Policy, String>, TextCheck = .any)
        /// Text, or `null` for none.
        case optionalText(WritableKeyPath<Policy, String?>, TextCheck = .any)
        /// One text or a list of them, each checked.
        case texts(WritableKeyPath<Policy, [String]>, TextCheck = .any)
        /// One of an enumeration's values.
        case choice(Choice)
        /// A list of an enumeration's values.
        case choices(Choice)
        /// `[login, …]` or `[{login: x, capacity: 3}, …]` (`PolicySchema.HelperKey`).
        case helpers(WritableKeyPath<Policy, [Helper]>)
        /// `[sentence, …]` or `[{use: sentence, examples: […]}, …]` (`PolicySchema.UseKey`).
        case uses(WritableKeyPath<Policy, [Zones.Use]>)
        /// What to do on a verdict (`PolicySchema.ActionSetKey`).
        case actionSet(Verdict)
        /// Keys whose value is read by hand: see `Special`.
        case special(Special)
    }

    /// A check a text value passes before it is taken, by name; the loader carries them out.
    public enum TextCheck: Sendable {
        case any
        /// A path inside the repository (no leading `/`, no `..`), trimmed.
        case pathInRepository
        /// `owner/repo:path` or a path in this repository.
        case listLocation
        /// One word, no spaces.
        case oneWord
        /// A regular expression.
        case regularExpression
        /// A section heading: `#` and spaces trimmed, not empty.
        case heading
        /// Trimmed, at least this many characters, described as the second value.
        case atLeast(Int, String)
        /// The comment template: only known `{{placeholders}}`.
        case commentTemplate
    }

    /// The `special` keys.
    public enum Special: Sendable {
        /// `version: 1`.
        case version
        /// `disclosure.checkboxes`: a mapping (`PolicySchema.CheckboxKey`) or `null` for no checkbox set.
        case checkboxes
        /// `forbidden.ai_written_communication`: `true`, `false` or `except_translation`.
        case aiWrittenCommunication
        /// `weights.<signal id>`: a number from -20 to 20.
        case weights
        /// `signals.<signal id>`: a `SignalMode`.
        case signals
        /// `actions.violations.<id>`: an action set that may raise the verdict.
        case violations
    }

    /// An enumeration's values read and written as text.
    public struct Choice {
        public let allowed: [String]
        public let get: (Policy) -> [String]
        public let set: (inout Policy, [String]) -> Void
        /// An empty list is refused.
        public let atLeastOne: Bool

        public static func one<E: RawRepresentable & CaseIterable>(_ path: WritableKeyPath<Policy, E>) -> Choice
        where E.RawValue == String {
            Choice(
                allowed: E.allCases.map(\.rawValue), get: { [$0[keyPath: path].rawValue] },
                set: { policy, values in
                    if let value = values.first.flatMap(E.init(rawValue:)) { policy[keyPath: path] = value }
                }, atLeastOne: true)
        }

        public static func list<E: RawRepresentable & CaseIterable>(_ path: WritableKeyPath<Policy, [E]>) -> Choice
        where E.RawValue == String {
            Choice(
                allowed: E.allCases.map(\.rawValue), get: { $0[keyPath: path].map(\.rawValue) },
                set: { policy, values in policy[keyPath: path] = values.compactMap(E.init(rawValue:)) },
                atLeastOne: false)
        }

        public static func set<E: RawRepresentable & CaseIterable & Hashable>(
            _ path: WritableKeyPath<Policy, Set<E>>, atLeastOne: Bool = false
        ) -> Choice where E.RawValue == String {
            Choice(
                allowed: E.allCases.map(\.rawValue), get: { $0[keyPath: path].map(\.rawValue).sorted() },
                set: { policy, values in policy[keyPath: path] = Set(values.compactMap(E.init(rawValue:))) },
                atLeastOne: atLeastOne)
        }
    }

    /// Where the key is written: everything before its last dot, or "" at the top level.
    public var section: String {
        guard let dot = path.lastIndex(of: ".") else { return "" }
        return String(path[..<dot])
    }

    /// The key's own name within its section.
    public var name: String {
        guard let dot = path.lastIndex(of: ".") else { return path }
        return String(path[path.index(after: dot)...])
    }
}

// MARK: The keys

extension PolicyField {
    public static let version = PolicyField("version", .special(.version))
    public static let name = PolicyField("name", .optionalText(\.name))
    public static let source = PolicyField("source", .optionalText(\.source))
    public static let shadow = PolicyField("shadow", .flag(\.shadow))
    public static let stance = PolicyField("ai.stance", .choice(.one(\.stance)))

    public static let requiredFor = PolicyField(
        "disclosure.required_for", .choices(.set(\.disclosure.requiredFor)))
    public static let when = PolicyField("disclosure.when", .choice(.one(\.disclosure.when)))
    public static let accept = PolicyField(
        "disclosure.accept", .choices(.set(\.disclosure.accept, atLeastOne: true)))
    public static let headings = PolicyField("disclosure.section.headings", .texts(\.disclosure.headings))
    public static let checkboxes = PolicyField("disclosure.checkboxes", .special(.checkboxes))
    /// `disclosure.checkboxes.exactly_one`, inside the checkbox set's mapping.
    public static var exactlyOne: String { checkboxes.path + "." + PolicySchema.CheckboxKey.exactlyOne.rawValue }
    public static let trailerKeys = PolicyField("disclosure.trailers.keys", .texts(\.disclosure.trailers.keys))
    public static let trailerFormat = PolicyField(
        "disclosure.trailers.format", .optionalText(\.disclosure.trailers.format, .regularExpression))
    public static let trailerExample = PolicyField(
        "disclosure.trailers.example", .optionalText(\.disclosure.trailers.example))
    public static let reportFields = PolicyField("disclosure.report_fields", .texts(\.disclosure.reportFields))
    public static let mustNameTools = PolicyField("disclosure.must_name_tools", .flag(\.disclosure.mustNameTools))
    public static let mustDescribeScope = PolicyField(
        "disclosure.must_describe_scope", .flag(\.disclosure.mustDescribeScope))
    public static let prompts = PolicyField("disclosure.prompts", .choice(.one(\.disclosure.prompts)))

    public static let aiWrittenCommunication = PolicyField(
        AIWrittenCommunicationRule.key, .special(.aiWrittenCommunication))

    public static let allowedUses = PolicyField("zones.allowed", .uses(\.zones.allowed))
    public static let grayUses = PolicyField("zones.gray", .uses(\.zones.gray))
    public static let forbiddenUses = PolicyField("zones.forbidden", .uses(\.zones.forbidden))

    public static let openPRsPerNonWriter = PolicyField(
        "caps.open_prs_per_non_writer", .optionalCount(\.caps.openPRsPerNonWriter, 1...10_000))
    public static let openAIPRsPerAuthor = PolicyField(
        "caps.open_ai_prs_per_author", .optionalCount(\.caps.openAIPRsPerAuthor, 0...10_000))

    public static let welcomeBelow = PolicyField(
        "thresholds.welcome_below", .fraction(\.thresholds.general.welcomeBelow))
    public static let needsAuthorFrom = PolicyField(
        "thresholds.needs_author_from", .fraction(\.thresholds.general.needsAuthorFrom))
    public static let likelySlopFrom = PolicyField(
        "thresholds.likely_slop_from", .fraction(\.thresholds.general.likelySlopFrom))
    /// The security-report scale's three, in the order of the general ones.
    public static let reportThresholds: [PolicyField] = [
        PolicyField(
            "thresholds.security_report." + welcomeBelow.name, .fraction(\.thresholds.securityReport.welcomeBelow)),
        PolicyField(
            "thresholds.security_report." + needsAuthorFrom.name,
            .fraction(\.thresholds.securityReport.needsAuthorFrom)),
        PolicyField(
            "thresholds.security_report." + likelySlopFrom.name, .fraction(\.thresholds.securityReport.likelySlopFrom)),
    ]

    public static let weights = PolicyField("weights", .special(.weights))
    public static let signals = PolicyField("signals", .special(.signals))

    public static let exemptWriters = PolicyField("exempt.writers", .flag(\.exempt.writers))
    public static let exemptBots = PolicyField("exempt.bots", .texts(\.exempt.bots))
    public static let exemptUsers = PolicyField("exempt.users", .texts(\.exempt.users))
    public static let exemptVouched = PolicyField("exempt.vouched", .flag(\.exempt.vouched))
    public static let exemptLabels = PolicyField("exempt.labels", .texts(\.exempt.labels))
    public static let exemptDrafts = PolicyField("exempt.drafts", .flag(\.exempt.drafts))
    public static let exemptMilestones = PolicyField("exempt.milestones", .texts(\.exempt.milestones))

    public static let violations = PolicyField("actions.violations", .special(.violations))
    /// `actions.<verdict>`.
    public static func actions(_ verdict: Verdict) -> PolicyField {
        PolicyField(violations.section + "." + verdict.rawValue, .actionSet(verdict))
    }
    /// `actions.violations.<id>`.
    public static func violation(_ id: String) -> String { violations.path + "." + id }
    public static let commentTemplate = PolicyField(
        "actions.comment", .optionalText(\.actions.commentTemplate, .commentTemplate))

    public static let knownContributorAfter = PolicyField(
        "trust.known_contributor_after", .count(\.trust.knownContributorAfter, 1...10_000))
    public static let maintainers = PolicyField("trust.maintainers", .texts(\.trust.maintainers))
    public static let vouchFile = PolicyField("trust.vouch_file", .text(\.trust.vouchFile))
    public static let inherit = PolicyField("trust.inherit", .texts(\.trust.inherit, .listLocation))
    public static let managersFile = PolicyField(
        "trust.managers_file", .optionalText(\.trust.managersFile, .listLocation))
    public static let codeowners = PolicyField("trust.codeowners", .flag(\.trust.codeowners))
    public static let vouchCommand = PolicyField("trust.commands.vouch", .texts(\.trust.commands.vouch, .oneWord))
    public static let denounceCommand = PolicyField(
        "trust.commands.denounce", .texts(\.trust.commands.denounce, .oneWord))
    public static let unvouchCommand = PolicyField(
        "trust.commands.unvouch", .texts(\.trust.commands.unvouch, .oneWord))
    public static let bareCommands = PolicyField("trust.commands.bare", .flag(\.trust.commands.bare))
    public static let reputationEnabled = PolicyField("trust.reputation.enabled", .flag(\.trust.reputation.enabled))
    public static let startingBalance = PolicyField(
        "trust.reputation.starting_balance", .amount(\.trust.reputation.startingBalance, 0...1_000_000))
    public static let stakePerReviewMinute = PolicyField(
        "trust.reputation.stake_per_review_minute", .amount(\.trust.reputation.stakePerReviewMinute, 0...1000))
    public static let minimumStake = PolicyField(
        "trust.reputation.minimum_stake", .amount(\.trust.reputation.minimumStake, 0...1_000_000))
    public static let rewardRatio = PolicyField(
        "trust.reputation.reward_ratio", .amount(\.trust.reputation.rewardRatio, 0...10))

    public static let awaitingAuthorEnabled = PolicyField(
        "lifecycle.awaiting_author.enabled", .flag(\.lifecycle.awaitingAuthor.enabled))
    public static let staleAfterDays = PolicyField(
        "lifecycle.awaiting_author.stale_after_days", .days(\.lifecycle.awaitingAuthor.staleAfterDays))
    public static let closeAfterDays = PolicyField(
        "lifecycle.awaiting_author.close_after_days", .days(\.lifecycle.awaitingAuthor.closeAfterDays))
    public static let awaitingAuthorLabel = PolicyField(
        "lifecycle.awaiting_author.label", .text(\.lifecycle.awaitingAuthor.label))
    public static let staleLabel = PolicyField(
        "lifecycle.awaiting_author.stale_label", .text(\.lifecycle.awaitingAuthor.staleLabel))
    public static let holdLabels = PolicyField(
        "lifecycle.awaiting_author.hold_labels", .texts(\.lifecycle.awaitingAuthor.holdLabels))
    public static let closeByDefaultEnabled = PolicyField(
        "lifecycle.close_by_default.enabled", .flag(\.lifecycle.closeByDefault.enabled))
    public static let closeByDefaultTiers = PolicyField(
        "lifecycle.close_by_default.tiers", .choices(.list(\.lifecycle.closeByDefault.tiers)))
    public static let closeByDefaultMinWords = PolicyField(
        "lifecycle.close_by_default.min_words", .count(\.lifecycle.closeByDefault.minWords, 1...1000))
    public static let closeByDefaultLabel = PolicyField(
        "lifecycle.close_by_default.label", .text(\.lifecycle.closeByDefault.label))
    public static let firstTimerGateEnabled = PolicyField(
        "lifecycle.first_timer_gate.enabled", .flag(\.lifecycle.firstTimerGate.enabled))
    public static let firstTimerGateLabel = PolicyField(
        "lifecycle.first_timer_gate.label", .text(\.lifecycle.firstTimerGate.label))
    public static let newcomerLaneEnabled = PolicyField(
        "lifecycle.newcomer_lane.enabled", .flag(\.lifecycle.newcomerLane.enabled))
    public static let newcomerGuide = PolicyField(
        "lifecycle.newcomer_lane.guide", .text(\.lifecycle.newcomerLane.guide))
    public static let mentors = PolicyField(
        "lifecycle.newcomer_lane.mentors", .helpers(\.lifecycle.newcomerLane.mentors))
    public static let triagers = PolicyField("lifecycle.triagers", .helpers(\.lifecycle.triagers))
    public static let parkLabel = PolicyField("lifecycle.park_label", .text(\.lifecycle.parkLabel))

    public static let canary = PolicyField(
        "traps.canary", .optionalText(\.traps.canary, .atLeast(2, "a canary no person would write by chance")))
    public static let trapBox = PolicyField(
        "traps.box", .optionalText(\.traps.box, .atLeast(12, "the checkbox's text")))

    public static let templatePath = PolicyField("template.path", .optionalText(\.template.path, .pathInRepository))
    public static let requiredSections = PolicyField(
        "template.required_sections", .texts(\.template.requiredSections, .heading))
    public static let everyBoxTicked = PolicyField("template.every_box_ticked", .flag(\.template.everyBoxTicked))
}

/// The keys of `.github/levee.yml` in one table, in the order the writer writes them: the loader accepts exactly
/// these (with the keys rules declare for themselves, `PolicyRules.settings`) and reads each by its kind, the writer
/// (`PolicyDocuments.yaml`) writes each back, and `DocumentationTests` checks that docs/policy.md lists every one.
public enum PolicySchema {
    public static let fields: [PolicyField] = {
        let uses: WritableKeyPath<Policy, ForbiddenUses> = \.forbidden
        let forbidden = PolicyRules.forbidding.map { rule in
            PolicyField(rule.keys[0], .flag(uses.appending(path: rule.flag)))
        }
        var fields: [PolicyField] = [.version, .name, .source, .shadow, .stance]
        fields += [
            .requiredFor, .when, .accept, .headings, .checkboxes, .trailerKeys, .trailerFormat, .trailerExample,
            .reportFields, .mustNameTools, .mustDescribeScope, .prompts,
        ]
        fields += forbidden.prefix(2)
        fields.append(.aiWrittenCommunication)
        fields += forbidden.dropFirst(2)
        fields += [.allowedUses, .grayUses, .forbiddenUses, .openPRsPerNonWriter, .openAIPRsPerAuthor]
        fields += [.welcomeBelow, .needsAuthorFrom, .likelySlopFrom]
        fields += PolicyField.reportThresholds
        fields += [.weights, .signals]
        fields += [
            .exemptWriters, .exemptBots, .exemptUsers, .exemptVouched, .exemptLabels, .exemptDrafts, .exemptMilestones,
        ]
        fields += Verdict.allCases.map(PolicyField.actions)
        fields += [.violations, .commentTemplate]
        fields += [
            .knownContributorAfter, .maintainers, .vouchFile, .inherit, .managersFile, .codeowners, .vouchCommand,
            .denounceCommand, .unvouchCommand, .bareCommands, .reputationEnabled, .startingBalance,
            .stakePerReviewMinute, .minimumStake, .rewardRatio,
        ]
        fields += [
            .awaitingAuthorEnabled, .staleAfterDays, .closeAfterDays, .awaitingAuthorLabel, .staleLabel, .holdLabels,
            .closeByDefaultEnabled, .closeByDefaultTiers, .closeByDefaultMinWords, .closeByDefaultLabel,
            .firstTimerGateEnabled, .firstTimerGateLabel, .newcomerLaneEnabled, .newcomerGuide, .mentors, .triagers,
            .parkLabel,
        ]
        fields += [.canary, .trapBox, .templatePath, .requiredSections, .everyBoxTicked]
        return fields
    }()

    /// The field at a dotted path.
    public static let byPath: [String: PolicyField] = Dictionary(
        fields.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

    /// The keys inside a `disclosure.checkboxes` mapping, a helper (`lifecycle.triagers`), a zone's use and an
    /// action set.
    public enum CheckboxKey: String, CaseIterable, Sendable { case options, exactlyOne = "exactly_one" }
    public enum HelperKey: String, CaseIterable, Sendable { case login, capacity }
    public enum UseKey: String, CaseIterable, Sendable { case use, examples }
    public enum ActionSetKey: String, CaseIterable, Sendable {
        case labels, comment, close, lock, checkRun = "check_run", verdict
    }

    /// The keys of each section (`""`: the top level), in the table's order: the fields' own names and the sections
    /// they sit in.
    public static let sections: [String: [String]] = {
        var sections: [String: [String]] = [:]
        for field in fields {
            let parts = field.path.split(separator: ".").map(String.init)
            for depth in 0..<parts.count {
                let section = parts[..<depth].joined(separator: ".")
                if !(sections[section] ?? []).contains(parts[depth]) {
                    sections[section, default: []].append(parts[depth])
                }
            }
        }
        return sections
    }()

    /// The keys of one section (`""`: the top level), as the loader accepts them.
    public static func keys(_ section: String) -> [String] { sections[section] ?? [] }

    /// Every key that holds a value rather than a section, as a dotted path (`lifecycle.awaiting_author.enabled`),
    /// the rules' own keys included; the maps keyed by an id or a verdict (`signals`, `weights`, `actions.<verdict>`,
    /// `actions.violations`) are left out: docs/policy.md names them by their placeholder.
    public static var leafPaths: [String] {
        fields.flatMap { field -> [String] in
            switch field.kind {
            case .actionSet, .special(.weights), .special(.signals), .special(.violations): []
            case .special(.checkboxes): CheckboxKey.allCases.map { field.path + "." + $0.rawValue }
            default: [field.path]
            }
        } + PolicyRules.settings.map(\.key)
    }
}
