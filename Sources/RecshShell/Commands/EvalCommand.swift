import Foundation
import RecshData
import RecshModels

/// `eval [MODEL ...]`: refits models on the current split and compares them in one table.
struct EvalCommand: ShellCommand {
    let spec = CommandSpec(
        name: "eval", group: .evaluation,
        summary: "fit models on the split and compare them: ranking metrics, or RMSE/MAE for e1",
        usage: "eval [MODEL ...] [k=5,10,20] [run=test|validation] [cv=N] | eval intent FILE.jsonl | eval home [k=8]",
        arguments: 0...12,
        options: [
            OptionSpec("k", "N,...", default: "5,10,20", "cut-offs for P, R, NDCG and HitRate"),
            OptionSpec(
                "run", "test|validation", default: "test", "the protocol's test run, or its validation run for tuning",
                values: ["test", "validation"]),
            OptionSpec("cv", "N", "e1 only: N-fold cross-validation by the splitmix hash, mean and sd per metric"),
        ],
        examples: [
            "split i2; eval popular knn als ease", "train als factors=128 as=als128; eval als128 ease",
            "split e1; eval svd svdpp", "split e1; eval svdpp cv=5",
        ],
        details:
            "eval home builds every user's home page and reports each row's intra-list diversity (1 − mean genre Jaccard) and the catalogue coverage of the pages. eval intent FILE.jsonl scores the parser of ask (set intent=) on labelled queries: see docs/ask.md. A MODEL is a trained model's name (refitted with its parameters on the split) or a family (its defaults). With none: every trained model, else popular knn als ease (svd for e1). For e1, run=validation fits on E1's train part less a fifth carved by a second hash seed (splitmix64(key ^ 43) % 5 == 0) and scores that fifth; cv=5 fits five times, each fold (splitmix64(key ^ 42) % 5) held out once, like Surprise's cross_validate.",
        completes: .modelNames)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        if call.positionals.first?.text == "intent" { return try EvalIntent.run(call, context: context) }
        if call.positionals.first?.text == "home" && context.session.model(named: "home") == nil {
            return try EvalHome.run(call, context: context)
        }
        let s = context.session
        let d = try s.requireDataset()
        guard let split = s.split, split.datasetName == d.name else {
            throw ShellError.failed("no split of \(d.name) yet: run split i2 (or e1, i1, n1) first")
        }
        let runName = try call.text("run") ?? "test"
        guard runName == "test" || runName == "validation" else {
            throw ShellError.badValue(name: "run", value: runName, expected: "test or validation")
        }
        var names = call.positionals.compactMap(\.text)
        if names.isEmpty {
            names = s.models.filter { $0.datasetName == d.name && $0.family != .tfidf }.map(\.name)
            if split.kind == .e1 { names = names.filter { s.model(named: $0)?.family.predictsRatings == true } }
            if names.isEmpty { names = split.kind == .e1 ? ["svd"] : ["popular", "knn", "als", "ease"] }
        }
        let ks = try cutoffs(call)
        let control = FitControl(
            threads: s.settings.threads, seed: s.settings.seed, isCancelled: { [c = s.cancellation] in c.isRequested })
        let models = try names.map { name -> (String, ModelFamily, Invocation) in
            if let m = s.model(named: name) { return (name, m.family, m.trainCall) }
            guard let f = ModelFamily(rawValue: name.lowercased()) else {
                throw ShellError.failed(
                    "'\(name)' is neither a trained model nor a model family (\(ModelFamily.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            return (name, f, Invocation(name: "train"))
        }
        var results: [Result] = []
        let blocks: [OutputBlock]
        let counts: [(String, Int)]
        let folds = try call.option("cv").map { _ in try call.int("cv", default: 5, in: 2...20) }
        if folds != nil && split.kind != .e1 {
            throw ShellError.failed(
                "cv= cross-validates e1 (split e1); ranking protocols split by time and have one test run")
        }
        if split.kind == .e1 {
            let tasks: [RatingTask]
            if let folds {
                tasks = (0..<folds).map {
                    RatingTask(d.ratings, scale: d.ratingScale, run: .fold(index: $0, count: folds))
                }
            } else if runName == "validation" {
                tasks = [RatingTask(d.ratings, scale: d.ratingScale, run: .validation)]
            } else {
                tasks = [split.rating!]
            }
            counts = [("split_train", tasks[0].split.train.count), ("split_test", tasks[0].split.test.count)]
            blocks = try evalRatings(models, tasks: tasks, control: control, session: s, results: &results)
        } else {
            let r = split.ranking!
            let run = runName == "test" ? r.test : r.validation
            let task = RankingTask(run)
            counts = [
                ("split_positives", r.positives), ("split_users", r.users), ("split_items", r.items),
                ("split_train", r.trainCount), ("split_validation", r.validationCount), ("split_test", r.testCount),
                ("split_evaluated_users", task.evaluatedUsers.count),
            ]
            blocks = try evalRanking(
                models, task: task, ks: ks, control: control,
                title: "\(split.kind.rawValue.uppercased()) \(runName) run on \(d.name)", nextItem: split.kind == .n1,
                split: r, runName: runName, session: s, results: &results)
        }
        guard let observer = s.observer else { return blocks }
        var csv = ""
        if case .table(let t, _)? = blocks.first { csv = Renderer.renderCSV(.table(t, name: "metrics")) + "\n" }
        let events = results.map {
            EvaluatedEvent(
                model: $0.name, family: $0.family, parameterText: $0.parameters, dataset: d,
                protocolName: split.kind.rawValue, run: folds.map { "cv\($0)" } ?? runName, splitCounts: counts,
                metrics: $0.metrics, tableCSV: csv)
        }
        return blocks + observer.evaluated(events, session: s)
    }

    /// One model's figures, for the experiment tracker.
    struct Result {
        var name: String
        var family: ModelFamily
        var parameters: String
        var metrics: [(String, Double)]
    }

    func cutoffs(_ call: Invocation) throws -> [Int] {
        guard let v = call.option("k") else { return [5, 10, 20] }
        let items: [Value] = if case .list(let l) = v { l } else { [v] }
        let ks = items.compactMap(\.integer)
        guard ks.count == items.count, ks.allSatisfy({ RankingTask.ks.contains($0) }) else {
            throw ShellError.badValue(name: "k", value: v.description, expected: "cut-offs among 5, 10, 20")
        }
        return ks
    }

    func evalRanking(
        _ models: [(String, ModelFamily, Invocation)], task: RankingTask, ks: [Int], control: FitControl, title: String,
        nextItem: Bool = false, split: RankingSplit? = nil, runName: String = "test", session s: Session,
        results: inout [Result]
    ) throws -> [OutputBlock] {
        // with one target per user (N1), recall is the hit rate and precision the hit rate over k
        var columns: [Table.Column] = [.init("Model")]
        for k in ks {
            if !nextItem { columns += [.init("P@\(k)", right: true), .init("R@\(k)", right: true)] }
            columns += [.init("NDCG@\(k)", right: true), .init("HR@\(k)", right: true)]
        }
        columns += [
            .init("MRR", right: true), .init("Cov@20", key: "coverage@20", right: true),
            .init("Cov@100", key: "coverage@100", right: true),
            .init("Fit", key: "fit_seconds", right: true), .init("Eval", key: "eval_seconds", right: true),
        ]
        var table = Table(
            title:
                "\(title): \(Format.grouped(task.evaluatedUsers.count)) users, \(Format.grouped(task.fit.cols)) rankable films",
            columns: columns)
        var bars: [(label: String, value: Double, shown: String)] = []
        for (name, family, call) in models {
            try s.cancellation.check()
            let scored =
                if family == .ranker, let split {
                    try RankerScoring.ranking(
                        name: name, call: call, split: split, runName: runName, task: task, session: s, control: control
                    )
                } else {
                    try Scoring.ranking(
                        family, name: name, call: call, task: task, control: control, spark: s.sparkSetup)
                }
            let m = scored.metrics
            let fit = scored.fitSeconds
            var row: [Cell] = [.text(name)]
            for k in ks {
                if !nextItem { row += [.number(m.precision[k]!, digits: 4), .number(m.recall[k]!, digits: 4)] }
                row += [.number(m.ndcg[k]!, digits: 4), .number(m.hitRate[k]!, digits: 4)]
            }
            row += [
                .number(m.mrr, digits: 4), .number(m.coverage[20]!, digits: 3), .number(m.coverage[100]!, digits: 3),
                .volatile(String(format: "%.2fs", fit)), .volatile(String(format: "%.3fs", m.seconds)),
            ]
            table.rows.append(row)
            var stored: [String: Double] = [
                "MRR": m.mrr, "coverage@20": m.coverage[20]!, "coverage@100": m.coverage[100]!,
            ]
            for k in ks {
                stored["P@\(k)"] = m.precision[k]
                stored["R@\(k)"] = m.recall[k]
                stored["NDCG@\(k)"] = m.ndcg[k]
                stored["HR@\(k)"] = m.hitRate[k]
            }
            s.lastEvaluation[name] = stored
            var figures: [(String, Double)] = []
            for k in ks {
                figures += [
                    ("P@\(k)", m.precision[k]!), ("R@\(k)", m.recall[k]!), ("NDCG@\(k)", m.ndcg[k]!),
                    ("HR@\(k)", m.hitRate[k]!),
                ]
            }
            figures += [
                ("MRR", m.mrr), ("coverage@20", m.coverage[20]!), ("coverage@100", m.coverage[100]!),
                ("fit_seconds", fit), ("eval_seconds", m.seconds),
            ]
            results.append(Result(name: name, family: family, parameters: scored.parameterText, metrics: figures))
            let main = ks.contains(10) ? 10 : ks[0]
            bars.append((name, m.ndcg[main]!, String(format: "%.4f", m.ndcg[main]!)))
        }
        let main = ks.contains(10) ? 10 : ks[0]
        return [
            .table(table, name: "metrics"),
            .chart(
                BarChart(title: "NDCG@\(main)", labelTitle: "Model", valueTitle: "NDCG@\(main)", bars: bars),
                name: "chart"),
        ]
    }
}
