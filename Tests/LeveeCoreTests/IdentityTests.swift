import Foundation
import Testing

@testable import LeveeCore

/// Who someone is, typed: a login compared without case, GitHub's association and account type read in any case.
@Suite struct IdentityTests {
    @Test func aLoginIsOneAccountWhateverItsCase() {
        #expect(Login("Alice") == Login("alice"))
        #expect(Set([Login("Alice"), Login("ALICE"), Login("bob")]).count == 2)
        #expect(Login("Alice").description == "Alice")
        #expect(Login("alice").isListed(in: ["Bob", "ALICE"]))
        #expect(!Login("alice").isListed(in: ["alice2"]))
    }

    @Test func associationsAndAccountTypesAsGitHubSpellsThem() {
        #expect(AuthorAssociation(github: "first_time_contributor") == .firstTimeContributor)
        #expect(AuthorAssociation(github: "") == nil)
        #expect(AuthorAssociation(github: "SOMETHING_NEW") == nil)
        #expect(AuthorAssociation.allCases.filter(\.hasWriteAccess) == [.owner, .member, .collaborator])
        #expect(AuthorAssociation.allCases.filter(\.isNewcomer) == [.firstTimeContributor, .firstTimer, .none])
        #expect(AccountType(github: "bot") == .bot)
        #expect(AccountType(github: "Organization") == .organization)
        #expect(Person(login: "renovate[bot]", type: "Bot").isBot)
        #expect(!Person(login: "renovate[bot]").isBot, "the account type says, not the name")
        #expect(Person(login: "a", association: "member").hasWriteAccess)
        #expect(Person(login: "a", association: "CONTRIBUTOR").isEstablished)
        #expect(!Person(login: "a", association: "NONE").isEstablished)
    }

    /// The trust tiers, the policy's exemptions and the lifecycle compare logins the same way.
    @Test func listsNameAPersonInAnyCase() {
        var policy = TrustPolicy()
        policy.maintainers = ["Alice"]
        let decision = TrustAssessor.decide(
            TrustInputs(person: Person(login: "alice", association: "NONE")), policy: policy, bots: [])
        #expect(decision.tier == .maintainer)
        var exempt = Policy.builtin
        exempt.exempt.users = ["BOB"]
        let pull = Contribution(kind: .pullRequest, title: "t", author: Person(login: "bob", association: "NONE"))
        #expect(PolicyChecker.exemption(for: pull, policy: exempt, author: nil) != nil)
        let bot = TrustAssessor.decide(
            TrustInputs(person: Person(login: "Some-App[bot]", type: "Bot")), policy: TrustPolicy(),
            bots: ["*[bot]"])
        #expect(bot.tier == .bot)
    }
}
