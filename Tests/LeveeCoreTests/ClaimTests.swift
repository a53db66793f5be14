import Foundation
import Testing

@testable import LeveeCore

/// Small trees written the way real projects write code (curl's style of C, NumPy-style Python and stubs).
enum Trees {
    static let urlC = """
        /* lib/url.c: a function whose return type sits on its own line, as curl writes them */
        #include "curl_setup.h"
        #define CURL_MAX_THING 42
        #define Curl_safefree(ptr) do { free(ptr); (ptr) = NULL; } while(0)

        struct connectdata {
          int sock;
        };

        static CURLcode
        setup_range(struct Curl_easy *data)
        {
          /* a comment mentioning fake_function(x) { does not define it */
          const char *s = "Curl_not_a_function(void) {";
          if(data->state.use_range) {
            return CURLE_OK;
          }
          return CURLE_OK;
        }

        CURLcode Curl_setup_conn(struct Curl_easy *data,
                                 bool *protocol_done)
        {
          *protocol_done = FALSE;
          return setup_range(data);
        }

        void Curl_declared_only(int x);

        typedef struct {
          int a;
        } Curl_thing;

        """ + String(repeating: "\n", count: 60)

    static let helpersC = (0..<12).map { "int Curl_helper\($0)(void)\n{\n  return \($0);\n}\n" }.joined()

    static let numpyStub = """
        from typing import Final
        __all__ = ["exp", "sqrt"]
        exp: _UFunc_Nin1_Nout1[L['exp'], L[10], None]
        sqrt: _UFunc_Nin1_Nout1[L['sqrt'], L[10], None]
        def asarray(a, dtype=None): ...
        class ndarray:
            def reshape(self, shape): ...
        """

    static let misc: [(String, String)] = [
        (
            "web/app.ts",
            "export function renderQueue(items: Item[]) {\n}\nexport const MAX_ITEMS = 50\nclass Queue {}\n"
        ),
        (
            "cmd/main.go",
            "package main\n\nfunc (s *Server) HandleWebhook(w http.ResponseWriter) {\n}\n\nfunc main() {\n}\n"
        ),
        ("src/lib.rs", "pub fn parse_diff(input: &str) -> Diff {\n}\nstruct Diff {}\nmacro_rules! bail {}\n"),
        ("Sources/App.swift", "public struct Levee {\n    func evaluate() {}\n}\n"),
        ("src/Main.java", "public class Main {\n    public static void main(String[] args) {\n    }\n}\n"),
    ]

    static var curl: SourceIndex {
        SourceIndexer.index(
            project: "curl",
            files: [("lib/url.c", Data(urlC.utf8)), ("lib/helpers.c", Data(helpersC.utf8)), ("docs/README", Data())]
                + misc.map { ($0.0, Data($0.1.utf8)) })
    }

    static var numpy: SourceIndex {
        SourceIndexer.index(
            project: "numpy",
            files: [
                ("numpy/__init__.pyi", Data(numpyStub.utf8)),
                ("numpy/_core/fromnumeric.py", Data("def sum(a):\n    pass\n".utf8)),
            ])
    }
}

@Suite struct SourceIndexTests {
    @Test func findsDefinitionsAcrossLanguages() {
        let index = Trees.curl
        func place(_ name: String) -> String? {
            index.symbols(named: name).first.map {
                "\(index.files[$0.file].path):\($0.line)\($0.endLine.map { "-\($0)" } ?? "") \($0.kind.rawValue)"
            }
        }
        #expect(place("setup_range") == "lib/url.c:11-19 function")
        #expect(place("Curl_setup_conn") == "lib/url.c:21-26 function")
        #expect(place("CURL_MAX_THING") == "lib/url.c:3 macro")
        #expect(place("Curl_safefree") == "lib/url.c:4 macro")
        #expect(place("connectdata") == "lib/url.c:6 type")
        #expect(place("Curl_thing") == "lib/url.c:32 type")
        #expect(place("Curl_declared_only") == nil)  // a declaration, not a definition
        #expect(place("fake_function") == nil)  // in a comment
        #expect(place("Curl_not_a_function") == nil)  // in a string
        #expect(place("renderQueue") == "web/app.ts:1 function")
        #expect(place("MAX_ITEMS") == "web/app.ts:3 variable")
        #expect(place("HandleWebhook") == "cmd/main.go:3 function")
        #expect(place("parse_diff") == "src/lib.rs:1 function")
        #expect(place("bail") == "src/lib.rs:4 type")
        #expect(place("evaluate") == "Sources/App.swift:2 function")
        #expect(place("main")?.hasPrefix("cmd/main.go") == true)
        let urlLines = Trees.urlC.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(index.files.first { $0.path == "lib/url.c" }?.lines == urlLines)
        #expect(index.prefixes.contains("Curl"))

        let numpy = Trees.numpy
        #expect(!numpy.symbols(named: "exp").isEmpty)  // an annotated attribute of the stub
        #expect(!numpy.symbols(named: "asarray").isEmpty)
        #expect(numpy.symbols(named: "erf").isEmpty)
    }

    /// curl writes `#ifdef X` / `if(a) {` / `#else` / `if(b) {` / `#endif`: two openings in the text, one block in any
    /// build. Counting both once threw every later function of lib/multi.c into the first one's body.
    @Test func bracesInAlternativeBranchesCountOnce() {
        let source = """
            static int first(int a)
            {
            #ifdef USE_WAKEUP
              if(a) {
            #elif defined(OTHER)
              if(a > 1) {
            #else
              if(a && b) {
            #endif
                return 1;
              }
              return 0;
            }

            #ifdef HAVE_POLL
            static int second(void)
            {
              return 1;
            }
            #else
            static int second(void)
            {
              return 2;
            }
            #endif

            int third(void)
            {
              return 3;
            }
            """
        let index = SourceIndexer.index(project: "x", files: [("lib/multi.c", Data(source.utf8))])
        func span(_ name: String) -> [String] {
            index.symbols(named: name).map { "\($0.line)-\($0.endLine ?? 0)" }
        }
        #expect(span("first") == ["1-13"])
        #expect(span("second") == ["16-19", "21-24"])
        #expect(span("third") == ["27-30"])
    }

    @Test func namesWrittenAnywhereAndNamesCloseToThemAreKnown() {
        let index = SourceIndexer.index(
            project: "curl",
            files: [
                ("lib/vtls/wolfssl.c", Data("CURLcode Curl_wssl_verify_pinned(void)\n{\n  return 0;\n}\n".utf8)),
                ("docs/CURLOPT_URL.md", Data("# CURLOPT_URL\nSee also SSL_CTX_set_verify (OpenSSL).\n".utf8)),
                ("lib/multi.c", Data("void Curl_detach_connection(void)\n{\n}\n".utf8)),
            ])
        #expect(index.mentions("CURLOPT_URL"))  // documented, not defined
        #expect(index.mentions("SSL_CTX_set_verify"))
        #expect(!index.mentions("CURLOPT_INVENTED_THING"))
        #expect(index.nearestMention("wssl_verify_pinned") == "curl_wssl_verify_pinned")  // shortened
        #expect(index.nearestMention("Curl_detach_connnection") == "curl_detach_connection")  // one letter off
        #expect(index.nearestMention("Curl_parse_chunked_trailer") == nil)
        #expect(SourceIndex.withinOneEdit(Array("abcd".utf8), Array("abd".utf8)))
        #expect(!SourceIndex.withinOneEdit(Array("abcd".utf8), Array("abdc".utf8)))
    }

    @Test func releasesMergeIntoOneIndex() {
        let old = SourceIndexer.index(
            project: "curl",
            files: [
                ("lib/security.c", Data("int Curl_sec_login(void)\n{\n  return 0;\n}\n".utf8)),
                ("lib/url.c", Data(String(repeating: "\n", count: 100).utf8)),
            ])
        let new = SourceIndexer.index(
            project: "curl",
            files: [
                ("lib/url.c", Data(("int Curl_connect(void)\n{\n}\n" + String(repeating: "\n", count: 300)).utf8))
            ])
        let merged = SourceIndex(merging: [old, new])
        #expect(merged.files.map(\.path) == ["lib/security.c", "lib/url.c"])
        #expect(merged.file(matching: "lib/url.c")?.lines == 303)
        #expect(merged.symbols(named: "Curl_sec_login").map { merged.files[$0.file].path } == ["lib/security.c"])
        #expect(merged.symbols(named: "Curl_connect").map { merged.files[$0.file].path } == ["lib/url.c"])
    }

    @Test func aDependencysNamesAreNotTheProjects() {
        // curl redefines a few OpenSSL names as compatibility macros; `SSL_` is still OpenSSL's namespace.
        let shims = (0..<12).map { "#define SSL_shim\($0)(x) x" }.joined(separator: "\n")
        let functions = (0..<12).map { "int Curl_f\($0)(void)\n{\n}\n" }.joined()
        let index = SourceIndexer.index(
            project: "curl", files: [("lib/vtls/openssl.c", Data((shims + "\n" + functions).utf8))])
        #expect(index.prefixes.contains("Curl"))
        #expect(!index.prefixes.contains("SSL"))
    }

    @Test func anIndexRoundTripsThroughJSON() throws {
        let index = Trees.curl
        let decoded = try JSONDecoder().decode(SourceIndex.self, from: JSONEncoder().encode(index))
        #expect(decoded.files == index.files)
        #expect(decoded.symbols == index.symbols)
        #expect(decoded.symbols(named: "Curl_setup_conn").count == 1)
        #expect(decoded.prefixes == index.prefixes)
        #expect(decoded.mentions == index.mentions)
        #expect(decoded.mentions.contains("CURL_MAX_THING"))
    }
}

@Suite struct ClaimVerificationTests {
    func report(_ body: String, title: String = "Security issue") -> Contribution {
        Contribution(kind: .securityReport, number: nil, title: title, body: body)
    }

    @Test func inventedReferencesAreFound() {
        let claims = ClaimVerifier.verify(
            report(
                """
                ## Summary
                A heap overflow in `Curl_parse_chunked_trailer()` (lib/http_chunks_v2.c:120) lets an attacker \
                execute code. The vulnerable call is in lib/url.c:4321, right after `Curl_setup_conn()`.

                ```
                ==1234==ERROR: AddressSanitizer: heap-buffer-overflow
                    #0 0x4f5 in Curl_setup_conn /home/me/curl/lib/url.c:23:5
                    #1 0x4f6 in setup_range /home/me/curl/lib/url.c:12:3
                ```
                """), index: Trees.curl)
        #expect(
            claims.missing == [
                "Curl_parse_chunked_trailer: `Curl_parse_chunked_trailer` appears nowhere in curl's source, nor "
                    + "anything close to it",
                "lib/http_chunks_v2.c:120: no file lib/http_chunks_v2.c in curl",
                "lib/url.c:4321: lib/url.c has 92 lines",
            ])
        #expect(claims.checked >= 6)
    }

    /// A name in prose is a claim only with context: called or named as a function, or called a function or macro. A
    /// bare name (shorthand, another release's name, a word of the project's documentation) is checked only where a
    /// trace or a file:line places it.
    @Test func aNameInProseNeedsTheContextOfAClaim() {
        func missing(_ text: String) -> [String] { ClaimVerifier.verify(report(text), index: Trees.curl).missing }
        #expect(missing("The overflow follows Curl_parse_chunked_trailer on a long header.").isEmpty)
        #expect(missing("The overflow is in Curl_parse_chunked_trailer(conn, 1) on a long header.").count == 1)
        #expect(missing("The overflow is in `Curl_parse_chunked_trailer()`.").count == 1)
        #expect(missing("The function Curl_parse_chunked_trailer copies the header.").count == 1)
    }

    @Test func realReferencesAndTheReportersOwnCodePass() {
        let claims = ClaimVerifier.verify(
            report(
                """
                `Curl_setup_conn()` in lib/url.c:22 calls setup_range() without checking `Curl_helper3()`.

                ```c
                static int my_poc_callback(void *p) { return 0; }
                int main(void) { curl_easy_setopt(h, CURLOPT_URL, "x"); my_poc_callback(0); }
                ```
                Compiled with gcc -o poc poc.c; see https://curl.se/libcurl/c/example.c and /usr/include/stdio.h.
                """), index: Trees.curl)
        #expect(claims.missing.isEmpty, "\(claims.missing)")
        #expect(claims.checked >= 3)
    }

    @Test func aFunctionFarFromTheCitedLineOrInAnotherFile() {
        let claims = ClaimVerifier.verify(
            report("The bug is in `Curl_helper3()` at lib/url.c:30, and in Curl_setup_conn lib/helpers.c:2."),
            index: Trees.curl)
        #expect(claims.missing.contains { $0.contains("`Curl_helper3` is not in lib/url.c") })
        #expect(claims.missing.contains { $0.contains("`Curl_setup_conn` is not in lib/helpers.c") })
    }

    @Test func tracePathsAreReadTheWayTheyWereBuilt() {
        let claims = ClaimVerifier.verify(
            report(
                """
                Include curl.h and run curl.exe; see https://curl.se for details.

                ```
                    #0 0x4f5 in Curl_setup_conn /src/curl/lib/url.c:23:5
                    #1 0x4f6 in setup_range /root/build/lib/../../lib/url.c:12:3
                    #2 0x4f7 in __interceptor_free ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:52
                    #3 0x4f8 in main /src/llvm-project/compiler-rt/lib/fuzzer/FuzzerMain.cpp:20
                ```
                """), index: Trees.curl)
        // `/src/curl/lib/url.c` is lib/url.c (curl has a `src` folder too, but no `src/curl/lib`), `lib/../../lib` is
        // lib, the sanitizer's and LLVM's files are not curl's, and `curl.h`, `curl.exe`, `curl.se` are no API calls.
        #expect(claims.missing.isEmpty, "\(claims.missing)")
        #expect(claims.checked == 4)  // two files and the two functions in them
    }

    @Test func theReportersOwnProgramInATraceIsNoClaim() {
        let trace = """
            ```
                #0 0x4f5 in Curl_setup_conn /root/curl/lib/url.c:23:5
                #1 0x4f6 in main /root/curl/lib/poc.c:36:14
            ```
            """
        // The report compiles its own poc.c inside its checkout of curl: the trace's lib/poc.c is the reporter's.
        let own = ClaimVerifier.verify(
            report("1. Compile the attached `poc.c` program.\n2. Run `./poc bad.bin`\n\n" + trace), index: Trees.curl)
        #expect(own.missing.isEmpty, "\(own.missing)")
        // Without the report naming it as its own, lib/poc.c is a file curl does not have.
        let claimed = ClaimVerifier.verify(report("The crash:\n\n" + trace), index: Trees.curl)
        #expect(claimed.missing.contains { $0.contains("lib/poc.c") }, "\(claimed.missing)")
    }

    @Test func numpyApiCalls() {
        let erf = ClaimVerifier.verify(
            report("Calling `np.erf(x)` with a NaN crashes NumPy 1.17.2+mycompany.15."), index: Trees.numpy)
        #expect(erf.missing == ["np.erf: numpy has no `erf`"])
        let exp = ClaimVerifier.verify(report("Calling `np.exp(x)` with a NaN returns NaN."), index: Trees.numpy)
        #expect(exp.missing.isEmpty)
        #expect(exp.checked == 1)
    }

    @Test func theScoreRisesOnlyWithAnIndex() throws {
        let body = "The overflow is in `Curl_parse_chunked_trailer()` at lib/http_chunks_v2.c:120 and lib/url.c:999."
        let without = Evaluator().evaluate(report(body))
        let with = Evaluator().evaluate(report(body), in: EvaluationContext(sourceIndex: Trees.curl))
        #expect(without.claims == .unchecked)
        #expect(with.claims.missing.count == 3)
        let term = try #require(with.scoreTerms?.first { $0.id == "invented_reference" })
        #expect(term.points > 0 && with.signals.contains { $0.id == "invented_reference" && $0.points == term.points })
        #expect(with.slopScore > without.slopScore)
        #expect(with.verdict >= .needsAuthor)
    }
}

@Suite struct NameImitationTests {
    @Test(
        arguments: [
            ("num-py", "the project's name with other separators or case"),
            ("NumPy", nil),
            ("nurnpy", "the project's name with look-alike characters"),
            ("numрy", "the project's name with look-alike characters"),  // Cyrillic р
            ("numpy-dev", "the project's name with `dev` added"),
            ("py_numpy", "the project's name with `py` added"),
            ("numpyy", "1 edit from the project's name"),
            ("nupmy", "1 edit from the project's name"),
            ("numba", nil),
            ("scipy", nil),
            ("pandas", nil),
        ] as [(String, String?)])
    func numpy(_ candidate: String, _ reason: String?) {
        #expect(NameImitation.check(candidate, project: "numpy") == reason)
    }

    @Test func shortNamesNeedAnExactImitation() {
        #expect(NameImitation.check("curl", project: "curl") == nil)
        #expect(NameImitation.check("cur1", project: "curl") == "the project's name with look-alike characters")
        #expect(NameImitation.check("curb", project: "curl") == nil)  // one edit on four letters is another word
        #expect(NameImitation.check("pycurl", project: "curl") == "the project's name with `py` added")
    }
}

@Suite struct DuplicateTests {
    static let original = Contribution(
        kind: .issue, number: 10, title: "Segfault when the proxy URL has no scheme",
        body: """
            Setting CURLOPT_PROXY to "example.com:8080" without a scheme makes the transfer crash in the proxy \
            setup code. It started with 8.4.0 and happens on Linux and macOS. A backtrace is attached below and \
            the crash goes away when the scheme is given explicitly.
            """)

    @Test func aRepostIsFoundAndAnotherIssueIsNot() throws {
        let earlier = [
            FingerprintedItem(number: 10, title: Self.original.title, fingerprint: Fingerprint(Self.original))
        ]
        var repost = Self.original
        repost.number = 11
        repost.body += " Any update?"
        let match = try #require(DuplicateMatch.find(Fingerprint(repost), among: earlier, excluding: 11))
        #expect(match.number == 10 && match.by == "text" && match.similarity >= 0.8)

        let other = Contribution(
            kind: .issue, number: 12, title: "Document CURLOPT_PROXY schemes",
            body: "The documentation of CURLOPT_PROXY should list which schemes are supported and what the default is.")
        #expect(DuplicateMatch.find(Fingerprint(other), among: earlier, excluding: 12) == nil)
        // An item never matches itself.
        #expect(DuplicateMatch.find(Fingerprint(Self.original), among: earlier, excluding: 10) == nil)
    }

    @Test func theSameDiffUnderANewTitleIsADuplicate() throws {
        func pull(_ number: Int, _ title: String) -> Contribution {
            var c = Contribution(kind: .pullRequest, number: number, title: title, body: "")
            c.files = UnifiedDiff.parse(
                "--- a/lib/url.c\n+++ b/lib/url.c\n@@ -1,3 +1,4 @@\n int a;\n-int b = 1;\n+int b = 2;\n"
                    + "+static int c;\n int d;\n"
            ).files.map(\.changedFile)
            return c
        }
        let first = pull(20, "Fix b")
        let second = pull(21, "Improve initialisation of variables for robustness")
        let match = try #require(
            DuplicateMatch.find(
                Fingerprint(second),
                among: [FingerprintedItem(number: 20, title: "Fix b", fingerprint: Fingerprint(first))],
                excluding: 21))
        #expect(match.by == "diff" && match.similarity == 1)
        let evaluation = Evaluator().evaluate(
            second,
            in: EvaluationContext(earlier: [
                FingerprintedItem(number: 20, title: "Fix b", fingerprint: Fingerprint(first))
            ]))
        #expect(evaluation.duplicateOf?.number == 20)
        #expect(evaluation.actions.contains { $0.kind == .label && $0.value == "levee:possible-duplicate" })
    }

    @Test func sketchesEstimateJaccard() {
        let a = Set((0..<200).map { "shingle \($0)" })
        let b = Set((50..<250).map { "shingle \($0)" })  // Jaccard 150/250 = 0.6
        let estimate = Fingerprint.similarity(Fingerprint.sketch(a), Fingerprint.sketch(b))
        #expect(abs(estimate - 0.6) < 0.15)
        #expect(Fingerprint.similarity([], []) == 0)
    }
}
