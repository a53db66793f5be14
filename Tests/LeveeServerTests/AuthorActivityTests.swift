import Foundation
import LeveeCore
import LeveeFakeGitHub
import Testing

@testable import LeveeServer

/// The author's activity across GitHub, as the server gathers it (`AuthorFacts`): one GraphQL search per stranger,
/// cached; shown as figures; never asked for people the project knows; a failed look-up sends the item to a person.
@Suite struct AuthorActivityTests {
    /// The recorded `pull_request.opened` payload with its author's association replaced.
    static func opened(association: String) throws -> Data {
        var json = try JSONValue.parse(try Shared.payload("pull_request", "opened.payload.json"), source: "opened")
        guard case .object(var root) = json, case .object(var pull)? = root["pull_request"] else {
            throw HarnessError("the recorded payload has no pull_request")
        }
        pull["author_association"] = .string(association)
        root["pull_request"] = .object(pull)
        json = .object(root)
        return try JSONEncoder().encode(json)
    }

    /// `count` pull requests by Codertocat in the last days, one repository (and owner) each.
    static func spray(_ harness: Harness, count: Int) {
        let now = harness.clock.now()
        harness.fake.addPullRequests(
            by: "Codertocat",
            (0..<count).map {
                FakeGitHub.AuthoredPullRequest(
                    repository: "owner\($0)/project\($0)", createdAt: now.addingTimeInterval(-Double($0) * 3_600))
            })
    }

    @Test func aStrangersSprayAcrossRepositoriesIsShownAndAsksTheAuthor() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        Self.spray(harness, count: 27)
        // An older record: 2 merged, 12 closed unmerged in the months before.
        let earlier = harness.clock.now().addingTimeInterval(-30 * 86_400)
        harness.fake.addPullRequests(
            by: "Codertocat",
            (0..<14).map {
                FakeGitHub.AuthoredPullRequest(
                    repository: "other\($0)/repo", createdAt: earlier, state: $0 < 2 ? "MERGED" : "CLOSED")
            })
        for delivery in ["spray-1", "spray-2"] {
            _ = try await harness.send("pull_request", try Self.opened(association: "NONE"), delivery: delivery)
            try await harness.settled(delivery)
        }
        let evaluation = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#2")).evaluation
        let burst = try #require(evaluation.signals.first { $0.id == "activity_burst" })
        #expect(burst.evidenceClass == .behaviour)
        #expect(burst.evidence.first?.hasPrefix("27 pull requests opened across GitHub in the 7 days to ") == true)
        #expect(burst.evidence.first?.hasSuffix("to 27 repositories of 27 owners") == true)
        let record = try #require(evaluation.signals.first { $0.id == "unmerged_record" })
        #expect(record.evidence.first?.contains("2 merged, 12 closed without merging, 27 open") == true)
        #expect(evaluation.verdict >= .needsAuthor)
        #expect(evaluation.unchecked == nil)
        #expect(harness.fake.activitySearches == 1, "one look-up per author, cached")
    }

    @Test func aFailedLookUpCountsNothingAndSendsTheItemToAPerson() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        Self.spray(harness, count: 27)
        harness.fake.failActivitySearches(.rateLimited, count: 1)
        _ = try await harness.send("pull_request", try Self.opened(association: "NONE"), delivery: "limited")
        try await harness.settled("limited")
        var evaluation = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#2")).evaluation
        #expect(!evaluation.signals.contains { $0.id == "activity_burst" || $0.id == "unmerged_record" })
        let unchecked = try #require(evaluation.unchecked?.first)
        #expect(unchecked.contains("could not be read (GitHub's rate limit, until"), "\(unchecked)")
        #expect(evaluation.verdict != .welcome)
        // A failure is not kept: the next delivery asks again and now sees the figures.
        _ = try await harness.send("pull_request", try Self.opened(association: "NONE"), delivery: "later")
        try await harness.settled("later")
        evaluation = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#2")).evaluation
        #expect(evaluation.signals.contains { $0.id == "activity_burst" })
        #expect(evaluation.unchecked == nil)
        #expect(harness.fake.activitySearches == 2)
    }

    @Test func aBadGatewayIsSaidAsSuch() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        harness.fake.failActivitySearches(.badGateway, count: 10)
        _ = try await harness.send("pull_request", try Self.opened(association: "NONE"), delivery: "502")
        try await harness.settled("502")
        let evaluation = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#2")).evaluation
        #expect(
            evaluation.unchecked?.first?.contains("GitHub answered 502 to the search") == true,
            "\(evaluation.unchecked ?? [])")
    }

    @Test func peopleTheProjectKnowsAreNeverLookedUp() async throws {
        let harness = try await Harness()
        defer { Task { await harness.stop() } }
        Self.spray(harness, count: 27)
        _ = try await harness.send("pull_request", try Self.opened(association: "CONTRIBUTOR"), delivery: "known")
        try await harness.settled("known")
        #expect(harness.fake.activitySearches == 0)
        harness.fake.setContents("Codertocat/Hello-World", path: ".github/VOUCHED.td", "codertocat\n")
        _ = try await harness.send("pull_request", try Self.opened(association: "NONE"), delivery: "vouched")
        try await harness.settled("vouched")
        #expect(harness.fake.activitySearches == 0)
        let evaluation = try #require(try harness.store.evaluation(source: "Codertocat/Hello-World#2")).evaluation
        #expect(evaluation.trust?.tier == .vouched)
        #expect(!evaluation.signals.contains { $0.id == "activity_burst" })
    }
}
