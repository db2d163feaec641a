import Foundation
import RecshModels

/// Spark MLlib's implicit ALS as an engine behind recsh's commands: fit factors, and rank every
/// user's unseen films with `recommendForAllUsers`. recsh's data go in, factors and Parquet come
/// out; the session, evaluation, export and serving stay recsh's.
public enum SparkALS {
    /// job.json of a fit. `alpha` is MLlib's: its confidence is 1 + alpha, recsh's is alpha.
    public struct FitSettings: Encodable, Sendable {
        public var rank: Int
        public var iterations: Int
        public var reg: Float
        public var alpha: Float
        public var seed: Int
        public var blocks: Int?
        /// How many pieces the driver ships the positives in.
        public var slices: Int

        public init(rank: Int, iterations: Int, reg: Float, alpha: Float, seed: Int, blocks: Int?, slices: Int = 8) {
            self.rank = rank
            self.iterations = iterations
            self.reg = reg
            self.alpha = alpha
            self.seed = seed
            self.blocks = blocks
            self.slices = slices
        }
    }

    /// Factors in recsh's row order, with how many rows Spark left out.
    public struct Fitted: Sendable {
        public let userFactors: [Float]
        public let itemFactors: [Float]
        public let missingUsers: Int
        public let missingItems: Int
        public let result: SparkJob.Result
    }

    /// Fits MLlib's ALS on `positives` and maps the factors back by id.
    public static func fit(
        _ positives: InteractionMatrix, settings: FitSettings, job: SparkJob, cancelled: () -> Bool
    ) throws(EngineError) -> Fitted {
        try RawArrays.writePositives(positives, to: job.path("input"))
        let result = try job.run("als", settings: settings, cancelled: cancelled)
        let users = try FactorTable.read(job.path("output/users"), rank: settings.rank)
        let items = try FactorTable.read(job.path("output/items"), rank: settings.rank)
        for (table, known, side) in [(users, positives.userIds, "users"), (items, positives.itemIds, "items")] {
            let ids = Set(known)
            if let stray = table.ids.first(where: { !ids.contains($0) }) {
                throw .badOutput(
                    path: job.path("output/\(side)/ids.i32"),
                    reason: "it names id \(stray), which is not in the data sent")
            }
        }
        let u = users.aligned(to: positives.userIds)
        let i = items.aligned(to: positives.itemIds)
        return Fitted(
            userFactors: u.factors, itemFactors: i.factors, missingUsers: u.missing, missingItems: i.missing,
            result: result)
    }

    /// job.json of a scoring run.
    struct RecommendSettings: Encodable {
        var rank: Int
        var k: Int
        var items: Int
        var maxSeen: Int
        var slices: Int
        var out: String
    }

    /// Ranks every user's films with `recommendForAllUsers` over the given factors, leaving out
    /// each user's films in `seen` (whose ids order the factor rows), and writes the top `k` as
    /// Parquet (userId, rank, movieId, score) to the folder `out`, which must not exist yet.
    /// Returns the job's result (`rows` written).
    public static func recommendAll(
        seen: InteractionMatrix, rank: Int, userFactors: [Float], itemFactors: [Float], k: Int, out: String,
        job: SparkJob, cancelled: () -> Bool
    ) throws(EngineError) -> SparkJob.Result {
        try job.makeFolder("input/users")
        try job.makeFolder("input/items")
        try FactorTable(ids: seen.userIds, rank: rank, factors: userFactors).write(to: job.path("input/users"))
        try FactorTable(ids: seen.itemIds, rank: rank, factors: itemFactors).write(to: job.path("input/items"))
        try RawArrays.writePositives(seen, to: job.path("input"))
        let maxSeen = (0..<seen.rows).map { seen.row($0).count }.max() ?? 0
        let settings = RecommendSettings(rank: rank, k: k, items: seen.cols, maxSeen: maxSeen, slices: 8, out: out)
        return try job.run("recommend", settings: settings, cancelled: cancelled)
    }
}
