import Foundation
import RecshData
import RecshModels

/// What `tune` prints once its trials ran: every trial, the best, its test-run figures, and the
/// best trained on the whole dataset under its own name.
struct TuneReport {
    let family: ModelFamily
    let metric: TuneMetric
    let study: TuneStudy
    let configs: [SearchSpace.Configuration]
    let calls: [Invocation]
    let results: TrialRunner.Results
    let seconds: Double
    let name: String

    func blocks(session s: Session, dataset d: Dataset) throws -> [OutputBlock] {
        let finished = results.outcomes.compactMap { $0 }.count
        var best: Int?
        for (i, o) in results.outcomes.enumerated() {
            guard let o, o.score.isFinite else { continue }
            if best == nil || metric.better(o.score, than: results.outcomes[best!]!.score) { best = i }
        }
        var blocks: [OutputBlock] = [.table(trialTable(best: best), name: "trials")]
        guard let best, let winner = results.outcomes[best] else {
            blocks.append(.text("No trial finished: nothing was kept", name: "best"))
            return blocks
        }
        let settings = configs[best].map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        var record: [(key: String, value: Cell)] = [
            ("trials", .text("\(finished) of \(calls.count) on the validation run")),
            ("best", .text(settings)),
            ("validation \(metric)", .number(winner.score, digits: 4)),
        ]
        var events = results.outcomes.enumerated().compactMap { i, o in
            o.map { event($0, run: "validation", model: "\(name)#\(i + 1)", dataset: d) }
        }
        if results.cancelled {
            record.append(("wall time", .volatile(String(format: "%.2fs", seconds))))
            blocks.append(.record(record, name: "best"))
            blocks.append(
                .text(
                    "Stopped by Ctrl-C after \(finished) of \(calls.count) trials; the best so far is kept above. To use it: train \(family.rawValue) \(settings) as=\(name)",
                    name: "stopped"))
            return blocks + (s.observer?.evaluated(events, session: s) ?? [])
        }
        let control = FitControl(
            threads: s.settings.threads, seed: s.settings.seed, isCancelled: { [c = s.cancellation] in c.isRequested })
        let test = try study.score(family, call: calls[best], metric: metric, control: control, test: true)
        record.append(("test \(metric)", .number(test.score, digits: 4)))
        if let cov = test.metrics.first(where: { $0.0 == "coverage@100" }) {
            record.append(("test coverage@100", .number(cov.1, digits: 3)))
        }
        record.append(("wall time", .volatile(String(format: "%.2fs", seconds))))
        blocks.append(.record(record, name: "best"))
        events.append(event(test, run: "test", model: name, dataset: d))
        blocks.append(.text(try keep(best: best, session: s, dataset: d), name: "kept"))
        return blocks + (s.observer?.evaluated(events, session: s) ?? [])
    }

    func trialTable(best: Int?) -> Table {
        let keys = configs.first?.map(\.key) ?? []
        var columns: [Table.Column] = [.init("Trial", right: true)]
        columns += keys.map { Table.Column($0) }
        columns.append(.init(metric.description, right: true))
        let ranking = !metric.forRatings
        if ranking { columns.append(.init("Cov@100", key: "coverage@100", right: true)) }
        columns += [.init("Fit", key: "fit_seconds", right: true), .init("", key: "best")]
        var t = Table(
            title:
                "tune \(family.rawValue): \(study.title), validation run (\(metric), \(metric.lowerIsBetter ? "lower" : "higher") is better)",
            columns: columns)
        for (i, config) in configs.enumerated() {
            var row: [Cell] = [.int(i + 1)] + config.map { Cell.text($0.value.description) }
            if let o = results.outcomes[i] {
                row.append(.number(o.score, digits: 4))
                if ranking {
                    row.append(.number(o.metrics.first { $0.0 == "coverage@100" }?.1 ?? 0, digits: 3))
                }
                row += [.volatile(String(format: "%.2fs", o.fitSeconds)), .text(i == best ? "best" : "")]
            } else {
                row.append(.text("stopped"))
                if ranking { row.append(.text("")) }
                row += [.text(""), .text("")]
            }
            t.rows.append(row)
        }
        return t
    }

    /// Trains the best configuration on every rating of the dataset, as `train` would.
    func keep(best: Int, session s: Session, dataset d: Dataset) throws -> String {
        let data = d.trainingData(for: family)
        let control = FitControl(
            threads: s.settings.threads, seed: s.settings.seed, isCancelled: { [c = s.cancellation] in c.isRequested })
        let started = Date()
        let model: any Recommender
        do { model = try ModelOptions.fit(family, call: calls[best], data: data, control: control) } catch ModelError
            .cancelled
        { throw ShellError.cancelled }
        let call = Invocation(
            name: "train", positionals: [.word(family.rawValue)],
            options: calls[best].options + [(key: "as", value: .word(name))])
        let trained = TrainedModel(
            name: name, family: family, datasetName: d.name, fitSeconds: Date().timeIntervalSince(started),
            recommender: model, content: nil, itemIds: data.positives.itemIds, userIds: data.positives.userIds,
            parameterText: model.parameterText
        ).made(by: call)
        s.store(trained)
        return "Trained \(name) (\(family.rawValue): \(model.parameterText)) on all of \(d.name)"
    }

    func event(_ o: TrialRunner.Outcome, run: String, model: String, dataset d: Dataset) -> EvaluatedEvent {
        EvaluatedEvent(
            model: model, family: family, parameterText: o.parameterText, dataset: d,
            protocolName: study.kind.rawValue, run: run, splitCounts: study.splitCounts, metrics: o.metrics,
            tableCSV: "")
    }
}
