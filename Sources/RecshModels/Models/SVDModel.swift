import Foundation

/// Biased matrix factorisation for explicit ratings trained by SGD, with Surprise's parameter
/// names and defaults: r̂ = μ + b_u + b_i + q_iᵀp_u.
public final class SVDModel: Recommender, @unchecked Sendable {
    public let family = ModelFamily.svd
    public let data: TrainingData
    public let factors: Int
    public let epochs: Int
    public let lr: Float
    public let reg: Float
    public let initStd: Float
    public private(set) var mean: Float = 0
    public private(set) var userBias: [Float]
    public private(set) var itemBias: [Float]
    public private(set) var userFactors: [Float]
    public private(set) var itemFactors: [Float]
    /// Users and items that had at least one training rating (others fall back to the baseline).
    public private(set) var knownUser: [Bool]
    public private(set) var knownItem: [Bool]
    private var unitItems: [Float] = []

    public init(data: TrainingData, factors: Int = 100, epochs: Int = 20, lr: Float = 0.005, reg: Float = 0.02, initStd: Float = 0.1,
                control: FitControl = FitControl()) throws {
        guard let e = data.explicit, !e.ratings.isEmpty else { throw ModelError.needsExplicitRatings("svd") }
        guard factors >= 1 && factors <= 1024 else { throw ModelError.badParameter(name: "factors", value: String(factors), expected: "1 to 1024") }
        guard epochs >= 1 else { throw ModelError.badParameter(name: "epochs", value: String(epochs), expected: "at least 1") }
        guard lr > 0 else { throw ModelError.badParameter(name: "lr", value: String(lr), expected: "a positive number") }
        guard reg >= 0 else { throw ModelError.badParameter(name: "reg", value: String(reg), expected: "0 or more") }
        self.data = data
        self.factors = factors
        self.epochs = epochs
        self.lr = lr
        self.reg = reg
        self.initStd = initStd
        let nu = data.users, ni = data.items, k = factors
        var rng = SeededGenerator(seed: control.seed)
        userFactors = (0..<(nu * k)).map { _ in rng.normal() * initStd }
        itemFactors = (0..<(ni * k)).map { _ in rng.normal() * initStd }
        userBias = [Float](repeating: 0, count: nu)
        itemBias = [Float](repeating: 0, count: ni)
        knownUser = [Bool](repeating: false, count: nu)
        knownItem = [Bool](repeating: false, count: ni)
        for j in e.users.indices { knownUser[Int(e.users[j])] = true; knownItem[Int(e.items[j])] = true }
        mean = e.mean
        let n = e.ratings.count
        let mu = mean
        for epoch in 0..<epochs {
            try control.checkCancelled()
            var sq = 0.0
            e.users.withUnsafeBufferPointer { us in
            e.items.withUnsafeBufferPointer { its in
            e.ratings.withUnsafeBufferPointer { rs in
            userFactors.withUnsafeMutableBufferPointer { pu in
            itemFactors.withUnsafeMutableBufferPointer { qi in
            userBias.withUnsafeMutableBufferPointer { bu in
            itemBias.withUnsafeMutableBufferPointer { bi in
                let P = pu.baseAddress!, Q = qi.baseAddress!
                for j in 0..<n {
                    let u = Int(us[j]), i = Int(its[j])
                    let p = P + u * k, q = Q + i * k
                    let err = rs[j] - (mu + bu[u] + bi[i] + FactorMath.dot(p, q, k))
                    sq += Double(err * err)
                    bu[u] += lr * (err - reg * bu[u])
                    bi[i] += lr * (err - reg * bi[i])
                    for f in 0..<k {
                        let pf = p[f], qf = q[f]
                        p[f] = pf + lr * (err * qf - reg * pf)
                        q[f] = qf + lr * (err * pf - reg * qf)
                    }
                }
            }}}}}}}
            control.progress(Double(epoch + 1) / Double(epochs), String(format: "epoch %d/%d, train RMSE %.4f", epoch + 1, epochs, (sq / Double(n)).squareRoot()))
        }
        unitItems = itemFactors
        for i in 0..<ni {
            var s: Float = 0
            for f in 0..<k { s += unitItems[i * k + f] * unitItems[i * k + f] }
            let inv = s > 0 ? 1 / s.squareRoot() : 0
            for f in 0..<k { unitItems[i * k + f] *= inv }
        }
    }

    public var parameters: [(String, String)] {
        [("factors", String(factors)), ("epochs", String(epochs)), ("lr", String(lr)), ("reg", String(reg))]
    }

    /// The predicted rating, clipped to the scale; unknown users or items get the baseline only.
    public func predict(user u: Int?, item i: Int?) -> Float {
        var r = mean
        let ku = u.map { knownUser[$0] } ?? false, ki = i.map { knownItem[$0] } ?? false
        if ku { r += userBias[u!] }
        if ki { r += itemBias[i!] }
        if ku && ki {
            userFactors.withUnsafeBufferPointer { p in itemFactors.withUnsafeBufferPointer { q in
                r += FactorMath.dot(p.baseAddress! + u! * factors, q.baseAddress! + i! * factors, factors)
            } }
        }
        let scale = data.explicit!.scale
        return min(max(r, scale.lowerBound), scale.upperBound)
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        userFactors.withUnsafeBufferPointer { p in itemFactors.withUnsafeBufferPointer { q in
            FactorMath.multiplyTransposed(p.baseAddress! + user * factors, rows: 1, q.baseAddress!, cols: data.items, k: factors, into: out)
        } }
        for i in 0..<data.items { out[i] += mean + userBias[user] + itemBias[i] }
    }

    /// A new user: the item biases plus the mean factor direction of the liked films.
    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        var x = [Float](repeating: 0, count: factors)
        for i in items { for f in 0..<factors { x[f] += itemFactors[i * factors + f] / Float(max(1, items.count)) } }
        x.withUnsafeBufferPointer { xp in itemFactors.withUnsafeBufferPointer { q in
            FactorMath.multiplyTransposed(xp.baseAddress!, rows: 1, q.baseAddress!, cols: data.items, k: factors, into: out)
        } }
        for i in 0..<data.items { out[i] += itemBias[i] }
    }

    public func similarity(_ a: Int, _ b: Int) -> Float {
        unitItems.withUnsafeBufferPointer { y in FactorMath.dot(y.baseAddress! + a * factors, y.baseAddress! + b * factors, factors) }
    }

    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) {
        unitItems.withUnsafeBufferPointer { y in
            FactorMath.multiplyTransposed(y.baseAddress! + item * factors, rows: 1, y.baseAddress!, cols: data.items, k: factors, into: out)
        }
        out[item] = -.infinity
    }
}
