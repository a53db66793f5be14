import Foundation
import LeveeCLI
import LeveeCore
import Testing

/// Claims checked against real project sources that `.ci/run` fetches (NumPy's wheel from PyPI, unpacked; its path in
/// LEVEE_NUMPY_SOURCE). Without it these tests are skipped, and say so.
@Suite struct RealSourceTests {
    static let numpy = ProcessInfo.processInfo.environment["LEVEE_NUMPY_SOURCE"]

    @Test(.enabled(if: numpy != nil, "LEVEE_NUMPY_SOURCE is not set (.ci/run sets it)"))
    func npErfIsFlaggedAndNpExpIsNotAgainstNumPysRealSource() throws {
        let index = try IndexCommand.build(try #require(Self.numpy), project: "numpy")
        #expect(index.files.count > 500)
        #expect(!index.symbols(named: "exp").isEmpty)
        #expect(!index.symbols(named: "asarray").isEmpty)

        // NEP 36's example: a report against a function NumPy never had.
        let erf = Contribution(
            kind: .issue, number: 1, title: "np.erf returns wrong values for large inputs",
            body: "Calling `np.erf(x)` with x = 1e10 returns 0.5 on NumPy 1.17.2. Reproduce:\n\n"
                + "```python\nimport numpy as np\nprint(np.erf(1e10))\n```")
        let flagged = Evaluator().evaluate(erf, in: EvaluationContext(sourceIndex: index))
        #expect(flagged.claims.missing == ["np.erf: numpy has no `erf`"])
        #expect(flagged.signals.contains { $0.id == "invented_reference" })

        let exp = Contribution(
            kind: .issue, number: 2, title: "np.exp overflows without a warning",
            body: "Calling `np.exp(1000.0)` returns inf without a RuntimeWarning on NumPy 2.4.")
        let clean = Evaluator().evaluate(exp, in: EvaluationContext(sourceIndex: index))
        #expect(clean.claims.missing.isEmpty)
        #expect(clean.claims.checked == 1)
        #expect(!clean.signals.contains { $0.id == "invented_reference" })
    }
}
