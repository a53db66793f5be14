import Foundation
import Testing

@testable import LeveeCore

/// `author_activity` in a bundle, and what the evaluation makes of it: figures as evidence, a failed look-up said and
/// sent to a person, people the project knows never read.
@Suite struct AuthorActivityTests {
    static func bundle(_ activity: String, association: String = "NONE") throws -> Contribution {
        let json = """
            {"pull_request": {"number": 7, "title": "Fix the parser's handling of empty input",
              "body": "Fixes #3. The parser now returns an empty document.", "user": {"login": "someone", "type": "User"},
              "author_association": "\(association)", "created_at": "2026-08-03T00:00:00Z", "head": {"ref": "fix"}},
             "repository": {"full_name": "acme/widget"}, "author_activity": \(activity)}
            """
        return try #require(try ContributionDecoder.decode(Data(json.utf8), source: "bundle.json").contribution)
    }

    @Test func theBundleShapeIsReadAndWrittenBack() throws {
        let shape = """
            {"as_of": "2026-08-03T00:00:00Z", "window_days": 7, "pull_requests": 23, "repositories": 19,
             "owners": 18, "recent": {"days": 90, "merged": 3, "closed_unmerged": 11, "open": 9}}
            """
        let activity = try #require(try Self.bundle(shape).authorActivity)
        #expect(activity.pullRequests == 23 && activity.repositories == 19 && activity.owners == 18)
        #expect(activity.recent == AuthorActivity.Record(days: 90, merged: 3, closedUnmerged: 11, open: 9))
        #expect(activity.asOf == TextStats.date("2026-08-03T00:00:00Z"))
        let again = try #require(try AuthorActivity.read(activity.json, source: "again"))
        #expect(again == activity)
        let failed = try #require(try Self.bundle(#"{"failed": "GitHub answered 502 to the search"}"#).authorActivity)
        #expect(failed.failure == "GitHub answered 502 to the search")
    }

    @Test func aMalformedFigureNamesItsField() {
        #expect(throws: ContributionError.self) { try Self.bundle(#"{"pull_requests": "many", "repositories": 2}"#) }
        do {
            _ = try Self.bundle(#"{"pull_requests": 4, "repositories": 2, "recent": {"merged": -1}}"#)
            Issue.record("a negative count was accepted")
        } catch {
            #expect("\(error)".contains("author_activity.recent.merged"), "\(error)")
        }
    }

    @Test func theIssuesExampleAsksTheAuthorAndShowsItsFigures() throws {
        let c = try Self.bundle(
            """
            {"as_of": "2026-08-03T00:00:00Z", "window_days": 7, "pull_requests": 23, "repositories": 19,
             "recent": {"days": 90, "merged": 3, "closed_unmerged": 11, "open": 9}}
            """)
        let evaluation = Evaluator().evaluate(c)
        let burst = try #require(evaluation.signals.first { $0.id == "activity_burst" })
        #expect(
            burst.evidence == ["23 pull requests opened across GitHub in the 7 days to 2026-08-03, to 19 repositories"])
        #expect(burst.evidenceClass == .behaviour && burst.points > 0)
        let record = try #require(evaluation.signals.first { $0.id == "unmerged_record" })
        #expect(
            record.evidence == [
                "of 23 pull requests the author opened across GitHub in the 90 days to 2026-08-03, 3 merged, "
                    + "11 closed without merging, 9 open"
            ])
        #expect(evaluation.verdict >= .needsAuthor, "19 repositories in a week asks the author")
        #expect(evaluation.verdict < .likelySlop, "behaviour alone at its prior weight convicts nobody")
    }

    @Test func aFailedLookUpLowersConfidenceNeverTrust() throws {
        let plain = Evaluator().evaluate(try Self.bundle("null"))
        let failed = Evaluator().evaluate(try Self.bundle(#"{"failed": "GitHub's rate limit, until 10:00:00 UTC"}"#))
        #expect(plain.unchecked == nil)
        #expect(failed.slopScore == plain.slopScore, "a missing fact adds nothing to the score")
        #expect(failed.unchecked?.first?.contains("could not be read (GitHub's rate limit") == true)
        #expect(failed.verdict == max(plain.verdict, .review), "never welcomed unseen")
        let known = Evaluator().evaluate(
            try Self.bundle(#"{"failed": "GitHub answered 502 to the search"}"#, association: "CONTRIBUTOR"))
        #expect(known.unchecked == nil, "nobody looks up a contributor the project knows")
    }
}
