import Dispatch

/// Item-item cosine similarity on the co-occurrence of positives, top `k` neighbours per item.
/// A user's score for item i is the sum of i's similarities to the items the user liked.
public final class ItemKNNModel: Recommender, Sendable {
    public let family = ModelFamily.knn
    public let data: TrainingData
    public let k: Int
    /// Neighbours of item j: `neighbours[start[j]..<start[j+1]]` with their similarities.
    public let start: [Int]
    public let neighbours: [Int32]
    public let weights: [Float]

    public init(data: TrainingData, k: Int = 100, control: FitControl = FitControl()) throws {
        guard k >= 1 else { throw ModelError.badParameter(name: "k", value: String(k), expected: "at least 1") }
        self.data = data
        self.k = k
        let n = data.items
        let X = data.positives
        let XT = X.transposed()
        var norms = [Float](repeating: 0, count: n)
        for i in 0..<n { norms[i] = Float(XT.row(i).count).squareRoot() }
        var lists = [[(Int32, Float)]](repeating: [], count: n)
        let chunks = max(1, control.threads * 4)
        let per = (n + chunks - 1) / chunks
        lists.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            Parallel.forEach(chunks) { c in
                var acc = [Float](repeating: 0, count: n)
                var touched: [Int] = []
                for i in min(n, c * per)..<min(n, (c + 1) * per) {
                    if control.isCancelled() { return }
                    guard norms[i] > 0 else { continue }
                    for p in XT.row(i) {
                        let u = Int(XT.columns[p])
                        for q in X.row(u) {
                            let j = Int(X.columns[q])
                            if j == i { continue }
                            if acc[j] == 0 { touched.append(j) }
                            acc[j] += 1
                        }
                    }
                    var cand: [(Int32, Float)] = touched.map { j in (Int32(j), acc[j] / (norms[i] * norms[j])) }
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
        try control.checkCancelled()
        (start, neighbours, weights) = Self.flatten(lists.count) { lists[$0] }
    }

    /// The neighbour lists as one CSR structure: offsets, neighbours, similarities.
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

    /// A model rebuilt from exported neighbour lists (items x k, padded with -1).
    public init(restoring data: TrainingData, k: Int, neighbours ids: [Int32], similarities: [Float]) throws {
        guard ids.count == data.items * k, similarities.count == ids.count else {
            throw ModelError.noData("knn: the neighbour lists are not \(data.items) x \(k)")
        }
        try ArrayCheck.indices(ids, below: data.items, "neighbors", allowingMissing: true)
        try ArrayCheck.finite(similarities, "similarities")
        self.data = data
        self.k = k
        (start, neighbours, weights) = Self.flatten(data.items) { i in
            (0..<k).compactMap { c in ids[i * k + c] >= 0 ? (ids[i * k + c], similarities[i * k + c]) : nil }
        }
    }

    public var parameters: [(String, String)] { [("k", String(k))] }

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
}
