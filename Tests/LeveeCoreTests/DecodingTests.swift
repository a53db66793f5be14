import Foundation
import LeveeTestSupport
import Testing

@testable import LeveeCore

@Suite struct DecodingTests {
    static let webhookFiles = Shared.files(under: Shared.webhooks, extensions: ["json"])

    /// What the pull checks read from GitHub's recorded payloads: the milestone's title, `maintainer_can_modify`, and
    /// the 👎 and 😕 reactions an issue payload carries.
    @Test func milestoneMaintainerEditsAndReactionsAreRead() throws {
        func decoded(_ path: String) throws -> Contribution {
            let file = Shared.webhooks.appendingPathComponent(path)
            return try #require(try ContributionDecoder.decode(Data(contentsOf: file), source: path).contribution)
        }
        let milestoned = try decoded("issues/milestoned.payload.json")
        #expect(milestoned.milestone == "v1.0")
        #expect(milestoned.negativeReactions == 0)
        let pull = try decoded("pull_request/assigned.payload.json")
        #expect(pull.maintainerCanModify == false)
        #expect(pull.negativeReactions == nil)  // a pull request payload carries no reactions
    }

    @Test func fixturesArePresent() {
        #expect(
            Self.webhookFiles.count >= 80, "expected the recorded payloads under Tests/Fixtures/github/webhooks")
    }

    @Test(arguments: webhookFiles)
    func everyWebhookPayloadDecodes(_ file: URL) throws {
        let event = file.deletingLastPathComponent().lastPathComponent
        let payload = try ContributionDecoder.decode(Data(contentsOf: file), source: file.lastPathComponent)
        switch event {
        case "pull_request":
            let c = try #require(payload.contribution)
            #expect(c.kind == .pullRequest)
            #expect(!c.title.isEmpty)
            #expect(c.author != nil)
            #expect(c.action != nil)
        case "issues":
            #expect(payload.contribution?.kind == .issue)
        case "issue_comment":
            let c = try #require(payload.contribution)
            #expect(c.kind == .comment)
            #expect(c.parentTitle != nil)
        case "pull_request_review_comment":
            #expect(payload.contribution?.kind == .reviewComment)
        case "pull_request_review":
            #expect(payload.contribution?.kind == .review)
        case "discussion_comment":
            // A comment on no issue or pull request (the server reads it only for the vouch list's commands).
            let c = try #require(payload.contribution)
            #expect(c.kind == .comment && c.number == nil && c.parentTitle == nil)
        default:
            #expect(payload.contribution == nil, "\(event) should carry no contribution")
        }
    }

    @Test func pullRequestFields() throws {
        let c = try #require(
            ContributionDecoder.decode(Shared.webhook("pull_request", "opened.payload.json"), source: "opened")
                .contribution)
        #expect(c.number == 2)
        #expect(c.title == "Update the README with new information.")
        #expect(c.author?.login == "Codertocat")
        #expect(c.repository == "Codertocat/Hello-World")
        #expect(c.headRef == "changes")
        #expect(c.reportedAdditions == 1)
        #expect(c.action == "opened")
        #expect(c.createdAt == Date(timeIntervalSince1970: 1_557_933_633))  // 2019-05-15T15:20:33Z
    }

    @Test func nullAndEmptyBodies() throws {
        let pull = try #require(
            ContributionDecoder.decode(Shared.webhook("pull_request", "opened.with-null-body.json"), source: "x")
                .contribution)
        #expect(pull.body == "")
        let issue = try #require(
            ContributionDecoder.decode(Shared.webhook("issues", "opened.with-empty-body.payload.json"), source: "y")
                .contribution)
        #expect(issue.body == "")
    }

    @Test func restObjects() throws {
        let pull = """
            {"number": 7, "title": "Add retries", "body": "Fixes #3", "user": {"login": "ana", "type": "User"},
             "author_association": "CONTRIBUTOR", "head": {"ref": "retries"}, "base": {"ref": "main",
             "repo": {"full_name": "o/r"}}, "additions": 10, "deletions": 2, "changed_files": 1}
            """
        let c = try #require(ContributionDecoder.decode(Data(pull.utf8), source: "pull.json").contribution)
        #expect(c.kind == .pullRequest)
        #expect(c.repository == "o/r")
        #expect(c.changedLines == 12)
        let issue = #"{"number": 9, "title": "Crash on start", "body": "It crashes.", "user": {"login": "bo"}}"#
        #expect(try ContributionDecoder.decode(Data(issue.utf8), source: "issue.json").contribution?.kind == .issue)
    }

    @Test func bundleWithCommitsFilesAndDiff() throws {
        let bundle = """
            {"pull_request": {"number": 1, "title": "t", "body": "b", "user": {"login": "u"}},
             "commits": [{"sha": "abc1234", "commit": {"message": "Fix\\n\\nCo-authored-by: Claude <noreply@anthropic.com>",
                          "author": {"name": "U", "email": "u@example.org"}}, "author": {"login": "u"}}],
             "files": [{"filename": "lib/a.c", "status": "modified", "additions": 1, "deletions": 1,
                        "patch": "@@ -1,1 +1,1 @@\\n-int a;\\n+long a;"}],
             "linked_issues": [{"number": 5, "user": {"login": "u"}, "created_at": "2025-01-01T10:00:00Z"}]}
            """
        let c = try #require(ContributionDecoder.decode(Data(bundle.utf8), source: "b.json").contribution)
        #expect(c.commits.count == 1)
        #expect(c.commits[0].trailers == [Trailer(key: "Co-authored-by", value: "Claude <noreply@anthropic.com>")])
        #expect(c.files.first?.hunks.first?.added == ["long a;"])
        #expect(c.linkedIssues.first?.author == "u")

        let withDiff = """
            {"pull_request": {"title": "t", "user": {"login": "u"}},
             "diff": "diff --git a/x.py b/x.py\\n--- a/x.py\\n+++ b/x.py\\n@@ -1 +1,2 @@\\n a\\n+b\\n"}
            """
        let d = try #require(ContributionDecoder.decode(Data(withDiff.utf8), source: "d.json").contribution)
        #expect(d.files.map(\.path) == ["x.py"])
        #expect(d.files.first?.additions == 1)
    }

    @Test func errorsNameTheSource() {
        #expect(throws: ContributionError.self) {
            _ = try ContributionDecoder.decode(Data("{\"a\": ".utf8), source: "bad.json")
        }
        do {
            _ = try ContributionDecoder.decode(
                Data(#"{"commits": 3, "pull_request": {"title": "t"}}"#.utf8), source: "c.json")
            Issue.record("expected an error")
        } catch let error as ContributionError {
            #expect(error.source == "c.json")
            #expect(error.reason.contains("commits"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: ContributionError.self) {
            _ = try ContributionDecoder.decode(Data("   \n".utf8), source: "empty.md")
        }
    }

    @Test func securityReportInHackerOneLayout() throws {
        let text = """
            # Heap overflow in the cookie parser

            | Field | Value |
            |---|---|
            | **Weakness** | Heap Overflow |
            | Severity | Medium (5.3) |

            ## Vulnerability Details
            A cookie line longer than 8 KiB is copied without a length check.

            ## Impact
            A crash.
            """
        let c = SecurityReportReader.read(text)
        #expect(c.kind == .securityReport)
        #expect(c.title == "Heap overflow in the cookie parser")
        #expect(c.metadata["Weakness"] == "Heap Overflow")
        #expect(c.metadata["Severity"] == "Medium (5.3)")
        #expect(c.body.hasPrefix("## Vulnerability Details"))
        #expect(!c.body.contains("Weakness"))
    }

    @Test func plainTextReport() throws {
        let c = try #require(
            ContributionDecoder.decode(
                Data("curl crashes when -K reads an empty file\nsteps: ...".utf8), source: "r.txt"
            )
            .contribution)
        #expect(c.kind == .securityReport)
        #expect(c.title == "curl crashes when -K reads an empty file")
    }

    /// A private vulnerability report (`repository_advisory.reported`, written from GitHub's documentation) is a
    /// security report: the summary its title, the description its body, the structured fields in its metadata, the
    /// reporter its author; the draft asks for what it lacks.
    @Test func aPrivateVulnerabilityReportIsASecurityReport() throws {
        let data = try Data(
            contentsOf: Shared.tests.appendingPathComponent("Fixtures/documented/repository_advisory.reported.json"))
        let c = try #require(try ContributionDecoder.decode(data, source: "advisory").contribution)
        #expect(c.kind == .securityReport && c.action == "reported")
        #expect(c.title == "Critical remote code execution in the README renderer")
        #expect(c.body.hasPrefix("## Summary"))
        #expect(c.author?.login == "octoreporter" && c.repository == "Codertocat/Hello-World")
        #expect(c.metadata["GHSA"] == "GHSA-h7x2-9q4m-3v8c" && c.metadata["Severity"] == "critical")
        #expect(c.metadata["CVSS"] == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")
        #expect(c.metadata["Weakness"] == "CWE-787" && c.metadata["Affected"] == "npm hello-world")
        let draft = try #require(Evaluator().evaluate(c).replyDraft)
        #expect(draft.contains("The exact steps to reproduce it"))
        #expect(draft.contains("What you saw when it happened"))
        #expect(draft.contains("The version or commit you found it in"))
        // A report with steps, output and a version is asked for none of them.
        var complete = c
        complete.body = """
            Steps to reproduce with 2.4.1:

            1. Save the README below as `x.md`.
            2. Run `hello-render x.md`.

            ```
            ==1234==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011
                #0 0x4f2a1b in render_heading src/render.c:88
            ```
            """
        let asked = try #require(Evaluator().evaluate(complete).replyDraft)
        #expect(asked.hasPrefix("Thank you for the report. It has what we need to start"))
        // The same trace introduced as what should be seen is a prediction: the draft asks for what was seen.
        var predicted = complete
        predicted.body = complete.body.replacingOccurrences(of: "```\n==1234", with: "Expected output:\n```\n==1234")
        let predictedDraft = try #require(Evaluator().evaluate(predicted).replyDraft)
        #expect(predictedDraft.contains("What you saw when it happened"))
        #expect(predictedDraft.contains("The report says what should be seen (“Expected output:”)"))
        // Pull requests get no draft.
        #expect(Evaluator().evaluate(Contribution(kind: .pullRequest, title: "Fix")).replyDraft == nil)
    }

    /// Every recorded payload and exchange in the repository goes through the decoder and the evaluator without a crash.
    @Test func noCrashOnAnyRecordedFile() throws {
        #expect(try Self.decodeEverything(under: Shared.tests.appendingPathComponent("Fixtures")) >= 64)
    }

    /// Every file under ../shared — fixtures, reports, CSVs — goes through the decoder and the evaluator without a crash.
    @Test(
        .enabled(if: Shared.hasRoot, "../shared (the development workspace's data) is missing; .ci/run has it")
    )
    func noCrashOnAnySharedFile() async throws {
        // A minute or more of decoding and evaluating: on a thread of its own, not one of the two the async tests share.
        let root = Shared.root
        #expect(try await OwnThread.run { try Self.decodeEverything(under: root) } > 200)
    }

    /// Decodes and evaluates every file under `folder` (and parses it as a diff); returns how many were contributions.
    static func decodeEverything(under folder: URL) throws -> Int {
        let evaluator = Evaluator()
        var evaluated = 0
        for file in Shared.files(under: folder) {
            let data = try Data(contentsOf: file)
            if let contribution = try? ContributionDecoder.decode(data, source: file.path).contribution {
                _ = evaluator.evaluate(contribution)
                evaluated += 1
            }
            _ = UnifiedDiff.parse(data)
        }
        return evaluated
    }
}
