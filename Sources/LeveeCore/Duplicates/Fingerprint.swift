import Foundation

/// A MinHash sketch of a contribution's text (word 4-shingles of title and body) and of its diff (the added and
/// removed lines, whitespace folded), to find near-duplicates without keeping the texts: two sketches agree in about
/// the share of positions that the two shingle sets' Jaccard similarity is.
public struct Fingerprint: Sendable, Hashable, Codable {
    public var text: [UInt64]
    public var diff: [UInt64]

    public static let size = 64

    public init(text: [UInt64], diff: [UInt64]) {
        self.text = text
        self.diff = diff
    }

    public init(_ contribution: Contribution) {
        let words = (contribution.title + " " + contribution.body).lowercased()
            .split { !$0.isLetter && !$0.isNumber }.map(String.init)
        text = Self.sketch(Self.shingles(words, size: 4))
        var lines: [String] = []
        for file in contribution.files {
            for hunk in file.hunks {
                for line in hunk.lines where line.kind != .context {
                    let folded = line.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if !folded.isEmpty { lines.append((line.kind == .added ? "+" : "-") + folded) }
                }
            }
        }
        diff = Self.sketch(Set(lines))
    }

    static func shingles(_ words: [String], size: Int) -> Set<String> {
        guard words.count >= size else { return words.isEmpty ? [] : [words.joined(separator: " ")] }
        return Set((0...(words.count - size)).map { words[$0..<$0 + size].joined(separator: " ") })
    }

    /// The `size` minimum hashes, one per seeded hash function; empty for an empty set.
    static func sketch(_ items: Set<String>) -> [UInt64] {
        guard !items.isEmpty else { return [] }
        var mins = [UInt64](repeating: .max, count: size)
        for item in items {
            var base: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in item.utf8 {
                base ^= UInt64(byte)
                base = base &* 0x100_0000_01b3
            }
            for i in 0..<size {
                // A cheap family of hash functions: mix the base hash with the position's seed.
                var h = base ^ seeds[i]
                h = (h ^ (h >> 33)) &* 0xff51_afd7_ed55_8ccd
                h = (h ^ (h >> 33)) &* 0xc4ce_b9fe_1a85_ec53
                h ^= h >> 33
                if h < mins[i] { mins[i] = h }
            }
        }
        return mins
    }

    static let seeds: [UInt64] = {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        return (0..<size).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }()

    /// The estimated Jaccard similarity of two sketches (0 when either is empty).
    public static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty, a.count == b.count else { return 0 }
        return Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
    }
}

/// An earlier item of the same repository, as the duplicate check sees it.
public struct FingerprintedItem: Sendable, Hashable, Codable {
    public var number: Int
    public var title: String
    public var fingerprint: Fingerprint

    public init(number: Int, title: String, fingerprint: Fingerprint) {
        self.number = number
        self.title = title
        self.fingerprint = fingerprint
    }
}

/// The item a contribution nearly duplicates.
public struct DuplicateMatch: Sendable, Hashable, Codable {
    public var number: Int
    public var title: String
    /// Estimated Jaccard similarity, 0…1.
    public var similarity: Double
    /// `text` or `diff`: what matched.
    public var by: String

    /// Text sketches must agree this much; diffs slightly less (the same change re-sent with a small edit).
    public static let textThreshold = 0.8
    public static let diffThreshold = 0.7

    /// The most similar earlier item above the thresholds, if any.
    public static func find(_ fingerprint: Fingerprint, among items: [FingerprintedItem], excluding number: Int?)
        -> DuplicateMatch?
    {
        var best: DuplicateMatch?
        for item in items where item.number != number {
            let byText = Fingerprint.similarity(fingerprint.text, item.fingerprint.text)
            let byDiff = Fingerprint.similarity(fingerprint.diff, item.fingerprint.diff)
            let (score, by) = byDiff >= diffThreshold && byDiff >= byText ? (byDiff, "diff") : (byText, "text")
            guard (by == "text" && score >= textThreshold) || (by == "diff" && score >= diffThreshold) else { continue }
            if score > best?.similarity ?? 0 {
                best = DuplicateMatch(number: item.number, title: item.title, similarity: score, by: by)
            }
        }
        return best
    }
}
