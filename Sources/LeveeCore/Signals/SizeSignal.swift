import Foundation

/// Flags pull requests whose reviewable size is large: many changed lines or many files.
/// Lock files, generated and vendored code do not count — a reviewer skims them, so a
/// dependency bump with a 5,000-line lock file is not a large review.
public struct SizeSignal: Signal {
    public static let id = "size"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 3
    /// Substance: the diff's size.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public static let lineThreshold = 400
    public static let fileThreshold = 25

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest else { return nil }
        let size = ReviewableSize(c)
        guard size.lines >= Self.lineThreshold || size.files >= Self.fileThreshold else { return nil }
        // 400 lines ≈ an hour of careful review; 5,000 lines is beyond any single review.
        let lineStrength = size.lines >= 5000 ? 1.0 : size.lines >= 1000 ? 0.6 : size.lines >= 400 ? 0.3 : 0
        let strength = min(1, lineStrength + (size.files >= Self.fileThreshold ? 0.3 : 0))
        var evidence = ["\(size.lines) reviewable changed lines in \(size.files) files"]
        if size.skippedFiles > 0 {
            evidence.append(
                "\(size.skippedLines) lines in \(size.skippedFiles) lock, generated or vendored files not counted")
        }
        return SignalHit(
            id: Self.id, strength: strength, evidence: evidence,
            message: "This is a large change (\(size.lines) lines in \(size.files) files); large changes are slow to "
                + "review and are easier to land as smaller pull requests.")
    }

    public static let triggeringExamples = [
        SignalExample("13k-line drop", Example.pull(files: [Example.file("src/engine.c", added: 13_000)])),
        SignalExample(
            "many files", Example.pull(files: (0..<30).map { Example.file("src/module\($0).py", added: 3) })),
    ]
    public static let nonTriggeringExamples = [
        SignalExample("small fix", Example.pull(files: [Example.file("lib/http.c", added: 12, removed: 4)])),
        SignalExample(
            "lock file churn only",
            Example.pull(files: [
                Example.file("package-lock.json", added: 9000), Example.file("package.json", added: 1),
            ])),
        SignalExample("an issue", Contribution(kind: .issue, title: "Crash", body: Example.words(3000))),
    ]
}

/// Lines and files that cost review time.
struct ReviewableSize {
    var lines = 0
    var files = 0
    var skippedLines = 0
    var skippedFiles = 0

    init(_ c: Contribution) {
        if c.files.isEmpty {
            lines = (c.reportedAdditions ?? 0) + (c.reportedDeletions ?? 0)
            files = c.reportedChangedFiles ?? 0
            return
        }
        for file in c.files {
            if FileClass.classify(file.path, isBinary: file.isBinary).costsReview {
                lines += file.changes
                files += 1
            } else {
                skippedLines += file.changes
                skippedFiles += 1
            }
        }
    }

    /// Whether anything is known about the size at all.
    static func isKnown(_ c: Contribution) -> Bool { !c.files.isEmpty || c.reportedAdditions != nil }
}
