import ArgumentParser
import Foundation
import LeveeCore

/// The same figures for every labelled set of `shared/eval/` (docs/evaluation.md).
public struct EvalReport: Sendable, Codable {
    /// The shipped model of each kind: its thresholds, its measured precision and whether the score alone may close.
    public var models: [ModelFigures] = []
    public var blocks: [EvalBlock]
    /// The forward-in-time protocol of each trained kind: fit before a year, score that year (`Trainer.forward`).
    public var forward: [Trainer.ForwardYear] = []
    /// Each feature's rate on the negatives by year (`Trainer.drift`).
    public var drift: [Trainer.FeatureDrift] = []
    /// The behaviour signals on author activity rebuilt from the agent pull-request sets (`ActivityStudy`).
    public var activity: ActivityStudy? = nil

    public func block(_ name: String) -> EvalBlock? { blocks.first { $0.name == name } }
}

/// One labelled set's figures: classes, ranking, verdicts, what fired, and what the detector could see.
public struct EvalBlock: Sendable, Codable {
    public var name: String
    public var title: String
    public var sees: [String]
    public var lacks: [String]
    /// Items per class as the data names them.
    public var classes: [String: Int]
    /// The comparison the ranking figures are about ("slop vs valid"); nil when the set has one class only.
    public var comparison: String?
    /// Where the negatives of the comparison come from, when another set (spam pull requests against human ones).
    public var negativesFrom: String?
    public var rocAUC: Double?
    public var recallAt5PercentFPR: Double?
    public var thresholdAt5PercentFPR: Double?
    public var recallAt1PercentFPR: Double?
    public var thresholdAt1PercentFPR: Double?
    /// Verdicts per class.
    public var verdicts: [String: [String: Int]]
    /// Signals fired, per signal id and class.
    public var signals: [String: [String: Int]]
    /// Policy violations found under the built-in policy, per id and class.
    public var violations: [String: [String: Int]]
    /// The generic features of the fitted score that were present (value > 0), per feature id and class: for
    /// security reports, which artefacts each class shows (`report_artefacts`, `report_steps`, …).
    public var features: [String: [String: Int]] = [:]
    /// Why items of the negative class were asked for more or flagged: the signals of each `needs_author` and
    /// `likely_slop` verdict on them.
    public var flaggedNegativeReasons: [String: Int]
    /// Agent pull requests: detected and named correctly, from everything, and from title and body alone.
    public var agentRecall: Double?
    public var agentRecallTitleBodyOnly: Double?
    /// How many items the agent detector fired on (any agent).
    public var agentDetected: Int
    /// The fitted score measured on data it was not fitted on (sets that train a model).
    public var crossValidated: CrossValidated?
    /// Items scored, for reading misses: `class:id` → slop score (ids only, never text).
    public var scores: [String: Double]
    /// Each class's flag rates with every repository or program weighing the same: the expected share when one item
    /// is drawn from each repository, with its standard deviation over such draws.
    public var repositoryWeighted: [String: RepositoryWeighted] = [:]
    /// Items at `likely_slop` whose positive terms are all style: 0 by construction (`Evaluator.verdict`); counted so
    /// that a change breaking the rule shows.
    public var likelySlopOnStyleAlone = 0

    public func verdictCount(_ verdict: Verdict, in label: String) -> Int { verdicts[label]?[verdict.rawValue] ?? 0 }
}

/// A class's flag rates with each repository weighing the same. Drawing one item from each of `repositories`
/// repositories, the share flagged has mean Σ pᵣ / R and standard deviation √(Σ pᵣ(1 − pᵣ)) / R, where pᵣ is the
/// repository's own share: exact, no random draws.
public struct RepositoryWeighted: Sendable, Codable {
    public var repositories: Int
    public var likelySlop: Double
    public var likelySlopSpread: Double
    public var needsAuthorOrAbove: Double
    public var needsAuthorOrAboveSpread: Double

    static func of(_ rows: [(repository: String, verdict: Verdict)]) -> RepositoryWeighted {
        let byRepository = Dictionary(grouping: rows, by: \.repository)
        let r = Double(max(byRepository.count, 1))
        func rate(_ least: Verdict) -> (Double, Double) {
            var mean = 0.0
            var variance = 0.0
            for (_, members) in byRepository {
                let p = Double(members.count(where: { $0.verdict >= least })) / Double(members.count)
                mean += p
                variance += p * (1 - p)
            }
            return (mean / r, variance.squareRoot() / r)
        }
        let slop = rate(.likelySlop)
        let needs = rate(.needsAuthor)
        return RepositoryWeighted(
            repositories: byRepository.count, likelySlop: slop.0, likelySlopSpread: slop.1,
            needsAuthorOrAbove: needs.0, needsAuthorOrAboveSpread: needs.1)
    }
}

/// The gate of one kind's shipped model (`ScoringModel.scoreMayActIrreversibly`).
public struct ModelFigures: Sendable, Codable {
    public var kind: String
    public var basis: String
    public var welcomeBelow: Double
    public var needsAuthorFrom: Double
    public var likelySlopFrom: Double
    /// Cross-validated precision of `likely_slop` over the kind's training rows; nil when nothing was flagged.
    public var likelySlopPrecision: Double?
    /// How many items that precision was measured on, and its one-sided 95% lower bound (what the gate reads).
    public var likelySlopFlagged: Int
    public var likelySlopPrecisionLowerBound: Double?
    public var scoreMayClose: Bool
    /// Whether refitting on this data gives the shipped thresholds and precision (the weights file is current).
    public var shippedIsCurrent: Bool
}

/// A set's figures from cross-validated scores (each item scored by the model of the fold that never saw its group),
/// with the in-sample figures of the shipped model beside them as a check.
public struct CrossValidated: Sendable, Codable {
    public var rocAUC: Double?
    public var recallAt5PercentFPR: Double?
    public var recallAt1PercentFPR: Double?
    public var inSampleRocAUC: Double?
    public var inSampleRecallAt5PercentFPR: Double?
    /// Share of each class at or above the shipped `likely_slop` and `needs_author` thresholds, on cross-validated
    /// scores.
    public var likelySlopRate: [String: Double]
    public var needsAuthorOrAboveRate: [String: Double]
    /// Every item's cross-validated score, `label:id` → score (ids only, never text), to read a subset's figures.
    public var scores: [String: Double] = [:]
}

/// Runs the evaluation. Kept in the library so tests can run it on small data.
public enum EvalRunner {
    public static func run(directory: String, index: SourceIndex? = nil) throws -> EvalReport {
        let sets = try LabelledSets.load(URL(fileURLWithPath: directory))
        let evaluator = Evaluator()
        var blocks: [EvalBlock] = []
        var evaluated: [String: [(LabelledItem, Evaluation)]] = [:]
        for set in sets {
            evaluated[set.name] = set.items.map { ($0, evaluator.evaluate($0.contribution, in: $0.context)) }
        }
        for set in sets {
            let rows = evaluated[set.name] ?? []
            // Spam pull requests are ranked against the human ones: the set has no negatives of its own.
            let from = LabelledSets.negativesFrom[set.name]
            let negatives = from.flatMap { evaluated[$0] }
            blocks.append(block(set, rows, negatives: negatives, negativesFrom: negatives == nil ? nil : from))
            if let index, set.name == "curl-reports" {
                var claims = set
                claims.name = "curl-reports+claims"
                claims.title = "curl security reports, claims checked against the source index"
                claims.sees.append("the source index (\(index.project))")
                let checked = set.items.map {
                    ($0, evaluator.evaluate($0.contribution, in: EvaluationContext(sourceIndex: index)))
                }
                blocks.append(block(claims, checked, negatives: nil, negativesFrom: nil))
            }
        }
        let trained = Trainer.train(sets, evaluator: evaluator)
        var models: [ModelFigures] = []
        for result in trained {
            let kind = result.recipe.kind
            let shipped = ScoringModel.default.model(for: kind)
            models.append(
                ModelFigures(
                    kind: kind.rawValue, basis: shipped.basis, welcomeBelow: shipped.thresholds.welcomeBelow,
                    needsAuthorFrom: shipped.thresholds.needsAuthorFrom,
                    likelySlopFrom: shipped.thresholds.likelySlopFrom,
                    likelySlopPrecision: shipped.measuredPrecision, likelySlopFlagged: shipped.flagged,
                    likelySlopPrecisionLowerBound: shipped.precisionLowerBound,
                    scoreMayClose: ScoringModel.default.scoreMayActIrreversibly(for: kind),
                    shippedIsCurrent: shipped.thresholds == result.model.thresholds
                        && shipped.measuredPrecision == result.model.measuredPrecision
                        && shipped.flagged == result.model.flagged
                        && sameWeights(shipped, result.model)))
        }
        for result in trained {
            for index in blocks.indices where result.recipe.sets.contains(blocks[index].name) {
                guard let set = sets.first(where: { $0.name == blocks[index].name }) else { continue }
                blocks[index].crossValidated = crossValidated(
                    set.items, negatives: LabelledSets.borrowedNegatives(for: set.name, in: sets), result: result)
            }
            // With claims: every item's features read again with the index, scored by the fold models fitted without
            // it, so the figures are on data no model saw, as without claims.
            guard let index, result.recipe.sets.contains("curl-reports"),
                let at = blocks.firstIndex(where: { $0.name == "curl-reports+claims" }),
                let set = sets.first(where: { $0.name == "curl-reports" })
            else { continue }
            let context = EvaluationContext(sourceIndex: index)
            let checked = result.rescored(set.items) { evaluator.features($0.contribution, in: context) }
            blocks[at].crossValidated = crossValidated(set.items, negatives: nil, result: checked)
        }
        return EvalReport(
            models: models, blocks: blocks, forward: trained.flatMap { Trainer.forward($0) },
            drift: trained.flatMap { Trainer.drift($0) },
            activity: sets.contains { $0.name.hasPrefix("agent-prs/") }
                ? ActivityStudy.run(sets, evaluator: evaluator) : nil)
    }

    /// The weights file writes four decimals: the shipped model is current when every weight is within that.
    static func sameWeights(_ a: ScoringModel.KindModel, _ b: ScoringModel.KindModel) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 0.000051 }
        return close(a.intercept, b.intercept) && Set(a.weights.keys) == Set(b.weights.keys)
            && a.weights.allSatisfy { close($0.value, b.weights[$0.key] ?? .nan) }
    }

    /// The cross-validated figures of one set's items (negatives from another set when it has none of its own).
    public static func crossValidated(_ items: [LabelledItem], negatives: [LabelledItem]?, result: Trainer.KindResult)
        -> CrossValidated
    {
        func scores(_ source: [String: Double], _ list: [LabelledItem]) -> [Double] {
            list.compactMap { source[Trainer.key($0)] }
        }
        // The set's own comparison (rejected vs valid reports too, which the model is not trained on).
        let positives = items.filter { $0.positive == true }
        let negativeItems = negatives ?? items.filter { $0.positive == false }
        var slopRate: [String: Double] = [:]
        var needsRate: [String: Double] = [:]
        for (label, members) in Dictionary(grouping: items, by: \.label) {
            // The verdict as `Evaluator` reads the score: style held to its ceiling.
            let verdicts = members.compactMap(result.crossValidatedVerdict)
            guard !verdicts.isEmpty else { continue }
            slopRate[label] = Double(verdicts.count(where: { $0 >= .likelySlop })) / Double(verdicts.count)
            needsRate[label] = Double(verdicts.count(where: { $0 >= .needsAuthor })) / Double(verdicts.count)
        }
        var out = CrossValidated(likelySlopRate: slopRate, needsAuthorOrAboveRate: needsRate)
        for item in items { out.scores[item.label + ":" + item.id] = result.crossValidated[Trainer.key(item)] }
        let cvPositive = scores(result.crossValidated, positives)
        let cvNegative = scores(result.crossValidated, negativeItems)
        guard !cvPositive.isEmpty, !cvNegative.isEmpty else { return out }
        out.rocAUC = Metrics.rocAUC(positives: cvPositive, negatives: cvNegative)
        out.recallAt5PercentFPR =
            Metrics.recall(atFalsePositiveRate: 0.05, positives: cvPositive, negatives: cvNegative).recall
        out.recallAt1PercentFPR =
            Metrics.recall(atFalsePositiveRate: 0.01, positives: cvPositive, negatives: cvNegative).recall
        let inPositive = scores(result.inSample, positives)
        let inNegative = scores(result.inSample, negativeItems)
        out.inSampleRocAUC = Metrics.rocAUC(positives: inPositive, negatives: inNegative)
        out.inSampleRecallAt5PercentFPR =
            Metrics.recall(atFalsePositiveRate: 0.05, positives: inPositive, negatives: inNegative).recall
        return out
    }

    static func block(
        _ set: LabelledSet, _ rows: [(LabelledItem, Evaluation)], negatives: [(LabelledItem, Evaluation)]?,
        negativesFrom: String?
    ) -> EvalBlock {
        var classes: [String: Int] = [:]
        var verdicts: [String: [String: Int]] = [:]
        var signals: [String: [String: Int]] = [:]
        var violations: [String: [String: Int]] = [:]
        var features: [String: [String: Int]] = [:]
        let genericFeatures = Set(ScoreFeatures.generic.map(\.id))
        var scores: [String: Double] = [:]
        var agentHits = 0
        var agentTextHits = 0
        var agentDetected = 0
        var styleAlone = 0
        for (item, evaluation) in rows {
            if evaluation.verdict == .likelySlop, evaluation.violations.isEmpty,
                !(evaluation.scoreTerms ?? []).contains(where: { $0.evidenceClass.convicts && $0.points > 0 })
            {
                styleAlone += 1
            }
            classes[item.label, default: 0] += 1
            verdicts[item.label, default: [:]][evaluation.verdict.rawValue, default: 0] += 1
            for signal in evaluation.signals { signals[signal.id, default: [:]][item.label, default: 0] += 1 }
            for term in evaluation.scoreTerms ?? [] where term.value > 0 && genericFeatures.contains(term.id) {
                features[term.id, default: [:]][item.label, default: 0] += 1
            }
            for violation in evaluation.violations {
                violations[violation.id, default: [:]][item.label, default: 0] += 1
            }
            scores["\(item.label):\(item.id)"] = evaluation.slopScore
            if evaluation.agent.detected { agentDetected += 1 }
            if let agent = item.agent {
                if evaluation.agent.detected && evaluation.agent.name == agent { agentHits += 1 }
                let textOnly = Contribution(
                    kind: .pullRequest, title: item.contribution.title, body: item.contribution.body)
                let detection = AgentDetector.detect(textOnly)
                if detection.detected && detection.name == agent { agentTextHits += 1 }
            }
        }
        let negativeRows = negatives ?? rows.filter { $0.0.positive == false }
        let positives = rows.filter { $0.0.positive == true }.map(\.1.slopScore)
        let negativeScores = negativeRows.map(\.1.slopScore)
        var reasons: [String: Int] = [:]
        for (_, evaluation) in negativeRows where evaluation.verdict >= .needsAuthor {
            let why = evaluation.signals.map(\.id) + evaluation.violations.map { "violation:" + $0.id }
            for id in why.isEmpty ? ["(no signal)"] : why { reasons[id, default: 0] += 1 }
        }
        let positiveClass = Set(rows.filter { $0.0.positive == true }.map(\.0.label)).sorted().joined(separator: "+")
        let negativeClass = Set(negativeRows.map(\.0.label)).sorted().joined(separator: "+")
        var out = EvalBlock(
            name: set.name, title: set.title, sees: set.sees, lacks: set.lacks, classes: classes, comparison: nil,
            negativesFrom: negativesFrom, verdicts: verdicts, signals: signals, violations: violations,
            flaggedNegativeReasons: reasons, agentDetected: agentDetected, scores: scores)
        out.features = features
        out.likelySlopOnStyleAlone = styleAlone
        for (label, members) in Dictionary(grouping: rows, by: \.0.label) {
            out.repositoryWeighted[label] = RepositoryWeighted.of(members.map { ($0.0.repository, $0.1.verdict) })
        }
        if !positives.isEmpty, !negativeScores.isEmpty {
            out.comparison = "\(positiveClass) vs \(negativeClass)"
            out.rocAUC = Metrics.rocAUC(positives: positives, negatives: negativeScores)
            let five = Metrics.recall(atFalsePositiveRate: 0.05, positives: positives, negatives: negativeScores)
            let one = Metrics.recall(atFalsePositiveRate: 0.01, positives: positives, negatives: negativeScores)
            out.recallAt5PercentFPR = five.recall
            out.thresholdAt5PercentFPR = five.threshold
            out.recallAt1PercentFPR = one.recall
            out.thresholdAt1PercentFPR = one.threshold
        }
        if rows.contains(where: { $0.0.agent != nil }) {
            out.agentRecall = Double(agentHits) / Double(max(rows.count, 1))
            out.agentRecallTitleBodyOnly = Double(agentTextHits) / Double(max(rows.count, 1))
        }
        return out
    }
}

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure Levee on every labelled set of the development data, one block per set.")

    @Argument(
        help: ArgumentHelp(
            "The evaluation folder (shared/eval): curl-reports/, other-reports/, other-reports-2023-2024/, agent-prs/, "
                + "human-prs/, spam-prs/."))
    var directory: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @Flag(help: "List every report's score by label and id (ids only, never text).") var verbose = false
    @Option(help: "A source index of curl (`levee index`): the reports are measured again with claims checked.")
    var index: String?

    func run() async throws {
        let report: EvalReport
        do {
            report = try EvalRunner.run(directory: directory, index: index.map(IndexCommand.load))
        } catch let error as ContributionError {
            throw CLIError("levee: \(error)")
        }
        if format == .json {
            print(Renderer.json(report))
            return
        }
        print(EvalRenderer.text(report, verbose: verbose), terminator: "")
    }
}

public enum EvalRenderer {
    static func pct(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "n/a" }
        return String(format: "%.3f", value)
    }

    static func rate(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }

    static func counts(_ dictionary: [String: Int]) -> String {
        dictionary.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
            "\($0.key) \($0.value)"
        }
        .joined(separator: ", ")
    }

    /// The forward-in-time table: per kind and year, what the fit before the year saw and its verdicts on the year.
    public static func forwardText(_ years: [Trainer.ForwardYear]) -> String {
        var out = ""
        for year in years {
            out += "== forward \(year.kind) \(year.year): fitted on \(year.trainedOn) items before \(year.year) "
            out += "(\(year.positivesTrainedOn) positive)"
            guard let t = year.thresholds else {
                out += "; nothing to fit, not scored\n"
                continue
            }
            out += "; needs_author ≥ \(t.needsAuthorFrom), likely_slop ≥ \(t.likelySlopFrom)\n"
            for cell in year.cells {
                let role = cell.positive.map { $0 ? "recall" : "false alarms" } ?? "unlabelled"
                let n = Double(max(cell.items, 1))
                out += "  \(cell.set)/\(cell.label) (\(cell.items) items, \(cell.repositories) repositories; \(role)): "
                out += "likely_slop \(cell.likelySlop) (\(rate(Double(cell.likelySlop) / n))), needs_author or above "
                out += "\(cell.needsAuthorOrAbove) (\(rate(Double(cell.needsAuthorOrAbove) / n)))"
                if cell.repositories > 1 {
                    out += "; each repository the same: \(rate(cell.likelySlopRepositoryWeighted)) / "
                    out += "\(rate(cell.needsAuthorOrAboveRepositoryWeighted))"
                }
                out += "\n"
            }
            for r in year.rankings {
                out += "  \(r.set): \(r.positives) positives vs \(r.negatives) negatives, ROC AUC \(pct(r.rocAUC)), "
                out += "recall at ≤5% false positives \(pct(r.recallAt5PercentFPR))\n"
            }
        }
        return out
    }

    /// Each feature's rate on honest items by year, marked where it rises every year.
    public static func driftText(_ drift: [Trainer.FeatureDrift]) -> String {
        var out = ""
        for row in drift {
            let years = row.rates.keys.sorted()
            guard years.count >= 2 else { continue }
            out += "== drift \(row.kind) \(row.feature) [\(row.evidenceClass.rawValue)] on negatives by year: "
            out += years.suffix(6).map { "\($0) \(rate(row.rates[$0]))" }.joined(separator: ", ")
            out += row.risingYears >= 2 ? " — rose \(row.risingYears) years running" : ""
            out += row.drifts && row.evidenceClass != .style ? " (style by the drift rule)\n" : "\n"
        }
        return out
    }

    public static func text(_ report: EvalReport, verbose: Bool) -> String {
        var out = ""
        for m in report.models {
            out += "== model \(m.kind) (\(m.basis)): welcome < \(m.welcomeBelow), needs_author ≥ \(m.needsAuthorFrom), "
            out += "likely_slop ≥ \(m.likelySlopFrom); cross-validated likely_slop precision "
            if let precision = m.likelySlopPrecision {
                out += "\(precision) on \(m.likelySlopFlagged) flagged (95% lower bound "
                out += "\(m.likelySlopPrecisionLowerBound.map { String($0) } ?? "n/a")); the score alone "
            } else {
                out += "n/a (nothing flagged); the score alone "
            }
            out += m.scoreMayClose ? "may close (lower bound ≥ 0.99)\n" : "never closes or locks (lower bound < 0.99)\n"
            if !m.shippedIsCurrent {
                out += "   the shipped weights are not those this data gives: run `levee train` (docs/evaluation.md)\n"
            }
        }
        out += forwardText(report.forward)
        out += driftText(report.drift)
        out += report.activity?.text ?? ""
        for b in report.blocks {
            out += "== \(b.name): \(b.title)\n"
            out += "  sees: \(b.sees.joined(separator: ", "))\n"
            out += "  lacks: \(b.lacks.joined(separator: ", "))\n"
            out += "  items: \(counts(b.classes))\n"
            if let comparison = b.comparison {
                let against = b.negativesFrom.map { " (negatives from \($0))" } ?? ""
                out += "  slop_score, \(comparison)\(against): ROC AUC \(pct(b.rocAUC)); recall at ≤5% false positives "
                out += "\(pct(b.recallAt5PercentFPR)) (score ≥ \(pct(b.thresholdAt5PercentFPR))), at ≤1% "
                out += "\(pct(b.recallAt1PercentFPR)) (score ≥ \(pct(b.thresholdAt1PercentFPR)))\n"
            }
            for label in b.classes.keys.sorted() {
                let n = Double(max(b.classes[label] ?? 0, 1))
                let v = Verdict.allCases.map { verdict in
                    let count = b.verdictCount(verdict, in: label)
                    return "\(verdict.rawValue) \(count) (\(String(format: "%.1f%%", Double(count) / n * 100)))"
                }
                out += "  verdicts on \(label): \(v.joined(separator: ", "))\n"
            }
            for label in b.repositoryWeighted.keys.sorted() {
                guard let w = b.repositoryWeighted[label], w.repositories > 1 else { continue }
                out +=
                    "  each repository weighing the same (\(w.repositories) repositories, one item drawn from each): "
                out +=
                    "\(label) likely_slop \(rate(w.likelySlop)) ± \(rate(w.likelySlopSpread)), needs_author or above "
                out += "\(rate(w.needsAuthorOrAbove)) ± \(rate(w.needsAuthorOrAboveSpread))\n"
            }
            if let cv = b.crossValidated {
                out += "  cross-validated (folds by group): ROC AUC \(pct(cv.rocAUC)), recall at ≤5% false positives "
                out += "\(pct(cv.recallAt5PercentFPR)), at ≤1% \(pct(cv.recallAt1PercentFPR)); in-sample AUC "
                out += "\(pct(cv.inSampleRocAUC)), recall at ≤5% \(pct(cv.inSampleRecallAt5PercentFPR))\n"
                let rates = cv.likelySlopRate.keys.sorted().map { label in
                    "\(label) \(rate(cv.likelySlopRate[label])) / \(rate(cv.needsAuthorOrAboveRate[label]))"
                }
                out +=
                    "  cross-validated share at likely_slop / needs_author or above: \(rates.joined(separator: ", "))\n"
            }
            if let recall = b.agentRecall {
                out +=
                    "  agent detected and named: \(pct(recall)); from title and body alone \(pct(b.agentRecallTitleBodyOnly))\n"
            } else {
                out += "  agent detected (any): \(b.agentDetected)\n"
            }
            if !b.signals.isEmpty {
                let rows = b.signals.sorted { $0.key < $1.key }.map { "\($0.key) [\(counts($0.value))]" }
                out += "  signals fired: \(rows.joined(separator: "; "))\n"
            }
            if !b.features.isEmpty {
                let rows = b.features.sorted { $0.key < $1.key }.map { "\($0.key) [\(counts($0.value))]" }
                out += "  features present: \(rows.joined(separator: "; "))\n"
            }
            if !b.violations.isEmpty {
                let rows = b.violations.sorted { $0.key < $1.key }.map { "\($0.key) [\(counts($0.value))]" }
                out += "  violations (built-in policy): \(rows.joined(separator: "; "))\n"
            }
            if !b.flaggedNegativeReasons.isEmpty {
                out +=
                    "  why negatives were flagged (needs_author or likely_slop): \(counts(b.flaggedNegativeReasons))\n"
            }
            if verbose {
                for (key, score) in b.scores.sorted(by: { $0.value > $1.value }) {
                    out += "    \(pct(score))  \(key)\n"
                }
            }
        }
        return out
    }
}
