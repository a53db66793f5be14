import Foundation

/// Flags white-space or formatting-only hunks mixed into a functional change. Reformatting
/// hides the real change from the reviewer and makes every later `git blame` worse; it belongs
/// in its own pull request, if the project wants it at all.
public struct UnrelatedChurnSignal: Signal {
    public static let id = "unrelated_churn"
    /// Its weight before the score was fitted, in the old points (`ScoringPrior`: × 0.3 in log-odds).
    public static let priorPoints: Double = 2
    /// Substance: the diff's hunks, format-only beside functional ones.
    public static let evidenceClass: EvidenceClass = .substance
    public init() {}

    public func evaluate(_ c: Contribution, in context: SignalContext) -> SignalHit? {
        guard c.kind == .pullRequest else { return nil }
        var formatOnly: [(path: String, hunk: DiffHunk)] = []
        var functional = 0
        for file in c.files where FileClass.classify(file.path).costsReview {
            for hunk in file.hunks where !(hunk.added.isEmpty && hunk.removed.isEmpty) {
                if Self.isFormatOnly(hunk) { formatOnly.append((file.path, hunk)) } else { functional += 1 }
            }
        }
        let churnLines = formatOnly.reduce(0) { $0 + $1.hunk.added.count + $1.hunk.removed.count }
        guard functional > 0, formatOnly.count >= 2 || churnLines >= 10 else { return nil }
        let share = Double(formatOnly.count) / Double(formatOnly.count + functional)
        let examples = formatOnly.prefix(3).map { "\($0.path):\($0.hunk.newStart) changes only white space or layout" }
        return SignalHit(
            id: Self.id, strength: min(1, 0.3 + share),
            evidence: [
                "\(formatOnly.count) of \(formatOnly.count + functional) hunks only reformat (\(churnLines) lines)"
            ]
                + examples,
            message: "\(formatOnly.count) hunks change only formatting alongside the functional change; "
                + "please move reformatting out so the real change is easy to review.")
    }

    /// A hunk whose removed and added lines are the same once white space is ignored.
    static func isFormatOnly(_ hunk: DiffHunk) -> Bool {
        let removed = hunk.removed.map(squash).joined()
        let added = hunk.added.map(squash).joined()
        return removed == added
    }

    static func squash(_ line: Substring) -> String {
        String(line.unicodeScalars.filter { !CharacterSet.whitespaces.contains($0) }.map(Character.init))
    }

    public static let triggeringExamples = [
        SignalExample(
            "fix plus reindent",
            Example.pull(files: [
                Example.patched(
                    "src/parse.c",
                    """
                    @@ -10,2 +10,2 @@ int parse(void)
                    -  if (len > max)
                    +  if (len >= max)
                    @@ -40,3 +40,3 @@ static void helper(void)
                    -int a=1;
                    -int b=2;
                    -int c=3;
                    +int a = 1;
                    +int b = 2;
                    +int c = 3;
                    @@ -60,2 +60,2 @@ static void other(void)
                    -    return  x;
                    +    return x;
                    """)
            ]))
    ]
    public static let nonTriggeringExamples = [
        SignalExample(
            "functional only",
            Example.pull(files: [
                Example.patched("src/parse.c", "@@ -10,1 +10,1 @@\n-  if (len > max)\n+  if (len >= max)\n")
            ])),
        SignalExample(
            "a pure formatting PR is honest about it",
            Example.pull(files: [
                Example.patched(
                    "src/parse.c", "@@ -1,1 +1,1 @@\n-int a=1;\n+int a = 1;\n@@ -9,1 +9,1 @@\n-int b=2;\n+int b = 2;\n")
            ])),
    ]
}
