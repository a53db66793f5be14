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
            negatives: ["curl-reports/valid", "other-reports/valid"], view: nil, likelySlopRate: 0.005,
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
        public var rows: Int
        public var positives: Int
        /// Weights that kept their prior: the feature never varied in the training rows.
        public var priorOnly: [String]
        /// The model of each fold, fitted without that fold's groups: what scores an item on data it did not see.
        public var foldModels: [LogisticRegression.Fit]
        public var shipped: LogisticRegression.Fit

        /// The same items scored again from other feature values (the claims checked against a source index): each by
        /// the model of the fold that never saw its group, and in-sample by the shipped model.
        public func rescored(_ items: [LabelledItem], values: (LabelledItem) -> [String: Double]) -> KindResult {
            var out = self
            for item in items {
                let read = values(item)
                let row = featureIDs.map { read[$0] ?? 0 }
                out.crossValidated[key(item)] = foldModels[fold(of: item.group)].score(row)
                out.inSample[key(item)] = shipped.score(row)
            }
            return out
        }
    }

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
        let ids = ScoreFeatures.ids(for: recipe.kind)
        func features(_ c: Contribution, bodyKnown: Bool) -> [Double] {
            var values = evaluator.features(c)
            if !bodyKnown { for id in LabelledSets.readAbsentBody { values[id] = 0 } }
            return ids.map { values[$0] ?? 0 }
        }
        let rows = items.flatMap { item -> [Row] in
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
        let prior = ids.map(ScoringPrior.weight(of:))
        var cells: [String: Int] = [:]
        for row in rows where row.trains { cells[cell(row), default: 0] += 1 }
        func fit(_ training: [Row]) -> LogisticRegression.Fit {
            LogisticRegression.fit(
                rows: training.map(\.values), labels: training.map { $0.item.positive == true },
                sampleWeights: training.map { cellWeight / Double(cells[cell($0)] ?? 1) }, l2: l2, prior: prior)
        }
        let training = rows.filter(\.trains)
        let shipped = fit(training)
        var crossValidated: [String: Double] = [:]
        var foldModels: [LogisticRegression.Fit] = []
        for k in 0..<folds {
            let model = fit(training.filter { $0.fold != k })
            foldModels.append(model)
            for row in rows where row.fold == k && !row.titleOnly {
                crossValidated[key(row.item)] = model.score(row.deployed)
            }
        }
        var inSample: [String: Double] = [:]
        for row in rows where !row.titleOnly { inSample[key(row.item)] = shipped.score(row.deployed) }
        // Thresholds and precision on the items as they are scored, never on their title-only copies.
        let scored = training.filter { !$0.titleOnly }
        // A negative's higher score of the two: the thresholds hold on data the model did not see and for the shipped
        // model itself, whose verdicts are what the negatives meet.
        let thresholds = choose(recipe, rows: scored, scores: crossValidated.merging(inSample, uniquingKeysWith: max))
        let flagged = scored.count(where: { (crossValidated[key($0.item)] ?? 0) >= thresholds.likelySlopFrom })
        let precision = precision(rows: scored, scores: crossValidated, from: thresholds.likelySlopFrom)
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
            inSample: inSample, rows: scored.count, positives: scored.count(where: { $0.item.positive == true }),
            priorOnly: priorOnly, foldModels: foldModels, shipped: shipped)
    }

    static func cell(_ row: Row) -> String {
        row.item.set + (row.item.positive == true ? "+" : "-") + (row.titleOnly || !row.item.bodyKnown ? " title" : "")
    }

    /// Thresholds on the negatives' scores (each the higher of its cross-validated and in-sample score): `likely_slop`
    /// and `needs_author` from the lowest scores that flag at most the recipe's shares of every negative set,
    /// `welcome` below a quantile of the negatives.
    static func choose(_ recipe: Recipe, rows: [Row], scores: [String: Double]) -> ScoringModel.Thresholds {
        let negativesBySet = Dictionary(grouping: rows.filter { $0.item.positive == false }, by: \.item.set)
            .mapValues { $0.compactMap { scores[key($0.item)] }.sorted() }
        func lowest(rate: Double) -> Double {
            // The threshold must sit above the top `rate` share of each negative set.
            var threshold = 0.0
            for (_, values) in negativesBySet where !values.isEmpty {
                let allowed = Int((Double(values.count) * rate).rounded(.down))
                let index = values.count - 1 - allowed
                let above = index >= 0 ? values[index] : 0
                threshold = max(threshold, above)
            }
            // Above the highest allowed score even after an evaluation rounds it to three places.
            return min(1, ((threshold + 0.001) * 1000).rounded(.up) / 1000)
        }
        let slop = lowest(rate: recipe.likelySlopRate)
        let needs = min(slop, lowest(rate: recipe.needsAuthorRate))
        var welcome = 0.0
        if let q = recipe.welcomeQuantile {
            let all = negativesBySet.values.flatMap { $0 }.sorted()
            if !all.isEmpty { welcome = min(needs, all[Int(Double(all.count - 1) * q)].rounded(toPlaces: 3)) }
        }
        return ScoringModel.Thresholds(welcomeBelow: welcome, needsAuthorFrom: needs, likelySlopFrom: slop)
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
