import Foundation

/// A contribution breaking a rule of the project's policy: a finding, not an error. It quotes the policy line
/// it comes from so the author and the maintainer see the project's own words.
public struct PolicyViolation: Sendable, Hashable, Codable {
    /// Stable snake_case id (`disclosure_missing`, `ai_coauthor_trailer`, …); `PolicyChecker.violationIDs` lists them.
    public var id: String
    /// The policy key the rule comes from (`forbidden.ai_coauthor_trailers`).
    public var rule: String
    /// A sentence for the author and the maintainer.
    public var message: String
    public var evidence: [String]
    /// Where the rule is written; nil for the built-in policy.
    public var policyLine: PolicyLine?

    enum CodingKeys: String, CodingKey {
        case id, rule, message, evidence
        case policyLine = "policy_line"
    }
}

/// What Levee knows about the author beyond the contribution: trust and open work. The server fills it from its
/// store; `levee check` leaves it empty, and the checks that need it (caps, vouched exemption) then stay silent.
public struct AuthorRecord: Sendable, Hashable {
    public var vouched: Bool
    /// Open pull requests by this author in the repository, this one included.
    public var openPullRequests: Int?
    /// Open AI-assisted pull requests by this author, this one included.
    public var openAIPullRequests: Int?

    public init(vouched: Bool = false, openPullRequests: Int? = nil, openAIPullRequests: Int? = nil) {
        self.vouched = vouched
        self.openPullRequests = openPullRequests
        self.openAIPullRequests = openAIPullRequests
    }
}

/// Checks a contribution against a policy. Pure: everything it reads comes in as arguments.
public enum PolicyChecker {
    public static let violationIDs = [
        "disclosure_missing", "disclosure_malformed", "disclosure_incomplete", "prompts_attached", "ai_use_banned",
        "autonomous_agent_pr", "fully_generated_pr", "ai_written_communication", "agent_instruction_files",
        "ai_media", "ai_on_good_first_issue", "first_timer_ai_pr", "ai_coauthor_trailer", "ai_attribution_trailer",
        "ai_signed_off_by", "ai_without_linked_issue", "open_pr_cap", "ai_pr_cap", "denounced_author", "agent_canary",
        "agent_trap_ticked", "template_section_empty",
    ]

    /// The finding for a contribution by a denounced author, quoting the vouch list's line.
    public static func denounced(_ trust: TierDecision, login: String?, policy: Policy) -> PolicyViolation {
        PolicyViolation(
            id: "denounced_author", rule: "trust.vouch_file",
            message: "\(login.map { "@" + $0 } ?? "The author") is denounced by this project; a maintainer decides "
                + "whether to look at this.",
            evidence: [trust.reason], policyLine: trust.line ?? policy.line(for: "trust"))
    }

    /// Files that instruct coding agents.
    static let agentInstructionFiles = [
        "agents.md", "claude.md", "gemini.md", ".cursorrules", ".windsurfrules", ".clinerules",
        ".github/copilot-instructions.md", "copilot-instructions.md", ".aider.conf.yml", ".junie/guidelines.md",
    ]
    static let agentInstructionDirectories = [".cursor/rules/", ".github/instructions/", ".claude/", ".clinerules/"]
    static let mediaExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "mp3", "wav", "ogg", "flac", "m4a",
        "mp4", "webm", "mov", "avi",
    ]
    static let mediaGenerators = [
        "midjourney", "dall-e", "dall·e", "stable diffusion", "sora", "adobe firefly", "imagen", "suno", "udio",
        "ai-generated image", "ai generated image", "generated image", "ai-generated logo", "ai-generated icon",
    ]
    static let translationPhrases = [
        "translated", "translation", "translate", "not my first language", "not my native language",
        "non-native", "english is not my", "grammar", "deepl",
    ]
    static let goodFirstIssueLabels: Set<String> = ["good first issue", "good-first-issue", "beginner", "easy"]
    static let firstTimerAssociations: Set<String> = ["FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "NONE"]

    /// Why the policy does not apply to this author, or nil when it does.
    /// The project's traps that were sprung: the canary in the title, the description (its hidden comments, where
    /// the template plants the instruction, left out) or a commit message; the trap box ticked.
    static func trapViolations(
        _ c: Contribution, traps: Traps,
        add: (_ id: String, _ rule: String, _ message: String, _ evidence: [String]) -> Void
    ) {
        guard c.kind == .pullRequest || c.kind == .issue else { return }
        if let canary = traps.canary {
            var evidence: [String] = []
            if c.title.contains(canary) {
                evidence.append("the title “\(TextStats.quote(c.title))” has the canary \(canary)")
            }
            if let line = TextStats.lines(TextStats.stripHTMLComments(c.body)).first(where: { $0.contains(canary) }) {
                evidence.append("the description has the canary: “\(TextStats.quote(line))”")
            }
            if let commit = c.commits.first(where: { $0.message.contains(canary) }) {
                evidence.append("commit \(commit.sha.prefix(7)) has the canary: “\(TextStats.quote(commit.subject))”")
            }
            if !evidence.isEmpty {
                add(
                    "agent_canary", "traps.canary",
                    "This contribution follows the instruction this project plants for coding agents only (\(canary)); "
                        + "a person must review and submit the work themselves.", evidence)
            }
        }
        if let box = traps.box.map(MarkdownOutline.normalized),
            let ticked = MarkdownOutline.checkboxes(in: c.body).first(where: {
                $0.checked && MarkdownOutline.normalized($0.label).hasPrefix(box)
            })
        {
            add(
                "agent_trap_ticked", "traps.box",
                "The box saying this was submitted by an agent without human review is ticked; a person must "
                    + "review and submit the work themselves.", ["ticked: “\(TextStats.quote(ticked.label))”"])
        }
    }

    /// The template's required sections (`template.required_sections`) a pull request left out or left empty: nothing
    /// under the heading but hidden comments, or only the template's own lines and no box ticked.
    static func emptyRequiredSections(_ c: Contribution, policy: TemplatePolicy, template: String?) -> [String] {
        guard c.kind == .pullRequest, !policy.requiredSections.isEmpty else { return [] }
        let written = MarkdownOutline(c.body)
        let asked = template.map { MarkdownOutline($0) }
        return policy.requiredSections.compactMap { name in
            guard let section = written.section(titled: name) else { return "“\(name)” is missing" }
            return TemplateIgnoredSignal.isUnanswered(section, asked: asked?.section(titled: name))
                ? "“\(name)” is empty" : nil
        }
    }

    public static func exemption(for contribution: Contribution, policy: Policy, author: AuthorRecord?) -> String? {
        let exemptLabels = Set(policy.exempt.labels.map(\.lowercasedFast))
        if let label = contribution.labels.first(where: { exemptLabels.contains($0.lowercasedFast) }) {
            return "labelled `\(label)` (exempt.labels)"
        }
        guard let person = contribution.author else { return nil }
        let login = person.login.lowercasedFast
        if policy.exempt.writers, person.hasWriteAccess, let association = person.association {
            return "@\(person.login) has write access (\(association.lowercasedFast))"
        }
        if Exemptions.isBot(person.login, in: policy.exempt.bots) {
            return "@\(person.login) is an exempt bot (exempt.bots)"
        }
        if policy.exempt.users.contains(where: { $0.lowercasedFast == login }) {
            return "@\(person.login) is listed in exempt.users"
        }
        if policy.exempt.vouched, author?.vouched == true { return "@\(person.login) is vouched for" }
        return nil
    }

    public static func violations(
        of contribution: Contribution, disclosure: Disclosure, agent: AgentDetection, signals: [SignalHit],
        policy: Policy, author: AuthorRecord?, template: String? = nil
    ) -> [PolicyViolation] {
        var found: [PolicyViolation] = []
        func add(_ id: String, _ rule: String, _ message: String, _ evidence: [String]) {
            found.append(
                PolicyViolation(
                    id: id, rule: rule, message: message, evidence: Array(evidence.prefix(4)),
                    policyLine: policy.line(for: rule)))
        }
        let kind = contribution.kind
        let isPull = kind == .pullRequest
        let agentSigned = agent.detected && agent.strength == .signature
        let aiUsed = disclosure.admitsAI || agentSigned
        var seen = Set<String>()
        let aiEvidence = ((disclosure.admitsAI ? disclosure.evidence : []) + (agentSigned ? agent.evidence : []))
            .filter { seen.insert($0).inserted }
        let rules = policy.disclosure

        trapViolations(contribution, traps: policy.traps, add: add)
        let empty = emptyRequiredSections(contribution, policy: policy.template, template: template)
        if !empty.isEmpty {
            add(
                "template_section_empty", "template.required_sections",
                "Please answer the template's required sections in your own words: "
                    + policy.template.requiredSections.map { "“\($0)”" }.joined(separator: ", ") + ".", empty)
        }

        if policy.stance == .banned, aiUsed {
            add(
                "ai_use_banned", "ai.stance",
                "This project does not accept AI-generated or AI-assisted contributions.", aiEvidence)
        }

        if policy.requiresDisclosure(for: kind) {
            let accepted = disclosure.forms.filter { rules.accept.contains($0) }
            let owed = rules.when == .always || aiUsed
            if accepted.isEmpty && owed {
                var evidence: [String] = []
                if !disclosure.forms.isEmpty {
                    evidence.append(
                        "AI use is mentioned only as "
                            + disclosure.forms.map { describe($0) }.joined(separator: " and ")
                            + ", which this policy does not accept as the disclosure")
                }
                evidence += disclosure.evidence.filter { $0.hasSuffix("section is empty") }
                if agentSigned { evidence += agent.evidence.prefix(2).map { "yet \($0)" } }
                // Quote the line that says when a disclosure is owed, when the policy wrote one.
                let rule = policy.lines["disclosure.when"] != nil ? "disclosure.when" : "disclosure.required_for"
                add(
                    "disclosure_missing", rule,
                    "An AI-use disclosure is required: \(disclosurePlaces(rules)).", evidence)
            } else {
                if let answer = disclosure.checkboxes, answer.exactlyOne, answer.ticked.count != 1 {
                    add(
                        "disclosure_malformed", "disclosure.checkboxes.exactly_one",
                        "Tick exactly one of the AI-disclosure options.",
                        ["\(answer.ticked.count) of \(answer.options) options are ticked"])
                }
                if disclosure.admitsAI, rules.mustNameTools, disclosure.tools.isEmpty {
                    add(
                        "disclosure_incomplete", "disclosure.must_name_tools",
                        "The disclosure should name the AI tool(s) used.", disclosure.evidence)
                }
                if disclosure.admitsAI, rules.mustDescribeScope, !disclosure.describesScope {
                    add(
                        "disclosure_incomplete", "disclosure.must_describe_scope",
                        "The disclosure should say how AI was used and which code or text it produced.",
                        disclosure.evidence)
                }
            }
        }

        if let format = rules.trailers.format, let regex = try? Regex(format) {
            let keys = Set(rules.trailers.keys.map { $0.lowercasedFast })
            let bad = disclosure.trailers.filter { trailer in
                keys.contains(trailer.key.lowercasedFast) && trailer.role == .attribution
                    && (try? regex.wholeMatch(in: trailer.value)) == nil
            }
            if !bad.isEmpty {
                let example = rules.trailers.example.map { " such as “\($0)”" } ?? ""
                add(
                    "disclosure_malformed", "disclosure.trailers.format",
                    "Write the trailer in the project's format\(example).",
                    bad.map { "commit \($0.commit): “\($0.key): \($0.value)”" })
            }
        }

        if rules.prompts == .forbidden, disclosure.promptsAttached {
            add(
                "prompts_attached", "disclosure.prompts",
                "Please do not paste prompts or chat transcripts into the contribution.", [])
        }

        let forbidden = policy.forbidden
        if isPull, forbidden.autonomousAgentPRs, let login = contribution.author?.login,
            AgentDetector.isAgentAccount(login) || contribution.author?.type == "Bot" && agent.detected
        {
            add(
                "autonomous_agent_pr", "forbidden.autonomous_agent_prs",
                "Pull requests opened by a coding agent without a person submitting them are not accepted.",
                ["opened by @\(login)"] + agent.evidence.prefix(2))
        }
        if isPull, forbidden.fullyGeneratedPRs, agentSigned,
            let login = contribution.author?.login,
            AgentDetector.isAgentAccount(login) || AgentDetector.bodyMarker(in: contribution.body) != nil
        {
            add(
                "fully_generated_pr", "forbidden.fully_generated_prs",
                "Pull requests fully generated by an AI tool are not accepted.", agent.evidence)
        }
        if forbidden.aiWrittenCommunication,
            let prose = signals.first(where: { $0.id == LLMProseMarkersSignal.id && $0.strength >= 0.5 })
        {
            let text = (contribution.title + "\n" + contribution.body).lowercasedFast
            let translated = forbidden.translationExempt && translationPhrases.contains { text.has($0) }
            if !translated {
                add(
                    "ai_written_communication", "forbidden.ai_written_communication",
                    "Please write descriptions, issues and comments in your own words"
                        + (forbidden.translationExempt ? " (translation tools are fine)." : "."), prose.evidence)
            }
        }
        if isPull, forbidden.agentInstructionFiles {
            let files = contribution.files.filter { file in
                file.status != .removed && isAgentInstructionFile(file.path)
            }
            if !files.isEmpty {
                add(
                    "agent_instruction_files", "forbidden.agent_instruction_files",
                    "This project does not take agent instruction files (AGENTS.md, CLAUDE.md, …).",
                    files.map { "changes `\($0.path)`" })
            }
        }
        if isPull, forbidden.aiMedia {
            let text = (contribution.title + "\n" + contribution.body).lowercasedFast
            let generator = mediaGenerators.first { text.has($0) }
            let media = contribution.files.filter { file in
                file.status != .removed
                    && mediaExtensions.contains(file.path.split(separator: ".").last?.lowercasedFast ?? "")
            }
            if !media.isEmpty, generator != nil || aiUsed {
                let why = generator.map { "the description mentions “\($0)”" } ?? "AI use is disclosed or detected"
                add(
                    "ai_media", "forbidden.ai_media", "AI-generated images, audio and video are not accepted.",
                    media.prefix(3).map { "adds `\($0.path)`" } + [why])
            }
        }
        if isPull, forbidden.aiWithoutLinkedIssue, aiUsed, contribution.linkedIssues.isEmpty,
            NoLinkedIssueSignal.issueReferences(in: contribution.title + "\n" + contribution.body).isEmpty
        {
            add(
                "ai_without_linked_issue", "forbidden.ai_without_linked_issue",
                "AI-assisted pull requests are accepted only for an existing, accepted issue; please link it.",
                aiEvidence)
        }
        if isPull, forbidden.aiOnGoodFirstIssues, aiUsed {
            let labelled = contribution.labels.contains { goodFirstIssueLabels.contains($0.lowercasedFast) }
            let linked = contribution.linkedIssues.filter { issue in
                issue.labels.contains { goodFirstIssueLabels.contains($0.lowercasedFast) }
            }
            if labelled || !linked.isEmpty {
                add(
                    "ai_on_good_first_issue", "forbidden.ai_on_good_first_issues",
                    "Good first issues are kept for people learning the codebase; please solve them without AI.",
                    linked.map { "#\($0.number) is labelled as a good first issue" } + aiEvidence.prefix(2))
            }
        }
        if isPull, forbidden.firstTimerAIPRs, aiUsed, author?.vouched != true,
            let association = contribution.author?.association?.uppercased(),
            firstTimerAssociations.contains(association)
        {
            add(
                "first_timer_ai_pr", "forbidden.first_timer_ai_prs",
                "First contributions should be written without AI assistance.",
                ["author association \(association)"] + aiEvidence.prefix(2))
        }
        let trailerRules: [(role: AITrailer.Role, on: Bool, id: String, rule: String, message: String)] = [
            (
                .coauthor, forbidden.aiCoauthorTrailers, "ai_coauthor_trailer", "forbidden.ai_coauthor_trailers",
                "An AI may not be listed as a co-author; the person submitting is the author."
            ),
            (
                .attribution, forbidden.aiAttributionTrailers, "ai_attribution_trailer",
                "forbidden.ai_attribution_trailers",
                "AI attribution trailers are not used here; disclose AI use in the pull-request description."
            ),
            (
                .signoff, forbidden.aiSignedOffBy, "ai_signed_off_by", "forbidden.ai_signed_off_by",
                "Only a person can certify the Developer Certificate of Origin: an AI must not add Signed-off-by."
            ),
        ]
        for check in trailerRules where check.on {
            let trailers = disclosure.trailers.filter { $0.role == check.role }
            if !trailers.isEmpty {
                add(
                    check.id, check.rule, check.message,
                    trailers.map { "commit \($0.commit): “\($0.key): \($0.value)”" })
            }
        }

        if isPull, let cap = policy.caps.openPRsPerNonWriter, let open = author?.openPullRequests, open > cap,
            contribution.author?.hasWriteAccess != true
        {
            add(
                "open_pr_cap", "caps.open_prs_per_non_writer",
                "You have \(open) open pull requests here; the project reviews at most \(cap) per contributor at a time.",
                ["\(open) open pull requests, cap \(cap)"])
        }
        if isPull, aiUsed, let cap = policy.caps.openAIPRsPerAuthor, let open = author?.openAIPullRequests, open > cap {
            add(
                "ai_pr_cap", "caps.open_ai_prs_per_author",
                "You have \(open) open AI-assisted pull requests here; the cap is \(cap) at a time.",
                ["\(open) open AI-assisted pull requests, cap \(cap)"])
        }
        return found
    }

    static func isAgentInstructionFile(_ path: String) -> Bool {
        let lowered = path.lowercasedFast
        let name = lowered.split(separator: "/").last.map(String.init) ?? lowered
        return agentInstructionFiles.contains(lowered) || ["agents.md", "claude.md", "gemini.md"].contains(name)
            || agentInstructionDirectories.contains { lowered.hasPrefix($0) }
    }

    static func describe(_ form: DisclosureForm) -> String {
        switch form {
        case .section: return "a description section"
        case .checkbox: return "a ticked box"
        case .statement: return "a sentence in the description"
        case .trailer: return "a commit trailer"
        case .reportField: return "a report field"
        }
    }

    /// Where the policy wants the disclosure, as a phrase.
    public static func disclosurePlaces(_ rules: DisclosurePolicy) -> String {
        var places: [String] = []
        let accept = rules.accept
        if accept.contains(.section) {
            places.append("a section headed “\(rules.headings.first ?? "AI Disclosure")” in the description")
        }
        if accept.contains(.checkbox), let set = rules.checkboxes {
            places.append("ticking " + (set.exactlyOne ? "one of " : "") + "the template's AI boxes")
        }
        if accept.contains(.statement) { places.append("a sentence in the description saying which tools you used") }
        if accept.contains(.trailer), let key = rules.trailers.keys.first {
            places.append("a commit trailer `\(key): \(rules.trailers.example ?? "…")`")
        }
        if accept.contains(.reportField) {
            places.append("the report's “\(rules.reportFields.first ?? "AI usage")” field")
        }
        return places.isEmpty ? "see the project's policy" : places.joined(separator: ", or ")
    }
}
