import Foundation
import LeveeCore

/// anti-slop's inputs (`docs/peers.md`): its checks become the pull checks of `pulls:`, its exemptions Levee's, and the
/// gates Levee keeps as evidence say why.
extension Importer {
    mutating func mapAntiSlop() {
        let never =
            "Levee closes or locks only on a quoted policy violation or a score whose measured precision is ≥ 0.99 "
            + "(docs/scoring.md); the `pulls:` checks are quoted violations, and closing on one is "
            + "`\(PolicyField.violation("<id>")).close`, a choice to make by hand"
        let failures = Int(value("max-failures").0) ?? 3
        line(
            "max-failures", failures > 1 ? [(PullChecks.minFailures.key, "\(failures)")] : [],
            "the `pulls:` checks below are reported only when at least this many fail; Levee's score and its other "
                + "rules are weighed apart")
        let bots = Self.list(value("exempt-bots").0)
        line("exempt-bots", [(PolicyField.exemptBots.path, Self.flow(bots))])
        let users = Self.list(value("exempt-users").0)
        line("exempt-users", users.isEmpty ? [] : [(PolicyField.exemptUsers.path, Self.flow(users))])
        let associations = Self.list(value("exempt-author-association").0).map { $0.uppercased() }
        let writers = !Set(associations).isDisjoint(with: ["OWNER", "MEMBER", "COLLABORATOR"])
        line(
            "exempt-author-association", [(PolicyField.exemptWriters.path, "\(writers)")],
            "Levee exempts owners, members and collaborators together, or none of them")
        let labels = Self.list(value("exempt-label").0) + Self.list(value("exempt-pr-label").0)
        line("exempt-label", labels.isEmpty ? [] : [(PolicyField.exemptLabels.path, Self.flow(labels))])
        line(
            "exempt-pr-label", [], labels.isEmpty ? nil : "joined into \(PolicyField.exemptLabels.path)",
            labels.isEmpty ? nil : .seeAbove)
        line("exempt-draft-prs", value("exempt-draft-prs").0 == "true" ? [(PolicyField.exemptDrafts.path, "true")] : [])
        // The milestones: every milestone if either "all" input is on, else both lists joined.
        let all = ["exempt-all-pr-milestones", "exempt-all-milestones"].first { value($0).0 == "true" }
        let listed = ["exempt-pr-milestones", "exempt-milestones"].filter { !Self.list(value($0).0).isEmpty }
        let milestones = all != nil ? ["*"] : listed.flatMap { Self.list(value($0).0) }
        let source = all ?? listed.first
        for input in ["exempt-all-pr-milestones", "exempt-all-milestones", "exempt-pr-milestones", "exempt-milestones"]
        {
            if input == source {
                line(input, [(PolicyField.exemptMilestones.path, Self.flow(milestones))])
            } else if source != nil, value(input).0 != "false", !value(input).0.isEmpty {
                line(input, [], "joined into \(PolicyField.exemptMilestones.path)", .seeAbove)
            } else {
                line(input, [])
            }
        }
        if value("require-linked-issue").0 == "true" {
            line("require-linked-issue", [(IssueLinkRule.setting.key, "true")], "every pull request, whatever its size")
        } else {
            line("require-linked-issue", [], "off here; Levee's no_linked_issue signal still weighs it")
        }
        if value("require-pr-template").0 == "true" {
            line(
                "require-pr-template",
                [
                    (Self.signal(UnfilledTemplateSignal.id), "strict"),
                    (Self.signal(TemplateIgnoredSignal.id), "strict"),
                ],
                "compared with .github/pull_request_template.md")
        } else {
            line("require-pr-template", [])
        }
        let strictSections = Self.list(value("strict-pr-template-sections").0)
        line(
            "strict-pr-template-sections",
            strictSections.isEmpty
                ? []
                : [
                    (PolicyField.requiredSections.path, Self.flow(strictSections)),
                    (PolicyField.everyBoxTicked.path, "true"),
                ],
            strictSections.isEmpty ? nil : "Levee asks every box of the checklist ticked, not only those sections'")
        line(
            "optional-pr-template-sections", [],
            "Levee asks only for the sections in \(PolicyField.requiredSections.path); the others may be left out",
            .seeAbove)
        line(
            "max-additional-pr-template-sections", [],
            value("max-additional-pr-template-sections").0 == "0"
                ? nil : "sections the author adds are not counted: a person may add a useful one")
        if value("require-description").0 == "true" {
            line(
                "require-description", [(Self.signal(UndescribedFirstContributionSignal.id), "strict")],
                "Levee asks newcomers for a description; writers and known contributors are not asked")
        } else {
            line("require-description", [])
        }
        // The pull checks: each a `pulls:` key of the same meaning (docs/policy.md).
        func count(_ input: String, _ key: String) {
            let n = Int(value(input).0) ?? 0
            line(input, n > 0 ? [(key, "\(n)")] : [])
        }
        func flag(_ input: String, _ key: String) {
            line(input, value(input).0 == "true" ? [(key, "true")] : [])
        }
        func words(_ input: String, _ key: String, separators: Set<Character> = ["\n"]) {
            let items = Self.list(value(input).0, separators: separators)
            line(input, items.isEmpty ? [] : [(key, Self.flow(items))])
        }
        words("allowed-target-branches", BranchRule.allowedTarget.key)
        words("blocked-target-branches", BranchRule.blockedTarget.key)
        words("allowed-source-branches", BranchRule.allowedSource.key)
        words("blocked-source-branches", BranchRule.blockedSource.key)
        count("max-negative-reactions", NegativeReactionsRule.setting.key)
        flag("require-maintainer-can-modify", MaintainerAccessRule.setting.key)
        flag("require-conventional-title", ConventionalTitleRule.setting.key)
        count("max-description-length", DescriptionCapsRule.maxLength.key)
        count("max-emoji-count", DescriptionCapsRule.maxEmoji.key)
        count("max-code-references", DescriptionCapsRule.maxCodeReferences.key)
        words("blocked-terms", HoneypotRule.terms.key)
        let issueNumbers = Self.list(value("blocked-issue-numbers").0)
        let numbers = issueNumbers.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) }
        line(
            "blocked-issue-numbers", numbers.isEmpty ? [] : [(HoneypotRule.issues.key, "\(numbers)")],
            numbers.count < issueNumbers.count
                ? "not a number, left out: "
                    + issueNumbers.filter { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) == nil }
                    .joined(separator: ", ") : nil)
        count("max-commit-message-length", CommitRule.maxLength.key)
        flag("require-conventional-commits", ConventionalCommitsRule.setting.key)
        flag("require-commit-author-match", CommitRule.authorMatch.key)
        words("blocked-commit-authors", CommitRule.blockedAuthors.key, separators: [","])
        words("allowed-file-extensions", FilesRule.allowedExtensions.key, separators: [","])
        words("allowed-paths", FilesRule.allowedPaths.key)
        words("blocked-paths", FilesRule.blockedPaths.key)
        flag("require-final-newline", FinalNewlineRule.setting.key)
        count("max-added-comments", AddedCommentsRule.setting.key)
        flag("detect-spam-usernames", SpamUsernameRule.setting.key)
        // The author's account and record: evidence in Levee, never a gate by itself (docs/peers.md says why).
        line(
            "min-account-age", value("min-account-age").0 == "0" ? [(Self.signal(FreshAccountSignal.id), "off")] : [],
            value("min-account-age").0 == "0"
                ? nil
                : "Levee's fresh_account signal weighs the account's age as evidence, never as a gate alone: an "
                    + "author cannot change it, so asking them would only turn away a newcomer",
            value("min-account-age").0 == "0" ? nil : .differs)
        let globalRatio = value("min-global-merge-ratio").0
        line(
            "min-global-merge-ratio", globalRatio == "0" ? [(Self.signal(UnmergedRecordSignal.id), "off")] : [],
            globalRatio == "0"
                ? nil
                : "Levee's unmerged_record signal weighs a stranger's record across GitHub (10 or more closed unmerged, "
                    + "three for each merged) as evidence, never as a gate alone",
            globalRatio == "0" ? nil : .differs)
        line("global-merge-ratio-exclude-own", [], "part of min-global-merge-ratio's difference", .seeAbove)
        line(
            "max-daily-forks", [],
            value("max-daily-forks").0 == "0"
                ? nil
                : "forks are not read; Levee's activity_burst signal weighs pull requests to many repositories in a "
                    + "week, the spraying forks lead to", value("max-daily-forks").0 == "0" ? nil : .differs)
        line(
            "min-profile-completeness", [],
            value("min-profile-completeness").0 == "0"
                ? nil
                : "Levee never reads profiles (name, company, bio, followers): an empty profile says nothing about a "
                    + "contribution, and many honest newcomers have one",
            value("min-profile-completeness").0 == "0" ? nil : .differs)
        line(
            "min-repo-merged-prs", [],
            value("min-repo-merged-prs").0 == "0"
                ? nil
                : "requiring earlier merges turns away every first-timer; the track record sets the trust tier, and "
                    + "`lifecycle.close_by_default` (tiers: [newcomer]) is the nearest gate, a choice to make by hand",
            value("min-repo-merged-prs").0 == "0" ? nil : .differs)
        count("min-repo-merge-ratio", RepositoryRecordRule.setting.key)
        let success = Self.list(value("success-add-pr-labels").0)
        line(
            "success-add-pr-labels",
            success.isEmpty
                ? [] : [(PolicyField.actions(.welcome).path, PolicyDocuments.actionSet(ActionSet(labels: success)))])
        let failure = Self.list(value("failure-add-pr-labels").0)
        line(
            "failure-add-pr-labels",
            failure.isEmpty
                ? []
                : [
                    (
                        PolicyField.actions(.needsAuthor).path,
                        PolicyDocuments.actionSet(ActionSet(labels: failure, comment: true))
                    ),
                    (
                        PolicyField.actions(.likelySlop).path,
                        PolicyDocuments.actionSet(ActionSet(labels: failure, comment: true))
                    ),
                ])
        line(
            "failure-pr-message", [],
            "Levee's sticky comment lists each finding with its evidence; `\(PolicyField.commentTemplate.path)` changes its wording",
            .differs)
        line(
            "close-pr", [], value("close-pr").0 == "true" ? never : nil, value("close-pr").0 == "true" ? .differs : nil)
        line("lock-pr", [], value("lock-pr").0 == "true" ? never : nil, value("lock-pr").0 == "true" ? .differs : nil)
    }
}
