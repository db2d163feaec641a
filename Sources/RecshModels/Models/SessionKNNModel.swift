import Foundation

/// Vector-multiplied session kNN (V-SKNN; Ludewig and Jannach 2018), with each user's history as
/// one session: the target's `recent` latest films, weighted linearly from oldest (1/m) to most
/// recent (1), are compared with every other user's films (cosine of the weighted vector with the
/// other's binary one); a film's score sums the similarities of the `k` nearest users who liked it.
/// Nothing is fitted beyond an index from film to users, so training is instant and a query
/// touches only the users who share a film with the target.
public final class SessionKNNModel: Recommender, Sendable {
    public let family = ModelFamily.sknn
    public let data: TrainingData
    public let k: Int
    public let recent: Int
    /// Users who liked each film (CSR over films).
    let filmUsers: InteractionMatrix

    public static let defaults = (k: 100, recent: 20)

    public init(data: TrainingData, k: Int = defaults.k, recent: Int = defaults.recent) throws {
        guard k >= 1 else { throw ModelError.badParameter(name: "k", value: String(k), expected: "at least 1") }
        guard recent >= 1 else {
            throw ModelError.badParameter(name: "recent", value: String(recent), expected: "at least 1")
        }
        guard data.sequences != nil else {
            throw ModelError.noData("sknn needs each user's positives in time order, which this data does not carry")
        }
        self.data = data
        self.k = k
        self.recent = recent
        filmUsers = data.positives.transposed()
    }

    public var parameters: [(String, String)] { [("k", String(k)), ("recent", String(recent))] }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        let history = data.sequences?[user].map { Int($0) } ?? []
        score(history, excluding: user, into: out)
    }

    /// `items` in the order they were watched, the last the most recent.
    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        score(items, excluding: -1, into: out)
    }

    func score(_ history: [Int], excluding me: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: data.items)
        let last = history.suffix(recent)
        guard !last.isEmpty else { return }
        // the weighted recent films against every user who shares one of them
        var dot = [Float](repeating: 0, count: data.users)
        var touched: [Int] = []
        var norm: Float = 0
        for (n, film) in last.enumerated() {
            let w = Float(n + 1) / Float(last.count)
            norm += w * w
            for p in filmUsers.row(film) {
                let u = Int(filmUsers.columns[p])
                guard u != me else { continue }
                if dot[u] == 0 { touched.append(u) }
                dot[u] += w
            }
        }
        let X = data.positives
        var neighbours = touched.map { u in
            (user: u, sim: dot[u] / (norm.squareRoot() * Float(X.row(u).count).squareRoot()))
        }
        neighbours.sort { $0.sim != $1.sim ? $0.sim > $1.sim : $0.user < $1.user }
        for (user, sim) in neighbours.prefix(k) {
            for p in X.row(user) { out[Int(X.columns[p])] += sim }
        }
    }

    /// Films liked by the same users, by cosine of their user sets.
    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: data.items)
        let X = data.positives
        for p in filmUsers.row(item) {
            let u = Int(filmUsers.columns[p])
            for q in X.row(u) { out[Int(X.columns[q])] += 1 }
        }
        let ni = Float(filmUsers.row(item).count)
        for j in 0..<data.items where out[j] > 0 {
            out[j] /= (ni * Float(filmUsers.row(j).count)).squareRoot()
        }
        out[item] = 0
    }

    /// Asked for every (recommended, liked) pair of a list's reasons, so it walks the two sorted
    /// user lists side by side instead of building a set.
    public func similarity(_ a: Int, _ b: Int) -> Float {
        guard a != b else { return 0 }
        let (ra, rb) = (filmUsers.row(a), filmUsers.row(b))
        var (p, q, shared) = (ra.lowerBound, rb.lowerBound, 0)
        while p < ra.upperBound && q < rb.upperBound {
            let (x, y) = (filmUsers.columns[p], filmUsers.columns[q])
            if x == y { shared += 1 }
            if x <= y { p += 1 }
            if y <= x { q += 1 }
        }
        return shared == 0 ? 0 : Float(shared) / (Float(ra.count) * Float(rb.count)).squareRoot()
    }
}

extension SessionKNNModel: ExportableModel {
    /// Nothing is learnt: each user's films in time order are the model.
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        let flat = (data.sequences ?? []).flatMap { $0 }
        return (["sequence_indices": NumpyArray.data(flat, shape: [flat.count])], [:])
    }
}
