import Foundation
import LeveeCore

/// A starting `.github/levee.yml` drawn from a real project's written AI policy. Each line's comment carries
/// the source policy's point, so a finding quoting the line quotes the project's reason too.
public struct PolicyTemplate: Sendable {
    public var name: String
    /// One line for `levee policy templates`.
    public var summary: String
    /// The written policies it follows (none for Levee's own default).
    public var sources: [String]
    public var yaml: String

    public func policy() throws(PolicyError) -> Policy {
        try PolicyLoader.load(yaml: yaml, file: "template:\(name)")
    }
}

public enum PolicyTemplates {
    public static func named(_ name: String) -> PolicyTemplate? { all.first { $0.name == name } }

    public static var names: [String] { all.map(\.name) }

    /// The closest template name to a misspelt one.
    public static func suggestion(for name: String) -> String? { DidYouMean.suggest(name, among: names) }

    public static let all: [PolicyTemplate] = [
        defaultTemplate, llvm, scipy, numpy, sympy, cpython, jupyterhub, ghostty, django, kubernetes, fedora, asf,
        linuxKernel, curl, ban,
    ]

    static let defaultTemplate = PolicyTemplate(
        name: "default", summary: "Disclose AI use when you use it; no autonomous agent PRs; shadow mode.",
        sources: [],
        yaml: """
            # Levee's default policy: disclosure when AI is used, shadow mode.
            name: this project
            shadow: true            # record what Levee would do; set false to act
            ai:
              stance: disclosure_required   # AI help is welcome when it is disclosed
            disclosure:
              required_for: [pull_request]
              when: ai_used         # only contributions that used AI must say so
              accept: [section, checkbox, statement, trailer]
              section:
                headings: ["AI Disclosure", "AI Assistance Disclosure", "AI Usage"]
              trailers:
                keys: [Assisted-by, Generated-by, Co-authored-by]
              must_name_tools: true # say which tool you used
            forbidden:
              autonomous_agent_prs: true   # a person submits every pull request
            zones:
              allowed:
                - use: Autocomplete, search and explanations you check yourself
                - use: Drafting tests or docs you then read and edit line by line
              gray:
                - use: Generating a function from a description
                  examples: ["Say so in the disclosure and explain what you changed"]
              forbidden:
                - use: Letting an agent open pull requests or answer reviews on your behalf
            exempt:
              writers: true
              bots: ["dependabot[bot]", "renovate[bot]", "github-actions[bot]", "pre-commit-ci[bot]"]
            """)

    static let llvm = PolicyTemplate(
        name: "llvm", summary: "LLVM: human in the loop; label substantial tool-generated content (Assisted-by).",
        sources: ["https://llvm.org/docs/AIToolPolicy.html"],
        yaml: """
            name: LLVM
            source: https://llvm.org/docs/AIToolPolicy.html
            shadow: true
            ai:
              stance: disclosure_required   # "contributors can use whatever tools they would like … but there must be a human in the loop"
            disclosure:
              required_for: [pull_request, issue, security_report, comment]   # code, RFCs, issues, security reports, review comments
              when: ai_used       # "label contributions that contain substantial amounts of tool-generated content"
              accept: [section, statement, trailer]   # "in their pull request description, commit message, or wherever authorship is normally indicated"
              trailers:
                keys: [Assisted-by]   # "use a commit message trailer like Assisted-by: <name of code assistant>"
            forbidden:
              autonomous_agent_prs: true   # agents that act in project spaces without human approval are not allowed
              fully_generated_prs: true    # unreviewed LLM output is an "extractive contribution"
            zones:
              allowed:
                - use: Any tool, as long as you read and review all generated code and text before asking for review
              gray:
                - use: Large first contributions
                  examples: ["New contributors should start with small contributions they fully understand"]
              forbidden:
                - use: Passing maintainer feedback to an LLM and pasting its answer
            """)

    static let scipy = PolicyTemplate(
        name: "scipy", summary: "SciPy: every PR says whether AI was used, which tools, how, and what code.",
        sources: ["https://scipy.github.io/devdocs/dev/conduct/ai_policy.html"],
        yaml: """
            name: SciPy
            source: https://scipy.github.io/devdocs/dev/conduct/ai_policy.html
            shadow: true
            ai:
              stance: disclosure_required   # "You must disclose whether AI has been used to assist in the development of your pull request"
            disclosure:
              required_for: [pull_request]
              when: always          # whether AI was used — "no" is an answer too
              accept: [section, checkbox, statement]
              section:
                headings: ["AI Disclosure", "AI Generation Disclosure", "AI usage"]
              must_name_tools: true      # "document which tool(s) have been used"
              must_describe_scope: true  # "how they were used, and specify what code or text is AI generated"
            forbidden:
              fully_generated_prs: true  # "Do not waste developers' time by submitting code that is fully or mostly generated by AI"
              ai_written_communication: except_translation   # "do not use AI to speak for you"; "do not use AI to automatically generate descriptions"
            actions:
              violations:
                disclosure_missing: { labels: ["needs-disclosure"], comment: true, verdict: needs_author }   # "We will reject any pull request that does not include the disclosure"
            """)

    static let numpy = PolicyTemplate(
        name: "numpy",
        summary: "NumPy: SciPy's rules plus no autonomous agent PRs; translation and grammar editing allowed.",
        sources: [
            "https://numpy.org/devdocs/dev/ai_policy.html",
            "https://mail.python.org/archives/list/numpy-discussion@python.org/thread/LAR7P3KQWHWAIKYSHTS2MY7X4HUBVA3L/",
        ],
        yaml: """
            name: NumPy
            source: https://numpy.org/devdocs/dev/ai_policy.html
            shadow: true
            ai:
              stance: restricted    # disclosure plus forbidden uses
            disclosure:
              required_for: [pull_request]
              when: always          # "You must disclose whether AI has been used to assist in the development of your pull request"
              accept: [section, checkbox, statement]
              section:
                headings: ["AI Disclosure", "AI Generation Disclosure", "AI usage"]
              must_name_tools: true      # "document which tool(s) have been used"
              must_describe_scope: true  # "how they were used, and specify what code or text is AI generated"
            forbidden:
              autonomous_agent_prs: true   # "an AI agent that writes code and then submits a pull request autonomously is not permitted"
              fully_generated_prs: true    # "code that is fully or mostly generated by AI, and doesn't meet our standards"
              ai_written_communication: except_translation   # "do not use AI to speak for you, except for translation or grammar editing"
            zones:                  # the zones idea from the NumPy discussion
              allowed:
                - use: Translation or grammar editing of your own words
                - use: Understanding existing code, searching, autocomplete you check
              gray:
                - use: AI-written code you fully understand and can explain
                  examples: ["Disclose the tool, how it was used and which code it produced"]
              forbidden:
                - use: Comments, pull-request or issue descriptions generated by AI
                - use: An agent that writes code and opens the pull request itself
            actions:
              violations:
                disclosure_missing: { labels: ["needs-disclosure"], comment: true, verdict: needs_author }   # "We will reject any pull request that does not include the disclosure"
            """)

    static let sympy = PolicyTemplate(
        name: "sympy",
        summary: "SymPy: disclose substantial AI use and which code it produced; no AI-written communication.",
        sources: ["https://docs.sympy.org/dev/contributing/ai-generated-code-policy.html"],
        yaml: """
            name: SymPy
            source: https://docs.sympy.org/dev/contributing/ai-generated-code-policy.html
            shadow: true
            ai:
              stance: disclosure_required
            disclosure:
              required_for: [pull_request]
              when: ai_used           # "If you substantially make use of AI … you must disclose how it was used and what code in the patch is AI generated"
              accept: [section, checkbox, statement]
              must_describe_scope: true
            forbidden:
              fully_generated_prs: true    # "Do not waste developers' time by submitting code that is fully or mostly generated by AI"
              ai_written_communication: except_translation   # "do not use AI to speak for you"; "do not use AI to automatically generate descriptions"
            actions:
              violations:
                disclosure_missing: { labels: ["needs-disclosure"], comment: true, verdict: needs_author }   # "We will reject any pull request that does not include the disclosure"
            """)

    static let cpython = PolicyTemplate(
        name: "cpython",
        summary: "CPython: AI is a tool with acceptable uses; fully AI-generated PRs and issues may be closed.",
        sources: ["https://devguide.python.org/getting-started/generative-ai/"],
        yaml: """
            name: CPython
            source: https://devguide.python.org/getting-started/generative-ai/
            shadow: true
            ai:
              stance: allowed   # "Discretion, good judgement, and critical thinking must be used"; no disclosure rule
            forbidden:
              fully_generated_prs: true   # "Maintainers may close issues and PRs that are not useful or productive, including those that are fully generated by AI"
              autonomous_agent_prs: true  # a bot-opened PR is fully generated by AI
            zones:
              allowed:
                - use: Assistance with writing comments, especially in a non-native language
                - use: Gaining understanding of existing code
                - use: Supplementing contributor knowledge for code, tests, and documentation
              forbidden:
                - use: Issues and pull requests fully generated by AI that are not useful or productive
                  examples: ["Repeatedly opening unproductive issues or PRs may get a contributor blocked"]
            actions:
              violations:
                fully_generated_pr: { labels: ["ai-generated"], comment: true, verdict: needs_author }   # "Maintainers may close" — a maintainer decides
            """)

    static let jupyterhub = PolicyTemplate(
        name: "jupyterhub",
        summary: "JupyterHub: a human author takes responsibility; disclose AI use; no agents, no AI voice.",
        sources: ["https://compass.hub.jupyter.org/contribute/llm/"],
        yaml: """
            name: JupyterHub
            source: https://compass.hub.jupyter.org/contribute/llm/
            shadow: true
            ai:
              stance: restricted
            disclosure:
              required_for: [pull_request]
              when: always            # "You must disclose whether AI has been used to assist in the development of your pull request"
              accept: [section, checkbox, statement]
              section:
                headings: ["AI Disclosure", "AI Generation Disclosure", "LLM"]
            forbidden:
              autonomous_agent_prs: true   # "The use of an AI agent that writes code and then submits a pull request autonomously is not permitted"
              fully_generated_prs: true    # "We will reject pull requests that we deem as AI slop"
              ai_written_communication: except_translation   # "do not use AI to speak for you (except for translation)"
            zones:
              allowed:
                - use: Deterministic automated changes (dependency bumps, linter fixes, refactoring tools)
              forbidden:
                - use: Verbatim LLM output in a comment or pull-request description
            """)

    static let ghostty = PolicyTemplate(
        name: "ghostty",
        summary: "Ghostty: disclose every AI use (tool and extent); AI PRs only for accepted issues; no AI media.",
        sources: ["https://github.com/ghostty-org/ghostty/blob/main/AI_POLICY.md"],
        yaml: """
            name: Ghostty
            source: https://github.com/ghostty-org/ghostty/blob/main/AI_POLICY.md
            shadow: true
            ai:
              stance: restricted
            disclosure:
              required_for: [pull_request, issue]
              when: ai_used              # "All AI usage in any form must be disclosed"
              accept: [section, checkbox, statement, trailer]
              must_name_tools: true      # "You must state the tool you used (e.g. Claude Code, Cursor, Amp)"
              must_describe_scope: true  # "along with the extent that the work was AI-assisted"
            forbidden:
              ai_without_linked_issue: true   # "AI generated contributions will only be allowed for accepted issues"
              ai_media: true                  # "No AI-generated media is allowed (art, images, videos, audio, etc.)"
            exempt:
              writers: true   # "Maintainers are exempt from these rules"
            actions:
              violations:
                ai_without_linked_issue: { labels: ["ai-drive-by"], comment: true, close: true, verdict: likely_slop }   # "Drive-by pull requests with AI generated content will be immediately closed"
            """)

    static let django = PolicyTemplate(
        name: "django", summary: "Django: tick exactly one AI Assistance Disclosure box in every pull request.",
        sources: [
            "https://github.com/django/django/blob/main/.github/pull_request_template.md",
            "https://docs.djangoproject.com/en/dev/internals/contributing/writing-code/submitting-patches/",
        ],
        yaml: """
            name: Django
            source: https://github.com/django/django/blob/main/.github/pull_request_template.md
            shadow: true
            ai:
              stance: disclosure_required
            disclosure:
              required_for: [pull_request]
              when: always            # "AI Assistance Disclosure (REQUIRED)"
              accept: [checkbox]
              section:
                headings: ["AI Assistance Disclosure"]
              checkboxes:
                options:
                  - "No AI tools were used in preparing this PR."
                  - "If AI tools were used, I have disclosed which ones, and fully reviewed and verified their output."
                exactly_one: true     # "Please select exactly ONE of the following"
            """)

    static let kubernetes = PolicyTemplate(
        name: "kubernetes",
        summary: "Kubernetes: disclose AI use in the PR description; no AI co-authors or attribution trailers.",
        sources: ["https://www.kubernetes.dev/docs/guide/pull-requests/#ai-guidance"],
        yaml: """
            name: Kubernetes
            source: https://www.kubernetes.dev/docs/guide/pull-requests/#ai-guidance
            shadow: true
            ai:
              stance: restricted
            disclosure:
              required_for: [pull_request]
              when: ai_used          # "If you used AI tools in preparing your PR, you must disclose this in the description of your PR"
              accept: [section, statement]   # the description, not the commits
            forbidden:
              ai_coauthor_trailers: true      # "Listing AI tooling as a co-author … is not allowed" — an AI cannot sign the CLA
              ai_attribution_trailers: true   # "using the assisted-by, co-developed or similar commit trailer is not allowed"
              ai_signed_off_by: true          # "co-signing commits using an AI tool … is not allowed"
              ai_written_communication: true  # "When responding to review comments, you must do so without relying on AI tools"
            zones:
              forbidden:
                - use: Large AI-generated pull requests and AI-generated commit messages
                - use: Leaving the first review of AI-generated changes to the reviewers
            """)

    static let fedora = PolicyTemplate(
        name: "fedora",
        summary: "Fedora: disclose significant unchanged AI output, preferably with an Assisted-by trailer.",
        sources: ["https://docs.fedoraproject.org/en-US/council/policy/ai-contribution-policy/"],
        yaml: """
            name: Fedora
            source: https://docs.fedoraproject.org/en-US/council/policy/ai-contribution-policy/
            shadow: true
            ai:
              stance: disclosure_required   # "You MAY use AI assistance for contributing to Fedora"
            disclosure:
              required_for: [pull_request]
              when: ai_used    # "You MUST disclose the use of AI tools when the significant part of the contribution is taken from a tool without changes"
              accept: [section, statement, trailer]   # "Disclosures are made where authorship is normally indicated"
              trailers:
                keys: [Assisted-by]   # "the recommended method is an Assisted-by: commit message trailer"
                example: "generic LLM chatbot"
            zones:
              allowed:
                - use: Routine grammar and spelling correction or clarifying language (no disclosure needed)
              gray:
                - use: Other AI assistance where disclosure might be useful (SHOULD disclose)
            """)

    static let asf = PolicyTemplate(
        name: "asf", summary: "Apache Software Foundation: name generative tooling with a Generated-by: token.",
        sources: ["https://www.apache.org/legal/generative-tooling.html"],
        yaml: """
            name: the Apache Software Foundation
            source: https://www.apache.org/legal/generative-tooling.html
            shadow: true
            ai:
              stance: disclosure_required
            disclosure:
              required_for: [pull_request]
              when: ai_used    # "contributors … indicate the tooling used to create the contribution"
              accept: [section, statement, trailer]
              trailers:
                keys: [Generated-by]   # "included as a token in the source control commit message, for example … Generated-by: <name of tool>"
              must_name_tools: true
            zones:
              allowed:
                - use: Tool output whose terms do not restrict its use, with no third-party material the contributor cannot license
            """)

    static let linuxKernel = PolicyTemplate(
        name: "linux-kernel",
        summary: "Linux kernel: Assisted-by: AGENT:MODEL [TOOLS] trailer; an AI never adds Signed-off-by.",
        sources: ["https://docs.kernel.org/process/coding-assistants.html"],
        yaml: """
            name: the Linux kernel
            source: https://docs.kernel.org/process/coding-assistants.html
            shadow: true
            ai:
              stance: disclosure_required
            disclosure:
              required_for: [pull_request]
              when: ai_used    # "Contributions should include an Assisted-by tag"
              accept: [trailer]
              trailers:
                keys: [Assisted-by]
                format: '[^\\s:]+:[^\\s:]+( \\S+)*'   # "Assisted-by: AGENT_NAME:MODEL_VERSION [TOOL1] [TOOL2]"
                example: "Claude:claude-3-opus coccinelle sparse"
            forbidden:
              ai_signed_off_by: true       # "AI agents MUST NOT add Signed-off-by tags. Only humans can legally certify the DCO"
              ai_coauthor_trailers: true   # attribution is Assisted-by; a co-developer must add their own Signed-off-by
            """)

    static let curl = PolicyTemplate(
        name: "curl",
        summary: "curl: security reports must say whether an AI found the problem; check AI findings first.",
        sources: [
            "https://github.com/curl/curl/blob/master/docs/AI.md",
            "https://github.com/curl/curl/blob/master/docs/VULN-DISCLOSURE-POLICY.md",
        ],
        yaml: """
            name: curl
            source: https://github.com/curl/curl/blob/master/docs/AI.md
            shadow: true
            ai:
              stance: disclosure_required
            disclosure:
              required_for: [security_report, issue]
              when: always    # "If you asked an AI tool to find problems in curl, you must make sure to reveal this fact in your report"
              accept: [report_field, section, statement]
              report_fields: ["AI usage", "AI use", "AI disclosure", "Did you use AI"]
            forbidden:
              ai_written_communication: true   # "it is rarely a good idea to just copy and paste an AI generated report"
            # "You must also double-check the findings carefully before reporting them": the fitted report thresholds
            # (docs/scoring.md) were measured on curl's own reports; moving them here would lose that measurement.
            """)

    static let ban = PolicyTemplate(
        name: "ban", summary: "No AI-generated content accepted (QEMU, Gentoo, NetBSD style).",
        sources: [
            "https://www.qemu.org/docs/master/devel/code-provenance.html#use-of-ai-content-generators",
            "https://wiki.gentoo.org/wiki/Project:Council/AI_policy",
            "https://www.netbsd.org/developers/commit-guidelines.html",
        ],
        yaml: """
            name: this project
            source: https://wiki.gentoo.org/wiki/Project:Council/AI_policy
            shadow: true
            ai:
              stance: banned   # "It is expressly forbidden to contribute … any content that has been created with the assistance of Natural Language Processing artificial intelligence tools"
            forbidden:
              autonomous_agent_prs: true
              ai_written_communication: true
              agent_instruction_files: true
              ai_media: true
              ai_coauthor_trailers: true
              ai_attribution_trailers: true
              ai_signed_off_by: true   # QEMU: AI output cannot be certified under the DCO
            actions:
              violations:
                ai_use_banned: { labels: ["ai-generated"], comment: true, close: true, verdict: likely_slop }   # QEMU "will currently not accept contributions where use of AI code generators is either known, or suspected"
            """)
}
