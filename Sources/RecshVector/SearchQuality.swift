import Dispatch

/// How an approximate index compares with exact search on the same queries: recall@k and the
/// latency of one query, each query's own vector left out of both answers (as `similar` does).
public struct SearchQuality: Sendable {
    public var queries: Int
    public var k: Int
    public var ef: Int
    /// The share of exact top-k rows that the index also returned, over all queries.
    public var recall: Double
    /// Per-query latency in milliseconds, one thread: median and 99th percentile.
    public var exactMedian: Double
    public var exactP99: Double
    public var indexMedian: Double
    public var indexP99: Double

    /// Measures `index` at each breadth in `efs` against exact search over the same `vectors`, on
    /// `queries` rows spread evenly over the set so that the figures are the same on every run.
    /// Exact search runs once per query: its answer and its time do not depend on the breadth.
    public static func measure(
        _ vectors: [Float], dimension: Int, index: HNSWIndex, queries: Int, k: Int, efs: [Int]
    ) throws -> [SearchQuality] {
        let rows = vectors.count / dimension
        guard rows > k + 1 else { throw VectorError.shape("\(rows) vectors are too few for recall@\(k)") }
        let n = min(queries, rows)
        var exactTimes: [Double] = []
        var indexTimes = [[Double]](repeating: [], count: efs.count)
        var found = [Int](repeating: 0, count: efs.count)
        var scratch = [Float](repeating: 0, count: rows)
        func elapsed(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6 }
        try vectors.withUnsafeBufferPointer { v in
            for q in 0..<n {
                let row = Int((Double(q) + 0.5) * Double(rows) / Double(n))
                let query = v.baseAddress! + row * dimension
                let t = DispatchTime.now().uptimeNanoseconds
                let exact = scratch.withUnsafeMutableBufferPointer {
                    ExactSearch.top(
                        v.baseAddress!, rows: rows, dimension: dimension, query: query, k: k, excluded: [row],
                        scratch: $0.baseAddress!)
                }
                exactTimes.append(elapsed(since: t))
                let truth = Set(exact.map(\.0))
                for (e, ef) in efs.enumerated() {
                    let t = DispatchTime.now().uptimeNanoseconds
                    let approx = try index.search(query, k: k + 1, ef: ef).filter { $0.0 != row }.prefix(k)
                    indexTimes[e].append(elapsed(since: t))
                    found[e] += approx.filter { truth.contains($0.0) }.count
                }
            }
        }
        func percentile(_ xs: [Double], _ p: Double) -> Double {
            let sorted = xs.sorted()
            return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        let exactMedian = percentile(exactTimes, 0.5)
        let exactP99 = percentile(exactTimes, 0.99)
        return efs.indices.map { e in
            SearchQuality(
                queries: n, k: k, ef: efs[e], recall: Double(found[e]) / Double(n * k), exactMedian: exactMedian,
                exactP99: exactP99, indexMedian: percentile(indexTimes[e], 0.5),
                indexP99: percentile(indexTimes[e], 0.99))
        }
    }
}
