import Foundation

/// SVD++'s SGD, with Surprise's update rule and order: users in turn, each user's ratings in
/// turn, one step per rating on b_u, b_i, p_u, q_i and every y_j of the user's films.
///
/// Surprise re-sums z = |N(u)|^-½ Σ y_j for every rating and touches every y_j after it: a cost
/// of |N(u)|·k per rating. Both are exact in closed form instead. One step moves every y_j of the
/// user by the same rule, y_j ← c·y_j + η·e·n·q_i (c = 1 − η·λ, n = |N(u)|^-½), so z moves by
/// z ← z + η(e·q_i − λz), and after m steps y_j = c^m·y_j + D with D ← c·D + η·e·n·q_i.
/// The y_j are then written once per user: |N(u)|·k per user, not per rating.
struct SVDppTraining {
    let ratings: ExplicitRatings
    let factors: Int
    let stride: Int
    /// The rating indices of each user, as CSR over `order`.
    let userStart: [Int]
    let order: [Int32]
    var p: [Float]
    var q: [Float]
    var y: [Float]
    var bu: [Float]
    var bi: [Float]
    let knownUser: [Bool]
    let knownItem: [Bool]

    /// Zero factors and biases over the users' rated films (call `randomise` before training).
    init(ratings e: ExplicitRatings, users: Int, items: Int, factors: Int, stride kp: Int) {
        ratings = e
        self.factors = factors
        stride = kp
        var start = [Int](repeating: 0, count: users + 1)
        for u in e.users { start[Int(u) + 1] += 1 }
        for u in 0..<users { start[u + 1] += start[u] }
        var fill = start
        var order = [Int32](repeating: 0, count: e.ratings.count)
        var ku = [Bool](repeating: false, count: users)
        var ki = [Bool](repeating: false, count: items)
        for j in e.ratings.indices {
            let u = Int(e.users[j])
            order[fill[u]] = Int32(j)
            fill[u] += 1
            ku[u] = true
            ki[Int(e.items[j])] = true
        }
        userStart = start
        self.order = order
        knownUser = ku
        knownItem = ki
        p = [Float](repeating: 0, count: users * kp)
        q = [Float](repeating: 0, count: items * kp)
        y = q
        bu = [Float](repeating: 0, count: users)
        bi = [Float](repeating: 0, count: items)
    }

    /// Factors drawn from N(0, initStd²), as Surprise starts them; the padding stays zero.
    mutating func randomise(initStd: Float, rng: inout SeededGenerator) {
        for m in [\SVDppTraining.p, \SVDppTraining.q, \SVDppTraining.y] {
            let rows = self[keyPath: m].count / stride
            for r in 0..<rows { for f in 0..<factors { self[keyPath: m][r * stride + f] = rng.normal() * initStd } }
        }
    }

    mutating func run(epochs: Int, lr: Float, reg: Float, control: FitControl) throws {
        let n = ratings.ratings.count
        let mu = ratings.mean
        for epoch in 0..<epochs {
            try control.checkCancelled()
            let sq = epochPass(lr: lr, reg: reg, mu: mu)
            control.progress(
                Double(epoch + 1) / Double(epochs),
                String(format: "epoch %d/%d, train RMSE %.4f", epoch + 1, epochs, (sq / Double(n)).squareRoot()))
            guard sq.isFinite else {
                throw ModelError.diverged(model: "svdpp", hint: "lr=\(lr) is probably too large; the default is 0.007")
            }
        }
    }

    /// One pass over every rating; returns the sum of squared training errors.
    mutating func epochPass(lr: Float, reg: Float, mu: Float) -> Double {
        let lanes = stride / 8
        let users = userStart.count - 1
        let vlr = SIMD8<Float>(repeating: lr)
        let vreg = SIMD8<Float>(repeating: reg)
        let c = 1 - lr * reg
        let vc = SIMD8<Float>(repeating: c)
        var total = 0.0
        // z and D live in one scratch row pair, allocated once per pass
        var scratch = [Float](repeating: 0, count: 2 * stride)
        let rowBytes = stride * 4
        let (its, rs) = (ratings.items, ratings.ratings)
        // the biases move out of self for the pass, so the closures below own them alone
        var bu = self.bu
        var bi = self.bi
        self.bu = []
        self.bi = []
        defer {
            self.bu = bu
            self.bi = bi
        }
        p.withUnsafeMutableBytes { P in
            q.withUnsafeMutableBytes { Q in
                y.withUnsafeMutableBytes { Y in
                    scratch.withUnsafeMutableBytes { S in
                        let z = S.baseAddress!
                        let D = z + rowBytes
                        for u in 0..<users where userStart[u] < userStart[u + 1] {
                            let range = userStart[u]..<userStart[u + 1]
                            let norm = 1 / Float(range.count).squareRoot()
                            let vnorm = SIMD8<Float>(repeating: norm)
                            for l in 0..<lanes {
                                z.storeBytes(of: SIMD8<Float>(), toByteOffset: l * 32, as: SIMD8<Float>.self)
                                D.storeBytes(of: SIMD8<Float>(), toByteOffset: l * 32, as: SIMD8<Float>.self)
                            }
                            for k in range {
                                let yj = Y.baseAddress! + Int(its[Int(order[k])]) * rowBytes
                                for l in 0..<lanes {
                                    let v =
                                        z.load(fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                        + yj.loadUnaligned(fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                    z.storeBytes(of: v, toByteOffset: l * 32, as: SIMD8<Float>.self)
                                }
                            }
                            for l in 0..<lanes {
                                let v = z.load(fromByteOffset: l * 32, as: SIMD8<Float>.self) * vnorm
                                z.storeBytes(of: v, toByteOffset: l * 32, as: SIMD8<Float>.self)
                            }
                            let pu = P.baseAddress! + u * rowBytes
                            var decay: Float = 1
                            for k in range {
                                let j = Int(order[k])
                                let i = Int(its[j])
                                let qi = Q.baseAddress! + i * rowBytes
                                var acc = SIMD8<Float>()
                                for l in 0..<lanes {
                                    acc +=
                                        qi.loadUnaligned(fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                        * (pu.loadUnaligned(fromByteOffset: l * 32, as: SIMD8<Float>.self)
                                            + z.load(fromByteOffset: l * 32, as: SIMD8<Float>.self))
                                }
                                let err = rs[j] - (mu + bu[u] + bi[i] + acc.sum())
                                total += Double(err * err)
                                bu[u] += lr * (err - reg * bu[u])
                                bi[i] += lr * (err - reg * bi[i])
                                let ve = SIMD8<Float>(repeating: err)
                                for l in 0..<lanes {
                                    let o = l * 32
                                    let pf = pu.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    let qf = qi.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                    let zf = z.load(fromByteOffset: o, as: SIMD8<Float>.self)
                                    let df = D.load(fromByteOffset: o, as: SIMD8<Float>.self)
                                    pu.storeBytes(
                                        of: pf + vlr * (ve * qf - vreg * pf), toByteOffset: o, as: SIMD8<Float>.self)
                                    qi.storeBytes(
                                        of: qf + vlr * (ve * (pf + zf) - vreg * qf), toByteOffset: o,
                                        as: SIMD8<Float>.self)
                                    z.storeBytes(
                                        of: zf + vlr * (ve * qf - vreg * zf), toByteOffset: o, as: SIMD8<Float>.self)
                                    D.storeBytes(
                                        of: vc * df + vlr * ve * vnorm * qf, toByteOffset: o, as: SIMD8<Float>.self)
                                }
                                decay *= c
                            }
                            let vdecay = SIMD8<Float>(repeating: decay)
                            for k in range {
                                let yj = Y.baseAddress! + Int(its[Int(order[k])]) * rowBytes
                                for l in 0..<lanes {
                                    let o = l * 32
                                    let v =
                                        vdecay * yj.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                                        + D.load(fromByteOffset: o, as: SIMD8<Float>.self)
                                    yj.storeBytes(of: v, toByteOffset: o, as: SIMD8<Float>.self)
                                }
                            }
                        }
                    }
                }
            }
        }
        return total
    }

    /// p_u + |N(u)|^-½ Σ y_j per user, for prediction.
    func userVectors() -> [Float] {
        var out = p
        for u in 0..<(userStart.count - 1) where userStart[u] < userStart[u + 1] {
            let range = userStart[u]..<userStart[u + 1]
            let norm = 1 / Float(range.count).squareRoot()
            for k in range {
                let i = Int(ratings.items[Int(order[k])])
                for f in 0..<stride { out[u * stride + f] += y[i * stride + f] * norm }
            }
        }
        return out
    }
}
