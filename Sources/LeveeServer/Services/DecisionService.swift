import Foundation
import LeveeCore
import LeveeGitHub
import LeveeStore
import Logging

/// Levee's false alarms by the project's own decisions, in the product (issue #39): the decisions said out loud
/// (`/levee appeal`, `/levee not-slop`), the drift watch over the outcomes and those decisions, and the step-down it
/// drives (`StepDown`, kept in the `setting` table per repository) until a maintainer re-arms it.
struct DecisionService: Sendable {
    let client: GitHubClient?
    let store: any ServerStore
    let now: @Sendable () -> Date

    /// The label that routes an appealed item to a person.
    static let appealLabel = "levee:appeal"

    /// The repository's step-down state.
    func stepDown(_ repository: String) async throws -> StepDown { try await store.stepDown(repository) }

    /// The drift watch of one repository (or all) over the longest window, counted from each kind's re-arming, and
    /// the step-down state of each repository in it.
    func drift(_ repository: String?, known: [String: StepDown] = [:]) async throws -> (
        watch: DriftWatch, states: [String: StepDown]
    ) {
        let at = now()
        return try await store.driftWatch(
            repository: repository, since: at.addingTimeInterval(-Double(DriftWatch.windows.max() ?? 90) * 86_400),
            now: at, known: known)
    }

    /// Reads the watch again after a decision and steps a kind down when its false alarms exceed the promise. Returns
    /// the kinds newly stepped down.
    @discardableResult
    func refresh(_ repository: String, logger: Logger) async throws -> [String] {
        let current = try await stepDown(repository)
        let watch = try await drift(repository, known: [repository: current]).watch
        let next = current.updated(by: watch, repository: repository, at: now())
        guard next != current else { return [] }
        try await store.saveStepDown(next, repository: repository, at: now())
        let newly = next.steppedDown.keys.filter { current.steppedDown[$0] == nil }.sorted()
        for kind in newly {
            logger.warning(
                "stepped down",
                metadata: [
                    "repository": "\(repository)", "kind": "\(kind)",
                    "why": "\(next.steppedDown[kind]?.why ?? "")",
                ])
        }
        return newly
    }

    /// A maintainer re-arms kinds of a repository (the dashboard's switch; `levee calibrate` does the same on the
    /// store directly).
    func rearm(_ repository: String, kinds: [String]) async throws {
        try await store.rearm(repository, kinds: kinds, at: now())
    }

    /// `/levee appeal` and `/levee not-slop` on an item: the audit's status and detail, the reply, and the labels to
    /// change, as effects the delivery's executor pass carries out.
    func run(_ verb: CommentCommand.Verb, in context: TrustService.CommandContext, isWriter: Bool, logger: Logger)
        async throws -> (status: AuditRecord.Status, detail: String, reply: String, actions: [PlannedAction])
    {
        let actor = context.actor.login
        let item = ItemReference(repository: context.repo.fullName, number: context.number)
        guard context.discussion == nil else {
            return (
                .refused, "not an issue or pull request",
                "@\(actor): `\(verb.rawValue)` is for an issue or pull request.", []
            )
        }
        let said = try await store.storedEvaluation(source: item.description)?.evaluation
        let decision = ItemDecision(
            repository: item.repository, number: context.number, isPullRequest: context.isPullRequest,
            author: context.itemAuthor ?? "", kind: verb == .appeal ? .appeal : .notSlop, by: actor, at: now(),
            said: said)
        let shown = said.map { "Levee's verdict was `\($0.verdict.rawValue)`" } ?? "Levee had not evaluated it"
        switch verb {
        case .appeal:
            guard let author = context.itemAuthor, Login(author) == Login(actor) else {
                return (
                    .refused, "only the item's author can appeal",
                    "@\(actor): only the author can appeal; a maintainer who thinks Levee is wrong says `/levee not-slop`.",
                    []
                )
            }
            try await store.saveDecision(decision)
            let records = [label(Self.appealLabel, add: true, context, reason: "appeal by @\(actor)")]
            return (
                context.shadow ? .shadow : .applied, "appeal recorded (\(shown))",
                "@\(actor): thank you. Your appeal is recorded and a maintainer will look at this themselves; "
                    + "Levee's verdict decides nothing here. \(shown).",
                records
            )
        default:
            guard isWriter else {
                return (
                    .refused, "only maintainers can say not-slop",
                    "@\(actor): only maintainers can say `not-slop`; the author can ask for a person with `/levee appeal`.",
                    []
                )
            }
            try await store.saveDecision(decision)
            var records: [PlannedAction] = []
            let labels = Set(
                [Verdict.needsAuthor, .likelySlop].flatMap { context.policy.actions.actions(for: $0).labels }
                    + [Self.appealLabel])
            let present = context.itemLabels.map { Set($0.map { $0.lowercased() }) }
            for name in labels.sorted() where present?.contains(name.lowercased()) ?? true {
                records.append(label(name, add: false, context, reason: "not-slop by @\(actor)"))
            }
            let newly = try await refresh(item.repository, logger: logger)
            var reply =
                "@\(actor): recorded, Levee's flag was wrong (\(shown)). Its verdict labels are removed, and the "
                + "decision counts in the drift watch and in `levee calibrate`."
            if !newly.isEmpty {
                reply +=
                    " With it, Levee's false alarms here exceed its promise: it has stepped down for "
                    + newly.joined(separator: " and ") + " until a maintainer re-arms it."
            }
            return (context.shadow ? .shadow : .applied, "not-slop recorded (\(shown))", reply, records)
        }
    }

    /// A label to add or remove, carried out (or rehearsed in shadow mode) with the delivery's other effects.
    func label(_ name: String, add: Bool, _ context: TrustService.CommandContext, reason: String) -> PlannedAction {
        PlannedAction(add ? .addLabel(name) : .removeLabel(name), reason: reason, shadow: context.shadow)
    }
}
