import Foundation
import RecshEngines
import RecshModels

/// `train als engine=spark [master=local[2]|spark://HOST:PORT] [blocks=N]`: the factors are
/// fitted by Spark MLlib's ALS through spark-submit and come back as an ordinary ALS model.
enum TrainSpark {
    static func run(_ call: Invocation, name: String, context: CommandContext) throws -> [OutputBlock] {
        let valid = ModelOptions.specs(.als).map(\.name) + ["as"]
        for (key, _) in call.options where !valid.contains(key) {
            throw ShellError.unknownOption(
                command: "train als engine=spark", option: key,
                suggestions: Suggestions.closest(to: key, among: valid), valid: valid)
        }
        if let scaling = try call.text("reg-scaling"), scaling != ALSModel.RegScaling.count.rawValue {
            throw ShellError.failed(
                "Spark's regParam always weighs reg by each row's positives: drop reg-scaling=\(scaling), or train als reg-scaling=count to fit the same objective here"
            )
        }
        let s = context.session
        let d = try s.requireDataset()
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
        let data = d.trainingData(for: .als)
        let job = try s.sparkJob(master: master)
        let started = Date()
        let settings = SparkALS.FitSettings(
            rank: factors, iterations: iterations, reg: reg, alpha: alpha - 1, seed: s.settings.seed, blocks: blocks)
        let cancellation = s.cancellation
        let fitted: SparkALS.Fitted
        do {
            fitted = try SparkALS.fit(data.positives, settings: settings, job: job) { cancellation.isRequested }
        } catch {
            if error == .cancelled { job.remove() }
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
        let seconds = Date().timeIntervalSince(started)
        let trained = TrainedModel(
            name: name, family: .als, datasetName: d.name, fitSeconds: seconds, recommender: model, content: nil,
            itemIds: data.positives.itemIds, userIds: data.positives.userIds, parameterText: model.parameterText
        ).made(by: call)
        s.store(trained)
        let r = fitted.result
        var lines = [
            "Trained \(name) (als: \(trained.parameterText)) on \(d.name) in \(Format.duration(seconds)) with Spark \(r.sparkVersion ?? "") on \(master)"
                + " (start-up \(Format.duration(r.startupSeconds ?? 0)), data \(Format.duration(r.loadSeconds ?? 0)), fit \(Format.duration(r.fitSeconds ?? 0)))"
        ]
        if fitted.missingUsers + fitted.missingItems > 0 {
            lines.append(
                "Spark returned no factors for \(fitted.missingUsers) user(s) and \(fitted.missingItems) film(s) without positives; they score 0"
            )
        }
        return [.text(lines.joined(separator: "\n"))]
            + (s.observer?.trained(TrainedEvent(model: trained, dataset: d), session: s) ?? [])
    }
}
