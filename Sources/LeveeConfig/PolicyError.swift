import Foundation

/// One problem in a policy file, located: file, line, column and the key's path.
public struct PolicyDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The dotted key path (`forbidden.ai_coauthor_trailers`), or empty for the whole document.
    public var path: String
    public var message: String
    /// The values or keys that would have been accepted.
    public var allowed: [String]
    /// The closest allowed value, when one is close.
    public var suggestion: String?

    public init(
        file: String, line: Int, column: Int, path: String, message: String, allowed: [String] = [],
        suggestion: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.allowed = allowed
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "\(file):\(line):\(column): "
        if !path.isEmpty { text += "`\(path)`: " }
        text += message
        if let suggestion { text += "; did you mean `\(suggestion)`?" }
        if !allowed.isEmpty { text += " (allowed: " + allowed.joined(separator: ", ") + ")" }
        return text
    }
}

/// A policy file that cannot be used, with every problem found in it (not only the first).
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [PolicyDiagnostic]

    public init(_ diagnostics: [PolicyDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Suggestions for misspelt keys and values.
enum DidYouMean {
    static func suggest(_ word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let limit = max(2, min(word.count, candidate.count) / 3)
        if distance <= limit { return candidate }
        // A shared stem (`failed` → `failure`), a prefix or a contained word (`coauthor` for `ai_coauthor_trailers`)
        // is a good enough guess.
        if lowered.count >= 5,
            let stem = candidates.first(where: { $0.lowercased().hasPrefix(String(lowered.prefix(4))) })
        {
            return stem
        }
        return candidates.first {
            $0.lowercased().hasPrefix(lowered) || (lowered.count >= 5 && $0.lowercased().contains(lowered))
        }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
