import Foundation
import RecshData
import RecshModels
import RecshRanking

/// `train ranker sources=...`: learns a LambdaMART booster over the sources' candidates on the
/// validation run of I2 (of N1 when the session's split is N1), then ranks with the session's
/// own sources, trained on all the data.
enum TrainRanker {
    static func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        let fit = try RankerFit(call, session: s, dataset: d)
        let name = try call.text("as") ?? "ranker"
        let kind: EvaluationProtocol = s.split?.kind == .n1 && s.split?.datasetName == d.name ? .n1 : .i2
        let split = RankingSplit.make(kind, d.ratings)!
        let bar = s.progress
        let cancellation = s.cancellation
        let control = FitControl(
            threads: s.settings.threads, seed: s.settings.seed,
            progress: { f, detail in bar?.update("train ranker", fraction: f, detail: detail) },
            isCancelled: { cancellation.isRequested })
        let started = Date()
        let booster: Booster
        let examples: RankerTraining.Examples
        do { (booster, examples) = try fit.learn(on: split.validation, control: control) } catch is CancellationError {
            throw ShellError.cancelled
        } catch ModelError.cancelled { throw ShellError.cancelled }
        bar?.finish()
        let trainedSources = fit.sources.map { s.model(named: $0.name)! }
        let live = zip(fit.sources, trainedSources).map {
            RankerSource(name: $0.name, role: $0.role, model: $1.recommender!)
        }
        let first = trainedSources[0]
        let features = CandidateFeatures(
            sources: live, context: RankerFit.context(for: live[0].model.data, dataset: d), candidates: fit.candidates)
        let model: RankerModel
        do { model = try RankerModel(features: features, booster: booster, settings: fit.settings) } catch let e
            as ModelError
        { throw ShellError.failed(e.description) }
        let trained = TrainedModel(
            name: name, family: .ranker, datasetName: d.name, fitSeconds: Date().timeIntervalSince(started),
            recommender: model, content: nil, itemIds: first.itemIds, userIds: first.userIds,
            parameterText: model.parameterText
        ).made(by: call)
        s.store(trained)
        let reached = examples.positives - examples.unreachable
        let share = Double(reached) / Double(max(1, examples.positives))
        return [
            .text(
                "Trained \(name) (ranker: \(model.parameterText)) on \(d.name) in \(Format.duration(trained.fitSeconds))"
            ),
            .text(
                "LambdaMART on \(kind.rawValue.uppercased())'s validation run: \(Format.grouped(examples.groups.count)) users, \(Format.grouped(examples.labels.count)) candidates; the sources' top \(fit.candidates) held \(Format.grouped(reached)) of \(Format.grouped(examples.positives)) held-out films (\(String(format: "%.1f%%", share * 100)))",
                name: "learned"),
        ] + (s.observer?.trained(TrainedEvent(model: trained, dataset: d), session: s) ?? [])
    }
}

/// `eval ranker` on a split's test run: the booster learns on the validation run and ranks the
/// test run with the sources refitted on the test run's fit data, as each source alone is.
enum RankerScoring {
    static func ranking(
        name: String, call: Invocation, split: RankingSplit, runName: String, task: RankingTask, session s: Session,
        control: FitControl
    ) throws -> Scoring.Ranking {
        guard runName == "test" else {
            throw ShellError.failed(
                "\(name) learns on the validation run, so eval scores it on the test run: eval \(name) run=test")
        }
        let d = try s.requireDataset()
        let fit = try RankerFit(call, session: s, dataset: d)
        let started = Date()
        do {
            let (booster, _) = try fit.learn(on: split.validation, control: control)
            let features = try fit.features(on: task, run: split.test, control: control)
            let model = try RankerModel(features: features, booster: booster, settings: fit.settings)
            let seconds = Date().timeIntervalSince(started)
            let m = try task.evaluate(model, threads: control.threads, isCancelled: control.isCancelled)
            return Scoring.Ranking(metrics: m, fitSeconds: seconds, parameterText: model.parameterText)
        } catch is CancellationError { throw ShellError.cancelled } catch ModelError.cancelled {
            throw ShellError.cancelled
        }
    }
}
