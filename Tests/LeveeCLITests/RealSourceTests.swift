import Foundation
import LeveeCore
import LeveeTestSupport
import Testing

@testable import LeveeCLI

/// Claims checked against real project sources that `.ci/run` fetches (NumPy's wheel from PyPI, unpacked; its path in
/// LEVEE_NUMPY_SOURCE). Without it these tests are skipped, and say so.
@Suite struct RealSourceTests {
    static let numpy = ProcessInfo.processInfo.environment["LEVEE_NUMPY_SOURCE"]

    @Test(.enabled(if: numpy != nil, "LEVEE_NUMPY_SOURCE is not set (.ci/run sets it)"))
    func npErfIsFlaggedAndNpExpIsNotAgainstNumPysRealSource() async throws {
        // A minute of indexing: on a thread of its own, not one of the two the async tests share.
        let source = try #require(Self.numpy)
        let index = try await OwnThread.run { try IndexCommand.build(source, project: "numpy") }
        #expect(index.files.count > 500)
        #expect(!index.symbols(named: "exp").isEmpty)
        #expect(!index.symbols(named: "asarray").isEmpty)

        // NEP 36's example: a report against a function NumPy never had.
        let erf = Contribution(
            kind: .issue, number: 1, title: "np.erf returns wrong values for large inputs",
            body: "Calling `np.erf(x)` with x = 1e10 returns 0.5 on NumPy 1.17.2. Reproduce:\n\n"
                + "```python\nimport numpy as np\nprint(np.erf(1e10))\n```")
        let flagged = Evaluator().evaluate(erf, in: EvaluationContext(sourceIndex: index))
        #expect(flagged.claims.missing == ["np.erf: numpy has no `erf`"])
        #expect(flagged.signals.contains { $0.id == "invented_reference" })

        let exp = Contribution(
            kind: .issue, number: 2, title: "np.exp overflows without a warning",
            body: "Calling `np.exp(1000.0)` returns inf without a RuntimeWarning on NumPy 2.4.")
        let clean = Evaluator().evaluate(exp, in: EvaluationContext(sourceIndex: index))
        #expect(clean.claims.missing.isEmpty)
        #expect(clean.claims.checked == 1)
        #expect(!clean.signals.contains { $0.id == "invented_reference" })
    }
}

/// Claims against curl's real source (Debian's source packages, fetched by `.ci/run`; LEVEE_CURL_SOURCE).
@Suite struct RealCurlSourceTests {
    static let trees = ProcessInfo.processInfo.environment["LEVEE_CURL_SOURCE"]?.split(separator: ":").map(String.init)

    @Test(.enabled(if: trees != nil, "LEVEE_CURL_SOURCE is not set (.ci/run sets it)"))
    func realFunctionsAtTheirPlacesPassAndInventedOnesAreFlagged() async throws {
        let trees = try #require(Self.trees)
        let index = try await OwnThread.run {
            SourceIndex(merging: try trees.map { try IndexCommand.build($0, project: nil) })
        }
        #expect(index.files.count > 3000)
        // lib/multi.c defines its functions under #ifdef branches with unbalanced braces: they must all be found.
        for name in ["multi_runsingle", "curl_multi_perform", "Curl_multi_handle", "curl_easy_setopt"] {
            #expect(!index.symbols(named: name).isEmpty, "\(name)")
        }
        let multi = try #require(index.symbols(named: "curl_multi_perform").first)
        let real = Contribution(
            kind: .securityReport, number: nil, title: "Use after free in curl_multi_perform",
            body: """
                `curl_multi_perform()` in lib/multi.c:\(multi.line + 3) reads the easy handle after \
                `curl_multi_remove_handle()` freed it when CURLOPT_PRIVATE is set.
                """)
        let clean = ClaimVerifier.verify(real, index: index)
        #expect(clean.missing.isEmpty, "\(clean.missing)")
        #expect(clean.checked >= 3)

        let invented = Contribution(
            kind: .securityReport, number: nil, title: "Heap overflow in Curl_http2_frame_reassemble",
            body: """
                `Curl_http2_frame_reassemble()` in lib/http2_frames.c:912 copies the frame without a length check.
                """)
        let flagged = ClaimVerifier.verify(invented, index: index)
        #expect(flagged.missing.count == 2, "\(flagged.missing)")
        #expect(flagged.missing.contains { $0.contains("no file lib/http2_frames.c in curl") })
    }
}

@Suite struct IndexCommandTests {
    /// `--git DIR --at REV|DATE`: the checkout as it stood at a tag and at a date, in one index, so a function the
    /// reporter's release had is known though HEAD removed it; a revision or a date the history lacks is an error
    /// naming it.
    @Test func aGitCheckoutIsIndexedAtTheRevisionsNamed() async throws {
        let dir = try Paths.temporaryDirectory()
        let checkout = dir.appendingPathComponent("widget")
        try FileManager.default.createDirectory(
            at: checkout.appendingPathComponent("lib"), withIntermediateDirectories: true)
        func git(_ arguments: String..., date: String = "2024-03-01T12:00:00Z") async throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["git", "-C", checkout.path, "-c", "user.name=t", "-c", "user.email=t@example.org"]
                + arguments
            process.environment = ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            #expect(try await ChildProcess.run(process) == 0, "git \(arguments)")
        }
        let file = checkout.appendingPathComponent("lib/parse.c")
        // Enough of the project's names for its prefix to be its namespace (`ClaimVerifier`).
        let helpers = (0..<12).map { "int widget_helper\($0)(void)\n{\n  return \($0);\n}\n" }.joined()
        try helpers.write(to: checkout.appendingPathComponent("lib/helpers.c"), atomically: true, encoding: .utf8)
        try await git("init", "-q")
        try "int widget_decode_header(const char *s)\n{\n  return 0;\n}\n".write(
            to: file, atomically: true, encoding: .utf8)
        try await git("add", ".")
        try await git("commit", "-q", "-m", "first")
        try await git("tag", "v1.0")
        try "int widget_parse(const char *s)\n{\n  return 1;\n}\n".write(to: file, atomically: true, encoding: .utf8)
        try await git("commit", "-q", "-a", "-m", "rename", date: "2025-06-01T12:00:00Z")

        let report = Contribution(
            kind: .securityReport, title: "Overflow in widget_decode_header",
            body: "`widget_decode_header()` in lib/parse.c:2 reads past the end of the input.")
        func missing(_ arguments: [String]) async throws -> [String] {
            let output = dir.appendingPathComponent("index-\(UUID().uuidString).json").path
            #expect(await LeveeCommand.run(arguments: ["index"] + arguments + ["-o", output]) == 0)
            return ClaimVerifier.verify(report, index: try IndexCommand.load(output)).missing
        }
        #expect(try await missing(["--git", checkout.path]).contains { $0.contains("widget_decode_header") })
        #expect(try await missing(["--git", checkout.path, "--at", "v1.0", "--at", "HEAD"]).isEmpty)
        #expect(try await missing(["--git", checkout.path, "--at", "2025-01-01"]).isEmpty)  // before the rename
        // What a claim was checked against is said: the trees, by checkout and revision.
        let both = dir.appendingPathComponent("both.json").path
        #expect(
            await LeveeCommand.run(arguments: [
                "index", "--git", checkout.path, "--at", "v1.0", "--at", "HEAD", "-o", both,
            ])
                == 0)
        #expect(
            ClaimVerifier.verify(report, index: try IndexCommand.load(both)).against == ["widget@v1.0", "widget@HEAD"])
        #expect(try IndexCommand.build(checkout.path, project: nil).trees == ["widget"])
        #expect(await LeveeCommand.run(arguments: ["index", "--git", checkout.path, "--at", "v9.9"]) == 2)
        #expect(await LeveeCommand.run(arguments: ["index", "--git", checkout.path, "--at", "2020-01-01"]) == 2)
        #expect(await LeveeCommand.run(arguments: ["index", "--at", "v1.0"]) != 0)  // --at without --git
    }

    @Test func indexThenCheckAReportAgainstIt() async throws {
        let dir = try Paths.temporaryDirectory()
        let tree = dir.appendingPathComponent("curl")
        try FileManager.default.createDirectory(
            at: tree.appendingPathComponent("lib"), withIntermediateDirectories: true)
        let helpers = (0..<12).map { "int Curl_helper\($0)(void)\n{\n  return \($0);\n}\n" }.joined()
        try helpers.write(to: tree.appendingPathComponent("lib/helpers.c"), atomically: true, encoding: .utf8)
        try "CURLcode Curl_setup_conn(void)\n{\n  return 0;\n}\n".write(
            to: tree.appendingPathComponent("lib/url.c"), atomically: true, encoding: .utf8)
        let index = dir.appendingPathComponent("curl-index.json").path
        #expect(await LeveeCommand.run(arguments: ["index", tree.path, "-o", index]) == 0)
        #expect(await LeveeCommand.run(arguments: ["index", "/nonexistent/tree"]) == 2)

        let invented = dir.appendingPathComponent("invented.md")
        try "# Heap overflow in Curl_parse_trailer\n\nThe overflow is in `Curl_parse_trailer()` at lib/url.c:812.\n"
            .write(to: invented, atomically: true, encoding: .utf8)
        let real = dir.appendingPathComponent("real.md")
        try "# Crash in Curl_setup_conn\n\n`Curl_setup_conn()` at lib/url.c:2 returns before the lock is taken.\n"
            .write(to: real, atomically: true, encoding: .utf8)
        // The same reports without an index are scored on their text alone; with it, the invented one scores higher
        // (`invented_reference`, with its evidence) and the real one does not move.
        #expect(await LeveeCommand.run(arguments: ["check", invented.path, "--fail-on", "likely_slop"]) == 0)
        #expect(await LeveeCommand.run(arguments: ["check", invented.path, "--index", index]) == 0)
        #expect(await LeveeCommand.run(arguments: ["check", invented.path, "--repo-root", tree.path]) == 0)
        func score(_ file: URL, index: SourceIndex?) throws -> Evaluation {
            Evaluator().evaluate(
                try #require(try ContributionDecoder.decode(Data(contentsOf: file), source: "x").contribution),
                in: EvaluationContext(sourceIndex: index))
        }
        let built = try IndexCommand.build(tree.path, project: nil)
        #expect(try score(invented, index: built).slopScore > score(invented, index: nil).slopScore)
        #expect(try score(invented, index: built).signals.contains { $0.id == "invented_reference" })
        #expect(try score(real, index: built).slopScore == score(real, index: nil).slopScore)
        #expect(await LeveeCommand.run(arguments: ["check", real.path, "--index", "/nonexistent.json"]) == 2)
        let source = try IndexCommand.build(tree.path, project: nil)
        let evaluation = Evaluator().evaluate(
            try #require(try ContributionDecoder.decode(Data(contentsOf: invented), source: "x").contribution),
            in: EvaluationContext(sourceIndex: source))
        #expect(evaluation.claims.missing.count == 2)
    }
}
