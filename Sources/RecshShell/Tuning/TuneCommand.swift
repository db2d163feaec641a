import Foundation
import RecshData
import RecshModels

/// `tune MODEL PARAM=a,b,c PARAM=lo..hi ...`: a parameter search scored on the protocol's
/// validation run only; the best configuration is then scored once on the test run and trained
/// on the whole dataset.
struct TuneCommand: ShellCommand {
    static let ownOptions = ["trials", "protocol", "metric", "as"]
    static let defaultTrials = 20

    let spec: CommandSpec = {
        var spec = CommandSpec(
            name: "tune", group: .evaluation,
            summary: "search a model's parameters on the validation run; score the best on the test run and keep it",
            usage:
                "tune MODEL PARAM=a,b,c PARAM=lo..hi ... [trials=N] [protocol=i2|i1|n1|e1] [metric=ndcg@10|rmse] [as=NAME]",
            arguments: 1...1,
            options: [
                OptionSpec(
                    "trials", "N", "configurations to try: the whole grid by default, 20 samples when a range is given"),
                OptionSpec("protocol", "i2|i1|n1|e1", "default: the current split's, else i2 (e1 for svd and svdpp)"),
                OptionSpec("metric", "M", "ndcg@10 (ranking) or rmse (e1); also recall@K, precision@K, hr@K, mrr, mae"),
                OptionSpec(
                    "as", "NAME", default: "FAMILY-tuned", "the name of the best configuration, trained on all data"),
            ],
            examples: [
                "tune ease lambda=100,250,500,1000", "tune rp3beta alpha=0.5..1.5 beta=0..1 trials=20",
                "tune svdpp factors=10,20,50 reg=0.02,0.05,0.1 protocol=e1",
            ],
            details:
                "Each trial fits on the validation run's fit data and is scored on its validation part; the test run is touched once, by the best. Trials run side by side, one thread each (set threads=N). A list is a grid axis; a range lo..hi is sampled (integers if both ends are, log-uniform when lo > 0 and hi >= 10 lo) with the session's seed. Ctrl-C stops the search and keeps the trials that finished. E1's validation run is carved from its train part by a second hash seed (see eval).",
            completes: .modelFamilies)
        spec.checksOptions = false
        return spec
    }()

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        let word = call.positionals[0].text ?? call.positionals[0].description
        let trained = s.model(named: word)
        guard let family = trained?.family ?? ModelFamily(rawValue: word.lowercased()) else {
            throw ShellError.failed(
                "'\(word)' is neither a trained model nor a model family (\(ModelFamily.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        guard family != .tfidf else {
            throw ShellError.failed("tune searches rating models; tfidf has no protocol run")
        }
        let varied = call.options.filter { !Self.ownOptions.contains($0.key) }
        guard !varied.isEmpty else {
            throw ShellError.failed(
                "tune needs a parameter to vary, as PARAM=a,b,c or PARAM=lo..hi: for example tune \(family.rawValue) \(Self.example(family))"
            )
        }
        let space = try SearchSpace(varied, family: family)
        let trials = try call.option("trials").map { _ in try call.int("trials", default: 20, in: 1...1000) }
        let kind = try protocolKind(call, family: family, session: s, dataset: d)
        let metric = try TuneMetric(try call.text("metric") ?? (kind == .e1 ? "rmse" : "ndcg@10"))
        guard metric.forRatings == (kind == .e1) else {
            throw ShellError.badValue(
                name: "metric", value: metric.description.lowercased(),
                expected: kind == .e1
                    ? "rmse or mae for e1" : "a ranking metric for \(kind.rawValue): \(TuneMetric.rankingNames)")
        }
        let configs = space.configurations(trials: trials, seed: s.settings.seed)
        let base = (trained?.trainCall.options ?? []).filter { o in
            !varied.contains { $0.key == o.key } && o.key != "as"
        }
        let calls = configs.map { Invocation(name: "train", options: base + $0) }
        let study = try TuneStudy(kind: kind, dataset: d, session: s)
        let started = Date()
        let bar = s.progress
        let label = "tune \(family.rawValue)"
        let results = try TrialRunner.run(
            count: calls.count, threads: s.settings.threads, seed: s.settings.seed,
            isCancelled: { [c = s.cancellation] in c.isRequested },
            progress: { done in
                bar?.update(
                    label, fraction: Double(done) / Double(calls.count), detail: "\(done)/\(calls.count) trials")
            },
            trial: { i, control in try study.score(family, call: calls[i], metric: metric, control: control) })
        bar?.finish()
        let seconds = Date().timeIntervalSince(started)
        return try TuneReport(
            family: family, metric: metric, study: study, configs: configs, calls: calls, results: results,
            seconds: seconds, name: try call.text("as") ?? "\(family.rawValue)-tuned"
        ).blocks(session: s, dataset: d)
    }

    func protocolKind(_ call: Invocation, family: ModelFamily, session s: Session, dataset d: Dataset) throws
        -> EvaluationProtocol
    {
        let fallback: EvaluationProtocol =
            family.predictsRatings
            ? .e1 : (s.split?.datasetName == d.name && s.split?.kind != .e1 ? s.split!.kind : .i2)
        guard let text = try call.text("protocol") else { return fallback }
        guard let kind = EvaluationProtocol(rawValue: text.lowercased()) else {
            throw ShellError.badValue(name: "protocol", value: text, expected: "i2, i1, n1 or e1")
        }
        guard (kind == .e1) == family.predictsRatings else {
            throw ShellError.failed(
                family.predictsRatings
                    ? "\(family.rawValue) predicts ratings: tune it with protocol=e1"
                    : "\(family.rawValue) ranks films: tune it with protocol=i2, i1 or n1 (e1 scores svd and svdpp)")
        }
        return kind
    }

    static func example(_ family: ModelFamily) -> String {
        switch family {
        case .ease: return "lambda=100,250,500"
        case .slist: return "alpha=0.2,0.5,0.8 lambda=10,100"
        case .sknn: return "k=50,100,200 recent=10,20,50"
        case .knn: return "k=20,50,100,200"
        case .rp3beta: return "alpha=0.5..1.5 beta=0..1"
        case .popular: return "prior=1,10,100 by=bayes"
        default: return "factors=32,64,128 reg=0.01..0.1"
        }
    }
}
