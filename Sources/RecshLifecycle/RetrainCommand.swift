import Foundation
import RecshData
import RecshModels
import RecshServer
import RecshShell
import RecshTracking

/// `retrain NAME [models=...] [new=FILE | from=LOG | simulate=DAYS]`: ingest, merge, retrain,
/// log, evaluate on validation, apply the rule, promote or keep Production.
struct RetrainCommand: ShellCommand {
    let spec = CommandSpec(
        name: "retrain", group: .evaluation,
        summary: "ingest new ratings, retrain, evaluate on validation, and promote if the rule passes",
        usage: "retrain NAME [models=FAMILY,...] [new=FILE | from=LOG | simulate=DAYS]", arguments: 1...1,
        options: [
            OptionSpec("models", "FAMILY,...", default: "Production's family", "the candidates to train"),
            OptionSpec("new", "FILE", "a ratings file to merge (the dataset's layout)"),
            OptionSpec("from", "LOG", "the served request log: its likes become positives"),
            OptionSpec("simulate", "DAYS", "release the next days of held-out ratings (holdout)"),
        ],
        examples: ["retrain recsh-ml100k simulate=7d models=knn,als", "retrain recsh-ml100k new=new-ratings.csv"],
        details: """
            Steps: 1. ingest; 2. merge with the current dataset; 3. train each candidate and Production's configuration on \
            the merged data; 4. each train and eval is a tracked run; 5. evaluate on the I2 validation run; 6. apply the \
            promotion rule to the best candidate against Production's configuration on the same data; 7. register the \
            candidate, and promote it and reload the server, or keep Production and record why. Ctrl-C at any step leaves \
            Production and the session as they were.
            """)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard let name = call.positionals[0].text else { throw call.usageError(spec, what: "a registered model") }
        let tracker = try Tracker.of(s)
        let store = try tracker.requireStore(s)
        let current = try Lifecycle.wrap { try store.aliasVersion(name: name, alias: "production") }
        let production = try current.map { c in try Lifecycle.wrap { try store.modelVersion(name: name, version: c) } }
        let prodRun = try production.map { p in try Lifecycle.wrap { try store.run(id: p.runID) } }
        var families: [String]
        if let v = call.option("models") {
            let items: [Value] = if case .list(let l) = v { l } else { [v] }
            families = items.compactMap(\.text)
        } else if let f = prodRun?.params["family"] {
            families = [f]
        } else {
            throw ShellError.failed("\(name) has no Production version to copy: say models=knn,als")
        }
        guard !families.isEmpty,
            families.allSatisfy({ ModelFamily(rawValue: $0) != nil && $0 != "tfidf" && $0 != "svd" })
        else {
            throw ShellError.badValue(
                name: "models", value: families.joined(separator: ","),
                expected: "ranking families: popular, knn, als, ease")
        }
        // the session as it was, restored if any step fails or is cancelled
        let saved = (models: s.models, split: s.split, evaluation: s.lastEvaluation)
        let heldOut = HeldOut.of(s, dataset: d.name)
        let releasedBefore = heldOut?.released
        do {
            var steps: [OutputBlock] = []
            let (added, what) = try ingest(call, dataset: d, session: s)
            steps.append(.text("1. Ingested \(Format.grouped(added.count)) ratings (\(what))"))
            var merged = d
            merged.ratings = concat(d.ratings, added)
            let duplicates = merged.ratings.removeDuplicatePairs()
            s.add(merged)
            s.models = saved.models.filter { $0.datasetName != d.name }
            steps.append(
                .text(
                    "2. Merged: \(d.name) has \(Format.grouped(merged.ratings.count)) ratings\(duplicates > 0 ? " (\(duplicates) re-ratings kept as the latest)" : "")"
                ))
            var names: [String] = []
            for f in families {
                _ = try context.shell.run(try parse("train \(f)"))
                names.append(f)
            }
            var productionName: String?
            if let prodRun, let family = prodRun.params["family"] {
                productionName = "production"
                let params = prodRun.tags["recsh.parameters"] ?? ""
                _ = try context.shell.run(try parse("train \(family) \(params) as=production"))
            }
            steps.append(
                .text(
                    "3. Trained \(names.joined(separator: ", "))\(productionName == nil ? "" : " and Production's configuration (version \(production!.version))")"
                ))
            steps.append(.text("4. Logged each train and eval as a run in \(Lifecycle.shown(store))"))
            _ = try context.shell.run(try parse("split i2"))
            let evalNames = names + (productionName.map { [$0] } ?? [])
            let table = try context.shell.run(try parse("eval \(evalNames.joined(separator: " ")) run=validation"))
            steps += table.filter { if case .table = $0 { return true } else { return false } }
            steps.append(.text("5. Evaluated on the I2 validation run of the merged data"))
            let decision = try decide(
                names: names, productionName: productionName, production: production, store: store,
                fingerprint: merged.fingerprint)
            try s.cancellation.check()
            // registering and the rule come last: until here Production is untouched
            let register = try RegisterCommand().run(
                try parse("register \(decision.best) as \(name)"), context: context)
            guard let v = try Lifecycle.wrap({ try store.modelVersions(name: name).last }) else {
                throw ShellError.failed("registering \(decision.best) as \(name) made no version")
            }
            steps += register
            var d2 = decision.decision
            d2.candidateVersion = v.version
            steps.append(.text("6. Applied the promotion rule to \(decision.best) (version \(v.version))"))
            if !d2.checks.isEmpty { steps.append(Promotion.table(d2, name: name)) }
            let outcome = try Promotion(store: store, name: name).apply(d2, candidate: v, production: production)
            steps += outcome.map { b in
                if case .text(let t, let n) = b { return .text("7. " + t, name: n) }
                return b
            }
            if d2.promote { steps += Lifecycle.reloadServer(s, store: store, version: v) }
            return steps
        } catch {
            if let merged = try? s.dataset(named: d.name), merged.ratings.count != d.ratings.count { s.add(d) }
            s.models = saved.models
            s.split = saved.split
            s.lastEvaluation = saved.evaluation
            if let heldOut, let releasedBefore { heldOut.released = releasedBefore }
            throw error
        }
    }

    func parse(_ line: String) throws -> Invocation {
        guard let call = try CommandParser.parse(line).first else { throw ShellError.failed("empty step: \(line)") }
        return call
    }

    func concat(_ a: RatingsTable, _ b: RatingsTable) -> RatingsTable {
        RatingsTable(
            users: a.users + b.users, items: a.items + b.items, ratings: a.ratings + b.ratings,
            timestamps: a.timestamps + b.timestamps)
    }

    /// The new ratings and where they came from.
    func ingest(_ call: Invocation, dataset d: Dataset, session s: Session) throws -> (RatingsTable, String) {
        let given = ["new", "from", "simulate"].filter { call.option($0) != nil }
        guard given.count == 1 else {
            throw ShellError.failed("retrain needs exactly one of new=FILE, from=LOG or simulate=DAYS")
        }
        if let file = try call.text("new") {
            let loaded = try RatingsParser.load(path: file, format: d.format, options: LoadOptions(strict: true))
            return (loaded.table, "from \(file)")
        }
        if let log = try call.text("from") {
            guard FileManager.default.fileExists(atPath: log) else {
                throw ShellError.failed("no request log at \(log)")
            }
            let store = try RequestStore(path: log)
            let liked = try store.likes()
            let top = d.ratingScale.upperBound
            var t = RatingsTable()
            for (user, movie, time) in liked {
                t.users.append(Int32(user))
                t.items.append(movie)
                t.ratings.append(top)
                t.timestamps.append(time)
            }
            return (t, "likes from the request log \(log)")
        }
        let days = try HeldOut.days(call.option("simulate"), name: "simulate")!
        guard let h = HeldOut.of(s, dataset: d.name) else {
            throw ShellError.failed("nothing of \(d.name) is held out: holdout 30d first, then retrain simulate=7d")
        }
        let r = h.next(days: days)
        guard !r.isEmpty else { throw ShellError.failed("every held-out rating of \(d.name) is released already") }
        h.released = r.upperBound
        return (
            h.slice(r),
            "the next \(days) days held out, \(Format.date(h.ratings.timestamps[r.lowerBound])) to \(Format.date(h.ratings.timestamps[r.upperBound - 1]))"
        )
    }

    /// The best candidate by validation NDCG@10, and the rule's decision against Production's
    /// configuration on the same data.
    func decide(
        names: [String], productionName: String?, production: ModelVersion?, store: any TrackingStore,
        fingerprint: String
    ) throws -> (best: String, decision: PromotionRule.Decision) {
        let runs = try Lifecycle.allRuns(store).filter {
            $0.tags["recsh.kind"] == "eval" && $0.params["dataset_fingerprint"] == fingerprint
                && $0.params["eval_run"] == "validation"
        }
        func evaluation(_ model: String, version: Int) throws -> PromotionRule.Evaluation {
            guard let r = runs.first(where: { $0.tags["recsh.model"] == model }) else {
                throw ShellError.failed("the evaluation of \(model) was not tracked")
            }
            return PromotionRule.Evaluation(
                version: version, runID: r.id, fingerprint: fingerprint, protocolName: "i2 validation",
                metrics: r.metrics)
        }
        let candidates = try names.map { try evaluation($0, version: 0) }
        let bestIndex = candidates.indices.max {
            (candidates[$0].metrics["ndcg_at_10"] ?? 0) < (candidates[$1].metrics["ndcg_at_10"] ?? 0)
        }!
        let p = try productionName.map { try evaluation($0, version: production!.version) }
        return (
            names[bestIndex],
            try Lifecycle.wrap { try PromotionRule().decide(candidate: candidates[bestIndex], production: p) }
        )
    }
}
