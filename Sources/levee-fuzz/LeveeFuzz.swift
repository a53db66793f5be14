// libFuzzer targets for the inputs a stranger controls: a diff, a `VOUCHED.td`, a `.github/levee.yml`, a webhook
// payload decoded (the JSON reader, then the contribution decoder), the same decoded and evaluated, the text claims
// are read from, and comment commands.
//
// Built only by `scripts/fuzz` (`swift build --sanitize fuzzer --sanitize address -Xswiftc -DLEVEE_FUZZ`), where
// libFuzzer supplies `main`; the target is chosen with `LEVEE_FUZZ_TARGET`. A plain build gets a `main` that says so.
import Foundation
import LeveeConfig
import LeveeCore

enum FuzzTarget: String, CaseIterable {
    case diff, vouch, policy, decode, webhook, claims, commands

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["LEVEE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("LEVEE_FUZZ_TARGET must be one of: \(names)\n".utf8))
            exit(2)
        }
        return target
    }()

    /// A small real-looking project for claim extraction to check against.
    static let index = SourceIndexer.index(
        project: "demo",
        files: [
            (
                "lib/url.c",
                Data("static int parse_url(const char *s) {\n  return s[0];\n}\nint Curl_open(void) {}\n".utf8)
            ),
            ("lib/url.h", Data("int Curl_open(void);\n#define CURL_MAX 10\n".utf8)),
            (
                "demo/core.py",
                Data("def erf_like(x):\n    return x\n\nclass Engine:\n    def run(self):\n        pass\n".utf8)
            ),
        ])

    static let evaluator = Evaluator()

    /// What the webhook acknowledgement reads with `JSONValue.fields`, and a few more shapes.
    static let jsonPaths = [
        ["action"], ["repository", "full_name"], ["installation", "id"], ["pull_request"], ["a", "b", "c"], [""],
    ]

    /// Starting inputs this binary knows itself; `scripts/fuzz` adds real files (patches, payloads, reports).
    var builtinSeeds: [String] {
        switch self {
        case .diff:
            return ["diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n int a;\n-int b;\n+long b;\n"]
        case .vouch:
            return [
                VouchFile.newFileHeader + "aliceh\n-bulk-bot Opened 40 generated pull requests\ngithub:dmitri_k\n",
                "# team\r\nzoe\r\n-xavier spam\r\n", "[core]\nmaria\n  indented   with spaces\n@x\n-\nnils 🎉",
            ]
        case .policy:
            return PolicyTemplates.all.map(\.yaml)
        case .decode:
            return [
                #"{"action":"opened","repository":{"full_name":"o/r"},"installation":{"id":1},"pull_request":null}"#,
                #"["\ud83d\ude80\u00e9\n",-0.5e-3,true,false,null,{"a":{"b":{"c":[]}}},{"":1,"":2}]"#,
            ]
        case .webhook, .claims:
            return ["Calling `Curl_open()` in lib/url.c:3 crashes; `parse_url` and demo.core.erf_like(1).\n"]
        case .commands:
            return [
                "/levee vouch @alice great first patch\n/levee denounce @bot spam\n> /levee hold\n",
                "```\n/levee status\n```\n/levee sponsor\n/levee ok-to-test\n/levee unvouch\n",
            ]
        }
    }

    func run(_ data: Data) {
        switch self {
        case .diff:
            // Every added or removed line is a line of the input.
            let diff = UnifiedDiff.parse(data)
            let inputLines = data.count(where: { $0 == 0x0A }) + 1
            precondition(diff.additions + diff.deletions <= inputLines, "more changed lines than input lines")
        case .vouch:
            // The file is edited in place on GitHub: lines Levee did not change must be written back exactly as read.
            let text = String(decoding: data, as: UTF8.self)
            let file = VouchFile(parsing: text)
            precondition(file.render() == text, "VOUCHED.td did not round-trip")
            _ = file.adding(VouchFile.Handle(username: "fuzz")).render()
        case .policy:
            _ = try? PolicyLoader.load(yaml: String(decoding: data, as: UTF8.self))
        case .webhook:
            guard case .contribution(let contribution)? = try? ContributionDecoder.decode(data, source: "fuzz") else {
                return
            }
            let evaluation = Self.evaluator.evaluate(contribution, in: EvaluationContext(sourceIndex: Self.index))
            // The server stores every evaluation as JSON: a NaN or infinite figure would fail there.
            precondition((0...1).contains(evaluation.slopScore), "slop score \(evaluation.slopScore) out of range")
            precondition(evaluation.reviewMinutes.isFinite && evaluation.reviewMinutes >= 0, "review minutes")
            precondition((try? JSONEncoder().encode(evaluation)) != nil, "the evaluation does not encode")
        case .decode:
            // Webhook decoding as the server does it: the acknowledgement's fields, then the worker's whole tree and
            // contribution. The whole tree and the fields read the same syntax, and the fields are the tree's
            // lookups; a document that is JSON decodes to a contribution or to a clear error, never a trap.
            let tree = try? JSONValue.parse(data, source: "fuzz")
            let fields = try? JSONValue.fields(Self.jsonPaths, in: data, source: "fuzz")
            precondition((tree == nil) == (fields == nil), "parse and fields disagree on the syntax")
            if let tree, let fields {
                let looked = Self.jsonPaths.map { path in path.reduce(Optional(tree)) { $0?[$1] } }
                precondition(fields == looked, "fields differ from the tree's lookups")
                _ = try? ContributionDecoder.decode(json: tree, source: "fuzz")
            }
        case .claims:
            _ = ClaimExtractor.claims(in: String(decoding: data, as: UTF8.self), index: Self.index)
        case .commands:
            _ = CommentCommand.parse(String(decoding: data, as: UTF8.self), keywords: CommandKeywords(bare: true))
        }
    }
}

#if LEVEE_FUZZ
    /// With `LEVEE_FUZZ_SEEDS=<dir>`, writes the built-in starting inputs there before libFuzzer reads its corpus.
    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzInitialize(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
    ) -> CInt {
        guard let folder = ProcessInfo.processInfo.environment["LEVEE_FUZZ_SEEDS"] else { return 0 }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (number, seed) in FuzzTarget.selected.builtinSeeds.enumerated() {
            _ = FileManager.default.createFile(atPath: "\(folder)/builtin-\(number)", contents: Data(seed.utf8))
        }
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
        FuzzTarget.selected.run(Data(bytes: bytes, count: count))
        return 0
    }
#else
    @main
    enum FuzzUsage {
        static func main() {
            FileHandle.standardError.write(Data("levee-fuzz is built by scripts/fuzz (libFuzzer supplies main)\n".utf8))
            exit(2)
        }
    }
#endif
