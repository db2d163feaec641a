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
        let s = context.session
        let d = try s.requireDataset()
        let data = d.trainingData(for: .als)
        let started = Date()
        let outcome = try SparkFit.fit(call, data: data, setup: s.sparkSetup)
        let seconds = Date().timeIntervalSince(started)
        let trained = TrainedModel(
            name: name, family: .als, datasetName: d.name, fitSeconds: seconds, recommender: outcome.model,
            content: nil, itemIds: data.positives.itemIds, userIds: data.positives.userIds,
            parameterText: outcome.model.parameterText
        ).made(by: call)
        s.store(trained)
        let r = outcome.fitted.result
        var lines = [
            "Trained \(name) (als: \(trained.parameterText)) on \(d.name) in \(Format.duration(seconds)) with Spark \(r.sparkVersion ?? "") on \(outcome.master)"
                + " (start-up \(Format.duration(r.startupSeconds ?? 0)), data \(Format.duration(r.loadSeconds ?? 0)), fit \(Format.duration(r.fitSeconds ?? 0)))"
        ]
        let missing = (outcome.fitted.missingUsers, outcome.fitted.missingItems)
        if missing.0 + missing.1 > 0 {
            lines.append(
                "Spark returned no factors for \(missing.0) user\(missing.0 == 1 ? "" : "s") and \(missing.1) film\(missing.1 == 1 ? "" : "s") without positives; they score 0"
            )
        }
        return [.text(lines.joined(separator: "\n"))]
            + (s.observer?.trained(TrainedEvent(model: trained, dataset: d), session: s) ?? [])
    }
}
