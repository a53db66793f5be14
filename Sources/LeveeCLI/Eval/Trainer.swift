import Foundation
import LeveeCore

/// Fits the slop score on the labelled sets (docs/evaluation.md, "Protocol"): one logistic model per kind, L2 towards
/// the prior (`ScoringPrior`), folds split by group (repository, program, half-year) and never by row, thresholds
/// chosen on the cross-validated scores. Same data, same weights: nothing random, groups assigned to folds by a hash
/// of their name.
public enum Trainer {
    /// How a kind is trained: which classes of which sets are its positives and negatives, what the model may see of
    /// them, and the flag rates its thresholds keep on every negative set.
    public struct Recipe: Sendable {
        public var kind: ContributionKind
        /// `set/label` of the positive and the negative classes; other items of these sets are scored, not trained on.
        public var positives: Set<String>
        public var negatives: Set<String>
        /// What every set of the recipe shows, so that a field one class lacks in the data (spam pull requests carry
        /// no size counts) never becomes evidence: the rest is removed before features are read. Nil: all of it.
        public var view: (@Sendable (Contribution) -> Contribution)?
        /// `likely_slop` may flag at most this share of any negative set, and `needs_author` or above at most
        /// `needsAuthorRate`, both on cross-validated scores.
        public var likelySlopRate: Double
        public var needsAuthorRate: Double
        /// `welcome` below this quantile of the negatives' scores; nil: never welcome (security reports).
        public var welcomeQuantile: Double?
        /// Negative classes trained a second time as title only, beside the positives whose description the data
        /// lacks: what the title says is then learned from both classes seen alike (`Row.titleOnly`).
        public var titleOnlyNegatives: Set<String> = []

        /// The sets the recipe reads, in name order.
        public var sets: [String] {
            Set(positives.union(negatives).map { String($0.split(separator: "/")[0]) }).sorted()
        }

        func label(_ item: LabelledItem) -> Bool? {
            let name = item.set + "/" + item.label
            return positives.contains(name) ? true : negatives.contains(name) ? false : nil
        }
    }

    public static let recipes = [
        // Slop as the curl maintainers listed it, against genuine reports to curl and to other programs. Rejected
        // reports are not slop (not necessarily wrong, not necessarily generated): scored, never trained on.
        // `likely_slop` flags at most 0.5% of each negative set here so that the promise of at most 1% holds on reports
        // the model never saw: a threshold at exactly 1% of 1,500 valid reports exceeds 1% on new ones about as often
        // as not.
        Recipe(
            kind: .securityReport, positives: ["curl-reports/slop"],
            negatives: ["curl-reports/valid", "other-reports/valid", "other-reports-2023-2024/valid"], view: nil,
            likelySlopRate: 0.005,
            needsAuthorRate: 0.05, welcomeQuantile: nil),
        // Spam as maintainers labelled it, against human pull requests written before ChatGPT. Only what both sets
        // show: title and body, no size counts. Spam items without a transcribed body train as title only, against
        // the human pull requests seen as title only too.
        Recipe(
            kind: .pullRequest, positives: ["spam-prs/spam", "spam-prs/ai_slop"], negatives: ["human-prs/human"],
            view: { c in
                var c = c
                c.reportedAdditions = nil
                c.reportedDeletions = nil
                c.reportedChangedFiles = nil
                return c
            }, likelySlopRate: 0, needsAuthorRate: 0.02, welcomeQuantile: 0.9, titleOnlyNegatives: ["human-prs/human"]),
    ]
    public static let folds = 5
    public static let l2 = 1.0
    /// Each (set, class) cell weighs this much in all, however many items it has.
    static let cellWeight = 50.0

    public struct Row: Sendable {
        public var item: LabelledItem
        /// What the fit reads: the features of the recipe's view.
        public var values: [Double]
        /// What Levee computes on the item as it stands (everything the set carries): what is scored, and what the
        /// thresholds are chosen on.
        public var deployed: [Double]
        public var trains: Bool
        public var fold: Int
        /// A negative item's second row, its description removed (`Recipe.titleOnlyNegatives`): trained on, never
        /// scored as the item.
        public var titleOnly = false
    }

    /// One kind's fitted model and its cross-validated scores.
    public struct KindResult: Sendable {
        public var recipe: Recipe
        public var featureIDs: [String]
        public var model: ScoringModel.KindModel
        /// Every item of the recipe's sets: cross-validated score (by the model of the fold that never saw its
        /// group) and in-sample score (by the shipped model), keyed `set|id`.
        public var crossValidated: [String: Double]
        public var inSample: [String: Double]
        /// The same scores without style's positive points (`LogisticRegression.Fit.standingScore`): what the
        /// verdict may rest on beyond style's ceiling (`Evaluator.verdict`).
        public var crossValidatedStanding: [String: Double]
        public var inSampleStanding: [String: Double]
        public var rows: Int
        public var positives: Int
        /// Weights that kept their prior: the feature never varied in the training rows.
        public var priorOnly: [String]
        /// The model of each fold, fitted without that fold's groups: what scores an item on data it did not see.
        public var foldModels: [LogisticRegression.Fit]
        public var shipped: LogisticRegression.Fit
        /// Every row it was fitted and scored on, for the forward-in-time protocol (`Trainer.forward`).
        public var allRows: [Row]

        /// The same items scored again from other feature values (the claims checked against a source index): each by
        /// the model of the fold that never saw its group, and in-sample by the shipped model.
        public func rescored(_ items: [LabelledItem], values: (LabelledItem) -> [String: Double]) -> KindResult {
            var out = self
            let held = Trainer.held(featureIDs)
            for item in items {
                let read = values(item)
                let row = featureIDs.map { read[$0] ?? 0 }
                let model = foldModels[fold(of: item.group)]
                out.crossValidated[key(item)] = model.score(row)
                out.inSample[key(item)] = shipped.score(row)
                out.crossValidatedStanding[key(item)] = model.standingScore(row, held: held)
                out.inSampleStanding[key(item)] = shipped.standingScore(row, held: held)
            }
            return out
        }

        /// An item's verdict from its cross-validated scores and the kind's thresholds, as `Evaluator` reads a score
        /// (style held to its ceiling; the signals that ask the author are not counted here).
        public func crossValidatedVerdict(_ item: LabelledItem) -> Verdict? {
            guard let score = crossValidated[key(item)], let standing = crossValidatedStanding[key(item)] else {
                return nil
            }
            return model.thresholds.verdict(score: score, standing: standing, kind: recipe.kind)
        }
    }

    /// One year of the forward-in-time protocol (docs/evaluation.md): the recipe fitted, thresholds and all, on every
    /// item dated before `year`, and its verdicts on the items of `year`, which no fit saw.
    public struct ForwardYear: Sendable, Codable {
        public var kind: String
        public var year: Int
        /// Training rows dated before the year, and how many of them positive; nil thresholds when there was nothing to
        /// fit (no positive or no negative before the year).
        public var trainedOn: Int
        public var positivesTrainedOn: Int
        public var thresholds: ScoringModel.Thresholds?
        public var cells: [ForwardCell]
        /// Ranking of the year's positives of a set against the negatives (of the same set, else of the recipe).
        public var rankings: [ForwardRanking]
    }

    /// A class of a set in one forward year: how many items, and how many the verdict flagged.
    public struct ForwardCell: Sendable, Codable {
        public var set: String
        public var label: String
        /// The recipe's positive class (true), its negative class (false) or neither (nil).
        public var positive: Bool?
        public var items: Int
        public var repositories: Int
        public var likelySlop: Int
        public var needsAuthorOrAbove: Int
        /// The same shares with every repository or program weighing the same (the mean of their shares).
        public var likelySlopRepositoryWeighted: Double
        public var needsAuthorOrAboveRepositoryWeighted: Double
    }

    public struct ForwardRanking: Sendable, Codable {
        public var set: String
        public var positives: Int
        public var negatives: Int
        public var rocAUC: Double
        public var recallAt5PercentFPR: Double
    }

    /// The forward-in-time protocol on a trained kind: for each year from `firstYear` to the last dated one, the same
    /// fit (`fit`: folds, thresholds, precision) on the rows dated before it, scored on the rows of that year.
    public static func forward(_ result: KindResult, from firstYear: Int = 2021) -> [ForwardYear] {
        let dated = result.allRows.filter { $0.item.year != nil }
        guard let last = dated.compactMap(\.item.year).max(), last >= firstYear else { return [] }
        let held = held(result.featureIDs)
        return (firstYear...last).compactMap { year in
            let scored = dated.filter { $0.item.year == year && !$0.titleOnly }
            guard !scored.isEmpty else { return nil }
            let before = dated.filter { $0.item.year! < year }
            let training = before.filter { $0.trains && !$0.titleOnly }
            let positives = training.count(where: { $0.item.positive == true })
            var out = ForwardYear(
                kind: result.recipe.kind.rawValue, year: year, trainedOn: training.count,
                positivesTrainedOn: positives, thresholds: nil, cells: [], rankings: [])
            guard positives > 0, positives < training.count else { return out }
            let fitted = fit(result.recipe, rows: before)
            let thresholds = fitted.model.thresholds
            out.thresholds = thresholds
            var verdicts: [String: Verdict] = [:]
            var scores: [String: Double] = [:]
            for row in scored {
                let score = fitted.shipped.score(row.deployed)
                scores[key(row.item)] = score
                verdicts[key(row.item)] = thresholds.verdict(
                    score: score, standing: fitted.shipped.standingScore(row.deployed, held: held),
                    kind: result.recipe.kind)
            }
            let cells = Dictionary(grouping: scored, by: { $0.item.set + "/" + $0.item.label })
            for (_, rows) in cells.sorted(by: { $0.key < $1.key }) {
                let items = rows.map(\.item)
                let weights = repositoryWeights(items)
                func flagged(_ least: Verdict) -> (Int, Double) {
                    let hits = items.filter { (verdicts[key($0)] ?? .welcome) >= least }
                    return (hits.count, hits.reduce(0) { $0 + (weights[key($1)] ?? 0) })
                }
                let slop = flagged(.likelySlop)
                let needs = flagged(.needsAuthor)
                out.cells.append(
                    ForwardCell(
                        set: items[0].set, label: items[0].label, positive: items[0].positive, items: items.count,
                        repositories: Set(items.map(\.repository)).count, likelySlop: slop.0,
                        needsAuthorOrAbove: needs.0, likelySlopRepositoryWeighted: slop.1,
                        needsAuthorOrAboveRepositoryWeighted: needs.1))
            }
            let negatives = scored.filter { $0.item.positive == false }
            for (set, members) in Dictionary(grouping: scored.filter { $0.item.positive == true }, by: \.item.set)
                .sorted(by: { $0.key < $1.key })
            {
                let own = negatives.filter { $0.item.set == set }
                let against = (own.isEmpty ? negatives : own).compactMap { scores[key($0.item)] }
                let found = members.compactMap { scores[key($0.item)] }
                guard !against.isEmpty else { continue }
                out.rankings.append(
                    ForwardRanking(
                        set: set, positives: found.count, negatives: against.count,
                        rocAUC: Metrics.rocAUC(positives: found, negatives: against),
                        recallAt5PercentFPR: Metrics.recall(
                            atFalsePositiveRate: 0.05, positives: found, negatives: against
                        )
                        .recall))
            }
            return out
        }
    }

    /// How often each feature is present on the recipe's negatives, by year (years with at least `minimum` dated
    /// negatives): a feature whose rate on honest items rises year after year measures how people write that year,
    /// not what makes an item bogus, and is classed style (`EvidenceClass`) whatever its name.
    public struct FeatureDrift: Sendable, Codable {
        public var kind: String
        public var feature: String
        public var evidenceClass: EvidenceClass
        /// Year → share of that year's negatives with the feature present.
        public var rates: [Int: Double]
        public var negatives: [Int: Int]

        /// How many years running, up to the latest, the rate rose.
        public var risingYears: Int {
            let rates = self.rates.keys.sorted().map { self.rates[$0]! }
            var run = 0
            for (earlier, later) in zip(rates, rates.dropFirst()).reversed() {
                guard earlier < later else { break }
                run += 1
            }
            return run
        }

        /// The rule that makes a feature style whatever its name: its rate on honest items rose in each of the last
        /// `risingLimit` years.
        public var drifts: Bool { risingYears >= FeatureDrift.risingLimit }
        public static let risingLimit = 3
    }

    public static func drift(_ result: KindResult, minimum: Int = 50) -> [FeatureDrift] {
        let negatives = result.allRows.filter { $0.item.positive == false && !$0.titleOnly && $0.item.year != nil }
        let byYear = Dictionary(grouping: negatives, by: { $0.item.year! }).filter { $0.value.count >= minimum }
        return result.featureIDs.enumerated().compactMap { index, id in
            var rates: [Int: Double] = [:]
            for (year, rows) in byYear {
                rates[year] = Double(rows.count(where: { $0.deployed[index] > 0 })) / Double(rows.count)
            }
            guard rates.values.contains(where: { $0 > 0 }) else { return nil }
            return FeatureDrift(
                kind: result.recipe.kind.rawValue, feature: id, evidenceClass: EvidenceClass.of(id), rates: rates,
                negatives: byYear.mapValues(\.count))
        }
    }

    /// Which features are style, in the order of `ids`: their positive points never reach a verdict past style's
    /// ceiling.
    static func held(_ ids: [String]) -> [Bool] { ids.map { EvidenceClass.of($0) == .style } }

    public static func fold(of group: String, folds: Int = folds) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in group.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(folds))
    }

    public static func key(_ item: LabelledItem) -> String { item.set + "|" + item.id }

    public static func train(_ sets: [LabelledSet], evaluator: Evaluator = Evaluator()) -> [KindResult] {
        recipes.compactMap { recipe in
            let items = sets.filter { recipe.sets.contains($0.name) }.flatMap(\.items)
            guard items.contains(where: { recipe.label($0) == true }) else { return nil }
            guard !items.isEmpty else { return nil }
            return train(recipe, items: items, evaluator: evaluator)
        }
    }

    static func train(_ recipe: Recipe, items: [LabelledItem], evaluator: Evaluator) -> KindResult {
        fit(recipe, rows: rows(recipe, items: items, evaluator: evaluator))
    }

    /// Every item's feature rows: as the recipe's view shows it (what the fit reads) and as Levee computes it (what
    /// is scored), and a title-only copy of the negatives the recipe names.
    static func rows(_ recipe: Recipe, items: [LabelledItem], evaluator: Evaluator) -> [Row] {
        let ids = ScoreFeatures.ids(for: recipe.kind)
        func features(_ c: Contribution, bodyKnown: Bool) -> [Double] {
            var values = evaluator.features(c)
            if !bodyKnown { for id in LabelledSets.readAbsentBody { values[id] = 0 } }
            return ids.map { values[$0] ?? 0 }
        }
        return items.flatMap { item -> [Row] in
            let deployed = features(item.contribution, bodyKnown: item.bodyKnown)
            let viewed = recipe.view.map { features($0(item.contribution), bodyKnown: item.bodyKnown) } ?? deployed
            var item = item
            item.positive = recipe.label(item)
            let row = Row(
                item: item, values: viewed, deployed: deployed, trains: item.positive != nil, fold: fold(of: item.group)
            )
            guard recipe.titleOnlyNegatives.contains(item.set + "/" + item.label), item.bodyKnown else { return [row] }
            var bare = recipe.view?(item.contribution) ?? item.contribution
            bare.body = ""
            let title = features(bare, bodyKnown: false)
            return [
                row,
                Row(item: item, values: title, deployed: title, trains: true, fold: row.fold, titleOnly: true),
            ]
        }
    }

    /// The recipe's model fitted on `rows`: the shipped fit on every training row, one fit per fold without that
    /// fold's groups, the thresholds chosen on the negatives' scores, and the cross-validated precision.
    static func fit(_ recipe: Recipe, rows: [Row]) -> KindResult {
        let ids = ScoreFeatures.ids(for: recipe.kind)
        let held = held(ids)
        let prior = ids.map(ScoringPrior.weight(of:))
        var cells: [String: Int] = [:]
        for row in rows where row.trains { cells[cell(row), default: 0] += 1 }
        // Two stages, so that what may convict is fitted on its own: first the model without style (substance,
        // behaviour: the standing score the verdict rests on), then style's weights on top of it, the first model's
        // terms held as they are. Style then orders what the first model could not tell apart; it never takes the
        // credit of a checkable fact that it happens to travel with.
        func fit(_ training: [Row]) -> LogisticRegression.Fit {
            let labels = training.map { $0.item.positive == true }
            let weights = training.map { cellWeight / Double(cells[cell($0)] ?? 1) }
            let substantive = training.map { row in zip(row.values, held).map { $1 ? 0 : $0 } }
            let standing = LogisticRegression.fit(
                rows: substantive, labels: labels, sampleWeights: weights, l2: l2, prior: prior)
            let style = LogisticRegression.fit(
                rows: training.map { row in zip(row.values, held).map { $1 ? $0 : 0 } }, labels: labels,
                sampleWeights: weights, l2: l2, prior: prior, offsets: substantive.map(standing.logit),
                fitIntercept: false)
            return LogisticRegression.Fit(
                intercept: standing.intercept,
                weights: held.indices.map { held[$0] ? style.weights[$0] : standing.weights[$0] })
        }
        let training = rows.filter(\.trains)
        let shipped = fit(training)
        var crossValidated: [String: Double] = [:]
        var crossValidatedStanding: [String: Double] = [:]
        var foldModels: [LogisticRegression.Fit] = []
        for k in 0..<folds {
            let model = fit(training.filter { $0.fold != k })
            foldModels.append(model)
            for row in rows where row.fold == k && !row.titleOnly {
                crossValidated[key(row.item)] = model.score(row.deployed)
                crossValidatedStanding[key(row.item)] = model.standingScore(row.deployed, held: held)
            }
        }
        var inSample: [String: Double] = [:]
        var inSampleStanding: [String: Double] = [:]
        for row in rows where !row.titleOnly {
            inSample[key(row.item)] = shipped.score(row.deployed)
            inSampleStanding[key(row.item)] = shipped.standingScore(row.deployed, held: held)
        }
        // Thresholds and precision on the items as they are scored, never on their title-only copies.
        let scored = training.filter { !$0.titleOnly }
        // A negative's higher score of the two: the thresholds hold on data the model did not see and for the shipped
        // model itself, whose verdicts are what the negatives meet.
        let thresholds = choose(
            recipe, rows: scored, scores: crossValidated.merging(inSample, uniquingKeysWith: max),
            standing: crossValidatedStanding.merging(inSampleStanding, uniquingKeysWith: max))
        // `likely_slop` as the verdict reads it: on the standing score, style's positive points left out.
        let flagged = scored.count(where: { (crossValidatedStanding[key($0.item)] ?? 0) >= thresholds.likelySlopFrom })
        let precision = precision(rows: scored, scores: crossValidatedStanding, from: thresholds.likelySlopFrom)
        var weights: [String: Double] = [:]
        for (id, w) in zip(ids, shipped.weights) { weights[id] = w }
        let priorOnly = ids.indices.filter { index in
            let values = Set(training.map { $0.values[index] })
            return values.count <= 1
        }.map { ids[$0] }
        var counts = Dictionary(grouping: scored, by: \.item.set).map { "\($0.key) \($0.value.count)" }.sorted()
        if !recipe.titleOnlyNegatives.isEmpty {
            counts[counts.count - 1] +=
                " (" + recipe.titleOnlyNegatives.sorted().joined(separator: ", ")
                + " also as title only)"
        }
        let model = ScoringModel.KindModel(
            intercept: shipped.intercept, weights: weights, thresholds: thresholds, measuredPrecision: precision,
            flagged: flagged, basis: "fitted on " + counts.joined(separator: ", "))
        return KindResult(
            recipe: recipe, featureIDs: ids, model: model, crossValidated: crossValidated,
            inSample: inSample, crossValidatedStanding: crossValidatedStanding, inSampleStanding: inSampleStanding,
            rows: scored.count, positives: scored.count(where: { $0.item.positive == true }),
            priorOnly: priorOnly, foldModels: foldModels, shipped: shipped, allRows: rows)
    }

    static func cell(_ row: Row) -> String {
        row.item.set + (row.item.positive == true ? "+" : "-") + (row.titleOnly || !row.item.bodyKnown ? " title" : "")
    }

    /// Thresholds on the negatives' scores (each the higher of its cross-validated and in-sample score), so that the
    /// verdicts as `Evaluator` gives them keep the recipe's shares on every negative set: `likely_slop` on the standing
    /// score (style's positive points left out), `needs_author` on the score where style may reach it (pull requests)
    /// and on the standing score where it may not (security reports), `welcome` below a quantile of the negatives.
    /// Each repository or program weighs the same (`repositoryWeights`): a share is the mean of the repositories'
    /// shares, so a few prolific repositories do not set the thresholds for everyone.
    static func choose(_ recipe: Recipe, rows: [Row], scores: [String: Double], standing: [String: Double])
        -> ScoringModel.Thresholds
    {
        let negatives = rows.filter { $0.item.positive == false }
        let weights = repositoryWeights(negatives.map(\.item))
        let bySet = Dictionary(grouping: negatives, by: \.item.set)
        func lowest(rate: Double, on source: [String: Double]) -> Double {
            // The threshold must sit above the top `rate` share (by weight) of each negative set.
            var threshold = 0.0
            for (_, members) in bySet {
                let ranked = members.compactMap { row in source[key(row.item)].map { ($0, weights[key(row.item)] ?? 0) }
                }
                .sorted { $0.0 > $1.0 }
                var share = 0.0
                for (score, weight) in ranked {
                    share += weight
                    if share > rate + 1e-12 {
                        threshold = max(threshold, score)
                        break
                    }
                }
            }
            // Above the highest allowed score even after an evaluation rounds it to three places.
            return min(1, ((threshold + 0.001) * 1000).rounded(.up) / 1000)
        }
        let slop = lowest(rate: recipe.likelySlopRate, on: standing)
        let styleReachesNeedsAuthor = Verdict.styleCeiling(for: recipe.kind) >= .needsAuthor
        let needs = min(slop, lowest(rate: recipe.needsAuthorRate, on: styleReachesNeedsAuthor ? scores : standing))
        var welcome = 0.0
        if let q = recipe.welcomeQuantile {
            let ranked = negatives.compactMap { row in
                scores[key(row.item)].map { ($0, (weights[key(row.item)] ?? 0) / Double(bySet.count)) }
            }.sorted { $0.0 < $1.0 }
            var share = 0.0
            for (score, weight) in ranked {
                share += weight
                if share >= q {
                    welcome = min(needs, score.rounded(toPlaces: 3))
                    break
                }
            }
        }
        return ScoringModel.Thresholds(welcomeBelow: welcome, needsAuthorFrom: needs, likelySlopFrom: slop)
    }

    /// Each item's weight within its set, so that every repository (or program) of a set weighs the same and a set's
    /// weights add up to 1: `1 / (repositories in the set × the repository's items in the set)`, by `key`.
    public static func repositoryWeights(_ items: [LabelledItem]) -> [String: Double] {
        var counts: [String: [String: Int]] = [:]
        for item in items { counts[item.set, default: [:]][item.repository, default: 0] += 1 }
        var weights: [String: Double] = [:]
        for item in items {
            guard let repositories = counts[item.set], let n = repositories[item.repository] else { continue }
            weights[key(item)] = 1 / (Double(repositories.count) * Double(n))
        }
        return weights
    }

    /// The precision of `score ≥ threshold` over every training row of the kind, on cross-validated scores (nil when
    /// nothing is flagged: no measured precision).
    static func precision(rows: [Row], scores: [String: Double], from threshold: Double) -> Double? {
        let flagged = rows.filter { (scores[key($0.item)] ?? 0) >= threshold }
        guard !flagged.isEmpty else { return nil }
        let truePositives = flagged.count(where: { $0.item.positive == true })
        return (Double(truePositives) / Double(flagged.count)).rounded(toPlaces: 3)
    }

    /// The weights file: Swift, so `LeveeCore` reads no file at run time.
    public static func source(_ results: [KindResult], dataVersion: String, command: String, figures: [String])
        -> String
    {
        var out = """
            // Generated by `\(command)`; do not edit by hand. The data: shared/eval, version \(dataVersion).
            // Same data, same weights: the fit and the folds are deterministic. docs/evaluation.md has the protocol.
            //
            // Cross-validated figures (folds by repository, program or half-year; in-sample beside them):

            """
        for line in figures { out += "//   \(line)\n" }
        out += "\n// swift-format-ignore-file\n"
        out += "extension ScoringModel {\n"
        out += "    /// The shipped model: fitted by `levee train` on the labelled sets.\n"
        out += "    public static let fitted = ScoringModel(kinds: [\n"
        for result in results {
            let m = result.model
            out += "        .\(kindCase(result.recipe.kind)): KindModel(\n"
            out += "            intercept: \(literal(m.intercept)),\n"
            out += "            weights: [\n"
            for id in result.featureIDs {
                let note = result.priorOnly.contains(id) ? "  // prior: never varies in the training rows" : ""
                out += "                \"\(id)\": \(literal(m.weights[id] ?? 0)),\(note)\n"
            }
            out += "            ],\n"
            out += "            thresholds: Thresholds(welcomeBelow: \(m.thresholds.welcomeBelow), "
            out +=
                "needsAuthorFrom: \(m.thresholds.needsAuthorFrom), likelySlopFrom: \(m.thresholds.likelySlopFrom)),\n"
            out +=
                "            measuredPrecision: \(m.measuredPrecision.map { String($0) } ?? "nil"), flagged: \(m.flagged),\n"
            out += "            basis: \"\(m.basis)\"),\n"
        }
        out += "    ])\n"
        out += "\n    /// The labelled data the shipped model was fitted on.\n"
        out += "    public static let fittedDataVersion = \"\(dataVersion)\"\n"
        out += "}\n"
        return out
    }

    static func kindCase(_ kind: ContributionKind) -> String {
        switch kind {
        case .pullRequest: "pullRequest"
        case .securityReport: "securityReport"
        default: kind.rawValue
        }
    }

    static func literal(_ value: Double) -> String { String(format: "%.4f", value) }

    /// A version of the labelled data: FNV-1a over the bytes of every manifest, CSV and JSON Lines file, with the
    /// count of report files.
    public static func dataVersion(_ root: URL) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var files = 0
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var paths: [String] = []
        while let url = walker?.nextObject() as? URL {
            if ["csv", "jsonl", "md"].contains(url.pathExtension) { paths.append(url.path) }
        }
        for path in paths.sorted() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            files += 1
            for byte in data {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return String(format: "%016llx", hash) + " (\(files) files)"
    }
}
