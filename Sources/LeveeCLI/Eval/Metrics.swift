import Foundation

/// Ranking and detection metrics over scored, labelled items.
public enum Metrics {
    /// ROC AUC: the probability that a random positive scores above a random negative (ties count half).
    public static func rocAUC(positives: [Double], negatives: [Double]) -> Double {
        guard !positives.isEmpty, !negatives.isEmpty else { return .nan }
        var wins = 0.0
        for p in positives {
            for n in negatives {
                if p > n { wins += 1 } else if p == n { wins += 0.5 }
            }
        }
        return wins / Double(positives.count * negatives.count)
    }

    /// The best recall reachable while at most `maxFalsePositiveRate` of negatives score at or above the threshold,
    /// with that threshold (flag when score ≥ threshold).
    public static func recall(
        atFalsePositiveRate maxFalsePositiveRate: Double, positives: [Double], negatives: [Double]
    ) -> (recall: Double, threshold: Double, falsePositiveRate: Double) {
        let candidates = Set(positives + negatives).sorted(by: >)
        var best = (recall: 0.0, threshold: Double.infinity, falsePositiveRate: 0.0)
        for threshold in candidates {
            let fpr = Double(negatives.count(where: { $0 >= threshold })) / Double(max(negatives.count, 1))
            guard fpr <= maxFalsePositiveRate else { break }
            let recall = Double(positives.count(where: { $0 >= threshold })) / Double(max(positives.count, 1))
            if recall >= best.recall { best = (recall, threshold, fpr) }
        }
        return best
    }
}
