import Foundation
import RecshData
import RecshEngines
import RecshFiles
import RecshModels
import RecshParquet

/// `recommend all [k=100] [by=MODEL] [engine=recsh|spark] [master=...] out=DIR`: every user's top
/// films without the films they rated, as Parquet (userId, rank, movieId, score): the nightly
/// batch job. Natively any community model scores; on Spark an ALS model's factors do, through
/// MLlib's recommendForAllUsers. Both write the same columns, and replace only such a folder.
enum RecommendAll {
    /// The file that marks a folder as this command's output.
    static let marker = "_recsh.json"

    static func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        for key in ["user", "likes", "genre", "years", "exclude-seen"] where call.option(key) != nil {
            throw ShellError.failed("recommend all ranks every user's unseen films; \(key)= is for recommend user=ID")
        }
        guard let out = try call.text("out"), !out.isEmpty else {
            throw ShellError.failed("recommend all needs out=DIR, the folder its Parquet files go to")
        }
        let k = try call.int("k", default: 100, in: 1...1000)
        let engine = try call.text("engine") ?? "recsh"
        guard engine == "recsh" || engine == "spark" else {
            throw ShellError.badValue(name: "engine", value: engine, expected: "recsh or spark")
        }
        if engine == "recsh", call.option("master") != nil {
            throw ShellError.failed("master= is an option of engine=spark")
        }
        var notes: [String] = []
        let model = try s.communityModel(named: try call.text("by"), notes: &notes)
        let rec = model.recommender!
        let target = out.count > 1 && out.hasSuffix("/") ? String(out.dropLast()) : out
        try OutputGuard.checkReplaceableFolder(
            target, what: "recommend all's Parquet files",
            hint: "recommend all replaces only a folder it wrote before; name a new folder"
        ) { FileManager.default.fileExists(atPath: PathText.join($0, marker)) }
        FolderSwap.removeStale(partialsOf: target)
        let staging = FolderSwap.stagingPath(for: target)
        try? FileManager.default.removeItem(atPath: staging)
        let seen = seenMatrix(d, model: model)
        let started = Date()
        var rows = 0
        if engine == "spark" {
            guard let als = rec as? ALSModel else {
                throw ShellError.failed(
                    "engine=spark scores with an ALS model's factors, and \(model.name) is \(model.family.rawValue): train als (or train als engine=spark) and add by=als"
                )
            }
            let master = try call.text("master") ?? "local[2]"
            let setup = s.sparkSetup
            let job = try setup.job(master: master)
            defer { setup.progress?.finish() }
            do {
                // absolute: a cluster's executors write from their own working folders
                let absolute =
                    staging.hasPrefix("/")
                    ? staging : PathText.join(FileManager.default.currentDirectoryPath, staging)
                let result = try SparkALS.recommendAll(
                    seen: seen, rank: als.factors, userFactors: als.userFactors, itemFactors: als.itemFactors, k: k,
                    out: absolute, job: job, cancelled: setup.poll("recommend all on Spark \(master)"))
                rows = result.rows ?? 0
            } catch {
                try? FileManager.default.removeItem(atPath: staging)
                job.cleanUp(after: error)
                throw ShellError(error)
            }
            job.remove()
        } else {
            let cancellation = s.cancellation
            guard
                let table = AllUsersTopK.rank(
                    rec, seen: seen, k: k, threads: s.settings.threads,
                    isCancelled: {
                        cancellation.isRequested
                    })
            else { throw ShellError.cancelled }
            rows = table.userIds.count
            do {
                try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
                try ParquetWriter.encode([
                    .int32("userId", table.userIds), .int32("rank", table.ranks), .int32("movieId", table.movieIds),
                    .float("score", table.scores),
                ]).write(to: URL(fileURLWithPath: PathText.join(staging, "part-00000.parquet")))
                try Data().write(to: URL(fileURLWithPath: PathText.join(staging, "_SUCCESS")))
            } catch {
                try? FileManager.default.removeItem(atPath: staging)
                throw ShellError.failed("could not write \(staging): \(error.localizedDescription)")
            }
        }
        let manifest: [String: Any] = [
            "written_by": "recsh recommend all", "model": model.name, "family": model.family.rawValue,
            "dataset": d.name, "engine": engine, "k": k, "rows": rows,
            "columns": ["userId", "rank", "movieId", "score"],
        ]
        do {
            try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted])
                .write(to: URL(fileURLWithPath: PathText.join(staging, marker)))
            try FolderSwap.publish(staging: staging, at: target)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw ShellError.failed("could not publish \(target): \(error)")
        }
        return notes.map { OutputBlock.text($0, name: "note") } + [
            .text(
                "Wrote the top \(k) unseen films of \(seen.rows) users by \(model.name) (\(rows) rows) to \(out) as Parquet"
                    + (engine == "spark" ? " with Spark" : "")
                    + " in \(Format.duration(Date().timeIntervalSince(started)))")
        ]
    }

    /// Each of the model's users' rated films among the model's films: what the lists leave out,
    /// as `recommend user=` leaves them out.
    static func seenMatrix(_ d: Dataset, model: TrainedModel) -> InteractionMatrix {
        InteractionMatrix(
            users: d.ratings.users, items: d.ratings.items, userIds: model.userIds, itemIds: model.itemIds)
    }
}
