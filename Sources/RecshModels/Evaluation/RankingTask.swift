import Dispatch
import Foundation

/// Something that scores every fit item for a batch of fit users (row-major, users x items).
public protocol BatchScorer {
    func scores(users: [Int], into out: UnsafeMutablePointer<Float>)
}

/// Averaged ranking metrics of PROTOCOL.md for one run.
public struct RankingMetrics: Sendable {
    public var precision: [Int: Double] = [:]
    public var recall: [Int: Double] = [:]
    public var ndcg: [Int: Double] = [:]
    public var hitRate: [Int: Double] = [:]
    public var mrr = 0.0
    public var coverage: [Int: Double] = [:]
    public var ndcg10StandardError = 0.0
    public var evaluatedUsers = 0
    public var seconds = 0.0
}

/// One I1/I2 run: the binary fit matrix, each user's ground truth, and the metric computation.
public struct RankingTask: Sendable {
    public let fit: InteractionMatrix
    /// Ground-truth item indices per fit user (sorted); empty for users not evaluated.
    public let groundTruth: [[Int32]]
    public let evaluatedUsers: [Int]
    public let groundTruthPairs: Int
    public let evalPositives: Int
    /// Each fit user's items in the run's order: time order, as the splits list them.
    public let sequences: [[Int32]]
    public static let ks = [5, 10, 20]
    public static let coverageKs = [20, 100]

    public init(_ run: RankingRun) {
        fit = InteractionMatrix(users: run.fitUsers, items: run.fitItems)
        let uIndex = IdIndex(fit.userIds)
        let iIndex = IdIndex(fit.itemIds)
        var seqs = [[Int32]](repeating: [], count: fit.rows)
        for (u, i) in zip(run.fitUsers, run.fitItems) { seqs[uIndex[u]!].append(Int32(iIndex[i]!)) }
        sequences = seqs
        var gt = [[Int32]](repeating: [], count: fit.rows)
        for k in run.evalUsers.indices {
            guard let u = uIndex[run.evalUsers[k]], let i = iIndex[run.evalItems[k]] else { continue }
            gt[u].append(Int32(i))
        }
        var pairs = 0
        for u in gt.indices where !gt[u].isEmpty {
            gt[u] = Array(Set(gt[u])).sorted()
            pairs += gt[u].count
        }
        groundTruth = gt
        evaluatedUsers = gt.indices.filter { !gt[$0].isEmpty }
        groundTruthPairs = pairs
        evalPositives = run.evalUsers.count
    }

    /// Scores every evaluated user with `scorer`, in parallel batches, and averages the metrics.
    public func evaluate(_ scorer: BatchScorer, threads: Int, isCancelled: () -> Bool = { false }) throws
        -> RankingMetrics
    {
        let started = Date()
        let nItems = fit.cols
        let batch = 128
        let batches = stride(from: 0, to: evaluatedUsers.count, by: batch).map {
            Array(evaluatedUsers[$0..<min($0 + batch, evaluatedUsers.count)])
        }
        let workers = max(1, min(threads, batches.count))
        var partials = [Partial](repeating: Partial(items: nItems), count: workers)
        let lock = NSLock()
        var next = 0
        var cancelled = false
        partials.withUnsafeMutableBufferPointer { parts in
            let partsBase = parts.baseAddress!
            Parallel.forEach(workers) { w in
                var local = Partial(items: nItems)
                let buffer = UnsafeMutablePointer<Float>.allocate(capacity: batch * nItems)
                defer { buffer.deallocate() }
                var scratch = Scratch(items: nItems)
                while true {
                    lock.lock()
                    let b = next
                    next += 1
                    lock.unlock()
                    guard b < batches.count else { break }
                    let users = batches[b]
                    scorer.scores(users: users, into: buffer)
                    for (row, u) in users.enumerated() {
                        accumulate(user: u, scores: buffer + row * nItems, into: &local, scratch: &scratch)
                    }
                }
                partsBase[w] = local
            }
        }
        if isCancelled() { cancelled = true }
        if cancelled { throw CancellationError() }
        var total = Partial(items: nItems)
        for p in partials { total.merge(p) }
        let n = Double(max(1, evaluatedUsers.count))
        var m = RankingMetrics()
        for (j, k) in Self.ks.enumerated() {
            m.precision[k] = total.precision[j] / n
            m.recall[k] = total.recall[j] / n
            m.ndcg[k] = total.ndcg[j] / n
            m.hitRate[k] = total.hits[j] / n
        }
        m.mrr = total.mrr / n
        for (j, k) in Self.coverageKs.enumerated() {
            m.coverage[k] = Double(total.covered[j].reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(max(1, nItems))
        }
        let mean = m.ndcg[10] ?? 0
        let variance = max(total.ndcg10Squares / n - mean * mean, 0) * n / max(n - 1, 1)
        m.ndcg10StandardError = (variance / n).squareRoot()
        m.evaluatedUsers = evaluatedUsers.count
        m.seconds = Date().timeIntervalSince(started)
        return m
    }

    struct Partial {
        var precision = [Double](repeating: 0, count: 3)
        var recall = [Double](repeating: 0, count: 3)
        var ndcg = [Double](repeating: 0, count: 3)
        var hits = [Double](repeating: 0, count: 3)
        var mrr = 0.0
        var ndcg10Squares = 0.0
        var covered: [[Bool]]
        init(items: Int) { covered = [[Bool](repeating: false, count: items), [Bool](repeating: false, count: items)] }
        mutating func merge(_ o: Partial) {
            for j in 0..<3 {
                precision[j] += o.precision[j]
                recall[j] += o.recall[j]
                ndcg[j] += o.ndcg[j]
                hits[j] += o.hits[j]
            }
            mrr += o.mrr
            ndcg10Squares += o.ndcg10Squares
            for j in 0..<2 { for i in covered[j].indices where o.covered[j][i] { covered[j][i] = true } }
        }
    }

    struct Scratch {
        var seen: [Bool]
        var topScores: [Float] = []
        var topItems: [Int32] = []
        init(items: Int) { seen = [Bool](repeating: false, count: items) }
    }

    /// Adds one user's metrics. One pass keeps the top 100 unseen items by (score desc, index
    /// asc), rejecting most items with a single compare; ground-truth ranks up to 100 come from
    /// it. Only when no ground-truth item made the top 100 does a second pass count the items
    /// that beat the best one, for MRR.
    func accumulate(user u: Int, scores s: UnsafeMutablePointer<Float>, into acc: inout Partial, scratch: inout Scratch)
    {
        let nItems = fit.cols
        let seenRange = fit.row(u)
        for p in seenRange { scratch.seen[Int(fit.columns[p])] = true }
        defer { for p in seenRange { scratch.seen[Int(fit.columns[p])] = false } }
        let nRankable = nItems - seenRange.count
        let kMax = min(Self.coverageKs.last!, nRankable)

        var topS = scratch.topScores
        var topI = scratch.topItems
        topS.removeAll(keepingCapacity: true)
        topI.removeAll(keepingCapacity: true)
        var threshold = -Float.infinity
        scratch.seen.withUnsafeBufferPointer { seen in
            for j in 0..<nItems {
                let v = s[j]
                // items come in index order, so an equal score never beats an earlier item
                if topS.count == kMax && v <= threshold { continue }
                if seen[j] || kMax == 0 { continue }
                var lo = 0
                var hi = topS.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if topS[mid] >= v { lo = mid + 1 } else { hi = mid }
                }
                if topS.count == kMax {
                    topS.removeLast()
                    topI.removeLast()
                }
                topS.insert(v, at: lo)
                topI.insert(Int32(j), at: lo)
                if topS.count == kMax { threshold = topS[kMax - 1] }
            }
        }

        let gt = groundTruth[u]
        let nGT = gt.count
        var ranks: [Int] = []
        for (position, item) in topI.enumerated() where gt.contains(item) { ranks.append(position + 1) }
        var best = ranks.first
        if best == nil {
            // the best unseen ground-truth item, and how many items beat it
            var g = -1
            for item in gt where !scratch.seen[Int(item)] {
                let i = Int(item)
                if g < 0 || s[i] > s[g] || (s[i] == s[g] && i < g) { g = i }
            }
            if g >= 0 {
                let sg = s[g]
                var beaten = 0
                for j in 0..<nItems where (s[j] > sg || (s[j] == sg && j < g)) && !scratch.seen[j] { beaten += 1 }
                best = beaten + 1
            }
        }
        for (j, k) in Self.ks.enumerated() {
            var hits = 0
            var dcg = 0.0
            for r in ranks where r <= k {
                hits += 1
                dcg += 1 / log2(Double(r) + 1)
            }
            var idcg = 0.0
            for r in 1...max(1, min(k, nGT)) { idcg += 1 / log2(Double(r) + 1) }
            acc.precision[j] += Double(hits) / Double(k)
            acc.recall[j] += Double(hits) / Double(nGT)
            let nd = dcg / idcg
            acc.ndcg[j] += nd
            if k == 10 { acc.ndcg10Squares += nd * nd }
            acc.hits[j] += hits > 0 ? 1 : 0
        }
        if let best { acc.mrr += 1 / Double(best) }
        let top = topI
        for (c, k) in Self.coverageKs.enumerated() {
            for t in top.prefix(k) { acc.covered[c][Int(t)] = true }
        }
        scratch.topScores = topS
        scratch.topItems = topI
    }
}
