import Foundation

/// L2-regularised logistic regression, fitted by Newton's method: the score is `σ(intercept + Σ weight × value)`,
/// so each term is a contribution a maintainer can read. The penalty pulls each weight towards a prior (zero, or
/// the shipped weight when a project recalibrates) rather than only towards zero, so a feature the data never shows
/// keeps its prior instead of a weight nobody measured.
public enum LogisticRegression {
    public struct Fit: Sendable, Hashable {
        public var intercept: Double
        public var weights: [Double]

        public init(intercept: Double, weights: [Double]) {
            self.intercept = intercept
            self.weights = weights
        }

        public func score(_ row: [Double]) -> Double { sigmoid(logit(row)) }

        public func logit(_ row: [Double]) -> Double {
            var z = intercept
            for (w, x) in zip(weights, row) { z += w * x }
            return z
        }

        /// The score without the features marked `held` (style), as `Evaluator.verdict` reads a score's standing:
        /// what the other evidence says by itself.
        public func standingScore(_ row: [Double], held: [Bool]) -> Double {
            var z = intercept
            for (index, (w, x)) in zip(weights, row).enumerated() where !held[index] { z += w * x }
            return sigmoid(z)
        }
    }

    public static func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }

    /// Fits on `rows` (each the same length) with `labels`. `sampleWeights` weighs each row (for balancing classes
    /// and sets); `l2` is the penalty `l2/2 × Σ (w − prior)²` on the weights, never on the intercept. `offsets` adds a
    /// fixed log-odds to each row (a model fitted before, whose terms stay as they are); without `fitIntercept` the
    /// intercept stays 0.
    public static func fit(
        rows: [[Double]], labels: [Bool], sampleWeights: [Double]? = nil, l2: Double, prior: [Double]? = nil,
        offsets: [Double]? = nil, fitIntercept: Bool = true, iterations: Int = 50
    ) -> Fit {
        let d = rows.first?.count ?? prior?.count ?? 0
        let prior = prior ?? [Double](repeating: 0, count: d)
        let sampleWeights = sampleWeights ?? [Double](repeating: 1, count: rows.count)
        var beta = [Double](repeating: 0, count: d + 1)  // beta[0] is the intercept
        for k in 0..<d { beta[k + 1] = prior[k] }
        let positive = zip(labels, sampleWeights).reduce(0) { $0 + ($1.0 ? $1.1 : 0) }
        let total = sampleWeights.reduce(0, +)
        let base = min(max(positive / max(total, 1e-12), 1e-6), 1 - 1e-6)
        beta[0] = fitIntercept && offsets == nil ? log(base / (1 - base)) : 0
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d + 1)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: d + 1), count: d + 1)
            for (i, row) in rows.enumerated() {
                var z = beta[0] + (offsets?[i] ?? 0)
                for k in 0..<d { z += beta[k + 1] * row[k] }
                let p = sigmoid(z)
                let residual = (labels[i] ? 1 : 0) - p
                let w = sampleWeights[i] * max(p * (1 - p), 1e-9)
                let x = [1.0] + row
                for a in 0...d where x[a] != 0 {
                    gradient[a] += sampleWeights[i] * residual * x[a]
                    for b in a...d where x[b] != 0 { hessian[a][b] += w * x[a] * x[b] }
                }
            }
            for a in 0...d { for b in 0..<a { hessian[a][b] = hessian[b][a] } }
            for k in 0..<d {
                gradient[k + 1] -= l2 * (beta[k + 1] - prior[k])
                hessian[k + 1][k + 1] += l2
            }
            hessian[0][0] += 1e-9
            if !fitIntercept {
                gradient[0] = 0
                for a in 0...d {
                    hessian[0][a] = 0
                    hessian[a][0] = 0
                }
                hessian[0][0] = 1
            }
            guard let step = solve(hessian, gradient) else { break }
            var largest = 0.0
            for a in 0...d {
                beta[a] += step[a]
                largest = max(largest, abs(step[a]))
            }
            if largest < 1e-8 { break }
        }
        return Fit(intercept: beta[0], weights: Array(beta.dropFirst()))
    }

    /// Solves `a × x = b` for a symmetric positive-definite `a` (Gaussian elimination with partial pivoting).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var m = a
        var v = b
        for col in 0..<n {
            guard let pivot = (col..<n).max(by: { abs(m[$0][col]) < abs(m[$1][col]) }), abs(m[pivot][col]) > 1e-12
            else { return nil }
            m.swapAt(col, pivot)
            v.swapAt(col, pivot)
            for row in (col + 1)..<n where m[row][col] != 0 {
                let factor = m[row][col] / m[col][col]
                for k in col..<n { m[row][k] -= factor * m[col][k] }
                v[row] -= factor * v[col]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[row]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
