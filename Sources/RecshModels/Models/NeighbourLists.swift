import Foundation

/// A model that keeps, for every item, a short list of neighbours with weights (CSR): item-kNN
/// and RP3beta. A user's score for item j is the sum of j's weights from the items the user liked.
public protocol NeighbourListModel: Recommender {
    /// How many neighbours each list keeps at most.
    var k: Int { get }
    /// Neighbours of item i: `neighbours[start[i]..<start[i+1]]`, with `weights` beside them.
    var start: [Int] { get }
    var neighbours: [Int32] { get }
    var weights: [Float] { get }
}

extension NeighbourListModel {
    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        let X = data.positives
        scores(liking: X.row(user).map { Int(X.columns[$0]) }, into: out)
    }

    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: data.items)
        for j in items {
            for p in start[j]..<start[j + 1] { out[Int(neighbours[p])] += weights[p] }
        }
    }

    public func similarity(_ a: Int, _ b: Int) -> Float {
        for p in start[a]..<start[a + 1] where Int(neighbours[p]) == b { return weights[p] }
        return 0
    }

    /// Scans each item's neighbour list once against the liked items' positions, instead of
    /// looking every liked item up in it (a user can have liked thousands).
    public func closestLiked(to items: [Int], among liked: [Int]) -> [Int?] {
        var position = [Int32](repeating: -1, count: data.items)
        for (n, j) in liked.enumerated() where position[j] < 0 { position[j] = Int32(n) }
        return items.map { item in
            var best = -1
            var bestPosition = Int32.max
            var bestScore: Float = 0
            for p in start[item]..<start[item + 1] {
                let j = Int(neighbours[p])
                let at = position[j]
                let w = weights[p]
                guard at >= 0 else { continue }
                if w > bestScore || (w == bestScore && w > 0 && at < bestPosition) {
                    best = j
                    bestScore = w
                    bestPosition = at
                }
            }
            return best >= 0 ? best : nil
        }
    }

    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: data.items)
        for p in start[item]..<start[item + 1] { out[Int(neighbours[p])] = weights[p] }
    }

    /// The lists padded to k columns with -1 and weight 0, as `export` writes them.
    public func paddedLists() -> (ids: [Int32], weights: [Float]) {
        let n = data.items
        var ids = [Int32](repeating: -1, count: n * k)
        var sims = [Float](repeating: 0, count: n * k)
        for i in 0..<n {
            for (c, p) in (start[i]..<start[i + 1]).enumerated() where c < k {
                ids[i * k + c] = neighbours[p]
                sims[i * k + c] = weights[p]
            }
        }
        return (ids, sims)
    }
}

/// Building and restoring neighbour lists.
enum NeighbourLists {
    /// x^e, with 0 for a degree of 0 (a film or user with no positives weighs nothing).
    static func power(_ x: Float, _ e: Float) -> Float { x > 0 ? Foundation.pow(x, e) : 0 }

    /// For every item i, the top `k` items j ≠ i by `weight(i, j, c)`, where c sums `userWeight[u]`
    /// (1 when nil) over the users who liked both: one pass over the co-occurrences, in parallel.
    static func build(
        _ data: TrainingData, k: Int, control: FitControl, userWeight: [Float]? = nil,
        weight: (Int, Int, Float) -> Float
    ) throws -> (start: [Int], neighbours: [Int32], weights: [Float]) {
        let n = data.items
        let X = data.positives
        let XT = X.transposed()
        var lists = [[(Int32, Float)]](repeating: [], count: n)
        let chunks = max(1, control.threads * 4)
        let per = (n + chunks - 1) / chunks
        withoutActuallyEscaping(weight) { weight in
            lists.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                Parallel.forEach(chunks) { c in
                    var acc = [Float](repeating: 0, count: n)
                    var touched: [Int] = []
                    for i in min(n, c * per)..<min(n, (c + 1) * per) {
                        if control.isCancelled() { return }
                        for p in XT.row(i) {
                            let u = Int(XT.columns[p])
                            let w = userWeight?[u] ?? 1
                            for q in X.row(u) {
                                let j = Int(X.columns[q])
                                if j == i { continue }
                                if acc[j] == 0 { touched.append(j) }
                                acc[j] += w
                            }
                        }
                        var cand: [(Int32, Float)] = touched.map { j in (Int32(j), weight(i, j, acc[j])) }
                        for j in touched { acc[j] = 0 }
                        touched.removeAll(keepingCapacity: true)
                        cand.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
                        base[i] = Array(cand.prefix(k))
                        if c == 0 && i % 256 == 0 {
                            control.progress(Double(i - c * per) / Double(max(1, per)), "neighbours")
                        }
                    }
                }
            }
        }
        try control.checkCancelled()
        return flatten(n) { lists[$0] }
    }

    /// Lists exported by `paddedLists`, checked: indices in range (or -1), finite weights.
    static func restore(items: Int, k: Int, ids: [Int32], weights: [Float], model: String) throws -> (
        start: [Int], neighbours: [Int32], weights: [Float]
    ) {
        guard ids.count == items * k, weights.count == ids.count else {
            throw ModelError.noData("\(model): the neighbour lists are not \(items) x \(k)")
        }
        try ArrayCheck.indices(ids, below: items, "neighbors", allowingMissing: true)
        try ArrayCheck.finite(weights, "similarities")
        return flatten(items) { i in
            (0..<k).compactMap { c in ids[i * k + c] >= 0 ? (ids[i * k + c], weights[i * k + c]) : nil }
        }
    }

    /// The neighbour lists as one CSR structure: offsets, neighbours, weights.
    static func flatten(_ count: Int, _ list: (Int) -> [(Int32, Float)]) -> ([Int], [Int32], [Float]) {
        var start = [0]
        var neighbours: [Int32] = []
        var weights: [Float] = []
        for i in 0..<count {
            for (j, w) in list(i) {
                neighbours.append(j)
                weights.append(w)
            }
            start.append(neighbours.count)
        }
        return (start, neighbours, weights)
    }
}
