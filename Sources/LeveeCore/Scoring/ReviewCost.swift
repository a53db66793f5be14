import Foundation

/// Estimated minutes a maintainer spends on a contribution. The rates come from code-review studies
/// (a careful reviewer covers roughly 200–400 lines of code an hour; tests and prose read faster) and
/// are explained in `docs/scoring.md`.
public struct ReviewCostModel: Sendable, Hashable {
    /// Minutes per changed line, by file class. Classes missing here cost nothing.
    public var minutesPerLine: [FileClass: Double]
    /// Minutes to open, place and understand each file that costs review.
    public var minutesPerFile: Double
    /// Minutes to read the description and the linked context of a pull request.
    public var pullRequestBase: Double
    public var issueBase: Double
    public var commentBase: Double
    /// Minutes to try to reproduce a security report before its prose is even weighed.
    public var securityReportBase: Double
    /// Reading speed for prose, in words per minute.
    public var wordsPerMinute: Double

    public static let `default` = ReviewCostModel(
        minutesPerLine: [.code: 0.2, .test: 0.08, .docs: 0.04, .config: 0.1, .dependencyManifest: 0.5],
        minutesPerFile: 1.5, pullRequestBase: 5, issueBase: 3, commentBase: 0.5, securityReportBase: 20,
        wordsPerMinute: 200)

    public func minutes(for contribution: Contribution) -> Double {
        let words = Double(TextStats.wordCount(contribution.title) + TextStats.wordCount(contribution.body))
        let reading = words / wordsPerMinute
        switch contribution.kind {
        case .pullRequest:
            return (pullRequestBase + reading + codeMinutes(contribution)).rounded(toPlaces: 1)
        case .issue:
            return (issueBase + reading).rounded(toPlaces: 1)
        case .comment, .reviewComment, .review:
            return (commentBase + reading).rounded(toPlaces: 1)
        case .securityReport:
            return (securityReportBase + reading * 1.5).rounded(toPlaces: 1)
        }
    }

    func codeMinutes(_ contribution: Contribution) -> Double {
        guard !contribution.files.isEmpty else {
            let lines = Double((contribution.reportedAdditions ?? 0) + (contribution.reportedDeletions ?? 0))
            let files = Double(contribution.reportedChangedFiles ?? 0)
            return lines * (minutesPerLine[.code] ?? 0) + files * minutesPerFile
        }
        var total = 0.0
        for file in contribution.files {
            let fileClass = FileClass.classify(file.path, isBinary: file.isBinary)
            guard fileClass.costsReview else { continue }
            total += minutesPerFile + Double(file.changes) * (minutesPerLine[fileClass] ?? 0)
        }
        return total
    }
}

extension Double {
    public func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
