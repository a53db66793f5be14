import Foundation

/// Flags contributions that cite the project's source wrongly: a file that does not exist, a line past the end of a
/// file, a function the project never had (`Curl_http2_frame_parse`), a call to an API the module lacks (`np.erf`), or
/// a function placed in the wrong file or far from the cited line. The most expensive slop cites things that do not
/// exist; checking takes microseconds against the index (`levee index`), and only runs when one is given.
public struct InventedReferenceSignal: Signal {
    public static let id = "invented_reference"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 8
    /// Substance: each cited file, line and name checked against the source index.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard let claims = context.observed.claims,
            !claims.missing.isEmpty
        else { return nil }
        let count = claims.missing.count
        return SignalHit(
            id: Self.id, strength: min(1, 0.35 * Double(count)), evidence: Array(claims.missing.prefix(5)),
            message: "It refers to \(count == 1 ? "something" : "\(count) things") in the project's source that "
                + "\(count == 1 ? "does" : "do") not exist or not where it says (of \(claims.checked) checked"
                + (claims.against.map { " against " + $0.joined(separator: ", ") } ?? "")
                + "). Please check the references against the source of the version you tested.",
            asksAuthor: true)
    }

    static let index = SourceIndexer.index(
        project: "curl",
        files: [
            (
                "lib/url.c",
                Data(
                    ([
                        "#include \"urldata.h\"", "", "CURLcode Curl_setup_conn(struct Curl_easy *data)", "{",
                        "  return CURLE_OK;", "}",
                    ] + Array(repeating: "", count: 40)).joined(separator: "\n").utf8)
            ),
            ("lib/http.c", Data("CURLcode Curl_http_connect(struct Curl_easy *data)\n{\n  return 0;\n}\n".utf8)),
        ] + (0..<12).map { ("lib/x\($0).c", Data("int Curl_x\($0)(void)\n{\n  return 0;\n}\n".utf8)) })

    public static let triggeringExamples = [
        SignalExample(
            "an invented function and a line past the end",
            Contribution(
                kind: .securityReport, number: nil, title: "Heap overflow in Curl_parse_chunked_trailer",
                body: "The overflow happens in `Curl_parse_chunked_trailer()` at lib/url.c:4321."),
            context: EvaluationContext(sourceIndex: index))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "real references",
            Contribution(
                kind: .securityReport, number: nil, title: "Use after free in Curl_setup_conn",
                body: "`Curl_setup_conn()` in lib/url.c:4 frees the connection, then lib/http.c uses it."),
            context: EvaluationContext(sourceIndex: index)),
        SignalExample(
            "no index given",
            Contribution(
                kind: .securityReport, number: nil, title: "Heap overflow in Curl_parse_chunked_trailer",
                body: "The overflow happens in `Curl_parse_chunked_trailer()` at lib/url.c:4321.")),
    ]
}
