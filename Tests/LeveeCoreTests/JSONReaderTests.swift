import Foundation
import Testing

@testable import LeveeCore

/// Levee's own JSON reader against Foundation's decoder, on every recorded payload and on malformed input.
@Suite struct JSONReaderTests {
    static func foundation(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    /// Every recorded GitHub payload and REST exchange reads to the same tree as through Foundation.
    @Test func everyRecordedDocumentReadsAsFoundationReadsIt() throws {
        let files = Shared.files(under: Shared.tests.appendingPathComponent("Fixtures"), extensions: ["json"])
        #expect(files.count > 50)
        for file in files {
            let data = try Data(contentsOf: file)
            #expect(try JSONValue.parse(data, source: file.path) == Self.foundation(data), "\(file.lastPathComponent)")
        }
    }

    @Test func valuesAndEscapes() throws {
        let samples = [
            #"{"a":[1,-0.5,2e3,1E-2,0,true,false,null],"b":{"c":"d"},"e":[]}"#, #"  "x"  "#, "3", "-0", "[]", "{}",
            #""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude80""#, #"{"k":"é日本🚀"}"#, #"[[[[[["deep"]]]]]]"#,
            #"{"dup":1,"dup":2}"#, #"{"dup":{"a":1},"x":3,"dup":2}"#, "1.7976931348623157e308", "[\n\t1 ,\r\n 2 ]",
        ]
        for sample in samples {
            let data = Data(sample.utf8)
            #expect(try JSONValue.parse(data, source: "sample") == Self.foundation(data), "\(sample)")
        }
        #expect(try JSONValue.parse(Data(#""\ud83d\ude80\u0000""#.utf8), source: "s") == .string("🚀\u{0}"))
        #expect(try JSONValue.parse(Data(#"{"dup":1,"dup":2}"#.utf8), source: "s") == ["dup": 1])
    }

    /// What is not JSON is refused, and the error names the byte where reading stopped. Foundation's decoder refuses
    /// the same, except a trailing comma, which it lets pass and Levee does not (GitHub never sends one).
    @Test func malformedDocumentsAreRefusedWithTheirPlace() throws {
        let samples: [(String, String)] = [
            ("", "unexpected end of input"), ("{", "unexpected end of input"), (#"{"a":1,}"#, "expected a string key"),
            ("[1,]", "unexpected character"), ("[1 2]", "expected ',' or ']'"), ("01", "leading zero"),
            ("1.", "decimal point"), ("1e", "exponent"), ("-", "unexpected character"), ("tru", "expected true"),
            ("nul", "expected null"), (#""abc"#, "unterminated string"), ("\"a\u{1}b\"", "control character"),
            (#""\x""#, "invalid escape"), (#""\u12G4""#, "four hex digits"), (#""\ud83d""#, "high surrogate"),
            (#""\ude80""#, "low surrogate"), (#""\ud83d\u0041""#, "high surrogate"), ("1 2", "after the JSON value"),
            ("{'a':1}", "expected a string key"), ("[1e400]", "out of range"), (#"{"a" 1}"#, "expected ':'"),
            ("NaN", "unexpected character"), ("+1", "unexpected character"), (".5", "unexpected character"),
        ]
        for (sample, reason) in samples {
            let data = Data(sample.utf8)
            if !sample.contains(",]"), !sample.contains(",}") {
                #expect(throws: (any Error).self, "Foundation, \(sample)") { try Self.foundation(data) }
            }
            do {
                _ = try JSONValue.parse(data, source: "payload.json")
                Issue.record("accepted \(sample)")
            } catch let error as ContributionError {
                #expect(error.description.contains("payload.json"), "\(error)")
                #expect(error.description.contains(reason) && error.description.contains("at byte"), "\(error)")
            }
        }
        // `{"a": [1, 2,, 3]}`: the second comma is byte 12.
        #expect(throws: ContributionError.self) {
            do {
                _ = try JSONValue.parse(Data(#"{"a": [1, 2,, 3]}"#.utf8), source: "x")
            } catch let error as ContributionError {
                #expect(error.description.contains("at byte 12"), "\(error)")
                throw error
            }
        }
    }

    /// Bytes that are not UTF-8 inside a string: overlong forms, surrogates, truncated sequences, past U+10FFFF.
    @Test func invalidUTF8IsRefused() throws {
        let bad: [[UInt8]] = [
            [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
            [0xFF], [0x80], [0xF0, 0x9F, 0x9A],
        ]
        for bytes in bad {
            let data = Data([0x22] + bytes + [0x22])
            #expect(throws: (any Error).self, "Foundation, \(bytes)") { try Self.foundation(data) }
            #expect(throws: ContributionError.self, "\(bytes)") { try JSONValue.parse(data, source: "x") }
        }
        let good: [[UInt8]] = [[0xC2, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x9A, 0x80], [0xEF, 0xBF, 0xBF]]
        for bytes in good {
            let data = Data([0x22] + bytes + [0x22])
            #expect(try JSONValue.parse(data, source: "x") == Self.foundation(data))
        }
    }

    /// Hostile nesting is refused at a fixed depth instead of exhausting the stack.
    @Test func deepNestingIsRefused() {
        let deep = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(throws: ContributionError.self) { try JSONValue.parse(deep, source: "deep") }
        #expect(throws: ContributionError.self) { try JSONValue.fields([["a"]], in: deep, source: "deep") }
        let nested = Data(
            (String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)).utf8)
        #expect(throws: ContributionError.self) { try JSONValue.fields([["a", "a"]], in: nested, source: "deep") }
        let fine = Data((String(repeating: "[", count: 500) + String(repeating: "]", count: 500)).utf8)
        #expect(throws: Never.self) { try JSONValue.parse(fine, source: "fine") }
    }

    /// `fields` reads what lookups in the whole tree read, and checks the whole document's syntax.
    @Test func fieldsReadWhatTheTreeLookupsRead() throws {
        let paths = [
            ["action"], ["repository", "full_name"], ["installation", "id"], ["repository"], ["missing", "x"],
        ]
        for file in Shared.files(under: Shared.webhooks, extensions: ["json"]) {
            let data = try Data(contentsOf: file)
            let tree = try JSONValue.parse(data, source: "tree")
            let found = try JSONValue.fields(paths, in: data, source: "fields")
            let looked = paths.map { path in path.reduce(Optional(tree)) { $0?[$1] } }
            #expect(found == looked, "\(file.lastPathComponent)")
        }
        let odd = try JSONValue.fields(
            [["a", "b"], ["c"]], in: Data(#"{"a":[{"b":1}],"c":{"d":[1,{"e":null}]}}"#.utf8), source: "odd")
        #expect(odd == [nil, ["d": [1, ["e": .null]]]])
        #expect(try JSONValue.fields([["a"]], in: Data("[1]".utf8), source: "array") == [nil])
        #expect(throws: ContributionError.self) {
            try JSONValue.fields([["a"]], in: Data(#"{"a":1,"b":[1,}"#.utf8), source: "tail")
        }
    }
}
