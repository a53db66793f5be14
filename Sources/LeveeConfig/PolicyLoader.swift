import Foundation
import LeveeCore
import Yams

/// Reads `.github/levee.yml` into a `Policy`. Every key is optional and has a documented default
/// (`docs/policy.md`); unknown keys, wrong types and values out of range are errors that name the file, line,
/// column and key path, say what was expected, list the allowed values and suggest the closest one.
public enum PolicyLoader {
    /// Where a repository keeps its policy, relative to its root.
    public static let path = ".github/levee.yml"

    public static var topLevelKeys: [String] { PolicySchema.keys("") }

    public static func load(contentsOf path: String) throws(PolicyError) -> Policy {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw PolicyError([PolicyDiagnostic(file: path, line: 1, column: 1, path: "", message: reason)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError([PolicyDiagnostic(file: path, line: 1, column: 1, path: "", message: "not UTF-8 text")])
        }
        return try load(yaml: text, file: path)
    }

    public static func load(yaml: String, file: String = PolicyLoader.path) throws(PolicyError) -> Policy {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw PolicyError([diagnostic(for: error, file: file)])
        }
        var policy = Policy()
        guard let root else { return policy }  // An empty file is the default policy.
        let reader = Reader(file: file, source: yaml)
        reader.read(root, into: &policy)
        if !reader.diagnostics.isEmpty {
            throw PolicyError(reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        policy.lines = reader.lines
        return policy
    }

    static func diagnostic(for error: any Error, file: String) -> PolicyDiagnostic {
        guard let yamlError = error as? YamlError else {
            return PolicyDiagnostic(file: file, line: 1, column: 1, path: "", message: "\(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let message = "not valid YAML: " + problem + (context.map { " \($0.text)" } ?? "")
            return PolicyDiagnostic(file: file, line: mark.line, column: mark.column, path: "", message: message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PolicyDiagnostic(
                file: file, line: context.mark.line, column: context.mark.column, path: "",
                message: "duplicate key(s) " + duplicates.map { "`\($0)`" }.joined(separator: ", "))
        default:
            return PolicyDiagnostic(file: file, line: 1, column: 1, path: "", message: "not valid YAML: \(yamlError)")
        }
    }
}

/// Walks the YAML tree, filling a policy and collecting every problem.
final class Reader {
    let file: String
    let sourceLines: [Substring]
    var diagnostics: [PolicyDiagnostic] = []
    var lines: [String: PolicyLine] = [:]

    init(file: String, source: String) {
        self.file = file
        self.sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    // MARK: The schema

    func read(_ root: Node, into policy: inout Policy) {
        guard let top = mapping(root, "", keys: PolicyLoader.topLevelKeys) else { return }
        if let node = top["version"] { _ = int(node, "version", range: 1...1) }
        if let node = top["name"] { policy.name = string(node, "name") }
        if let node = top["source"] { policy.source = string(node, "source") }
        if let node = top["shadow"], let value = bool(node, "shadow") { policy.shadow = value }
        if let node = top["ai"], let ai = mapping(node, "ai", keys: PolicySchema.keys("ai")), let stance = ai["stance"],
            let value = choice(stance, "ai.stance", Policy.Stance.self)
        {
            policy.stance = value
        }
        if let node = top["disclosure"] { readDisclosure(node, into: &policy.disclosure) }
        if let node = top["forbidden"] { readForbidden(node, into: &policy.forbidden) }
        if let node = top["zones"] { readZones(node, into: &policy.zones) }
        if let node = top["caps"] { readCaps(node, into: &policy.caps) }
        if let node = top["thresholds"] { readThresholds(node, into: &policy.thresholds) }
        if let node = top["weights"] { readWeights(node, into: &policy.weights) }
        if let node = top["exempt"] { readExempt(node, into: &policy.exempt) }
        if let node = top["actions"] { readActions(node, into: &policy.actions) }
        if let node = top["trust"] { readTrust(node, into: &policy.trust) }
        if let node = top["lifecycle"] { readLifecycle(node, into: &policy.lifecycle) }
        if let node = top["traps"] { readTraps(node, into: &policy.traps) }
        if let node = top["template"] { readTemplate(node, into: &policy.template) }
        if let node = top["signals"], let map = mapping(node, "signals", keys: SignalCatalog.ids) {
            for (id, node) in map {
                if let mode = choice(node, "signals.\(id)", SignalMode.self) { policy.signals[id] = mode }
            }
        }
        readRuleSettings(root, into: &policy)
    }

    func readTraps(_ node: Node, into traps: inout Traps) {
        guard let map = mapping(node, "traps", keys: PolicySchema.keys("traps")) else { return }
        func text(_ key: String, atLeast length: Int, _ what: String) -> String? {
            guard let node = map[key], !isNull(node), let text = string(node, "traps.\(key)")?.trimmed else {
                return nil
            }
            guard text.count >= length else {
                fail(node, "traps.\(key)", "expected \(what) (\(length) or more characters), got \(show(node))")
                return nil
            }
            return text
        }
        traps.canary = text("canary", atLeast: 2, "a canary no person would write by chance")
        traps.box = text("box", atLeast: 12, "the checkbox's text")
    }

    func readTemplate(_ node: Node, into t: inout TemplatePolicy) {
        guard let map = mapping(node, "template", keys: PolicySchema.keys("template")) else { return }
        if let node = map["every_box_ticked"], !isNull(node), let value = bool(node, "template.every_box_ticked") {
            t.everyBoxTicked = value
        }
        if let node = map["path"], !isNull(node), let path = string(node, "template.path")?.trimmed {
            if path.isEmpty || path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                fail(node, "template.path", "expected a path inside the repository (`.github/…`), got \(show(node))")
            } else {
                t.path = path
            }
        }
        if let node = map["required_sections"], !isNull(node),
            let names = strings(node, "template.required_sections")
        {
            let headings = names.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "# ")).trimmed }
            if headings.contains(where: \.isEmpty) {
                fail(
                    node, "template.required_sections",
                    "expected section headings (`What this changes`), got an empty one")
            } else {
                t.requiredSections = headings
            }
        }
    }

    func readLifecycle(_ node: Node, into l: inout LifecyclePolicy) {
        guard let map = mapping(node, "lifecycle", keys: PolicySchema.keys("lifecycle")) else { return }
        func days(_ node: Node, _ path: String) -> Double? {
            guard let value = number(node, path) else { return nil }
            guard value > 0, value <= 3650 else {
                fail(node, path, "expected a number of days from more than 0 to 3650, got \(show(node))")
                return nil
            }
            return value
        }
        if let node = map["awaiting_author"] {
            if let a = mapping(node, "lifecycle.awaiting_author", keys: PolicySchema.keys("lifecycle.awaiting_author"))
            {
                let p = "lifecycle.awaiting_author."
                if let n = a["enabled"], let v = bool(n, p + "enabled") { l.awaitingAuthor.enabled = v }
                if let n = a["stale_after_days"], let v = days(n, p + "stale_after_days") {
                    l.awaitingAuthor.staleAfterDays = v
                }
                if let n = a["close_after_days"], let v = days(n, p + "close_after_days") {
                    l.awaitingAuthor.closeAfterDays = v
                }
                if let n = a["label"], let v = string(n, p + "label") { l.awaitingAuthor.label = v }
                if let n = a["stale_label"], let v = string(n, p + "stale_label") { l.awaitingAuthor.staleLabel = v }
                if let n = a["hold_labels"], let v = strings(n, p + "hold_labels") { l.awaitingAuthor.holdLabels = v }
            }
        }
        if let node = map["close_by_default"],
            let c = mapping(node, "lifecycle.close_by_default", keys: PolicySchema.keys("lifecycle.close_by_default"))
        {
            let p = "lifecycle.close_by_default."
            if let n = c["enabled"], let v = bool(n, p + "enabled") { l.closeByDefault.enabled = v }
            if let n = c["tiers"], let v = choices(n, p + "tiers", TrustTier.self) { l.closeByDefault.tiers = v }
            if let n = c["min_words"], let v = int(n, p + "min_words", range: 1...1000) {
                l.closeByDefault.minWords = v
            }
            if let n = c["label"], let v = string(n, p + "label") { l.closeByDefault.label = v }
        }
        if let node = map["first_timer_gate"],
            let g = mapping(node, "lifecycle.first_timer_gate", keys: PolicySchema.keys("lifecycle.first_timer_gate"))
        {
            if let n = g["enabled"], let v = bool(n, "lifecycle.first_timer_gate.enabled") {
                l.firstTimerGate.enabled = v
            }
            if let n = g["label"], let v = string(n, "lifecycle.first_timer_gate.label") { l.firstTimerGate.label = v }
        }
        if let node = map["newcomer_lane"],
            let lane = mapping(node, "lifecycle.newcomer_lane", keys: PolicySchema.keys("lifecycle.newcomer_lane"))
        {
            if let n = lane["enabled"], let v = bool(n, "lifecycle.newcomer_lane.enabled") {
                l.newcomerLane.enabled = v
            }
            if let n = lane["guide"], let v = string(n, "lifecycle.newcomer_lane.guide") { l.newcomerLane.guide = v }
            if let n = lane["mentors"], let v = helpers(n, "lifecycle.newcomer_lane.mentors") {
                l.newcomerLane.mentors = v
            }
        }
        if let node = map["triagers"], let v = helpers(node, "lifecycle.triagers") { l.triagers = v }
        if let node = map["park_label"], let v = string(node, "lifecycle.park_label") { l.parkLabel = v }
    }

    /// `[login, …]` or `[{login: x, capacity: 3}, …]`.
    func helpers(_ node: Node, _ path: String) -> [Helper]? {
        guard case .sequence(let items) = node else {
            fail(node, path, "expected a list of logins or {login, capacity}, got \(show(node))")
            return nil
        }
        return items.enumerated().compactMap { index, item -> Helper? in
            let itemPath = "\(path)[\(index)]"
            if case .scalar = item, let login = string(item, itemPath) { return Helper(login: login) }
            guard let entry = mapping(item, itemPath, keys: ["login", "capacity"], recordLines: false),
                let loginNode = entry["login"], let login = string(loginNode, itemPath + ".login")
            else {
                fail(item, itemPath, "a helper needs `login:` and may have `capacity:`")
                return nil
            }
            let capacity = entry["capacity"].flatMap { int($0, itemPath + ".capacity", range: 1...1000) } ?? 3
            return Helper(login: login, capacity: capacity)
        }
    }

    func readTrust(_ node: Node, into t: inout TrustPolicy) {
        guard let map = mapping(node, "trust", keys: PolicySchema.keys("trust")) else { return }
        if let node = map["inherit"], let value = strings(node, "trust.inherit") {
            for (index, item) in value.enumerated() where !Self.isListLocation(item) {
                fail(node, "trust.inherit[\(index)]", "expected owner/repo:path or a path in this repository")
            }
            t.inherit = value
        }
        if let node = map["managers_file"], let value = string(node, "trust.managers_file") {
            if !Self.isListLocation(value) {
                fail(node, "trust.managers_file", "expected owner/repo:path or a path in this repository")
            }
            t.managersFile = value
        }
        if let node = map["codeowners"], let value = bool(node, "trust.codeowners") { t.codeowners = value }
        if let node = map["commands"],
            let commands = mapping(node, "trust.commands", keys: PolicySchema.keys("trust.commands"))
        {
            for key in ["vouch", "denounce", "unvouch"] {
                guard let node = commands[key], let words = strings(node, "trust.commands.\(key)") else { continue }
                if let bad = words.first(where: { $0.isEmpty || $0.contains(where: \.isWhitespace) }) {
                    fail(node, "trust.commands.\(key)", "`\(bad)` is not one word")
                }
                switch key {
                case "vouch": t.commands.vouch = words
                case "denounce": t.commands.denounce = words
                default: t.commands.unvouch = words
                }
            }
            let all = (t.commands.vouch + t.commands.denounce + t.commands.unvouch).map { $0.lowercased() }
            if let clash = all.first(where: { word in all.filter { $0 == word }.count > 1 }) {
                fail(node, "trust.commands", "`\(clash)` is the word of two commands")
            }
            if let node = commands["bare"], let value = bool(node, "trust.commands.bare") { t.commands.bare = value }
        }
        if let node = map["known_contributor_after"],
            let value = int(node, "trust.known_contributor_after", range: 1...10_000)
        {
            t.knownContributorAfter = value
        }
        if let node = map["maintainers"], let value = strings(node, "trust.maintainers") { t.maintainers = value }
        if let node = map["vouch_file"], let value = string(node, "trust.vouch_file") { t.vouchFile = value }
        guard let node = map["reputation"],
            let rules = mapping(node, "trust.reputation", keys: PolicySchema.keys("trust.reputation"))
        else {
            return
        }
        if let node = rules["enabled"], let value = bool(node, "trust.reputation.enabled") {
            t.reputation.enabled = value
        }
        func amount(_ key: String, _ range: ClosedRange<Double>) -> Double? {
            guard let node = rules[key], let value = number(node, "trust.reputation.\(key)") else { return nil }
            guard range.contains(value) else {
                fail(
                    node, "trust.reputation.\(key)", "expected a number from \(range.lowerBound) to \(range.upperBound)"
                )
                return nil
            }
            return value
        }
        if let value = amount("starting_balance", 0...1_000_000) { t.reputation.startingBalance = value }
        if let value = amount("stake_per_review_minute", 0...1000) { t.reputation.stakePerReviewMinute = value }
        if let value = amount("minimum_stake", 0...1_000_000) { t.reputation.minimumStake = value }
        if let value = amount("reward_ratio", 0...10) { t.reputation.rewardRatio = value }
    }

    /// `owner/repo:path`, or a path in this repository.
    static func isListLocation(_ text: String) -> Bool {
        let (repository, path) = TrustPolicy.location(text)
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        guard let repository else { return true }
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
    }

    func readDisclosure(_ node: Node, into d: inout DisclosurePolicy) {
        guard let map = mapping(node, "disclosure", keys: PolicySchema.keys("disclosure")) else { return }
        if let node = map["required_for"], let kinds = choices(node, "disclosure.required_for", ContributionKind.self) {
            d.requiredFor = Set(kinds)
        }
        if let node = map["when"], let value = choice(node, "disclosure.when", DisclosurePolicy.When.self) {
            d.when = value
        }
        if let node = map["accept"], let forms = choices(node, "disclosure.accept", DisclosureForm.self) {
            if forms.isEmpty {
                fail(
                    node, "disclosure.accept", "at least one form must be accepted",
                    allowed: rawValues(DisclosureForm.self))
            }
            d.accept = Set(forms)
        }
        if let node = map["section"],
            let section = mapping(node, "disclosure.section", keys: PolicySchema.keys("disclosure.section")),
            let headings = section["headings"], let values = strings(headings, "disclosure.section.headings")
        {
            d.headings = values
        }
        if let node = map["checkboxes"] {
            if isNull(node) {
                d.checkboxes = nil
            } else if let boxes = mapping(
                node, "disclosure.checkboxes", keys: PolicySchema.keys("disclosure.checkboxes"))
            {
                var set = DisclosurePolicy.CheckboxSet(options: [], exactlyOne: false)
                if let options = boxes["options"], let values = strings(options, "disclosure.checkboxes.options") {
                    set.options = values
                }
                if set.options.isEmpty {
                    fail(node, "disclosure.checkboxes.options", "a checkbox set needs at least one option")
                }
                if let one = boxes["exactly_one"], let value = bool(one, "disclosure.checkboxes.exactly_one") {
                    set.exactlyOne = value
                }
                d.checkboxes = set
            }
        }
        if let node = map["trailers"],
            let trailers = mapping(node, "disclosure.trailers", keys: PolicySchema.keys("disclosure.trailers"))
        {
            if let keys = trailers["keys"], let values = strings(keys, "disclosure.trailers.keys") {
                d.trailers.keys = values
            }
            if let format = trailers["format"], let pattern = string(format, "disclosure.trailers.format") {
                do {
                    _ = try Regex(pattern)
                    d.trailers.format = pattern
                } catch {
                    fail(format, "disclosure.trailers.format", "not a valid regular expression: \(error)")
                }
            }
            if let example = trailers["example"] { d.trailers.example = string(example, "disclosure.trailers.example") }
            if let pattern = d.trailers.format, let example = d.trailers.example, let regex = try? Regex(pattern),
                (try? regex.wholeMatch(in: example)) == nil
            {
                fail(trailers["example"]!, "disclosure.trailers.example", "the example does not match `format`")
            }
        }
        if let node = map["report_fields"], let values = strings(node, "disclosure.report_fields") {
            d.reportFields = values
        }
        if let node = map["must_name_tools"], let value = bool(node, "disclosure.must_name_tools") {
            d.mustNameTools = value
        }
        if let node = map["must_describe_scope"], let value = bool(node, "disclosure.must_describe_scope") {
            d.mustDescribeScope = value
        }
        if let node = map["prompts"], let value = choice(node, "disclosure.prompts", DisclosurePolicy.Prompts.self) {
            d.prompts = value
        }
    }

    func readForbidden(_ node: Node, into f: inout ForbiddenUses) {
        guard let map = mapping(node, "forbidden", keys: PolicySchema.keys("forbidden")) else { return }
        for rule in PolicyRules.forbidding {
            let key = rule.keys[0]
            if let node = map[String(key.dropFirst("forbidden.".count))], let value = bool(node, key) {
                f[keyPath: rule.flag] = value
            }
        }
        if let node = map["ai_written_communication"] {
            let path = "forbidden.ai_written_communication"
            if case .scalar(let scalar) = node, scalar.string == "except_translation" {
                f.aiWrittenCommunication = true
                f.translationExempt = true
            } else if case .scalar(let scalar) = node, ["true", "false"].contains(scalar.string), scalar.style == .plain
            {
                // `true` forbids translation too; `false` leaves the exemption as it was (it then has no effect).
                f.aiWrittenCommunication = scalar.string == "true"
                if f.aiWrittenCommunication { f.translationExempt = false }
            } else {
                fail(
                    node, path, "expected true, false or except_translation, got \(show(node))",
                    allowed: ["true", "false", "except_translation"],
                    suggestion: DidYouMean.suggest(node.string ?? "", among: ["except_translation"]))
            }
        }
    }

    func readZones(_ node: Node, into zones: inout Zones) {
        guard let map = mapping(node, "zones", keys: PolicySchema.keys("zones")) else { return }
        func uses(_ key: String) -> [Zones.Use]? {
            guard let node = map[key] else { return nil }
            let path = "zones.\(key)"
            guard case .sequence(let items) = node else {
                fail(node, path, "expected a list of uses, got \(show(node))")
                return nil
            }
            return items.enumerated().compactMap { index, item -> Zones.Use? in
                let itemPath = "\(path)[\(index)]"
                if case .scalar = item, let text = string(item, itemPath) { return Zones.Use(use: text) }
                guard let entry = mapping(item, itemPath, keys: ["use", "examples"], recordLines: false) else {
                    return nil
                }
                guard let useNode = entry["use"], let use = string(useNode, itemPath + ".use") else {
                    fail(item, itemPath, "a zone entry needs `use:` (a sentence), and may have `examples:`")
                    return nil
                }
                let examples = entry["examples"].flatMap { strings($0, itemPath + ".examples") } ?? []
                return Zones.Use(use: use, examples: examples)
            }
        }
        if let value = uses("allowed") { zones.allowed = value }
        if let value = uses("gray") { zones.gray = value }
        if let value = uses("forbidden") { zones.forbidden = value }
    }

    func readCaps(_ node: Node, into caps: inout Caps) {
        guard let map = mapping(node, "caps", keys: PolicySchema.keys("caps")) else {
            return
        }
        if let node = map["open_prs_per_non_writer"] {
            caps.openPRsPerNonWriter = isNull(node) ? nil : int(node, "caps.open_prs_per_non_writer", range: 1...10_000)
        }
        if let node = map["open_ai_prs_per_author"] {
            caps.openAIPRsPerAuthor = isNull(node) ? nil : int(node, "caps.open_ai_prs_per_author", range: 0...10_000)
        }
    }

    func readThresholds(_ node: Node, into t: inout ThresholdOverrides) {
        guard let map = mapping(node, "thresholds", keys: PolicySchema.keys("thresholds")) else { return }
        func values(_ map: [String: Node], _ prefix: String) -> ThresholdOverrides.Values {
            var v = ThresholdOverrides.Values()
            if let n = map["welcome_below"] { v.welcomeBelow = fraction(n, prefix + "welcome_below") }
            if let n = map["needs_author_from"] { v.needsAuthorFrom = fraction(n, prefix + "needs_author_from") }
            if let n = map["likely_slop_from"] { v.likelySlopFrom = fraction(n, prefix + "likely_slop_from") }
            let base = ScoringModel.default.thresholds(for: prefix == "thresholds." ? .pullRequest : .securityReport)
            let welcome = v.welcomeBelow ?? base.welcomeBelow
            let needs = v.needsAuthorFrom ?? base.needsAuthorFrom
            let slop = v.likelySlopFrom ?? base.likelySlopFrom
            if prefix == "thresholds.", !(welcome <= needs && needs <= slop) {
                fail(
                    node, String(prefix.dropLast()),
                    "thresholds must rise: welcome_below (\(welcome)) ≤ needs_author_from (\(needs)) ≤ likely_slop_from (\(slop))"
                )
            }
            return v
        }
        t.general = values(map, "thresholds.")
        if let node = map["security_report"],
            let report = mapping(
                node, "thresholds.security_report", keys: PolicySchema.keys("thresholds.security_report"))
        {
            t.securityReport = values(report, "thresholds.security_report.")
        }
    }

    func readWeights(_ node: Node, into weights: inout [String: Double]) {
        guard let map = mapping(node, "weights", keys: SignalCatalog.ids) else { return }
        for (id, value) in map {
            let path = "weights.\(id)"
            guard let number = number(value, path) else { continue }
            if number < -20 || number > 20 {
                fail(
                    value, path,
                    "expected a weight from -20 to 20 (log-odds per unit of the signal), got \(show(value))")
            } else {
                weights[id] = number
            }
        }
    }

    func readExempt(_ node: Node, into e: inout Exemptions) {
        guard
            let map = mapping(node, "exempt", keys: PolicySchema.keys("exempt"))
        else { return }
        if let node = map["writers"], let value = bool(node, "exempt.writers") { e.writers = value }
        if let node = map["bots"], let value = strings(node, "exempt.bots") { e.bots = value }
        if let node = map["users"], let value = strings(node, "exempt.users") { e.users = value }
        if let node = map["vouched"], let value = bool(node, "exempt.vouched") { e.vouched = value }
        if let node = map["labels"], let value = strings(node, "exempt.labels") { e.labels = value }
        if let node = map["drafts"], let value = bool(node, "exempt.drafts") { e.drafts = value }
        if let node = map["milestones"], let value = strings(node, "exempt.milestones") { e.milestones = value }
    }

    func readActions(_ node: Node, into a: inout ActionPolicy) {
        guard let map = mapping(node, "actions", keys: PolicySchema.keys("actions")) else { return }
        for verdict in Verdict.allCases {
            if let node = map[verdict.rawValue],
                let set = actionSet(node, "actions.\(verdict.rawValue)", allowsVerdict: false)
            {
                a.verdicts[verdict] = set
            }
        }
        if let node = map["violations"],
            let violations = mapping(node, "actions.violations", keys: ["default"] + PolicyRules.violationIDs)
        {
            for (id, node) in violations {
                if let set = actionSet(node, "actions.violations.\(id)", allowsVerdict: true) { a.violations[id] = set }
            }
        }
        if let node = map["comment"], let template = string(node, "actions.comment") {
            var rest = Substring(template)
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { break }
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !ActionPolicy.placeholders.contains(name) {
                    fail(
                        node, "actions.comment", "unknown placeholder `{{\(name)}}`",
                        allowed: ActionPolicy.placeholders.map { "{{\($0)}}" },
                        suggestion: DidYouMean.suggest(name, among: ActionPolicy.placeholders).map { "{{\($0)}}" })
                }
                rest = rest[close.upperBound...]
            }
            a.commentTemplate = template
        }
    }

    func actionSet(_ node: Node, _ path: String, allowsVerdict: Bool) -> ActionSet? {
        let keys = ["labels", "comment", "close", "lock", "check_run"] + (allowsVerdict ? ["verdict"] : [])
        guard let map = mapping(node, path, keys: keys) else { return nil }
        var set = ActionSet()
        if let n = map["labels"], let labels = strings(n, path + ".labels") {
            for label in labels where label.count > 50 || label.isEmpty {
                fail(n, path + ".labels", "GitHub labels are 1 to 50 characters; `\(label)` is \(label.count)")
            }
            set.labels = labels
        }
        if let n = map["comment"], let value = bool(n, path + ".comment") { set.comment = value }
        if let n = map["close"], let value = bool(n, path + ".close") { set.close = value }
        if let n = map["lock"], let value = bool(n, path + ".lock") { set.lock = value }
        if let n = map["check_run"] {
            set.checkRun = isNull(n) ? nil : choice(n, path + ".check_run", ActionPolicy.CheckConclusion.self)
        }
        if let n = map["verdict"] { set.verdict = choice(n, path + ".verdict", Verdict.self) }
        return set
    }
}
