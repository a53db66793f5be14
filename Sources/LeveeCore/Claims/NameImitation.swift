import Foundation

/// Whether a package name reuses or imitates a project's name: the same name under other separators or case,
/// confusable characters (`nurnpy`, `numрy` with a Cyrillic р), a small edit distance, or the name with a common
/// prefix or suffix (`py-numpy`, `numpy-dev`). For checking a registry listing for typosquats and modified
/// distributions that trade on the project's name.
public enum NameImitation {
    public static let affixes = [
        "py", "python", "lib", "dev", "core", "utils", "util", "tools", "plus", "pro", "ng", "next", "fork", "new",
        "official", "fixed", "patched", "fast", "lite", "2", "3", "x",
    ]

    /// The reason the candidate imitates `project`, or nil. The project's own name is not an imitation.
    public static func check(_ candidate: String, project: String) -> String? {
        let name = candidate.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.lowercased() != project.lowercased() else { return nil }
        let target = normalized(project)
        let plain = normalized(name)
        if plain == target { return "the project's name with other separators or case" }
        let skeleton = confusableSkeleton(plain)
        if skeleton == confusableSkeleton(target) { return "the project's name with look-alike characters" }
        for affix in affixes {
            if skeleton == confusableSkeleton(affix + target) || skeleton == confusableSkeleton(target + affix) {
                return "the project's name with `\(affix)` added"
            }
        }
        let distance = damerauLevenshtein(plain, target)
        let limit = target.count <= 4 ? 0 : target.count <= 7 ? 1 : 2
        if distance <= limit { return "\(distance) edit\(distance == 1 ? "" : "s") from the project's name" }
        return nil
    }

    /// Lower case, separators (`-`, `_`, `.`, spaces) removed, as package indexes compare names.
    static func normalized(_ text: String) -> String {
        String(text.lowercased().filter { !"-_. ".contains($0) })
    }

    /// Letters that look alike in common fonts mapped to one form (after lower-casing).
    static func confusableSkeleton(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0", "о", "ο": out += "o"  // digit zero, Cyrillic о, Greek ο
            case "1", "l", "і", "ı", "ӏ", "|": out += "l"
            case "а", "α": out += "a"
            case "е", "ε": out += "e"
            case "р", "ρ": out += "p"
            case "с", "ϲ": out += "c"
            case "х", "χ": out += "x"
            case "у", "γ": out += "y"
            case "ѕ": out += "s"
            case "5": out += "s"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.replacingOccurrences(of: "rn", with: "m").replacingOccurrences(of: "vv", with: "w")
            .replacingOccurrences(of: "cl", with: "d")
    }

    static func damerauLevenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
