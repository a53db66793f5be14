import Foundation
import Testing

@testable import LeveeCore

/// mitchellh/vouch's own tests (`tests/lib.nu`, `tests/file.nu` at e1bbed0 in the public repository), one test
/// here per behaviour, named after the vouch test it follows. Where Levee deliberately differs, the test says how
/// and `docs/trust.md` lists it.
@Suite struct VouchParityTests {
    /// `sample-records` of tests/lib.nu.
    static let sample = VouchFile(
        parsing: "# Comment\nmitchellh\ngithub:alice\n-github:badguy\n-github:spammer Reason here")

    static func check(_ file: VouchFile, _ user: String, defaultPlatform: String? = nil) -> String {
        switch file.status(of: VouchFile.Handle(parsing: user)!, defaultPlatform: defaultPlatform) {
        case .vouched: "vouched"
        case .denounced: "denounced"
        case .unknown: "unknown"
        }
    }

    static func handle(_ text: String) -> VouchFile.Handle { VouchFile.Handle(parsing: text)! }

    // MARK: check-user

    @Test func checkUser() {
        let file = Self.sample
        #expect(Self.check(file, "mitchellh") == "vouched")  // finds vouched user
        #expect(Self.check(file, "github:alice") == "vouched")  // finds vouched user with platform
        #expect(Self.check(file, "github:badguy") == "denounced")  // finds denounced user
        #expect(Self.check(file, "nobody") == "unknown")  // returns unknown for missing user
        #expect(Self.check(file, "MitchellH") == "vouched")  // is case insensitive
        #expect(Self.check(file, "alice", defaultPlatform: "github") == "vouched")  // matches with default platform
        #expect(Self.check(file, "badguy", defaultPlatform: "github") == "denounced")  // denounced with default
        // The platform rule itself: an entry without a platform matches a check on any platform; a check without
        // one matches an entry on any platform; two named platforms must agree.
        #expect(Self.check(file, "gitlab:mitchellh") == "vouched")
        #expect(Self.check(file, "alice") == "vouched")
        #expect(Self.check(file, "gitlab:alice") == "unknown")
        #expect(Self.check(file, "mitchellh", defaultPlatform: "gitlab") == "vouched")
    }

    // MARK: add-user, denounce-user

    @Test func addUser() {
        let file = Self.sample
        #expect(Self.check(file.adding(Self.handle("newuser")), "newuser") == "vouched")  // adds new user
        #expect(Self.check(file.adding(Self.handle("github:newuser")), "github:newuser") == "vouched")  // platform
        #expect(Self.check(file.adding(Self.handle("github:badguy")), "github:badguy") == "vouched")  // replaces
        let added = file.adding(Self.handle("newuser"))
        #expect(added.lines.filter(\.isComment).count == 1)  // preserves comments
        // result is sorted: Levee inserts in order; `sortedLikeVouch` re-sorts as vouch's sort-table.
        let usernames = file.adding(Self.handle("zzz")).sortedLikeVouch().entries.map(\.handle.username)
        #expect(usernames == usernames.sorted { $0.lowercased() < $1.lowercased() })
    }

    @Test func denounceUser() {
        let file = Self.sample
        #expect(Self.check(file.denouncing(Self.handle("newbad")), "newbad") == "denounced")  // denounces a user
        let withReason = file.denouncing(Self.handle("newbad"), reason: "spam")  // with reason
        #expect(withReason.entries.first { $0.handle.username == "newbad" }?.details == "spam")
        #expect(Self.check(file.denouncing(Self.handle("mitchellh")), "mitchellh") == "denounced")  // replaces vouch
        #expect(file.denouncing(Self.handle("newbad")).lines.filter(\.isComment).count == 1)  // preserves comments
    }

    // MARK: remove-user

    @Test func removeUser() {
        let file = Self.sample
        #expect(Self.check(file.removing(Self.handle("mitchellh")), "mitchellh") == "unknown")  // removes vouched
        #expect(Self.check(file.removing(Self.handle("github:badguy")), "github:badguy") == "unknown")  // denounced
        #expect(Self.check(file.removing(Self.handle("mitchellh")), "github:alice") == "vouched")  // keeps others
        #expect(file.removing(Self.handle("mitchellh")).lines.filter(\.isComment).count == 1)  // keeps comments
        #expect(file.removing(Self.handle("nobody")) == file)  // noop for missing user
        // Without a platform, remove takes the user off every platform; with one, only that platform's entry.
        let many = VouchFile(parsing: "alice\ngithub:alice\n-gitlab:alice spam\nbob\n")
        #expect(many.removing(Self.handle("alice")).render() == "bob\n")
        // `alice` (no platform) names her on gitlab too; github:alice does not.
        #expect(many.removing(Self.handle("gitlab:alice")).render() == "github:alice\nbob\n")
        #expect(
            VouchFile(parsing: "github:alice\n-gitlab:alice spam\n").removing(Self.handle("gitlab:alice")).render()
                == "github:alice\n")
    }

    // MARK: round trips and the file format (tests/file.nu)

    @Test func roundTripsThroughTheFormat() {
        // add-user / denounce-user roundtrip through td format
        let added = VouchFile(parsing: Self.sample.adding(Self.handle("newuser")).render())
        #expect(Self.check(added, "newuser") == "vouched")
        let denounced = VouchFile(parsing: Self.sample.denouncing(Self.handle("newbad"), reason: "reason").render())
        #expect(Self.check(denounced, "newbad") == "denounced")
        // from-td to-td roundtrip
        let text = "# Comment\nmitchellh\ngithub:alice\n-github:badguy\n-github:spammer Reason here"
        #expect(VouchFile(parsing: text).render() == text)
        // from-td parses each kind of line
        let entries = VouchFile(parsing: text).entries
        #expect(entries.map(\.kind) == [.vouch, .vouch, .denounce, .denounce])
        #expect(entries.map(\.handle.platform) == [nil, "github", "github", "github"])
        #expect(entries[3].details == "Reason here")
        #expect(VouchFile(parsing: "mitchellh\n\nalice").lines[1] == .blank(""))
        // to-td formats entries
        #expect(
            VouchFile.Entry(kind: .denounce, handle: Self.handle("github:badguy"), details: "AI slop").text
                == "-github:badguy AI slop")
        #expect(VouchFile.Entry(kind: .vouch, handle: Self.handle("mitchellh"), details: nil).text == "mitchellh")
        // parse-handle
        #expect(Self.handle("github:mitchellh") == VouchFile.Handle(platform: "github", username: "mitchellh"))
        #expect(Self.handle("mitchellh") == VouchFile.Handle(platform: nil, username: "mitchellh"))
    }

    /// vouch's commands write comments and blanks first, then the entries sorted by username without regard to
    /// case, every line re-written from its parts.
    @Test func sortedLikeVouchIsVouchsBytes() {
        let file = VouchFile(parsing: "# list\r\n  zed\r\n\r\nAnna note\r\n# more\r\n-bob spam\r\nalice")
        #expect(file.sortedLikeVouch().render() == "# list\n\n# more\nalice\nAnna note\n-bob spam\nzed\n")
        // vouch's init-file: a new file carries the link to vouch and no entries.
        let new = VouchFile(parsing: VouchFile.newFileHeader)
        #expect(new.entries.isEmpty && new.render().contains("https://github.com/mitchellh/vouch"))
    }

    // MARK: parse-comment (vouch's own comment syntax: `trust.commands.bare`)

    static let bare = CommandKeywords(bare: true)

    static func parsed(_ body: String, _ keywords: CommandKeywords = bare) -> CommentCommand.Parsed? {
        let all = CommentCommand.parse(body, keywords: keywords)
        #expect(all.count <= 1)
        return all.first
    }

    @Test func parseComment() {
        typealias C = CommentCommand
        #expect(Self.parsed("vouch") == .command(C(verb: .vouch)))  // keyword only: the author
        #expect(Self.parsed("vouch @alice") == .command(C(verb: .vouch, subject: "alice")))
        #expect(
            Self.parsed("vouch @alice good contributor")
                == .command(C(verb: .vouch, subject: "alice", reason: "good contributor")))
        #expect(Self.parsed("vouch trusted person") == .command(C(verb: .vouch, reason: "trusted person")))
        #expect(
            Self.parsed("denounce @badguy spammer")
                == .command(C(verb: .denounce, subject: "badguy", reason: "spammer")))
        #expect(Self.parsed("denounce spammer") == .command(C(verb: .denounce, reason: "spammer")))
        #expect(Self.parsed("unvouch") == .command(C(verb: .unvouch)))
        #expect(Self.parsed("unvouch @alice") == .command(C(verb: .unvouch, subject: "alice")))
        #expect(Self.parsed("unvouch @alice some reason") == nil)  // unvouch ignores trailing text: no command
        #expect(Self.parsed("hello world") == nil)  // no match
        #expect(Self.parsed("VOUCH @Alice") == .command(C(verb: .vouch, subject: "Alice")))  // case insensitive
        #expect(Self.parsed("  vouch @alice") == .command(C(verb: .vouch, subject: "alice")))  // leading whitespace
        // custom keyword
        let lgtm = CommandKeywords(vouch: ["lgtm", "approve"], bare: true)
        #expect(Self.parsed("lgtm @alice", lgtm) == .command(C(verb: .vouch, subject: "alice")))
        #expect(Self.parsed("approve", lgtm) == .command(C(verb: .vouch)))
        #expect(Self.parsed("vouch @alice", lgtm) == nil)
        // allow-vouch, allow-denounce, allow-unvouch false: an empty keyword list
        #expect(Self.parsed("vouch @alice", CommandKeywords(vouch: [], bare: true)) == nil)
        #expect(Self.parsed("denounce @badguy spam", CommandKeywords(denounce: [], bare: true)) == nil)
        #expect(Self.parsed("unvouch @alice", CommandKeywords(unvouch: [], bare: true)) == nil)
        // newline injection / multiline body: only the first line is read
        #expect(
            Self.parsed("vouch @user\n-github:victim injected") == .command(C(verb: .vouch, subject: "user")))
        #expect(
            Self.parsed("denounce @ditherdude spam\n-github:someLegitContributor haha")
                == .command(C(verb: .denounce, subject: "ditherdude", reason: "spam")))
        // Off by default: only `/levee …` lines are commands, so "vouch for this approach" in a review is not one.
        #expect(CommentCommand.parse("vouch for this approach").isEmpty)
        #expect(CommentCommand.parse("/levee vouch") == [.command(C(verb: .vouch))])
        #expect(CommentCommand.parse("/levee lgtm @a", keywords: lgtm) == [.command(C(verb: .vouch, subject: "a"))])
    }

    /// A denouncement without a reason: vouch's own syntax (`trust.commands.bare`) takes it as vouch's parser does,
    /// and a second line is never read, let alone executed; `/levee denounce` keeps Levee's rule that a reason is
    /// required, with a reply saying so.
    @Test func aDenouncementWithoutAReason() {
        typealias C = CommentCommand
        #expect(Self.parsed("denounce @badguy") == .command(C(verb: .denounce, subject: "badguy")))
        #expect(Self.parsed("denounce") == .command(C(verb: .denounce)))  // the item's author, as vouch
        #expect(
            Self.parsed("denounce @user\n-github:victim injected") == .command(C(verb: .denounce, subject: "user")))
        #expect(Self.parsed("denounce @user\nvouch @friend") == .command(C(verb: .denounce, subject: "user")))
        guard case .invalid(_, let reason) = CommentCommand.parse("/levee denounce @badguy").first else {
            Issue.record("`/levee denounce @badguy` was accepted without a reason")
            return
        }
        #expect(reason.contains("needs a reason"))
    }

    // MARK: web of trust priority (inherited lists)

    static func tier(_ login: String, local: String, inherited: String) -> TrustTier {
        TrustAssessor.decide(
            TrustInputs(
                person: Person(login: login, association: "NONE"), vouchFile: VouchFile(parsing: local),
                inherited: [NamedVouchFile(name: "org/.github:VOUCHED.td", file: VouchFile(parsing: inherited))]),
            policy: TrustPolicy(), bots: []
        ).tier
    }

    @Test func webOfTrustPriority() {
        #expect(Self.tier("alice", local: "alice", inherited: "-alice spam") == .vouched)  // local vouch wins
        #expect(Self.tier("bob", local: "-bob spam", inherited: "bob") == .denounced)  // local denounce wins
        #expect(Self.tier("charlie", local: "alice", inherited: "charlie") == .vouched)  // falls through
        #expect(Self.tier("nobody", local: "alice", inherited: "bob") == .newcomer)  // unknown everywhere
        let decision = TrustAssessor.decide(
            TrustInputs(
                person: Person(login: "eve", association: "NONE"), vouchFile: VouchFile(parsing: "alice\n"),
                inherited: [NamedVouchFile(name: "org/.github:VOUCHED.td", file: VouchFile(parsing: "-eve spam\n"))]),
            policy: TrustPolicy(), bots: [])
        #expect(decision.reason == "eve is denounced in org/.github:VOUCHED.td: spam")
        #expect(decision.line == PolicyLine(file: "org/.github:VOUCHED.td", line: 1, text: "-eve spam"))
    }

    /// A list's entry for another platform does not name a GitHub login (vouch's GitHub actions check with
    /// `--default-platform github`).
    @Test func theServerChecksGitHubLogins() {
        #expect(Self.tier("eve", local: "-gitlab:eve spam", inherited: "") == .newcomer)
        #expect(Self.tier("eve", local: "-eve spam", inherited: "") == .denounced)
        #expect(Self.tier("eve", local: "github:eve", inherited: "") == .vouched)
    }

    @Test func codeOwnersAreVouchedUnlessDenounced() {
        let owners = CodeOwners(
            parsing: """
                # Owners
                *       @Lead @org/core-team
                /docs/  @writer docs@example.com @lead  # repeated
                """)
        #expect(owners.users == ["Lead", "writer"])
        #expect(owners.teams == ["org/core-team"])
        func tier(_ login: String, list: String) -> TrustTier {
            TrustAssessor.decide(
                TrustInputs(
                    person: Person(login: login, association: "NONE"), vouchFile: VouchFile(parsing: list),
                    codeOwners: owners.users),
                policy: TrustPolicy(codeowners: true), bots: []
            ).tier
        }
        #expect(tier("lead", list: "") == .vouched)
        #expect(tier("writer", list: "-writer spam") == .denounced)
        #expect(tier("someone", list: "") == .newcomer)
    }
}
