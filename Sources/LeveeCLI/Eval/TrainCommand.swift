import ArgumentParser
import Foundation
import LeveeCore

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the slop score on the labelled sets with cross-validation and write the weights file.",
        discussion: """
            One logistic model per kind (security reports; pull requests and issues), L2 towards the prior weights,
            folds split by repository, program or half-year; thresholds with every repository weighing the same; then
            the forward-in-time protocol (fit before each year from 2021, score that year). Same data, same weights. docs/evaluation.md has the
            protocol; `levee eval` prints the cross-validated figures of the shipped weights.
            """)

    @Argument(help: "The evaluation folder (shared/eval).") var directory: String
    @Option(name: .shortAndLong, help: "Where to write the weights (Swift source).")
    var output = "Sources/LeveeCore/Scoring/FittedModel.swift"

    func run() async throws {
        let root = URL(fileURLWithPath: directory)
        let sets = try LabelledSets.load(root)
        let results = Trainer.train(sets)
        guard !results.isEmpty else {
            throw CLIError("levee: no labelled set to train on under \(directory)")
        }
        var figures: [String] = []
        for result in results {
            let t = result.model.thresholds
            figures.append(
                "\(result.recipe.kind.rawValue): \(result.rows) rows, \(result.positives) positive; thresholds "
                    + "welcome < \(t.welcomeBelow), needs_author ≥ \(t.needsAuthorFrom), likely_slop ≥ "
                    + "\(t.likelySlopFrom); cross-validated likely_slop precision "
                    + (result.model.measuredPrecision.map { String($0) } ?? "n/a")
                    + " on \(result.model.flagged) flagged (95% lower bound "
                    + (result.model.precisionLowerBound.map { String($0) } ?? "n/a") + ")")
            for name in result.recipe.sets {
                guard let set = sets.first(where: { $0.name == name }) else { continue }
                let cv = EvalRunner.crossValidated(
                    set.items, negatives: LabelledSets.borrowedNegatives(for: name, in: sets), result: result)
                guard cv.rocAUC != nil else { continue }
                figures.append(
                    "  \(name): AUC \(EvalRenderer.pct(cv.rocAUC)) (in-sample \(EvalRenderer.pct(cv.inSampleRocAUC))), "
                        + "recall at ≤5% FP \(EvalRenderer.pct(cv.recallAt5PercentFPR)) (in-sample "
                        + "\(EvalRenderer.pct(cv.inSampleRecallAt5PercentFPR)))")
            }
        }
        let command = "swift run levee train \(directory) -o \(output)"
        let source = Trainer.source(
            results, dataVersion: Trainer.dataVersion(root), command: command, figures: figures)
        try Data(source.utf8).write(to: URL(fileURLWithPath: output))
        for line in figures { print(line) }
        // The forward-in-time protocol: what the same fit did on each year it had not seen (docs/evaluation.md).
        print(EvalRenderer.forwardText(results.flatMap { Trainer.forward($0) }), terminator: "")
        print("wrote \(output)")
    }
}
