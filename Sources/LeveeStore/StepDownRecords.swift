import Foundation
import LeveeCore

/// The step-down (`StepDown`, one `setting` row per repository) and the drift watch over what the store holds, read
/// and written one way for the server's decisions, the dashboard's load page and `levee outcomes`/`levee calibrate`.
extension DashboardStore {
    /// A repository's step-down state; none when never written.
    public func stepDown(_ repository: String) async throws -> StepDown {
        StepDown.stored(try await setting(StepDown.settingName(repository)))
    }

    public func saveStepDown(_ state: StepDown, repository: String, at: Date) async throws {
        try await saveSetting(StepDown.settingName(repository), value: try state.storedText(), at: at)
    }

    /// A maintainer re-arms kinds of a repository: they act as configured again and are counted afresh from `at`.
    public func rearm(_ repository: String, kinds: [String], at: Date) async throws {
        try await saveStepDown(
            try await stepDown(repository).rearmed(kinds, repository: repository, at: at), repository: repository,
            at: at)
    }
}

extension OutcomeStore where Self: DashboardStore {
    /// The drift watch over the outcomes and decisions since `since` (of one repository or all), each kind counted
    /// from its re-arming, and the step-down state of every repository in it. `known` states are not read again.
    public func driftWatch(
        repository: String?, since: Date, now: Date, known: [String: StepDown] = [:]
    ) async throws -> (watch: DriftWatch, states: [String: StepDown]) {
        let outcomes = try await outcomes(repository: repository, since: since)
        let decisions = try await decisions(repository: repository, since: since)
        var states = known
        for name in Set(outcomes.map(\.repository) + decisions.map(\.repository)) where states[name] == nil {
            states[name] = try await stepDown(name)
        }
        let armed = states.values.reduce(into: [String: Date]()) { $0.merge($1.armedSince) { $1 } }
        return (DriftWatch(outcomes, decisions: decisions, now: now, armedSince: armed), states)
    }
}
