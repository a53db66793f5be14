/// Where and why a document is not JSON.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset where reading stopped.
    public var offset: Int
    public var reason: String

    public var description: String { "\(reason) at byte \(offset)" }
}

/// A strict JSON reader (RFC 8259) on UTF-8 bytes: the whole document's syntax is checked — strings must be valid
/// UTF-8 without raw control characters, escapes and surrogate pairs well formed, numbers in JSON's grammar and
/// finite, nesting at most `maxDepth` deep, nothing but white space after the value. It builds `JSONValue`s only
/// where asked: `JSONValue.parse` builds the whole tree, `JSONValue.fields` only the values at a few key paths
/// (what the webhook acknowledgement stores) and skips the rest. Foundation's `JSONDecoder` first scans the whole
/// document into its own map, then decodes from that; most of an acknowledgement's time went there.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0
    /// Foundation's decoder stops at the same depth; deeper input is refused, not recursed into.
    static let maxDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, reason: reason) }

    mutating func skipSpace() {
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    /// The next byte after white space; throws at the end of input.
    mutating func peek(_ context: @autoclosure () -> String) throws(JSONSyntaxError) -> UInt8 {
        skipSpace()
        guard i < bytes.count else { throw error("unexpected end of input \(context())") }
        return bytes[i]
    }

    /// After the top-level value: only white space may follow.
    mutating func end() throws(JSONSyntaxError) {
        skipSpace()
        guard i == bytes.count else { throw error("unexpected text after the JSON value") }
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    // MARK: Building values

    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        switch try peek("where a value was expected") {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try object { (reader: inout JSONReader, key: String) throws(JSONSyntaxError) in
                // A repeated key: the first value counts, as with Foundation's decoder.
                let value = try reader.value()
                if members.index(forKey: key) == nil { members[key] = value }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try array { (reader: inout JSONReader) throws(JSONSyntaxError) in items.append(try reader.value()) }
            return .array(items)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try number())
        }
    }

    /// Reads an object, handing each member's key to `member`, which must read the member's value.
    mutating func object(
        _ member: (inout JSONReader, String) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try container(closing: "}", "in an object") { (reader: inout JSONReader) throws(JSONSyntaxError) in
            guard try reader.peek("in an object") == UInt8(ascii: "\"") else {
                throw reader.error("expected a string key")
            }
            let key = try reader.string()
            guard try reader.peek("in an object") == UInt8(ascii: ":") else {
                throw reader.error("expected ':' after a key")
            }
            reader.i += 1
            try member(&reader, key)
        }
    }

    mutating func array(_ item: (inout JSONReader) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try container(closing: "]", "in an array", item)
    }

    /// An object or an array (at its opening bracket): `element` reads each element, separated by commas, until
    /// `closing`.
    mutating func container(
        closing: Unicode.Scalar, _ context: String, _ element: (inout JSONReader) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        let close = UInt8(ascii: closing)
        try enter()
        i += 1  // "{" or "["
        if try peek(context) == close {
            i += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            let next = try peek(context)
            guard next == UInt8(ascii: ",") || next == close else {
                throw error("expected ',' or '\(closing)' \(context)")
            }
            i += 1
            if next == close { break }
        }
        depth -= 1
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count,
            (0..<count).allSatisfy({ bytes[i + $0] == word.utf8Start[$0] })
        else { throw error("expected \(word)") }
        i += count
    }

    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = i
        func digit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(i) else { throw error("unexpected character where a value was expected") }
        if bytes[i] == 0x30 {
            i += 1
            if digit(i) { throw error("a number may not have a leading zero") }
        } else {
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { throw error("expected a digit after the decimal point") }
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { throw error("expected a digit in the exponent") }
            while digit(i) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            i = start
            throw error("the number \(text.prefix(40)) is out of range")
        }
        return value
    }

    /// Reads a string (at its opening quote) and decodes it.
    mutating func string() throws(JSONSyntaxError) -> String {
        let (start, end, escaped) = try stringExtent()
        if !escaped {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var k = start
        while k < end {
            let b = bytes[k]
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                k += 1
                continue
            }
            let e = bytes[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(k)
                k += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    // `stringExtent` checked that a low surrogate's escape follows.
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (hex4(k + 2) - 0xDC00)
                    k += 6
                }
                out += String(Unicode.Scalar(scalar)!).utf8
            default: out.append(e)  // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Checks a string (at its opening quote) and moves past it: where its content starts and ends, and whether it
    /// holds escapes.
    mutating func stringExtent() throws(JSONSyntaxError) -> (start: Int, end: Int, escaped: Bool) {
        i += 1
        let start = i
        var escaped = false
        var ascii = true
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { throw error("a control character must be escaped in a string") }
            if b >= 0x80 {
                ascii = false
                i += 1
                continue
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                guard i + 1 < bytes.count else { throw error("unterminated string") }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard isHex4(i + 2) else { throw error("expected four hex digits after \\u") }
                    let unit = hex4(i + 2)
                    if unit >= 0xDC00 && unit <= 0xDFFF { throw error("a low surrogate escape without a high one") }
                    if unit >= 0xD800 && unit <= 0xDBFF {
                        guard i + 11 < bytes.count, bytes[i + 6] == UInt8(ascii: "\\"),
                            bytes[i + 7] == UInt8(ascii: "u"), isHex4(i + 8), (0xDC00...0xDFFF).contains(hex4(i + 8))
                        else { throw error("a high surrogate escape without a low one") }
                        i += 12
                    } else {
                        i += 6
                    }
                default:
                    throw error("invalid escape in a string")
                }
                continue
            }
            i += 1
        }
        let end = i
        i += 1  // closing quote
        if !ascii, let bad = Self.firstInvalidUTF8(bytes, start, end) {
            i = bad
            throw error("invalid UTF-8 in a string")
        }
        return (start, end, escaped)
    }

    func isHex4(_ at: Int) -> Bool {
        guard at + 4 <= bytes.count else { return false }
        return (at..<at + 4).allSatisfy { Self.hexValue(bytes[$0]) != nil }
    }

    func hex4(_ at: Int) -> UInt32 {
        (at..<at + 4).reduce(0) { $0 << 4 | UInt32(Self.hexValue(bytes[$1])!) }
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// The offset of the first byte in `start..<end` that breaks UTF-8 (overlong forms, surrogates and scalars past
    /// U+10FFFF included), or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var k = start
        while k < end {
            let b0 = bytes[k]
            if b0 < 0x80 {
                k += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return k
            }
            guard k + length <= end, bytes[k + 1] >= low, bytes[k + 1] <= high else { return k }
            for n in 2..<max(2, length) where bytes[k + n] & 0xC0 != 0x80 { return k }
            k += length
        }
        return nil
    }

    // MARK: Skipping values

    /// Checks a value's syntax and moves past it without building it.
    mutating func skip() throws(JSONSyntaxError) {
        switch try peek("where a value was expected") {
        case UInt8(ascii: "{"):
            try object { (reader: inout JSONReader, _: String) throws(JSONSyntaxError) in try reader.skip() }
        case UInt8(ascii: "["): try array { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.skip() }
        case UInt8(ascii: "\""): _ = try stringExtent()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try number()
        }
    }

    /// Reads a value, keeping the values at `paths` (key paths relative to it) in `found[slots[n]]`, and skipping
    /// the rest. As in a built tree, a repeated key's first value counts.
    mutating func select(
        _ paths: [ArraySlice<String>], slots: [Int], into found: inout [JSONValue?]
    ) throws(JSONSyntaxError) {
        guard try peek("where a value was expected") == UInt8(ascii: "{") else {
            try skip()
            return
        }
        var seen: Set<String> = []
        try object { (reader: inout JSONReader, key: String) throws(JSONSyntaxError) in
            let wanted = paths.indices.filter { paths[$0].first == key }
            guard !wanted.isEmpty, seen.insert(key).inserted else { return try reader.skip() }
            if wanted.contains(where: { paths[$0].count == 1 }) {
                // The value itself is wanted: build it once and look the longer paths up in it.
                let value = try reader.value()
                for n in wanted {
                    found[slots[n]] = paths[n].dropFirst().reduce(Optional(value)) { $0?[$1] }
                }
            } else {
                try reader.select(wanted.map { paths[$0].dropFirst() }, slots: wanted.map { slots[$0] }, into: &found)
            }
        }
    }
}

extension JSONValue {
    /// Parses a JSON document (`JSONReader`). Throws `ContributionError` naming the source and the byte offset on
    /// malformed input.
    public static func parse(_ data: some Collection<UInt8>, source: String) throws -> JSONValue {
        try read(data, source: source) { (reader: inout JSONReader) throws(JSONSyntaxError) in try reader.value() }
    }

    /// The values at `paths` — key paths from the top-level object, like `["repository", "full_name"]` — of a JSON
    /// document whose whole syntax is checked, without building the rest. A path that is absent or that crosses
    /// something other than an object reads nil, as the same lookups in the parsed tree would.
    public static func fields(_ paths: [[String]], in data: some Collection<UInt8>, source: String) throws
        -> [JSONValue?]
    {
        try read(data, source: source) { (reader: inout JSONReader) throws(JSONSyntaxError) in
            var found = [JSONValue?](repeating: nil, count: paths.count)
            try reader.select(paths.map { $0[...] }, slots: Array(paths.indices), into: &found)
            return found
        }
    }

    static func read<T>(
        _ data: some Collection<UInt8>, source: String, _ body: (inout JSONReader) throws(JSONSyntaxError) -> T
    ) throws -> T {
        func run(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> T {
            var reader = JSONReader(bytes)
            let result = try body(&reader)
            try reader.end()
            return result
        }
        do {
            if let result = try data.withContiguousStorageIfAvailable({ bytes in try run(bytes) }) { return result }
            return try Array(data).withUnsafeBufferPointer { bytes in try run(bytes) }
        } catch let error as JSONSyntaxError {
            throw ContributionError(source: source, reason: "malformed JSON: \(error)")
        }
    }
}
