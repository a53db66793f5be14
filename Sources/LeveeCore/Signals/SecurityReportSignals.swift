import Foundation

/// What a security report shows rather than says: code, commands, numbered steps, traces. Shared by the report signals.
struct ReportEvidence {
    /// Lines of fenced or indented code blocks (`ClaimExtractor.split`), blank ones left out.
    var code: [String] = []
    /// Inline code spans of the prose (`curl --telnet-option …`).
    var spans: [Substring] = []
    /// Whether a code block is a program (a header include, a main function, an import, a definition), not output.
    var hasProgram = false
    /// Numbered or bulleted steps under a heading or line that speaks of reproducing.
    var steps = 0
    /// Attachments named in the text (`poc.zip`, `capture.pcap`, HackerOne's `F123456`).
    var attachments: [String] = []
    /// Transcripts, sanitizer output, backtraces, protocol logs.
    var artefacts: [String] = []

    init(_ body: String) {
        let (prose, code) = ClaimExtractor.split(body)
        for line in code {
            let trimmed = line.trimmed
            guard !trimmed.isEmpty else { continue }
            self.code.append(line)
            if Self.programMarkers.contains(where: { trimmed.hasPrefix($0) }) { hasProgram = true }
        }
        var inSteps = false
        for line in prose {
            let trimmed = line.trimmed
            spans += line.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter {
                $0.offset % 2 == 1
            }.map(\.element)
            let lower = trimmed.lowercasedFast
            if lower.contains("reproduc") || lower.contains("steps") || lower.contains("poc")
                || lower.contains("proof of concept")
            {
                inSteps = true
            } else if trimmed.hasPrefix("#") {
                inSteps = false
            }
            if inSteps, Self.isStep(trimmed) { steps += 1 }
            for word in trimmed.split(whereSeparator: { $0.isWhitespace || "`()[],".contains($0) }) {
                if word.count > 1, word.first == "F", word.dropFirst().allSatisfy(\.isNumber), word.count >= 6 {
                    attachments.append(String(word))
                } else if let dot = word.lastIndex(of: "."),
                    Self.attachmentExtensions.contains(word[word.index(after: dot)...].lowercasedFast),
                    !word.contains("/")
                {
                    attachments.append(String(word))
                }
            }
        }
        artefacts = SeverityInflationSignal.concreteArtefacts(body)
    }

    static let programMarkers = [
        "#include", "int main", "import ", "from ", "def ", "function ", "package main", "fn main",
        "public static void",
        "require(", "const ", "use ",
    ]

    static let attachmentExtensions: Set<String> = ["zip", "pcap", "pcapng", "har", "mp4", "webm", "gif", "patch"]

    static func isStep(_ line: String) -> Bool {
        let digits = line.prefix(while: \.isNumber)
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(".") || line.dropFirst(digits.count).hasPrefix(")") {
            return true
        }
        return line.hasPrefix("- ") || line.hasPrefix("* ")
    }

    /// Anything a maintainer could run or compare: code, commands, steps, attachments, traces.
    var reproducible: Bool { !code.isEmpty || steps >= 2 || !attachments.isEmpty || !artefacts.isEmpty }

    /// A release number (`8.14.1`, `v2.3`: digits, a dot, digits, standing as a word), a commit hash named as one
    /// (`commit 3f2a9c1`), or GitHub's affected-versions field with a number in it.
    static func statesVersion(_ c: Contribution) -> Bool {
        if let affected = c.metadata["Affected"], affected.contains(where: \.isNumber) { return true }
        let words = (c.title + "\n" + c.body).lowercased().split(whereSeparator: {
            $0.isWhitespace || "(),;`'\"".contains($0)
        })
        for (index, word) in words.enumerated() {
            var version = word.hasPrefix("v") ? word.dropFirst() : word[...]
            while let last = version.last, last == "." || last == ":" { version = version.dropLast() }
            let parts = version.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) {
                return true
            }
            if word.hasPrefix("commit"), index + 1 < words.count {
                let hash = words[index + 1]
                if (7...40).contains(hash.count), hash.allSatisfy(\.isHexDigit) { return true }
            }
        }
        return false
    }
}

/// A security report with nothing to run: no code, no command, no numbered steps, no attachment, no trace. Real
/// reports nearly always show how to trigger the bug; a report that only describes it costs a maintainer the work of
/// finding out whether it exists at all.
public struct NoReproductionSignal: Signal {
    public static let id = "no_reproduction"
    public init() {}

    public func evaluate(_ c: Contribution, in context: EvaluationContext) -> SignalHit? {
        guard c.kind == .securityReport else { return nil }
        let evidence = context.reportEvidence ?? ReportEvidence(c.body)
        guard !evidence.reproducible else { return nil }
        let words = TextStats.words(c.body).count
        guard words >= 40 else { return nil }
        return SignalHit(
            id: Self.id,
            evidence: ["no code block, command, numbered steps, attachment or trace in \(words) words"],
            message: "The report does not show how to reproduce the problem. Please add the exact steps, commands "
                + "or code, and the output you saw.", asksAuthor: true)
    }

    public static let triggeringExamples = [
        SignalExample(
            "a description and nothing to run",
            Example.report(
                """
                # Buffer overflow in cookie parsing

                The cookie parser copies the cookie name into a fixed buffer. When a server sends a very long cookie \
                name the copy writes past the end of the buffer, which corrupts the heap. An attacker who controls a \
                server can use this to crash the client or worse. The fix is to check the length before copying and \
                to reject names that are too long.
                """))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "steps to reproduce",
            Example.report(
                """
                # Crash with a long cookie name

                The cookie parser crashes when a server sends a cookie name longer than the line buffer, and the \
                client stops with a segmentation fault every time. Steps to reproduce:

                1. Start `nc -l 8080` and paste a response with a 9000-byte cookie name.
                2. Fetch http://localhost:8080/ with the client.
                3. It stops with a segmentation fault.
                """)),
        SignalExample(
            "a short note (too short to judge)", Example.report("# Crash in cookie parsing\n\nSee the attached file.")),
    ]
}

/// A security report whose proof of concept never touches the project: the code opens sockets, parses strings or
/// calls a standard library, but no function, header, module or command of the project appears in it. Generated
/// reports often demonstrate a bug class in the abstract. Needs the project's source index to know its names.
public struct PocMissesProjectSignal: Signal {
    public static let id = "poc_misses_project"
    public init() {}

    public func evaluate(_ c: Contribution, in context: EvaluationContext) -> SignalHit? {
        guard c.kind == .securityReport, let index = context.sourceIndex else { return nil }
        let evidence = context.reportEvidence ?? ReportEvidence(c.body)
        // A program, not a command line or pasted output; the project may be run from a span in the prose
        // (`curl http://localhost:8080/` against the report's server script).
        guard evidence.hasProgram, evidence.code.count >= 5, evidence.artefacts.isEmpty else { return nil }
        let project = index.project.lowercasedFast
        for line in evidence.code + evidence.spans.map(String.init) {
            let lower = line.lowercasedFast
            if lower.contains(project) { return nil }  // the command, the header, the import
            for token in line.split(whereSeparator: { !($0 == "_" || $0.isLetter || $0.isNumber) })
            where token.count >= 4 && token.contains("_") {
                let name = String(token)
                if !index.symbols(named: name).isEmpty || ClaimExtractor.isProjectSymbol(name, index: index) {
                    return nil
                }
            }
        }
        return SignalHit(
            id: Self.id,
            evidence: [
                "a \(evidence.code.count)-line program, and no code in the report names \(index.project) or any of "
                    + "its functions"
            ],
            message: "The proof of concept does not use \(index.project) itself. Please show the bug through "
                + "\(index.project)'s own code, command or API.", asksAuthor: true)
    }

    static let index = SourceIndexer.index(
        project: "curl",
        files: (0..<12).map { ("lib/x\($0).c", Data("int Curl_x\($0)(void)\n{\n  return 0;\n}\n".utf8)) })

    public static let triggeringExamples = [
        SignalExample(
            "a generic program",
            Example.report(
                """
                # Heap overflow in header parsing

                ```c
                #include <stdio.h>
                #include <string.h>
                int main(void) {
                  char buf[16];
                  strcpy(buf, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
                  printf("%s\\n", buf);
                  return 0;
                }
                ```
                """), context: EvaluationContext(sourceIndex: index))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "a program calling the project",
            Example.report(
                """
                # Heap overflow in header parsing

                ```c
                #include <curl/curl.h>
                int main(void) {
                  CURL *h = curl_easy_init();
                  curl_easy_setopt(h, CURLOPT_URL, "http://localhost:8080/");
                  curl_easy_perform(h);
                  return 0;
                }
                ```
                """), context: EvaluationContext(sourceIndex: index)),
        SignalExample(
            "no index given",
            Example.report(
                "# Overflow\n\n```c\nint main(void) {\n  char b[2];\n  b[5] = 1;\n  return 0;\n  /* */\n}\n```")),
    ]
}

/// A report presenting a bug in the project's tests, examples, fuzz harnesses or documentation as a vulnerability of
/// the shipped product: every source file it cites is one a user never runs.
public struct TestCodeAsProductionSignal: Signal {
    public static let id = "test_code_as_production"
    public init() {}

    static let nonProductionFolders: Set<String> = [
        "test", "tests", "testing", "example", "examples", "demo", "demos", "sample", "samples", "fuzz", "fuzzing",
        "docs", "doc", "benchmarks", "bench",
    ]

    public func evaluate(_ c: Contribution, in context: EvaluationContext) -> SignalHit? {
        guard c.kind == .securityReport else { return nil }
        var cited: [String] = []
        for token in ClaimExtractor.tokenize(c.title + "\n" + c.body) {
            let path = String(token.split(separator: ":").first ?? "")
            guard path.contains("/"), !path.hasPrefix("http"), let dot = path.lastIndex(of: "."),
                ClaimExtractor.sourceExtensions.contains(path[path.index(after: dot)...].lowercasedFast)
            else { continue }
            if !cited.contains(path) { cited.append(path) }
        }
        guard !cited.isEmpty else { return nil }
        let nonProduction = cited.filter { path in
            let folders = path.lowercasedFast.split(separator: "/").dropLast()
            return folders.contains { Self.nonProductionFolders.contains(String($0)) }
                || FileClass.classify(path) == .test
        }
        guard nonProduction.count == cited.count else { return nil }
        return SignalHit(
            id: Self.id, strength: cited.count >= 2 ? 1 : 0.7,
            evidence: [
                "every source file cited is test, example or documentation code: "
                    + nonProduction.prefix(4).joined(separator: ", ")
            ],
            message: "The code this report points at is not part of what users run (tests, examples, fuzzers or "
                + "documentation). Please show how the shipped product is affected.", asksAuthor: true)
    }

    public static let triggeringExamples = [
        SignalExample(
            "an example program as the vulnerable code",
            Example.report(
                """
                # Critical buffer overflow

                The function in docs/examples/ftpupload.c copies the file name with strcpy, and \
                tests/server/sws.c:1200 does the same. An attacker can overflow the buffer.
                """))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "library code, with a test that shows it",
            Example.report(
                """
                # Overflow in the chunked decoder

                lib/http_chunks.c:180 adds the chunk size without a check; tests/data/test2300 reproduces it.
                """)),
        SignalExample("no file cited", Example.report("# Overflow\n\nThe chunked decoder overflows.")),
    ]
}

/// A title and a body about different things: the title announces one kind of bug (or names a function) and the body
/// describes another kind (or never mentions that function). Generated reports are often assembled from parts.
public struct TitleBodyMismatchSignal: Signal {
    public static let id = "title_body_mismatch"
    public init() {}

    /// Kinds of bug, the words that name them, and their family. Kinds close enough that one report honestly speaks
    /// of both (an integer overflow causing a buffer overflow, a use after free found through a leak) share a family;
    /// the title and body disagree when no family is shared.
    static let bugClasses: [(name: String, family: String, words: [String])] = [
        (
            "buffer overflow", "memory",
            ["overflow", "out-of-bounds", "out of bounds", "overrun", "overread", "over-read"]
        ),
        ("use after free", "memory", ["use after free", "use-after-free", "uaf", "dangling"]),
        ("double free", "memory", ["double free", "double-free", "freed twice"]),
        ("null dereference", "memory", ["null pointer", "null dereference", "nullptr", "null deref"]),
        (
            "integer overflow", "memory",
            ["integer overflow", "integer underflow", "wraparound", "wrap around", "truncation"]
        ),
        ("memory leak", "memory", ["memory leak", "leak", "leaks"]),
        ("injection", "web", ["injection", "inject"]),
        ("cross-site scripting", "web", ["xss", "cross-site scripting", "cross site scripting"]),
        ("request forgery", "web", ["ssrf", "csrf", "request forgery"]),
        ("path traversal", "web", ["path traversal", "directory traversal", "../"]),
        ("race condition", "availability", ["race condition", "toctou", "data race", "race"]),
        ("denial of service", "availability", ["denial of service", "dos", "infinite loop", "hang", "exhaust"]),
        ("authentication bypass", "trust", ["bypass", "authentication", "credential", "password"]),
        ("information disclosure", "trust", ["disclosure", "exposure", "leak", "leaks", "reveal"]),
        ("certificate validation", "trust", ["certificate", "tls", "ssl", "verification", "verify"]),
    ]

    /// The kinds named in the text, and their families.
    static func classes(in text: String) -> (names: Set<String>, families: Set<String>) {
        var names = Set<String>()
        var families = Set<String>()
        for (name, family, words) in bugClasses
        where words.contains(where: { TextSearch.wordStartCount(of: $0, in: text) > 0 }) {
            names.insert(name)
            families.insert(family)
        }
        return (names, families)
    }

    public func evaluate(_ c: Contribution, in context: EvaluationContext) -> SignalHit? {
        guard c.kind == .securityReport || c.kind == .issue else { return nil }
        let title = c.title.lowercasedFast
        let body = c.body.lowercasedFast
        guard TextStats.words(c.body).count >= 30 else { return nil }
        var evidence: [String] = []
        let inTitle = Self.classes(in: title)
        let inBody = Self.classes(in: body)
        if !inTitle.families.isEmpty, !inBody.families.isEmpty, inTitle.families.isDisjoint(with: inBody.families) {
            evidence.append(
                "the title speaks of \(inTitle.names.sorted().joined(separator: ", ")); the body of "
                    + inBody.names.sorted().prefix(3).joined(separator: ", "))
        }
        // Code names in the title (`Curl_parse_header`, `parse()`) that the body never writes.
        let names = ClaimExtractor.tokenize(c.title).map { $0.hasSuffix("()") ? String($0.dropLast(2)) : $0 }.filter {
            name in
            name.count >= 4 && name.contains("_") && name.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        }
        let absent = names.filter { !c.body.contains($0) }
        if !absent.isEmpty {
            evidence.append("the title names \(absent.map { "`\($0)`" }.joined(separator: ", ")); the body never does")
        }
        guard !evidence.isEmpty else { return nil }
        return SignalHit(
            id: Self.id, strength: evidence.count == 2 ? 1 : 0.7, evidence: evidence,
            message: "The title and the description do not describe the same problem. Please make them agree.",
            asksAuthor: true)
    }

    public static let triggeringExamples = [
        SignalExample(
            "a use after free in the title, an injection in the body",
            Example.report(
                """
                # Use-after-free in Curl_http_header_parse

                The header handling lets an attacker inject extra header lines through a crafted value with a \
                newline in it. The injection reaches the server as a second request, which the server then answers \
                as if it came from the user, so the attacker controls what the user sees next.
                """))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "the same bug in both",
            Example.report(
                """
                # Use after free in Curl_http_header_parse

                `Curl_http_header_parse()` keeps a pointer into the header buffer after the buffer is freed when a \
                header line is longer than the buffer. The next header then reads freed memory; ASan reports a \
                heap-use-after-free on the second read.
                """))
    ]
}
