import Foundation
import Testing

@testable import LeveeCore

/// One effect type for the planner, the lifecycle and the action log: every kind reads back from what the log stores,
/// and a planned action is stored in the shape it always had.
@Suite struct EffectTests {
    static let all: [Effect] = [
        .addLabel("bug"), .removeLabel("bug"), .comment("text"), .reply("<!-- levee:reply:1 -->\nDone."),
        .status("Waiting."), .close, .reopen, .lock,
        .checkRun(conclusion: "success"), .approveWorkflowRuns(headSHA: "abc"), .assign(login: "mentor"),
        .requestReview(login: "triager"),
    ]

    @Test func everyKindReadsBackFromItsStoredKindAndValue() {
        #expect(Set(Self.all.map(\.kind)) == Set(Effect.Kind.allCases))
        for effect in Self.all {
            #expect(Effect(kind: effect.kind, value: effect.value) == effect)
        }
        #expect(Effect.close.value == "closed")
        #expect(Effect.removeLabel("x").kind.rawValue == "unlabel")
    }

    @Test func aPlannedActionIsStoredAsKindValueReasonShadow() throws {
        let action = PlannedAction(.checkRun(conclusion: "action_required"), reason: "verdict", shadow: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(action), as: UTF8.self)
        #expect(text == #"{"kind":"check_run","reason":"verdict","shadow":true,"value":"action_required"}"#)
        #expect(try JSONDecoder().decode(PlannedAction.self, from: Data(text.utf8)) == action)
        var label = PlannedAction(.addLabel("a"), reason: "r", shadow: false)
        label.value = "b"
        #expect(label.effect == .addLabel("b"))
    }

    @Test func labelsCompareWithoutCase() {
        #expect(Effect.sameLabel("Levee:Likely-Slop", "levee:likely-slop"))
        #expect(!Effect.sameLabel("bug", "bugs"))
        #expect(Effect.labels(["Bug", "docs"], contain: "bug"))
    }
}
