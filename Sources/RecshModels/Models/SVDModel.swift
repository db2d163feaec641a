import COpenBLAS
import Dispatch
import Foundation

/// Biased matrix factorisation for explicit ratings trained by SGD, with Surprise's parameter
/// names and defaults: r̂ = μ + b_u + b_i + q_iᵀp_u.
public final class SVDModel: Recommender, Sendable {
    public let family = ModelFamily.svd
    public let data: TrainingData
    public let factors: Int
    public let epochs: Int
    public let lr: Float
    public let reg: Float
    public let initStd: Float
    public let mean: Float
    public let userBias: [Float]
    public let itemBias: [Float]
    public let userFactors: [Float]
    public let itemFactors: [Float]
    /// Users and items that had at least one training rating (others fall back to the baseline).
    public let knownUser: [Bool]
    public let knownItem: [Bool]
    let unitItems: [Float]
    /// Strata per side of the stratified SGD (fixed, so results do not depend on threads).
    static let strata = 4
    /// Floats per factor row (factors rounded up to a multiple of 8).
    public let stride: Int

    public init(
        data: TrainingData, factors: Int = 100, epochs: Int = 20, lr: Float = 0.005, reg: Float = 0.02,
        initStd: Float = 0.1,
        control: FitControl = FitControl()
    ) throws {
        guard let e = data.explicit, !e.ratings.isEmpty else { throw ModelError.needsExplicitRatings("svd") }
        guard factors >= 1 && factors <= 1024 else {
            throw ModelError.badParameter(name: "factors", value: String(factors), expected: "1 to 1024")
        }
        guard epochs >= 1 else {
            throw ModelError.badParameter(name: "epochs", value: String(epochs), expected: "at least 1")
        }
        guard lr > 0 else {
            throw ModelError.badParameter(name: "lr", value: String(lr), expected: "a positive number")
        }
        guard reg >= 0 else { throw ModelError.badParameter(name: "reg", value: String(reg), expected: "0 or more") }
        self.data = data
        self.factors = factors
        self.epochs = epochs
        self.lr = lr
        self.reg = reg
        self.initStd = initStd
        let nu = data.users
        let ni = data.items
        let k = factors
        // rows are padded to a multiple of 8 floats so the updates run on SIMD8 lanes; the
        // padding starts at zero and its gradient is zero, so it stays zero
        let kp = (k + 7) / 8 * 8
        stride = kp
        var rng = SeededGenerator(seed: control.seed)
        var userFactors = [Float](repeating: 0, count: nu * kp)
        var itemFactors = [Float](repeating: 0, count: ni * kp)
        for u in 0..<nu { for f in 0..<k { userFactors[u * kp + f] = rng.normal() * initStd } }
        for i in 0..<ni { for f in 0..<k { itemFactors[i * kp + f] = rng.normal() * initStd } }
        var userBias = [Float](repeating: 0, count: nu)
        var itemBias = [Float](repeating: 0, count: ni)
        var knownUser = [Bool](repeating: false, count: nu)
        var knownItem = [Bool](repeating: false, count: ni)
        for j in e.users.indices {
            knownUser[Int(e.users[j])] = true
            knownItem[Int(e.items[j])] = true
        }
        mean = e.mean
        let n = e.ratings.count
        let mu = e.mean
        let lanes = kp / 8
        let vlr = SIMD8<Float>(repeating: lr)
        let vreg = SIMD8<Float>(repeating: reg)
        // Stratified SGD: ratings fall into S x S blocks by (user % S, item % S); the S blocks
        // (g, (g + d) % S) of a sub-epoch share no user and no item, so they run in parallel and
        // the result does not depend on the thread count
        let S = Self.strata
        var blocks = [[Int32]](repeating: [], count: S * S)
        for j in 0..<n { blocks[(Int(e.users[j]) % S) * S + Int(e.items[j]) % S].append(Int32(j)) }
        let rowBytes = kp * MemoryLayout<Float>.stride
        for epoch in 0..<epochs {
            try control.checkCancelled()
            var sq = [Double](repeating: 0, count: S)
            e.users.withUnsafeBufferPointer { us in
                e.items.withUnsafeBufferPointer { its in
                    e.ratings.withUnsafeBufferPointer { rs in
                        userFactors.withUnsafeMutableBufferPointer { pu in
                            itemFactors.withUnsafeMutableBufferPointer { qi in
                                userBias.withUnsafeMutableBufferPointer { bu in
                                    itemBias.withUnsafeMutableBufferPointer { bi in
                                        sq.withUnsafeMutableBufferPointer { sqp in
                                            let P = UnsafeMutableRawPointer(pu.baseAddress!)
                                            let Q = UnsafeMutableRawPointer(qi.baseAddress!)
                                            let BU = bu.baseAddress!
                                            let BI = bi.baseAddress!
                                            let SQ = sqp.baseAddress!
                                            for d in 0..<S {
                                                Parallel.forEach(control.threads > 1 ? S : 1) { worker in
                                                    let groups = control.threads > 1 ? worker...worker : 0...(S - 1)
                                                    for g in groups {
                                                        var local = 0.0
                                                        let block = blocks[g * S + (g + d) % S]
                                                        for (position, jj) in block.enumerated() {
                                                            if position + 4 < block.count {
                                                                let ahead = Int(block[position + 4])
                                                                let pa = P + Int(us[ahead]) * rowBytes
                                                                let qa = Q + Int(its[ahead]) * rowBytes
                                                                for line in Swift.stride(from: 0, to: rowBytes, by: 64)
                                                                {
                                                                    recsh_prefetch(pa + line)
                                                                    recsh_prefetch(qa + line)
                                                                }
                                                            }
                                                            let j = Int(jj)
                                                            let u = Int(us[j])
                                                            let i = Int(its[j])
                                                            let p = P + u * rowBytes
                                                            let q = Q + i * rowBytes
                                                            var acc = SIMD8<Float>()
                                                            for l in 0..<lanes {
                                                                acc +=
                                                                    p.loadUnaligned(
                                                                        fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                                                    * q.loadUnaligned(
                                                                        fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                                            }
                                                            let err = rs[j] - (mu + BU[u] + BI[i] + acc.sum())
                                                            local += Double(err * err)
                                                            BU[u] += lr * (err - reg * BU[u])
                                                            BI[i] += lr * (err - reg * BI[i])
                                                            let verr = SIMD8<Float>(repeating: err)
                                                            for l in 0..<lanes {
                                                                let pf = p.loadUnaligned(
                                                                    fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                                                let qf = q.loadUnaligned(
                                                                    fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                                                p.storeBytes(
                                                                    of: pf + vlr * (verr * qf - vreg * pf),
                                                                    toByteOffset: l * 32, as: SIMD8<Float>.self)
                                                                q.storeBytes(
                                                                    of: qf + vlr * (verr * pf - vreg * qf),
                                                                    toByteOffset: l * 32, as: SIMD8<Float>.self)
                                                            }
                                                        }
                                                        SQ[g] += local
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let total = sq.reduce(0, +)
            control.progress(
                Double(epoch + 1) / Double(epochs),
                String(format: "epoch %d/%d, train RMSE %.4f", epoch + 1, epochs, (total / Double(n)).squareRoot()))
            // a diverging SGD overflows within an epoch or two; stop there instead of training on
            guard total.isFinite else {
                throw ModelError.diverged(model: "svd", hint: "lr=\(lr) is probably too large; the default is 0.005")
            }
        }
        guard [userFactors, itemFactors, userBias, itemBias].allSatisfy(ArrayCheck.isFinite) else {
            throw ModelError.diverged(
                model: "svd",
                hint: "lr=\(lr) or reg=\(reg) is probably out of range; the defaults are lr=0.005 reg=0.02")
        }
        self.userFactors = userFactors
        self.itemFactors = itemFactors
        self.userBias = userBias
        self.itemBias = itemBias
        self.knownUser = knownUser
        self.knownItem = knownItem
        unitItems = FactorMath.unitRows(itemFactors, rows: ni, stride: kp)
    }

    /// A model rebuilt from exported factors and biases (rows of `factors` floats).
    public init(
        restoring data: TrainingData, factors: Int, epochs: Int, lr: Float, reg: Float, mean: Float,
        userFactors p: [Float], itemFactors q: [Float], userBias: [Float], itemBias: [Float]
    ) throws {
        guard p.count == data.users * factors, q.count == data.items * factors, userBias.count == data.users,
            itemBias.count == data.items
        else {
            throw ModelError.noData(
                "svd: the arrays do not match \(data.users) users, \(data.items) items and \(factors) factors")
        }
        for (a, name) in [(p, "user_factors"), (q, "item_factors"), (userBias, "user_bias"), (itemBias, "item_bias")] {
            try ArrayCheck.finite(a, name)
        }
        self.data = data
        self.factors = factors
        self.epochs = epochs
        self.lr = lr
        self.reg = reg
        self.initStd = 0.1
        self.mean = mean
        let kp = (factors + 7) / 8 * 8
        stride = kp
        func pad(_ m: [Float], rows: Int) -> [Float] {
            var out = [Float](repeating: 0, count: rows * kp)
            for r in 0..<rows { for f in 0..<factors { out[r * kp + f] = m[r * factors + f] } }
            return out
        }
        userFactors = pad(p, rows: data.users)
        itemFactors = pad(q, rows: data.items)
        self.userBias = userBias
        self.itemBias = itemBias
        knownUser = [Bool](repeating: true, count: data.users)
        knownItem = [Bool](repeating: true, count: data.items)
        unitItems = FactorMath.unitRows(itemFactors, rows: data.items, stride: kp)
    }

    public var parameters: [(String, String)] {
        [("factors", String(factors)), ("epochs", String(epochs)), ("lr", String(lr)), ("reg", String(reg))]
    }

    /// The predicted rating, clipped to the scale; unknown users or items get the baseline only.
    public func predict(user u: Int?, item i: Int?) -> Float {
        var r = mean
        let ku = u.map { knownUser[$0] } ?? false
        let ki = i.map { knownItem[$0] } ?? false
        if ku { r += userBias[u!] }
        if ki { r += itemBias[i!] }
        if ku && ki {
            userFactors.withUnsafeBufferPointer { p in
                itemFactors.withUnsafeBufferPointer { q in
                    r += FactorMath.dot(p.baseAddress! + u! * stride, q.baseAddress! + i! * stride, stride)
                }
            }
        }
        let scale = data.explicit!.scale
        return min(max(r, scale.lowerBound), scale.upperBound)
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        userFactors.withUnsafeBufferPointer { p in
            itemFactors.withUnsafeBufferPointer { q in
                FactorMath.multiplyTransposed(
                    p.baseAddress! + user * stride, rows: 1, q.baseAddress!, cols: data.items, k: stride, into: out)
            }
        }
        for i in 0..<data.items { out[i] += mean + userBias[user] + itemBias[i] }
    }

    /// A new user: the item biases plus the mean factor direction of the liked films.
    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        var x = [Float](repeating: 0, count: stride)
        for i in items { for f in 0..<stride { x[f] += itemFactors[i * stride + f] / Float(max(1, items.count)) } }
        x.withUnsafeBufferPointer { xp in
            itemFactors.withUnsafeBufferPointer { q in
                FactorMath.multiplyTransposed(
                    xp.baseAddress!, rows: 1, q.baseAddress!, cols: data.items, k: stride, into: out)
            }
        }
        for i in 0..<data.items { out[i] += itemBias[i] }
    }
}

extension SVDModel: RatingPredictor {}

extension SVDModel: UnitFactorModel {
    var unitStride: Int { stride }
}
