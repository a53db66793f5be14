import Foundation

/// A security report whose proof of concept never touches the project: the code opens sockets, parses strings or
/// calls a standard library, but no function, header, module or command of the project appears in it. Generated
/// reports often demonstrate a bug class in the abstract. Needs the project's source index to know its names.
public struct PocMissesProjectSignal: Signal {
    public static let id = "poc_misses_project"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 2
    /// Substance: the report's program checked against the project's names in the source index.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .securityReport, let index = context.sourceIndex else { return nil }
        let evidence = context.observed.reportEvidence ?? ReportEvidence(c.body)
        // A program, not a command line or pasted output; the project may be run from a span in the prose
        // (`curl http://localhost:8080/` against the report's server script).
        guard evidence.hasProgram, evidence.code.count >= 5, evidence.artefacts.isEmpty else { return nil }
        let project = index.project.lowercasedFast
        if Self.runsProject(evidence.prose, project: project) { return nil }
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

    static let runWords = ["run ", "execute ", "launch ", "start ", "invoke "]

    /// Whether a line of the report's prose runs the project's program: a verb of running and the project's name as
    /// a word (`6. Execute curl.exe as a different user.`). The program then sets the stage for the project itself.
    static func runsProject(_ prose: [String], project: String) -> Bool {
        for line in prose {
            let lower = line.lowercasedFast
            guard runWords.contains(where: { lower.contains($0) }) else { continue }
            let words = lower.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") })
            if words.contains(where: { $0 == project || $0 == project + ".exe" }) {
                return true
            }
        }
        return false
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
            "a program that sets the stage for the project's binary",
            Example.report(
                """
                # Privilege escalation through a planted library

                1. Build this library and copy it to c:\\stage:
                ```c
                #include <windows.h>
                BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID r) {
                  if (reason == DLL_PROCESS_ATTACH) system("calc");
                  return TRUE;
                }
                ```
                2. Execute curl.exe as another user: the library is loaded and runs.
                """), context: EvaluationContext(sourceIndex: index)),
        SignalExample(
            "no index given",
            Example.report(
                "# Overflow\n\n```c\nint main(void) {\n  char b[2];\n  b[5] = 1;\n  return 0;\n  /* */\n}\n```")),
    ]
}
