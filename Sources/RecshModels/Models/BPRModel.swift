import Foundation

/// Bayesian Personalised Ranking (Rendle et al. 2009) as implicit 0.7 trains it: matrix
/// factorisation by SGD on (user, liked, not liked) triples. Each pass draws as many triples as
/// there are positives: a positive uniformly, and a negative skipped when the user liked it:
/// the film of another positive drawn uniformly, so in proportion to its popularity, as implicit
/// does (`negatives=popular`), or any film alike (`negatives=uniform`, Rendle's sampler). Films carry a bias in a last factor column (users hold 1 there), and the factors
/// start uniform in ±0.5/factors. One thread, so a seed gives the same model every run
/// (implicit's threads update the factors without locks and are not reproducible).
public final class BPRModel: Recommender, Sendable {
    public let family = ModelFamily.bpr
    public let data: TrainingData
    public let factors: Int
    public let lr: Float
    public let reg: Float
    public let iterations: Int
    public let negatives: NegativeSampling
    /// users × (factors + 1), the last column 1; items × (factors + 1), the last column the bias.
    public let userFactors: [Float]
    public let itemFactors: [Float]
    let unitItems: [Float]

    /// How a triple's negative film is drawn.
    public enum NegativeSampling: String, Sendable, CaseIterable {
        /// As often as the film is liked: implicit's sampler, which pushes popular films down.
        case popular
        /// Every film alike (Rendle et al.).
        case uniform
    }

    public static let defaults = (
        factors: 100, lr: Float(0.01), reg: Float(0.01), iterations: 100, negatives: NegativeSampling.popular
    )

    public init(
        data: TrainingData, factors: Int = defaults.factors, lr: Float = defaults.lr, reg: Float = defaults.reg,
        iterations: Int = defaults.iterations, negatives: NegativeSampling = defaults.negatives,
        control: FitControl = FitControl()
    ) throws {
        for (name, ok) in [("factors", factors >= 1), ("iterations", iterations >= 1)] where !ok {
            throw ModelError.badParameter(
                name: name, value: String(name == "factors" ? factors : iterations), expected: "at least 1")
        }
        for (name, v) in [("lr", lr), ("reg", reg)] where !(v >= 0 && v.isFinite) {
            throw ModelError.badParameter(name: name, value: "\(v)", expected: "a number >= 0")
        }
        guard data.positives.nonZeros > 0 else { throw ModelError.noData("bpr: there are no positives to learn from") }
        self.data = data
        self.factors = factors
        self.lr = lr
        self.reg = reg
        self.iterations = iterations
        self.negatives = negatives
        let d = factors + 1
        var rng = SeededGenerator(seed: control.seed)
        var users = (0..<(data.users * d)).map { _ in (Float.random(in: 0..<1, using: &rng) - 0.5) / Float(factors) }
        var items = (0..<(data.items * d)).map { _ in (Float.random(in: 0..<1, using: &rng) - 0.5) / Float(factors) }
        for u in 0..<data.users { users[u * d + factors] = 1 }
        for i in 0..<data.items { items[i * d + factors] = 0 }
        try Self.train(
            &users, &items, data: data, d: d, lr: lr, reg: reg, iterations: iterations, negatives: negatives,
            rng: &rng, control)
        guard users.allSatisfy(\.isFinite), items.allSatisfy(\.isFinite) else {
            throw ModelError.diverged(model: "bpr", hint: "lower lr")
        }
        userFactors = users
        itemFactors = items
        unitItems = Self.unitFilms(items, rows: data.items, d: d)
    }

    /// The SGD passes, in place: the hot loop touches only the three rows of a triple.
    static func train(
        _ users: inout [Float], _ items: inout [Float], data: TrainingData, d: Int, lr: Float, reg: Float,
        iterations: Int, negatives: NegativeSampling, rng: inout SeededGenerator, _ control: FitControl
    ) throws {
        let X = data.positives
        let owner = (0..<X.rows).flatMap { u in [Int32](repeating: Int32(u), count: X.row(u).count) }
        let nnz = X.nonZeros
        let f = d - 1
        let liked = LikedSet(X)
        try users.withUnsafeMutableBufferPointer { ub in
            try items.withUnsafeMutableBufferPointer { ib in
                let U = ub.baseAddress!
                let V = ib.baseAddress!
                for pass in 0..<iterations {
                    try control.checkCancelled()
                    for _ in 0..<nnz {
                        let at = rng.below(nnz)
                        let u = Int(owner[at])
                        let positive = Int(X.columns[at])
                        let other =
                            negatives == .popular ? Int(X.columns[rng.below(nnz)]) : rng.below(X.cols)
                        if liked.contains(user: u, item: other) { continue }
                        step(U + u * d, V + positive * d, V + other * d, factors: f, lr: lr, reg: reg)
                    }
                    control.progress(Double(pass + 1) / Double(iterations), "pass \(pass + 1) of \(iterations)")
                }
            }
        }
    }

    /// "Did user u like item i", asked for every sampled negative: one bit per (user, item) when
    /// that fits in 64 MB (a load instead of a binary search in the user's row), else the search.
    struct LikedSet {
        let matrix: InteractionMatrix
        let bits: [UInt64]
        let stride: Int

        init(_ X: InteractionMatrix) {
            matrix = X
            stride = (X.cols + 63) / 64
            guard X.rows * stride <= 1 << 23 else {
                bits = []
                return
            }
            var b = [UInt64](repeating: 0, count: X.rows * stride)
            for u in 0..<X.rows {
                for p in X.row(u) {
                    let i = Int(X.columns[p])
                    b[u * stride + i >> 6] |= 1 << UInt64(i & 63)
                }
            }
            bits = b
        }

        @inline(__always)
        func contains(user u: Int, item i: Int) -> Bool {
            if bits.isEmpty { return matrix.contains(row: u, column: Int32(i)) }
            return bits[u * stride + i >> 6] & (1 << UInt64(i & 63)) != 0
        }
    }

    /// One SGD step on a triple, eight factors at a time. The three rows are distinct (a negative
    /// the user liked is skipped), which the compiler cannot know, so the vectors are explicit.
    @inline(__always)
    static func step(
        _ pu: UnsafeMutablePointer<Float>, _ pi: UnsafeMutablePointer<Float>, _ pj: UnsafeMutablePointer<Float>,
        factors f: Int, lr: Float, reg: Float
    ) {
        let wide = f / 8 * 8
        let ru = UnsafeMutableRawPointer(pu)
        let ri = UnsafeMutableRawPointer(pi)
        let rj = UnsafeMutableRawPointer(pj)
        var acc = SIMD8<Float>()
        for o in stride(from: 0, to: wide * 4, by: 32) {
            let u = ru.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let i = ri.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let j = rj.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            acc.addProduct(u, i - j)
        }
        var x = acc.sum()
        // the tail, and the bias column (the user's 1 times the films' biases)
        for k in wide...f { x += pu[k] * (pi[k] - pj[k]) }
        let z = 1 / (1 + Foundation.exp(x))
        let vz = SIMD8<Float>(repeating: z)
        let vlr = SIMD8<Float>(repeating: lr)
        let vreg = SIMD8<Float>(repeating: reg)
        for o in stride(from: 0, to: wide * 4, by: 32) {
            let u = ru.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let i = ri.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            let j = rj.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
            ru.storeBytes(of: u + vlr * (vz * (i - j) - vreg * u), toByteOffset: o, as: SIMD8<Float>.self)
            ri.storeBytes(of: i + vlr * (vz * u - vreg * i), toByteOffset: o, as: SIMD8<Float>.self)
            rj.storeBytes(of: j + vlr * (-vz * u - vreg * j), toByteOffset: o, as: SIMD8<Float>.self)
        }
        for k in wide..<f {
            let uk = pu[k]
            pu[k] += lr * (z * (pi[k] - pj[k]) - reg * uk)
            pi[k] += lr * (z * uk - reg * pi[k])
            pj[k] += lr * (-z * uk - reg * pj[k])
        }
        // the bias column: the user's 1 stays, the films' biases learn
        pi[f] += lr * (z - reg * pi[f])
        pj[f] += lr * (-z - reg * pj[f])
    }

    /// A model rebuilt from exported factors (users and films × factors + 1).
    public init(
        restoring data: TrainingData, factors: Int, lr: Float, reg: Float, iterations: Int,
        negatives: NegativeSampling = defaults.negatives, userFactors: [Float],
        itemFactors: [Float]
    ) throws {
        let d = factors + 1
        guard factors >= 1, userFactors.count == data.users * d, itemFactors.count == data.items * d else {
            throw ModelError.noData(
                "bpr: factor arrays do not match \(data.users) users, \(data.items) items and \(factors)+1 columns")
        }
        try ArrayCheck.finite(userFactors, "user_factors")
        try ArrayCheck.finite(itemFactors, "item_factors")
        self.data = data
        self.factors = factors
        self.lr = lr
        self.reg = reg
        self.iterations = iterations
        self.negatives = negatives
        self.userFactors = userFactors
        self.itemFactors = itemFactors
        unitItems = Self.unitFilms(itemFactors, rows: data.items, d: d)
    }

    /// The films' factors without their bias, at unit length: what "Viewers Also Liked" compares.
    static func unitFilms(_ items: [Float], rows: Int, d: Int) -> [Float] {
        var taste = [Float](repeating: 0, count: rows * (d - 1))
        for r in 0..<rows { for k in 0..<(d - 1) { taste[r * (d - 1) + k] = items[r * d + k] } }
        return FactorMath.unitRows(taste, rows: rows, stride: d - 1)
    }

    public var parameters: [(String, String)] {
        [
            ("factors", String(factors)), ("lr", String(lr)), ("reg", String(reg)), ("iterations", String(iterations)),
            ("negatives", negatives.rawValue),
        ]
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        userFactors.withUnsafeBufferPointer { u in score(u.baseAddress! + user * (factors + 1), into: out) }
    }

    /// A new user: the mean of the liked films' factors, with the bias column's 1.
    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        let d = factors + 1
        var x = [Float](repeating: 0, count: d)
        let liked = Array(Set(items))
        for i in liked { for k in 0..<factors { x[k] += itemFactors[i * d + k] / Float(max(1, liked.count)) } }
        x[factors] = 1
        x.withUnsafeBufferPointer { score($0.baseAddress!, into: out) }
    }

    private func score(_ user: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        itemFactors.withUnsafeBufferPointer { y in
            FactorMath.multiplyTransposed(user, rows: 1, y.baseAddress!, cols: data.items, k: factors + 1, into: out)
        }
    }
}

extension BPRModel: UnitFactorModel {
    var unitStride: Int { factors }
}
