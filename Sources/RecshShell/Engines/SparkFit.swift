import Foundation
import RecshEngines
import RecshModels

/// `train als engine=spark`'s options read and checked, and the fit that returns an ordinary ALS
/// model: by `train`, and by `eval` when it refits the model on a split.
enum SparkFit {
    struct Outcome {
        let model: ALSModel
        let fitted: SparkALS.Fitted
        let master: String
    }

    static func fit(_ call: Invocation, data: TrainingData, setup: SparkSetup) throws -> Outcome {
        if let scaling = try call.text("reg-scaling"), scaling != ALSModel.RegScaling.count.rawValue {
            throw ShellError.failed(
                "Spark's regParam always weighs reg by each row's positives: drop reg-scaling=\(scaling), or train als reg-scaling=count to fit the same objective here"
            )
        }
        let factors = try call.int("factors", default: 64, in: 1...1024)
        let reg = try ModelOptions.number(call, "reg", 0.05)
        let alpha = try ModelOptions.number(call, "alpha", 10)
        let iterations = try call.int("iterations", default: 15, in: 1...1000)
        guard reg >= 0 else { throw ShellError.badValue(name: "reg", value: String(reg), expected: "0 or more") }
        // MLlib's confidence is 1 + alpha; recsh's alpha is the confidence itself
        guard alpha >= 1 else {
            throw ShellError.badValue(
                name: "alpha", value: String(alpha),
                expected:
                    "1 or more with engine=spark (MLlib's confidence is 1 + its alpha, which is recsh's alpha - 1)")
        }
        let blocks = try call.option("blocks").map { _ in try call.int("blocks", default: 10, in: 1...100_000) }
        let master = try call.text("master") ?? "local[2]"
        let job = try setup.job(master: master)
        let settings = SparkALS.FitSettings(
            rank: factors, iterations: iterations, reg: reg, alpha: alpha - 1, seed: setup.seed, blocks: blocks)
        let fitted: SparkALS.Fitted
        defer { setup.progress?.finish() }
        do {
            fitted = try SparkALS.fit(
                data.positives, settings: settings, job: job, cancelled: setup.poll("train als on Spark \(master)"))
        } catch {
            job.cleanUp(after: error)
            throw ShellError(error)
        }
        let model: ALSModel
        do {
            model = try ALSModel(
                restoring: data, factors: factors, reg: reg, alpha: alpha, iterations: iterations, regScaling: .count,
                engine: "spark", userFactors: fitted.userFactors, itemFactors: fitted.itemFactors)
        } catch {
            throw ShellError.failed("the factors Spark wrote in \(job.folder) cannot be used: \(error)")
        }
        job.remove()
        return Outcome(model: model, fitted: fitted, master: master)
    }
}
