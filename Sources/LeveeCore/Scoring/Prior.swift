import Foundation

/// The prior of the fitted score: the weights Levee shipped before they were fitted (points of the old
/// `1 − exp(−points / 10)` score), in log-odds. `levee train` pulls each weight towards its prior rather than towards
/// zero, so a signal the labelled data never shows (a diff's new dependencies, an invented reference without a
/// source index) keeps this weight and the weights file says so; one the data does show gets the weight the data
/// supports.
public enum ScoringPrior {
    /// Old points × 0.3: the old score's 10 points (0.63) are about 3 log-odds above a baseline of −3.
    public static let scale = 0.3

    /// Each signal's prior, as it states it (`Signal.priorPoints`), by id.
    public static let points: [String: Double] = Dictionary(
        uniqueKeysWithValues: SignalCatalog.all.map { (type(of: $0).id, type(of: $0).priorPoints) })

    /// The prior weight of a feature: a signal's old points × `scale`; a generic feature's prior is zero.
    public static func weight(of id: String) -> Double { (points[id] ?? 0) * scale }
}
