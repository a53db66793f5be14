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
        !offsets(of: needle, in: haystack, limit: 1).isEmpty
    }

    /// Occurrences that do not continue a word: the byte before is not an ASCII letter.
    public static func wordStartCount(of needle: String, in haystack: String) -> Int {
        count(of: needle, in: haystack, wholeWord: false)
    }

    /// Occurrences that are whole words: no ASCII letter right before or right after.
    public static func wholeWordCount(of needle: String, in haystack: String) -> Int {
        count(of: needle, in: haystack, wholeWord: true)
    }

    static func count(of needle: String, in haystack: String, wholeWord: Bool) -> Int {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n in
            haystack.withUTF8 { h in
                search(n, in: h, limit: .max).count(where: { offset in
                    let end = offset + n.count
                    return (offset == 0 || !isASCIILetter(h[offset - 1]))
                        && (!wholeWord || end == h.count || !isASCIILetter(h[end]))
                })
            }
        }
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    static func search(_ n: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, limit: Int) -> [Int] {
        guard !n.isEmpty, n.count <= h.count else { return [] }
        var result: [Int] = []
        let first = n[0]
        let last = h.count - n.count
        var i = 0
        while i <= last {
            if h[i] == first {
                var j = 1
                while j < n.count && h[i + j] == n[j] { j += 1 }
                if j == n.count {
                    result.append(i)
                    if result.count >= limit { return result }
                    i += n.count
                    continue
                }
            }
            i += 1
        }
        return result
    }
}

extension String {
    /// `contains` on UTF-8 bytes; see `TextSearch`.
    func has(_ needle: String) -> Bool { TextSearch.contains(needle, in: self) }
}
