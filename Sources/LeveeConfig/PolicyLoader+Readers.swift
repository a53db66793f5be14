import Foundation
import LeveeCore
import Yams

/// The reader's typed values — mappings with their known keys, flags, numbers, lists and choices — each failing with
/// a located diagnostic; and the keys rules declare for themselves.
extension Reader {

    /// A mapping's entries by key, after checking every key is known. Records each key's line for quoting.
    func mapping(_ node: Node, _ path: String, keys known: [String], recordLines: Bool = true) -> [String: Node]? {
        // The keys rules declare for themselves in this section (and, at the top, the new sections they open).
        let keys = known + Self.ruleKeys(in: path, besides: known)
        guard case .mapping(let map) = node else {
            fail(
                node, path, "expected a mapping of keys (\(keys.prefix(4).joined(separator: ", "))…), got \(show(node))"
            )
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in map {
            guard case .scalar(let scalar) = keyNode else {
                fail(keyNode, path, "keys must be plain words")
                continue
            }
            let key = scalar.string
            let keyPath = path.isEmpty ? key : path + "." + key
            guard keys.contains(key) else {
                fail(
                    keyNode, keyPath, "unknown key `\(key)`" + (path.isEmpty ? "" : " in `\(path)`"), allowed: keys,
                    suggestion: DidYouMean.suggest(key, among: keys))
                continue
            }
            if result[key] != nil {
                fail(keyNode, keyPath, "`\(key)` is given twice")
                continue
            }
            result[key] = value
            if recordLines, let mark = keyNode.mark { lines[keyPath] = policyLine(at: mark.line) }
        }
        return result
    }

    /// The names rules declare in a section (`RuleSetting`) that its reader does not know itself; at the top level,
    /// also the first word of a declared key whose section is new.
    static func ruleKeys(in path: String, besides known: [String]) -> [String] {
        var names: [String] = []
        for setting in PolicyRules.settings {
            if setting.section == path {
                names.append(setting.name)
            } else if path.isEmpty, let first = setting.key.split(separator: ".").first {
                names.append(String(first))
            }
        }
        var seen = Set(known)
        return names.filter { seen.insert($0).inserted }
    }

    /// The keys rules declare (`PolicyRules.settings`), read after every section: each found where it is declared,
    /// with a located error for a bad value. A section only rules declare is checked for unknown keys here.
    func readRuleSettings(_ root: Node, into policy: inout Policy) {
        for section in Set(PolicyRules.settings.map(\.section)).sorted()
        where !section.isEmpty && !PolicyLoader.topLevelKeys.contains(String(section.split(separator: ".")[0])) {
            if let node = find(section, in: root) { _ = mapping(node, section, keys: []) }
        }
        for setting in PolicyRules.settings {
            guard let node = find(setting.key, in: root) else { continue }
            switch setting.kind {
            case .flag: policy.settings[setting.key] = bool(node, setting.key).map(RuleValue.flag)
            case .count(let range):
                policy.settings[setting.key] =
                    isNull(node) ? nil : int(node, setting.key, range: range).map(RuleValue.count)
            case .words: policy.settings[setting.key] = strings(node, setting.key).map(RuleValue.words)
            case .numbers(let range):
                policy.settings[setting.key] = integers(node, setting.key, range: range).map(RuleValue.numbers)
            }
        }
    }

    /// The node at a dotted path of mappings; nil when any step is missing or not a mapping.
    func find(_ path: String, in root: Node) -> Node? {
        var node = root
        for word in path.split(separator: ".") {
            guard case .mapping(let map) = node,
                let value = map.first(where: { $0.key.string == String(word) })?.value
            else { return nil }
            node = value
        }
        return node
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            switch scalar.string {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        fail(
            node, path, "expected true or false, got \(show(node))", allowed: ["true", "false"],
            suggestion: node.string.flatMap { DidYouMean.suggest($0, among: ["true", "false"]) })
        return nil
    }

    func string(_ node: Node, _ path: String) -> String? {
        if case .scalar(let scalar) = node, !(scalar.style == .plain && isNull(node)) { return scalar.string }
        fail(node, path, "expected text, got \(show(node))")
        return nil
    }

    func strings(_ node: Node, _ path: String) -> [String]? {
        if case .scalar = node, !isNull(node), let single = string(node, path) { return [single] }
        guard case .sequence(let items) = node else {
            fail(node, path, "expected a list of text, got \(show(node))")
            return nil
        }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            if let value = string(item, "\(path)[\(index)]") { values.append(value) }
        }
        return values
    }

    func number(_ node: Node, _ path: String) -> Double? {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = Double(scalar.string), value.isFinite {
            return value
        }
        fail(node, path, "expected a number, got \(show(node))")
        return nil
    }

    func fraction(_ node: Node, _ path: String) -> Double? {
        guard let value = number(node, path) else { return nil }
        guard (0...1).contains(value) else {
            fail(node, path, "expected a score from 0 to 1, got \(show(node))")
            return nil
        }
        return value
    }

    func int(_ node: Node, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
            fail(
                node, path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(show(node))"
            )
            return nil
        }
        guard range.contains(value) else {
            fail(node, path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
            return nil
        }
        return value
    }

    /// One whole number or a list of them, each in `range`.
    func integers(_ node: Node, _ path: String, range: ClosedRange<Int>) -> [Int]? {
        if case .scalar = node, !isNull(node) { return int(node, path, range: range).map { [$0] } }
        guard case .sequence(let items) = node else {
            fail(node, path, "expected a list of whole numbers, got \(show(node))")
            return nil
        }
        return items.enumerated().compactMap { int($0.element, "\(path)[\($0.offset)]", range: range) }
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _: E.Type) -> E?
    where E.RawValue == String {
        let allowed = rawValues(E.self)
        if case .scalar(let scalar) = node, let value = E(rawValue: scalar.string) { return value }
        fail(
            node, path, "expected one of the allowed values, got \(show(node))", allowed: allowed,
            suggestion: node.string.flatMap { DidYouMean.suggest($0, among: allowed) })
        return nil
    }

    func choices<E: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _ type: E.Type) -> [E]?
    where E.RawValue == String {
        guard let values = strings(node, path) else { return nil }
        var result: [E] = []
        let allowed = rawValues(E.self)
        for value in values {
            if let item = E(rawValue: value) {
                result.append(item)
            } else {
                fail(
                    node, path, "`\(value)` is not one of the allowed values", allowed: allowed,
                    suggestion: DidYouMean.suggest(value, among: allowed))
            }
        }
        return result
    }

    func rawValues<E: RawRepresentable & CaseIterable>(_: E.Type) -> [String] where E.RawValue == String {
        E.allCases.map(\.rawValue)
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func show(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(node) { return "nothing (null)" }
            return "`\(scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string)`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func fail(_ node: Node, _ path: String, _ message: String, allowed: [String] = [], suggestion: String? = nil) {
        let mark = node.mark
        diagnostics.append(
            PolicyDiagnostic(
                file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, path: path, message: message,
                allowed: allowed, suggestion: suggestion))
    }

    /// The source line, trimmed, with its YAML comment split off as the note.
    func policyLine(at number: Int) -> PolicyLine {
        let raw = number - 1 < sourceLines.count ? String(sourceLines[number - 1]) : ""
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in raw.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " || previous == "\t" {
                let index = raw.index(raw.startIndex, offsetBy: offset)
                let note = raw[raw.index(after: index)...].trimmingCharacters(in: .whitespaces)
                return PolicyLine(
                    file: file, line: number, text: raw[..<index].trimmingCharacters(in: .whitespaces),
                    note: note.isEmpty ? nil : note)
            }
            previous = character
        }
        return PolicyLine(file: file, line: number, text: raw.trimmingCharacters(in: .whitespaces))
    }
}
