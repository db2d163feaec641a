import Foundation
import RecshShell
import RecshTracking

/// `runs [sort=METRIC] [model=FAMILY]`, `runs compare A B`: the tracked runs of the current dataset.
struct RunsCommand: ShellCommand {
    let spec = CommandSpec(
        name: "runs", group: .evaluation, summary: "list tracked runs, or compare two side by side",
        usage: "runs [sort=METRIC] [model=FAMILY] [kind=train|eval] | runs compare A B", arguments: 0...3,
        options: [
            OptionSpec("sort", "METRIC", default: "newest first", "a metric key, best first (rmse: lowest first)"),
            OptionSpec("model", "FAMILY", "only runs of this model family"),
            OptionSpec("kind", "train|eval", "only training or evaluation runs", values: ["train", "eval"]),
        ],
        examples: [
            "runs", "runs sort=ndcg_at_10", "runs model=als kind=eval", "runs compare \"eval als\" \"eval ease\"",
        ],
        details:
            "A run is named by its id (8 characters are enough) or its name (the newest of that name). Metric keys are MLflow's: ndcg_at_10, precision_at_5, hit_rate_at_20, mrr, coverage_at_100, rmse, fit_seconds."
    )

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let store = try Tracker.of(s).requireStore(s)
        var runs = try Lifecycle.wrap { try store.searchRuns(experimentIDs: try store.experiments().map(\.id)) }
        if let d = s.current { runs = runs.filter { $0.params["dataset"] == nil || $0.params["dataset"] == d.name } }
        let words = call.positionals.compactMap(\.text)
        if words.first == "compare" {
            let names = Array(words.dropFirst())
            guard names.count == 2 else {
                throw ShellError.failed("runs compare needs two runs: ids or names (quote names with spaces)")
            }
            return [compare(try Lifecycle.find(names[0], in: runs), try Lifecycle.find(names[1], in: runs))]
        }
        guard words.isEmpty else { throw call.usageError(spec, what: "compare A B, or no argument") }
        if let f = try call.text("model") { runs = runs.filter { $0.params["family"] == f } }
        if let k = try call.text("kind") { runs = runs.filter { $0.tags["recsh.kind"] == k } }
        if let key = try call.text("sort") {
            let low = ["rmse", "mae"].contains(key) || key.hasSuffix("_seconds")
            runs = runs.filter { $0.metrics[key] != nil }.sorted {
                low ? $0.metrics[key]! < $1.metrics[key]! : $0.metrics[key]! > $1.metrics[key]!
            }
        }
        var t = Table(
            title: "\(runs.count) runs in \(Lifecycle.shown(store))",
            columns: [
                .init("Run"), .init("Name"), .init("Kind"), .init("Family"), .init("Evaluated on"),
                .init("NDCG@10", key: "ndcg_at_10", right: true), .init("RMSE", key: "rmse", right: true),
                .init("Fit", key: "fit_seconds", right: true), .init("Source"),
            ])
        for r in runs {
            t.rows.append([
                .volatile(String(r.id.prefix(8))), .text(r.name), .text(r.tags["recsh.kind"] ?? ""),
                .text(r.params["family"] ?? ""), .text(r.tags["recsh.evaluated_on"] ?? ""),
                r.metrics["ndcg_at_10"].map { .number($0, digits: 4) } ?? .empty,
                r.metrics["rmse"].map { .number($0, digits: 4) } ?? .empty,
                r.metrics["fit_seconds"].map { .volatile(String(format: "%.2fs", $0)) } ?? .empty,
                .text(r.tags["mlflow.source.name"] ?? ""),
            ])
        }
        return [.table(t, name: "runs")]
    }

    func compare(_ a: RunRecord, _ b: RunRecord) -> OutputBlock {
        var t = Table(
            title: "\(a.name) (~\(a.id.prefix(8))) against \(b.name) (~\(b.id.prefix(8)))",
            columns: [.init("Field"), .init("A"), .init("B"), .init("Change", right: true)])
        let volatile: Set<String> = ["fit_seconds", "eval_seconds", "predict_seconds"]
        for k in Set(a.params.keys).union(b.params.keys).sorted() where k != "recsh_version" {
            let x = a.params[k] ?? ""
            let y = b.params[k] ?? ""
            t.rows.append([.text("param \(k)"), .text(x), .text(y), .text(x == y ? "" : "differs")])
        }
        for k in Set(a.metrics.keys).union(b.metrics.keys).sorted() {
            let x = a.metrics[k]
            let y = b.metrics[k]
            func cell(_ v: Double?) -> Cell {
                guard let v else { return .empty }
                return volatile.contains(k) ? .volatile(String(format: "%.2f", v)) : .number(v, digits: 4)
            }
            var change = Cell.empty
            if let x, let y, x != 0, !volatile.contains(k) {
                change = .text(String(format: "%+.1f%%", (y - x) / x * 100))
            }
            t.rows.append([.text(k), cell(x), cell(y), change])
        }
        return .table(t, name: "compare")
    }
}
