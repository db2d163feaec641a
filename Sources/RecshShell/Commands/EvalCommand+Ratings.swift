import Foundation
import RecshData
import RecshModels

extension EvalCommand {
    /// E1 figures: one run (test or validation), or the mean and sd over cross-validation folds.
    func evalRatings(
        _ models: [(String, ModelFamily, Invocation)], tasks: [RatingTask], control: FitControl, session s: Session,
        results: inout [Result]
    ) throws -> [OutputBlock] {
        let first = tasks[0]
        let folds = tasks.count > 1
        let title =
            folds
            ? "E1 \(tasks.count)-fold cross-validation over \(Format.grouped(tasks.map(\.split.test.count).reduce(0, +))) ratings (folds by splitmix64(key ^ 42) % \(tasks.count))"
            : "E1 \(first.split.run) run on \(Format.grouped(first.split.test.count)) ratings (\(first.split.unknownPairs) with an unknown user or item, scored by the baseline)"
        var columns: [Table.Column] = [.init("Model"), .init("RMSE", right: true)]
        if folds { columns.append(.init("RMSE sd", key: "RMSE_sd", right: true)) }
        columns.append(.init("MAE", right: true))
        if folds { columns.append(.init("MAE sd", key: "MAE_sd", right: true)) }
        columns += [
            .init("Fit", key: "fit_seconds", right: true), .init("Predict", key: "predict_seconds", right: true),
        ]
        if folds { columns.append(.init("RMSE by fold", key: "RMSE_by_fold")) }
        var table = Table(title: title, columns: columns)
        var bars: [(label: String, value: Double, shown: String)] = []
        for (name, family, call) in models {
            var runs: [Scoring.Rating] = []
            for task in tasks {
                try s.cancellation.check()
                runs.append(try Scoring.rating(family, name: name, call: call, task: task, control: control))
            }
            let rmse = Stats(runs.map(\.rmse))
            let mae = Stats(runs.map(\.mae))
            let fit = runs.map(\.fitSeconds).reduce(0, +) / Double(runs.count)
            let predict = runs.map(\.predictSeconds).reduce(0, +) / Double(runs.count)
            var stored = ["RMSE": rmse.mean, "MAE": mae.mean]
            var figures: [(String, Double)] = [("RMSE", rmse.mean), ("MAE", mae.mean)]
            if folds {
                stored["RMSE_sd"] = rmse.sd
                stored["MAE_sd"] = mae.sd
                figures += [("RMSE_sd", rmse.sd), ("MAE_sd", mae.sd)]
            }
            s.lastEvaluation[name] = stored
            results.append(
                Result(
                    name: name, family: family, parameters: runs[0].parameterText,
                    metrics: figures + [("fit_seconds", fit), ("predict_seconds", predict)]))
            var row: [Cell] = [.text(name), .number(rmse.mean, digits: 4)]
            if folds { row.append(.number(rmse.sd, digits: 4)) }
            row.append(.number(mae.mean, digits: 4))
            if folds { row.append(.number(mae.sd, digits: 4)) }
            row += [.volatile(String(format: "%.2fs", fit)), .volatile(String(format: "%.3fs", predict))]
            if folds { row.append(.text(runs.map { String(format: "%.4f", $0.rmse) }.joined(separator: " "))) }
            table.rows.append(row)
            bars.append((name, rmse.mean, String(format: "%.4f", rmse.mean)))
        }
        return [
            .table(table, name: "metrics"),
            .chart(
                BarChart(title: "RMSE (lower is better)", labelTitle: "Model", valueTitle: "RMSE", bars: bars),
                name: "chart"),
        ]
    }
}

/// Mean and standard deviation over folds, as Surprise's `cross_validate` prints them.
struct Stats {
    let mean: Double
    /// The population standard deviation (numpy's default, which Surprise prints).
    let sd: Double

    init(_ values: [Double]) {
        let n = Double(max(1, values.count))
        let m = values.reduce(0, +) / n
        mean = m
        sd = (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / n).squareRoot()
    }
}
