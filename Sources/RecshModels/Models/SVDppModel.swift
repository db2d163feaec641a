import Foundation

/// SVD++ (Koren 2008) for explicit ratings, with Surprise's parameter names and defaults:
/// r̂ = μ + b_u + b_i + q_iᵀ(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j), N(u) the films u rated.
///
/// Training follows Surprise's order and updates exactly (ratings grouped by user, one SGD step
/// per rating), but never re-sums the implicit term per rating: see `SVDppTraining`.
public final class SVDppModel: Recommender, Sendable {
    public let family = ModelFamily.svdpp
    public let data: TrainingData
    public let factors: Int
    public let epochs: Int
    public let lr: Float
    public let reg: Float
    public let mean: Float
    public let userBias: [Float]
    public let itemBias: [Float]
    /// q: items × stride.
    public let itemFactors: [Float]
    /// y: items × stride, the implicit factor each rated film adds to its raters.
    public let implicitFactors: [Float]
    /// p_u + |N(u)|^-½ Σ y_j for each user (users × stride): what predictions use.
    public let userVectors: [Float]
    /// The rating scale predictions are clipped to.
    let scale: ClosedRange<Float>
    public let knownUser: [Bool]
    public let knownItem: [Bool]
    let unitItems: [Float]
    /// Floats per factor row (factors rounded up to a multiple of 8).
    public let stride: Int

    /// Surprise's SVDpp defaults.
    public static let defaults = (factors: 20, epochs: 20, lr: Float(0.007), reg: Float(0.02))

    public init(
        data: TrainingData, factors: Int = defaults.factors, epochs: Int = defaults.epochs, lr: Float = defaults.lr,
        reg: Float = defaults.reg, initStd: Float = 0.1, control: FitControl = FitControl()
    ) throws {
        guard let e = data.explicit, !e.ratings.isEmpty else { throw ModelError.needsExplicitRatings("svdpp") }
        guard factors >= 1 && factors <= 1024 else {
            throw ModelError.badParameter(name: "factors", value: String(factors), expected: "1 to 1024")
        }
        guard epochs >= 1 else {
            throw ModelError.badParameter(name: "epochs", value: String(epochs), expected: "at least 1")
        }
        guard lr > 0 && lr.isFinite else {
            throw ModelError.badParameter(name: "lr", value: String(lr), expected: "a positive number")
        }
        guard reg >= 0 && reg.isFinite else {
            throw ModelError.badParameter(name: "reg", value: String(reg), expected: "0 or more")
        }
        let kp = (factors + 7) / 8 * 8
        var rng = SeededGenerator(seed: control.seed)
        var t = SVDppTraining(ratings: e, users: data.users, items: data.items, factors: factors, stride: kp)
        t.randomise(initStd: initStd, rng: &rng)
        try t.run(epochs: epochs, lr: lr, reg: reg, control: control)
        guard [t.p, t.q, t.y, t.bu, t.bi].allSatisfy(ArrayCheck.isFinite) else {
            throw ModelError.diverged(
                model: "svdpp",
                hint: "lr=\(lr) or reg=\(reg) is probably out of range; the defaults are lr=0.007 reg=0.02")
        }
        self.data = data
        self.factors = factors
        self.epochs = epochs
        self.lr = lr
        self.reg = reg
        stride = kp
        mean = e.mean
        userBias = t.bu
        itemBias = t.bi
        scale = e.scale
        itemFactors = t.q
        implicitFactors = t.y
        knownUser = t.knownUser
        knownItem = t.knownItem
        userVectors = t.userVectors()
        unitItems = FactorMath.unitRows(t.q, rows: data.items, stride: kp)
    }

    /// A model rebuilt from exported arrays (rows of `factors` floats). `userVectors` are the
    /// users' p_u + |N(u)|^-½ Σ y_j, as `export` writes them: a restored model needs no ratings.
    public init(
        restoring data: TrainingData, factors: Int, epochs: Int, lr: Float, reg: Float, mean: Float,
        userVectors p: [Float], itemFactors q: [Float], implicitFactors y: [Float], userBias: [Float],
        itemBias: [Float]
    ) throws {
        guard factors >= 1, p.count == data.users * factors, q.count == data.items * factors,
            y.count == data.items * factors, userBias.count == data.users, itemBias.count == data.items
        else {
            throw ModelError.noData(
                "svdpp: the arrays do not match \(data.users) users, \(data.items) items and \(factors) factors")
        }
        for (a, name) in [
            (p, "user_factors"), (q, "item_factors"), (y, "implicit_factors"), (userBias, "user_bias"),
            (itemBias, "item_bias"),
        ] {
            try ArrayCheck.finite(a, name)
        }
        let kp = (factors + 7) / 8 * 8
        func pad(_ m: [Float], rows: Int) -> [Float] {
            var out = [Float](repeating: 0, count: rows * kp)
            for r in 0..<rows { for f in 0..<factors { out[r * kp + f] = m[r * factors + f] } }
            return out
        }
        self.data = data
        self.factors = factors
        self.epochs = epochs
        self.lr = lr
        self.reg = reg
        self.mean = mean
        stride = kp
        scale = data.explicit?.scale ?? -Float.greatestFiniteMagnitude...Float.greatestFiniteMagnitude
        self.userBias = userBias
        self.itemBias = itemBias
        userVectors = pad(p, rows: data.users)
        itemFactors = pad(q, rows: data.items)
        implicitFactors = pad(y, rows: data.items)
        knownUser = [Bool](repeating: true, count: data.users)
        knownItem = [Bool](repeating: true, count: data.items)
        unitItems = FactorMath.unitRows(itemFactors, rows: data.items, stride: kp)
    }

    public var parameters: [(String, String)] {
        [("factors", String(factors)), ("epochs", String(epochs)), ("lr", String(lr)), ("reg", String(reg))]
    }
}

extension SVDppModel: RatingPredictor {
    /// The predicted rating, clipped to the scale; unknown users or items get the baseline only.
    public func predict(user u: Int?, item i: Int?) -> Float {
        var r = mean
        let ku = u.map { knownUser[$0] } ?? false
        let ki = i.map { knownItem[$0] } ?? false
        if ku { r += userBias[u!] }
        if ki { r += itemBias[i!] }
        if ku && ki {
            userVectors.withUnsafeBufferPointer { p in
                itemFactors.withUnsafeBufferPointer { q in
                    r += FactorMath.dot(p.baseAddress! + u! * stride, q.baseAddress! + i! * stride, stride)
                }
            }
        }
        return min(max(r, scale.lowerBound), scale.upperBound)
    }
}

extension SVDppModel: UnitFactorModel {
    var unitStride: Int { stride }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        userVectors.withUnsafeBufferPointer { p in
            itemFactors.withUnsafeBufferPointer { q in
                FactorMath.multiplyTransposed(
                    p.baseAddress! + user * stride, rows: 1, q.baseAddress!, cols: data.items, k: stride, into: out)
            }
        }
        for i in 0..<data.items { out[i] += mean + userBias[user] + itemBias[i] }
    }

    /// A new user is what SVD++ folds in without training: p = 0 and the implicit term of the
    /// liked films, plus the films' biases.
    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        var x = [Float](repeating: 0, count: stride)
        let norm = 1 / Float(max(1, items.count)).squareRoot()
        for i in items { for f in 0..<stride { x[f] += implicitFactors[i * stride + f] * norm } }
        x.withUnsafeBufferPointer { xp in
            itemFactors.withUnsafeBufferPointer { q in
                FactorMath.multiplyTransposed(
                    xp.baseAddress!, rows: 1, q.baseAddress!, cols: data.items, k: stride, into: out)
            }
        }
        for i in 0..<data.items { out[i] += itemBias[i] }
    }
}
