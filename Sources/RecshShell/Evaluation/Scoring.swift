import Foundation
import RecshData
import RecshModels

/// Fits one configuration on a protocol run and scores it: what `eval` does per model and
/// `tune` per trial.
enum Scoring {
    /// E1 figures of one fit.
    struct Rating {
        var rmse: Double
        var mae: Double
        var fitSeconds: Double
        var predictSeconds: Double
        var parameterText: String
    }

    /// A ranking run's figures of one fit.
    struct Ranking {
        var metrics: RankingMetrics
        var fitSeconds: Double
        var parameterText: String
    }

    static func rating(
        _ family: ModelFamily, name: String, call: Invocation, task: RatingTask, control: FitControl
    ) throws -> Rating {
        guard family.predictsRatings else {
            throw ShellError.failed(
                "\(name) is a \(family.rawValue) model: e1 evaluates rating predictions (svd, svdpp); use split i2 for ranking models"
            )
        }
        let started = Date()
        let model: any Recommender
        do { model = try ModelOptions.fit(family, call: call, data: task.data, control: control) } catch ModelError
            .cancelled
        { throw ShellError.cancelled }
        let fit = Date().timeIntervalSince(started)
        guard let predictor = model as? any RatingPredictor else {
            throw ShellError.failed("\(name) does not predict ratings")
        }
        let r = task.evaluate(predictor)
        return Rating(
            rmse: r.rmse, mae: r.mae, fitSeconds: fit, predictSeconds: r.seconds, parameterText: model.parameterText)
    }

    static func ranking(
        _ family: ModelFamily, name: String, call: Invocation, task: RankingTask, control: FitControl,
        spark: SparkSetup? = nil
    ) throws -> Ranking {
        guard family != .tfidf && !family.predictsRatings else {
            throw ShellError.failed(
                "\(name) is a \(family.rawValue) model: ranking protocols evaluate popular, knn, rp3beta, als, bpr and ease (svd and svdpp predict ratings: split e1)"
            )
        }
        let started = Date()
        let model: any Recommender
        do {
            model = try ModelOptions.fit(
                family, call: call, data: TrainingData(positives: task.fit, sequences: task.sequences),
                control: control,
                spark: spark)
        } catch ModelError.cancelled { throw ShellError.cancelled }
        let fit = Date().timeIntervalSince(started)
        do {
            let m = try task.evaluate(model, threads: control.threads, isCancelled: control.isCancelled)
            return Ranking(metrics: m, fitSeconds: fit, parameterText: model.parameterText)
        } catch is CancellationError { throw ShellError.cancelled }
    }
}
