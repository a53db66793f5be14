import Foundation
import Testing

@testable import LeveeCore

/// One text form, one parser, one URL form for the item a record is about.
@Suite struct ItemReferenceTests {
    @Test func aNumberOrAReportReadsAndWritesBothForms() throws {
        let pull = try #require(ItemReference("octo-org/widget#42"))
        #expect(pull == ItemReference(repository: "octo-org/widget", number: 42))
        #expect(pull.number == 42 && !pull.isReport)
        #expect(pull.pathComponent == "octo-org:widget:42")
        #expect(ItemReference(pathComponent: pull.pathComponent) == pull)
        let advisory = try #require(ItemReference(pathComponent: "octo-org:widget:GHSA-abcd-1234-wxyz"))
        #expect(advisory.isReport && advisory.number == nil)
        #expect(advisory.description == "octo-org/widget#GHSA-abcd-1234-wxyz")
        let intake = ItemReference.intake(deliveryID: "report-9f86d081884c7d659a2feaa0c55ad015")
        #expect(intake == "report-9f86d081884c")
        #expect(ItemReference(repository: "o/r", report: intake).description == "o/r#" + intake)
    }

    @Test(arguments: [
        "widget#42", "octo-org/widget", "octo-org/widget#", "octo-org/widget#forty-two", "a/b/c#1", "o/r#1 x",
        "/widget#3",
    ])
    func anythingElseIsNoItem(_ text: String) {
        #expect(ItemReference(text) == nil)
    }

    @Test func theURLFormNeedsThreeParts() {
        #expect(ItemReference(pathComponent: "octo-org:widget") == nil)
        #expect(ItemReference(pathComponent: "octo-org:widget:4:2") == nil)
    }
}
