import Foundation

/// Byte-level substring search. Foundation's `range(of:)` on Linux bridges the whole string on every
/// call, which turns a loop over matches quadratic; the signals search UTF-8 bytes instead.
public enum TextSearch {
    /// Byte offsets in `haystack`'s UTF-8 where `needle` starts, left to right, not overlapping.
    public static func offsets(of needle: String, in haystack: String, limit: Int = .max) -> [Int] {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n in
            haystack.withUTF8 { h in search(n, in: h, limit: limit) }
        }
    }

    public static func contains(_ needle: String, in haystack: String) -> Bool {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n in haystack.withUTF8 { h in firstOffset(n, in: h, from: 0) != nil } }
    }

    /// Occurrences that do not continue a word: the byte before is not an ASCII letter.
    public static func wordStartCount(of needle: String, in haystack: String) -> Int {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n in
            haystack.withUTF8 { h in
                search(n, in: h, limit: .max).count(where: { offset in offset == 0 || !isASCIILetter(h[offset - 1]) })
            }
        }
    }

    /// `text` with every occurrence of `needle` removed, left to right (Foundation's `replacingOccurrences(of:with:"")`
    /// without its bridging).
    public static func removingAll(_ needle: String, from text: String) -> String {
        var needle = needle
        var text = text
        return needle.withUTF8 { n in
            text.withUTF8 { h in
                let found = search(n, in: h, limit: .max)
                guard !found.isEmpty else { return String(decoding: h, as: UTF8.self) }
                var out: [UInt8] = []
                out.reserveCapacity(h.count)
                var position = 0
                for offset in found {
                    out += h[position..<offset]
                    position = offset + n.count
                }
                out += h[position...]
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// The first byte offset of `needle` in `haystack`, or nil.
    public static func firstOffset(of needle: String, in haystack: some StringProtocol) -> Int? {
        var needle = needle
        return needle.withUTF8 { n in
            // A native string or substring is searched in place; anything else is copied first.
            if let found = haystack.utf8.withContiguousStorageIfAvailable({ h in firstOffset(n, in: h, from: 0) }) {
                return found
            }
            var copy = String(haystack)
            return copy.withUTF8 { h in firstOffset(n, in: h, from: 0) }
        }
    }

    /// The scalar that ends right before `offset` is a letter or an apostrophe.
    static func continuesWord(_ h: UnsafeBufferPointer<UInt8>, before offset: Int) -> Bool {
        guard offset > 0 else { return false }
        var start = offset - 1
        while start > 0, h[start] & 0xC0 == 0x80 { start -= 1 }
        return isWordScalar(h, start..<offset)
    }

    /// The scalar that starts at `offset` is a letter or an apostrophe.
    static func continuesWord(_ h: UnsafeBufferPointer<UInt8>, after offset: Int) -> Bool {
        guard offset < h.count else { return false }
        var end = offset + 1
        while end < h.count, h[end] & 0xC0 == 0x80 { end += 1 }
        return isWordScalar(h, offset..<end)
    }

    static func isWordScalar(_ h: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if range.count == 1 { return isASCIILetter(h[range.lowerBound]) || h[range.lowerBound] == 0x27 }
        guard let scalar = String(decoding: UnsafeBufferPointer(rebasing: h[range]), as: UTF8.self).unicodeScalars.first
        else { return false }
        return Character(scalar).isLetter
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    static func search(_ n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, limit: Int) -> [Int] {
        var result: [Int] = []
        var from = 0
        while result.count < limit, let offset = firstOffset(n, in: h, from: from) {
            result.append(offset)
            from = offset + n.count
        }
        return result
    }

    /// The byte offset of the last occurrence of `needle` in `haystack`.
    static func lastOffset(of needle: String, in haystack: String) -> Int? {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n in
            haystack.withUTF8 { h -> Int? in
                guard !n.isEmpty, n.count <= h.count else { return nil }
                var i = h.count - n.count
                while i >= 0 {
                    if h[i] == n[0] && (1..<n.count).allSatisfy({ h[i + $0] == n[$0] }) { return i }
                    i -= 1
                }
                return nil
            }
        }
    }

    /// The first offset at or after `from` where `n` starts in `h`.
    static func firstOffset(_ n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard !n.isEmpty, n.count <= h.count, let base = h.baseAddress else { return nil }
        let first = n[0]
        let last = h.count - n.count
        var i = from
        // Each candidate start is found with `memchr`, which reads many bytes at a time.
        while i <= last, let hit = memchr(base + i, Int32(first), last - i + 1) {
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var j = 1
            while j < n.count && h[i + j] == n[j] { j += 1 }
            if j == n.count { return i }
            i += 1
        }
        return nil
    }
}

extension String {
    /// `contains` on UTF-8 bytes; see `TextSearch`.
    func has(_ needle: String) -> Bool { TextSearch.contains(needle, in: self) }
}

extension StringProtocol {
    /// Whether the text's UTF-8 holds `byte`, found with `memchr` (the generic `utf8.contains` reads a byte at a time
    /// through the view's iterator).
    func hasByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }
}

/// A fixed list of phrases found in one pass over a text: the text's bytes are read once and each byte is
/// compared only with the phrases that begin with it. The signals keep their phrase lists as data; this is how a
/// description is searched for dozens of them at the cost of one scan.
public struct PhraseSet: Sendable {
    /// What must surround an occurrence for it to count.
    public enum Boundary: Sendable {
        /// Anywhere, inside words too.
        case none
        /// Not right after an ASCII letter (`TextSearch.wordStartCount`).
        case wordStart
        /// No ASCII letter right before or right after.
        case wholeWord
        /// No letter and no apostrophe right before or right after: a word as `TextStats.words` splits them.
        case word
    }

    public let phrases: [String]
    let boundaries: [Boundary]
    /// Every phrase's UTF-8, one after another; phrase `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    let bytes: [UInt8]
    let offsets: [Int]
    /// The phrases that begin with byte `b` are `byFirstByte[bucket[b]..<bucket[b + 1]]`.
    let bucket: [Int]
    let byFirstByte: [Int]
    /// Bit `b0 << 8 | b1` is set when some phrase begins with the bytes `b0 b1` (or is the one byte `b0`): most
    /// positions of a text are passed over on this one test.
    let pairs: [UInt64]
    /// Bit `triple(b0, b1, b2)` is set when some phrase begins with those three bytes; a second filter for the
    /// positions whose first two bytes begin a phrase ("th", "in", "wi" begin many). Empty when some phrase is
    /// shorter than three bytes.
    let triples: [UInt64]

    public init(_ phrases: [String], boundary: Boundary = .none) {
        self.init(phrases.map { ($0, boundary) })
    }

    public init(_ entries: [(phrase: String, boundary: Boundary)]) {
        let entries = entries.filter { !$0.phrase.isEmpty }
        phrases = entries.map(\.phrase)
        boundaries = entries.map(\.boundary)
        var bytes: [UInt8] = []
        var offsets = [0]
        for entry in entries {
            bytes += entry.phrase.utf8
            offsets.append(bytes.count)
        }
        self.bytes = bytes
        self.offsets = offsets
        var bucket = [Int](repeating: 0, count: 257)
        for index in entries.indices { bucket[Int(bytes[offsets[index]]) + 1] += 1 }
        for b in 0..<256 { bucket[b + 1] += bucket[b] }
        var next = Array(bucket[0..<256])
        var byFirstByte = [Int](repeating: 0, count: entries.count)
        for index in entries.indices {
            let first = Int(bytes[offsets[index]])
            byFirstByte[next[first]] = index
            next[first] += 1
        }
        self.bucket = bucket
        self.byFirstByte = byFirstByte
        var pairs = [UInt64](repeating: 0, count: 1024)
        for index in entries.indices {
            let start = offsets[index]
            let first = Int(bytes[start]) << 8
            let seconds = offsets[index + 1] - start >= 2 ? [Int(bytes[start + 1])] : Array(0..<256)
            for second in seconds { pairs[(first | second) >> 6] |= 1 << UInt64((first | second) & 63) }
        }
        self.pairs = pairs
        var triples: [UInt64] = []
        if entries.indices.allSatisfy({ offsets[$0 + 1] - offsets[$0] >= 3 }) {
            triples = [UInt64](repeating: 0, count: 1024)
            for start in offsets.dropLast() {
                let bit = Self.triple(bytes[start], bytes[start + 1], bytes[start + 2])
                triples[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        self.triples = triples
    }

    /// A 16-bit hash of three bytes.
    @inline(__always)
    static func triple(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Int {
        let packed = UInt32(b0) << 16 | UInt32(b1) << 8 | UInt32(b2)
        return Int((packed &* 2_654_435_761) >> 16)
    }

    /// Indices (into `phrases`, ascending) of the phrases that occur in `text` with their boundary.
    public func matches(in text: String) -> [Int] {
        guard !phrases.isEmpty else { return [] }
        var found = [Bool](repeating: false, count: phrases.count)
        var text = text
        text.withUTF8 { h in
            bytes.withUnsafeBufferPointer { n in
                bucket.withUnsafeBufferPointer { bucket in
                    byFirstByte.withUnsafeBufferPointer { byFirstByte in
                        offsets.withUnsafeBufferPointer { offsets in
                            found.withUnsafeMutableBufferPointer { found in
                                pairs.withUnsafeBufferPointer { pairs in
                                    triples.withUnsafeBufferPointer { triples in
                                        var remaining = found.count
                                        let last = h.count - 1
                                        let filterTriples = !triples.isEmpty
                                        for i in h.indices {
                                            let b = Int(h[i])
                                            if i < last {
                                                let pair = b << 8 | Int(h[i + 1])
                                                if pairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0 { continue }
                                                if filterTriples, i + 1 < last {
                                                    let bit = Self.triple(h[i], h[i + 1], h[i + 2])
                                                    if triples[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { continue }
                                                }
                                            }
                                            var k = bucket[b]
                                            let end = bucket[b + 1]
                                            while k < end {
                                                let index = byFirstByte[k]
                                                k += 1
                                                if found[index] { continue }
                                                let start = offsets[index]
                                                let length = offsets[index + 1] - start
                                                guard i + length <= h.count else { continue }
                                                var j = 1
                                                while j < length && h[i + j] == n[start + j] { j += 1 }
                                                guard j == length, accepts(boundaries[index], h, i, i + length) else {
                                                    continue
                                                }
                                                found[index] = true
                                                remaining -= 1
                                            }
                                            if remaining == 0 { break }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return found.indices.filter { found[$0] }
    }

    /// How often each phrase occurs in `text` with its boundary, counted up to `limit`, in one pass. Occurrences are
    /// found as `TextSearch.wordStartCount` finds them: left to right, each search going on after the end of the
    /// last occurrence (boundary or not), so the counts are the same as one search per phrase.
    public func counts(in text: String, limit: Int) -> [Int] {
        guard !phrases.isEmpty else { return [] }
        var counts = [Int](repeating: 0, count: phrases.count)
        var next = [Int](repeating: 0, count: phrases.count)
        var remaining = phrases.count
        var text = text
        text.withUTF8 { h in
            let last = h.count - 1
            for i in h.indices {
                let b = Int(h[i])
                if i < last {
                    let pair = b << 8 | Int(h[i + 1])
                    if pairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0 { continue }
                }
                for k in bucket[b]..<bucket[b + 1] {
                    let index = byFirstByte[k]
                    guard counts[index] < limit, i >= next[index] else { continue }
                    let start = offsets[index]
                    let length = offsets[index + 1] - start
                    guard i + length <= h.count else { continue }
                    var j = 1
                    while j < length && h[i + j] == bytes[start + j] { j += 1 }
                    guard j == length else { continue }
                    next[index] = i + length
                    guard accepts(boundaries[index], h, i, i + length) else { continue }
                    counts[index] += 1
                    if counts[index] == limit { remaining -= 1 }
                }
                if remaining == 0 { break }
            }
        }
        return counts
    }

    /// The first phrase of the list that occurs in `text`.
    public func first(in text: String) -> String? { matches(in: text).first.map { phrases[$0] } }

    func accepts(_ boundary: Boundary, _ h: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        switch boundary {
        case .none: return true
        case .wordStart: return start == 0 || !TextSearch.isASCIILetter(h[start - 1])
        case .wholeWord:
            return (start == 0 || !TextSearch.isASCIILetter(h[start - 1]))
                && (end == h.count || !TextSearch.isASCIILetter(h[end]))
        case .word: return !TextSearch.continuesWord(h, before: start) && !TextSearch.continuesWord(h, after: end)
        }
    }
}

/// Several phrase lists searched in one pass over the same text; each list's matches are read apart. The
/// disclosure detector asks five questions of one lowered description (a "no AI" statement, an AI statement, a
/// usage phrase, a prompt, a tool's name): one scan answers them all.
public struct PhraseGroups: Sendable {
    let set: PhraseSet
    /// Group `g` is the set's phrases `starts[g]..<starts[g + 1]`.
    let starts: [Int]

    public init(_ groups: [[(phrase: String, boundary: PhraseSet.Boundary)]]) {
        precondition(groups.allSatisfy { $0.allSatisfy { !$0.phrase.isEmpty } }, "phrases must not be empty")
        set = PhraseSet(groups.flatMap { $0 })
        var starts = [0]
        for group in groups { starts.append(starts.last! + group.count) }
        self.starts = starts
    }

    public func matches(in text: String) -> Matches {
        Matches(found: set.matches(in: text), groups: self)
    }

    public struct Matches: Sendable {
        /// Indices into all the groups' phrases, ascending.
        let found: [Int]
        let groups: PhraseGroups

        /// Indices (into group `g`'s list, ascending) of its phrases that occur.
        public func matches(inGroup g: Int) -> [Int] {
            let range = groups.starts[g]..<groups.starts[g + 1]
            return found.filter(range.contains).map { $0 - range.lowerBound }
        }

        /// The first phrase of group `g`'s list that occurs.
        public func first(inGroup g: Int) -> String? {
            let range = groups.starts[g]..<groups.starts[g + 1]
            return found.first(where: range.contains).map { groups.set.phrases[$0] }
        }
    }
}
