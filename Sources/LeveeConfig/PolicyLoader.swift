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

    /// Reads every section the table knows (`PolicySchema`), each key by its kind, then the keys rules declare, then
    /// the checks that span keys.
    func read(_ root: Node, into policy: inout Policy) {
        readSection("", root, into: &policy)
        readRuleSettings(root, into: &policy)
        checkAcrossKeys(root, policy)
    }

    /// One mapping of the table: its known keys, each a field read by its kind or a section read in turn. A rule's
    /// own key is left to `readRuleSettings`.
    func readSection(_ section: String, _ node: Node, into policy: inout Policy) {
        guard let map = mapping(node, section, keys: PolicySchema.keys(section)) else { return }
        for key in PolicySchema.keys(section) {
            guard let child = map[key] else { continue }
            let path = section.isEmpty ? key : section + "." + key
            if let field = PolicySchema.byPath[path] {
                read(field, child, into: &policy)
            } else {
                readSection(path, child, into: &policy)
            }
        }
    }

    func read(_ field: PolicyField, _ node: Node, into policy: inout Policy) {
        let path = field.path
        switch field.kind {
        case .flag(let key): if let value = bool(node, path) { policy[keyPath: key] = value }
        case .count(let key, let range): if let value = int(node, path, range: range) { policy[keyPath: key] = value }
        case .optionalCount(let key, let range):
            if isNull(node) {
                policy[keyPath: key] = nil
            } else if let value = int(node, path, range: range) {
                policy[keyPath: key] = value
            }
        case .amount(let key, let range):
            guard let value = number(node, path) else { return }
            if range.contains(value) {
                policy[keyPath: key] = value
            } else {
                fail(node, path, "expected a number from \(range.lowerBound) to \(range.upperBound)")
            }
        case .days(let key):
            guard let value = number(node, path) else { return }
            if value > 0, value <= 3650 {
                policy[keyPath: key] = value
            } else {
                fail(node, path, "expected a number of days from more than 0 to 3650, got \(show(node))")
            }
        case .fraction(let key): policy[keyPath: key] = fraction(node, path)
        case .text(let key, let check):
            if let text = string(node, path), let value = checked(text, check, node, path) {
                policy[keyPath: key] = value
            }
        case .optionalText(let key, let check):
            if isNull(node) {
                policy[keyPath: key] = nil
            } else if let text = string(node, path), let value = checked(text, check, node, path) {
                policy[keyPath: key] = value
            }
        case .texts(let key, let check):
            guard let texts = strings(node, path) else { return }
            let values = texts.enumerated().compactMap { index, text in
                checked(text, check, node, "\(path)[\(index)]")
            }
            if values.count == texts.count { policy[keyPath: key] = values }
        case .choice(let choice):
            guard case .scalar(let scalar) = node, choice.allowed.contains(scalar.string) else {
                fail(
                    node, path, "expected one of the allowed values, got \(show(node))", allowed: choice.allowed,
                    suggestion: node.string.flatMap { DidYouMean.suggest($0, among: choice.allowed) })
                return
            }
            choice.set(&policy, [scalar.string])
        case .choices(let choice):
            guard let values = strings(node, path) else { return }
            var accepted: [String] = []
            for value in values {
                if choice.allowed.contains(value) {
                    accepted.append(value)
                } else {
                    fail(
                        node, path, "`\(value)` is not one of the allowed values", allowed: choice.allowed,
                        suggestion: DidYouMean.suggest(value, among: choice.allowed))
                }
            }
            if choice.atLeastOne, values.isEmpty {
                fail(node, path, "at least one value must be given", allowed: choice.allowed)
            }
            choice.set(&policy, accepted)
        case .helpers(let key): if let value = helpers(node, path) { policy[keyPath: key] = value }
        case .uses(let key): if let value = uses(node, path) { policy[keyPath: key] = value }
        case .actionSet(let verdict):
            if let set = actionSet(node, path, allowsVerdict: false) { policy.actions.verdicts[verdict] = set }
        case .special(let special): read(special, node, path, into: &policy)
        }
    }

    /// A text value after its check (`PolicyField.TextCheck`); nil, with a located error, when it fails.
    func checked(_ text: String, _ check: PolicyField.TextCheck, _ node: Node, _ path: String) -> String? {
        switch check {
        case .any:
            return text
        case .pathInRepository:
            let inside = text.trimmed
            if inside.isEmpty || inside.hasPrefix("/") || inside.split(separator: "/").contains("..") {
                fail(node, path, "expected a path inside the repository (`.github/…`), got \(show(node))")
                return nil
            }
            return inside
        case .listLocation:
            guard Self.isListLocation(text) else {
                fail(node, path, "expected owner/repo:path or a path in this repository")
                return nil
            }
            return text
        case .oneWord:
            guard !text.isEmpty, !text.contains(where: \.isWhitespace) else {
                fail(node, path, "`\(text)` is not one word")
                return nil
            }
            return text
        case .regularExpression:
            do {
                _ = try Regex(text)
                return text
            } catch {
                fail(node, path, "not a valid regular expression: \(error)")
                return nil
            }
        case .heading:
            let heading = text.trimmingCharacters(in: CharacterSet(charactersIn: "# ")).trimmed
            guard !heading.isEmpty else {
                fail(node, path, "expected section headings (`What this changes`), got an empty one")
                return nil
            }
            return heading
        case .atLeast(let length, let what):
            let value = text.trimmed
            guard value.count >= length else {
                fail(node, path, "expected \(what) (\(length) or more characters), got \(show(node))")
                return nil
            }
            return value
        case .commentTemplate:
            var rest = Substring(text)
            var known = true
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { break }
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !ActionPolicy.placeholders.contains(name) {
                    known = false
                    fail(
                        node, path, "unknown placeholder `{{\(name)}}`",
                        allowed: ActionPolicy.placeholders.map { "{{\($0)}}" },
                        suggestion: DidYouMean.suggest(name, among: ActionPolicy.placeholders).map { "{{\($0)}}" })
                }
                rest = rest[close.upperBound...]
            }
            return known ? text : nil
        }
    }

    func read(_ special: PolicyField.Special, _ node: Node, _ path: String, into policy: inout Policy) {
        switch special {
        case .version:
            _ = int(node, path, range: 1...1)
        case .checkboxes:
            if isNull(node) {
                policy.disclosure.checkboxes = nil
                return
            }
            typealias Key = PolicySchema.CheckboxKey
            guard let boxes = mapping(node, path, keys: Key.allCases.map(\.rawValue)) else { return }
            let options = path + "." + Key.options.rawValue, exactlyOne = path + "." + Key.exactlyOne.rawValue
            var set = DisclosurePolicy.CheckboxSet(options: [], exactlyOne: false)
            if let node = boxes[Key.options.rawValue], let values = strings(node, options) { set.options = values }
            if set.options.isEmpty { fail(node, options, "a checkbox set needs at least one option") }
            if let node = boxes[Key.exactlyOne.rawValue], let value = bool(node, exactlyOne) { set.exactlyOne = value }
            policy.disclosure.checkboxes = set
        case .aiWrittenCommunication:
            let forms = ["true", "false", "except_translation"]
            guard case .scalar(let scalar) = node, forms.contains(scalar.string),
                scalar.style == .plain || scalar.string == forms[2]
            else {
                fail(
                    node, path, "expected true, false or except_translation, got \(show(node))", allowed: forms,
                    suggestion: DidYouMean.suggest(node.string ?? "", among: [forms[2]]))
                return
            }
            // `true` forbids translation too; `false` leaves the exemption as it was (it then has no effect).
            policy.forbidden.aiWrittenCommunication = scalar.string != "false"
            if scalar.string == "true" { policy.forbidden.translationExempt = false }
            if scalar.string == forms[2] { policy.forbidden.translationExempt = true }
        case .weights:
            guard let map = mapping(node, path, keys: SignalCatalog.ids) else { return }
            for (id, value) in map {
                guard let number = number(value, "\(path).\(id)") else { continue }
                if number < -20 || number > 20 {
                    fail(
                        value, "\(path).\(id)",
                        "expected a weight from -20 to 20 (log-odds per unit of the signal), got \(show(value))")
                } else {
                    policy.weights[id] = number
                }
            }
        case .signals:
            guard let map = mapping(node, path, keys: SignalCatalog.ids) else { return }
            for (id, node) in map {
                if let mode = choice(node, "\(path).\(id)", SignalMode.self) { policy.signals[id] = mode }
            }
        case .violations:
            guard let map = mapping(node, path, keys: ["default"] + PolicyRules.violationIDs) else { return }
            for (id, node) in map {
                if let set = actionSet(node, "\(path).\(id)", allowsVerdict: true) {
                    policy.actions.violations[id] = set
                }
            }
        }
    }

    /// The checks that span keys: thresholds rise, the trailer example matches its format, no word is two commands.
    func checkAcrossKeys(_ root: Node, _ policy: Policy) {
        let section = PolicyField.welcomeBelow.section
        if let node = find(section, in: root) {
            let base = ScoringModel.default.thresholds(for: .pullRequest)
            let general = policy.thresholds.general
            let welcome = general.welcomeBelow ?? base.welcomeBelow
            let needs = general.needsAuthorFrom ?? base.needsAuthorFrom
            let slop = general.likelySlopFrom ?? base.likelySlopFrom
            if !(welcome <= needs && needs <= slop) {
                fail(
                    node, section,
                    "thresholds must rise: \(PolicyField.welcomeBelow.name) (\(welcome)) ≤ "
                        + "\(PolicyField.needsAuthorFrom.name) (\(needs)) ≤ \(PolicyField.likelySlopFrom.name) (\(slop))"
                )
            }
        }
        let trailers = policy.disclosure.trailers
        if let pattern = trailers.format, let example = trailers.example, let regex = try? Regex(pattern),
            (try? regex.wholeMatch(in: example)) == nil, let node = find(PolicyField.trailerExample.path, in: root)
        {
            fail(node, PolicyField.trailerExample.path, "the example does not match `format`")
        }
        let commands = PolicyField.vouchCommand.section
        if let node = find(commands, in: root) {
            let all = (policy.trust.commands.vouch + policy.trust.commands.denounce + policy.trust.commands.unvouch)
                .map { $0.lowercased() }
            if let clash = all.first(where: { word in all.filter { $0 == word }.count > 1 }) {
                fail(node, commands, "`\(clash)` is the word of two commands")
            }
        }
    }

    /// `[login, …]` or `[{login: x, capacity: 3}, …]`.
    func helpers(_ node: Node, _ path: String) -> [Helper]? {
        guard case .sequence(let items) = node else {
            fail(node, path, "expected a list of logins or {login, capacity}, got \(show(node))")
            return nil
        }
        let login = PolicySchema.HelperKey.login.rawValue, capacity = PolicySchema.HelperKey.capacity.rawValue
        return items.enumerated().compactMap { index, item -> Helper? in
            let itemPath = "\(path)[\(index)]"
            if case .scalar = item, let name = string(item, itemPath) { return Helper(login: name) }
            guard let entry = mapping(item, itemPath, keys: [login, capacity], recordLines: false),
                let loginNode = entry[login], let name = string(loginNode, itemPath + "." + login)
            else {
                fail(item, itemPath, "a helper needs `\(login):` and may have `\(capacity):`")
                return nil
            }
            let places = entry[capacity].flatMap { int($0, itemPath + "." + capacity, range: 1...1000) } ?? 3
            return Helper(login: name, capacity: places)
        }
    }

    /// `[sentence, …]` or `[{use: sentence, examples: […]}, …]`.
    func uses(_ node: Node, _ path: String) -> [Zones.Use]? {
        guard case .sequence(let items) = node else {
            fail(node, path, "expected a list of uses, got \(show(node))")
            return nil
        }
        let use = PolicySchema.UseKey.use.rawValue, examples = PolicySchema.UseKey.examples.rawValue
        return items.enumerated().compactMap { index, item -> Zones.Use? in
            let itemPath = "\(path)[\(index)]"
            if case .scalar = item, let text = string(item, itemPath) { return Zones.Use(use: text) }
            guard let entry = mapping(item, itemPath, keys: [use, examples], recordLines: false) else { return nil }
            guard let useNode = entry[use], let sentence = string(useNode, itemPath + "." + use) else {
                fail(item, itemPath, "a zone entry needs `\(use):` (a sentence), and may have `\(examples):`")
                return nil
            }
            let list = entry[examples].flatMap { strings($0, itemPath + "." + examples) } ?? []
            return Zones.Use(use: sentence, examples: list)
        }
    }

    /// `owner/repo:path`, or a path in this repository.
    static func isListLocation(_ text: String) -> Bool {
        let (repository, path) = TrustPolicy.location(text)
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        guard let repository else { return true }
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
    }

    func actionSet(_ node: Node, _ path: String, allowsVerdict: Bool) -> ActionSet? {
        typealias Key = PolicySchema.ActionSetKey
        let keys = Key.allCases.filter { allowsVerdict || $0 != .verdict }
        guard let map = mapping(node, path, keys: keys.map(\.rawValue)) else { return nil }
        var set = ActionSet()
        for key in keys {
            guard let n = map[key.rawValue] else { continue }
            let path = path + "." + key.rawValue
            switch key {
            case .labels:
                guard let labels = strings(n, path) else { continue }
                for label in labels where label.count > 50 || label.isEmpty {
                    fail(n, path, "GitHub labels are 1 to 50 characters; `\(label)` is \(label.count)")
                }
                set.labels = labels
            case .comment: if let value = bool(n, path) { set.comment = value }
            case .close: if let value = bool(n, path) { set.close = value }
            case .lock: if let value = bool(n, path) { set.lock = value }
            case .checkRun: set.checkRun = isNull(n) ? nil : choice(n, path, ActionPolicy.CheckConclusion.self)
            case .verdict: set.verdict = choice(n, path, Verdict.self)
            }
        }
        return set
    }
}
