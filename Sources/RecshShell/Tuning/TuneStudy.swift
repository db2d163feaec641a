import Foundation
import RecshData
import RecshModels

/// The two runs of one protocol that `tune` uses: validation for every trial, test for the best.
struct TuneStudy: Sendable {
    let kind: EvaluationProtocol
    let title: String
    let splitCounts: [(String, Int)]
    private let ratings: (validation: RatingTask, test: RatingTask)?
    private let ranking: (validation: RankingTask, test: RankingTask)?

    /// Reuses the session's split when it is this protocol of this dataset.
    init(kind: EvaluationProtocol, dataset d: Dataset, session s: Session) throws {
        self.kind = kind
        title = "\(kind.rawValue.uppercased()) on \(d.name)"
        let current = s.split.flatMap { $0.datasetName == d.name && $0.kind == kind ? $0 : nil }
        if kind == .e1 {
            let validation = RatingTask(d.ratings, scale: d.ratingScale, run: .validation)
            let test = current?.rating ?? RatingTask(d.ratings, scale: d.ratingScale)
            ratings = (validation, test)
            ranking = nil
            splitCounts = [
                ("split_train", validation.split.train.count), ("split_validation", validation.split.test.count),
                ("split_test", test.split.test.count),
            ]
        } else {
            let split = current?.ranking ?? RankingSplit.make(kind, d.ratings)!
            ranking = (RankingTask(split.validation), RankingTask(split.test))
            ratings = nil
            splitCounts = [
                ("split_positives", split.positives), ("split_train", split.trainCount),
                ("split_validation", split.validationCount), ("split_test", split.testCount),
            ]
        }
    }

    /// Fits `call`'s configuration on a run and scores it: the validation run unless `test`.
    func score(_ family: ModelFamily, call: Invocation, metric: TuneMetric, control: FitControl, test: Bool = false)
        throws -> TrialRunner.Outcome
    {
        let name = family.rawValue
        if let ratings {
            let r = try Scoring.rating(
                family, name: name, call: call, task: test ? ratings.test : ratings.validation, control: control)
            return TrialRunner.Outcome(
                score: metric.value(r), metrics: [("RMSE", r.rmse), ("MAE", r.mae), ("fit_seconds", r.fitSeconds)],
                parameterText: r.parameterText, fitSeconds: r.fitSeconds)
        }
        let task = test ? ranking!.test : ranking!.validation
        let r = try Scoring.ranking(family, name: name, call: call, task: task, control: control)
        let m = r.metrics
        var figures: [(String, Double)] = []
        for k in RankingTask.ks {
            figures += [
                ("P@\(k)", m.precision[k]!), ("R@\(k)", m.recall[k]!), ("NDCG@\(k)", m.ndcg[k]!),
                ("HR@\(k)", m.hitRate[k]!),
            ]
        }
        figures += [
            ("MRR", m.mrr), ("coverage@20", m.coverage[20]!), ("coverage@100", m.coverage[100]!),
            ("fit_seconds", r.fitSeconds),
        ]
        return TrialRunner.Outcome(
            score: metric.value(m), metrics: figures, parameterText: r.parameterText, fitSeconds: r.fitSeconds)
    }
}
