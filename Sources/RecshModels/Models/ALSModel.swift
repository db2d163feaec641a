import Dispatch
import Foundation

/// Implicit-feedback matrix factorisation (Hu, Koren and Volinsky 2008) by alternating least
/// squares with conjugate-gradient steps, as in implicit 0.7: a positive has confidence `alpha`,
/// a missing entry confidence 1; both halves solve their rows in parallel.
public final class ALSModel: Recommender, Sendable {
    /// How `reg` weighs on a row: the same for every row (implicit's ALS), or times the row's
    /// number of positives (ALS-WR, Zhou et al. 2008, which Spark MLlib's `regParam` is).
    public enum RegScaling: String, Sendable, CaseIterable {
        case none, count
    }

    public let family = ModelFamily.als
    public let data: TrainingData
    public let factors: Int
    public let reg: Float
    public let regScaling: RegScaling
    /// Where the factors were fitted: "recsh", or "spark" for factors read back from Spark MLlib.
    public let engine: String
    public let alpha: Float
    public let iterations: Int
    public let cgSteps = 3
    public let userFactors: [Float]
    public let itemFactors: [Float]
    /// Item factors normalised to unit length, for "also liked" cosine.
    let unitItems: [Float]

    public init(
        data: TrainingData, factors: Int = 64, reg: Float = 0.05, alpha: Float = 10, iterations: Int = 15,
        regScaling: RegScaling = .none, control: FitControl = FitControl()
    ) throws {
        guard factors >= 1 && factors <= 1024 else {
            throw ModelError.badParameter(name: "factors", value: String(factors), expected: "1 to 1024")
        }
        guard reg >= 0 else { throw ModelError.badParameter(name: "reg", value: String(reg), expected: "0 or more") }
        guard alpha > 0 else {
            throw ModelError.badParameter(name: "alpha", value: String(alpha), expected: "a positive number")
        }
        guard iterations >= 1 else {
            throw ModelError.badParameter(name: "iterations", value: String(iterations), expected: "at least 1")
        }
        self.data = data
        self.factors = factors
        self.reg = reg
        self.regScaling = regScaling
        engine = "recsh"
        self.alpha = alpha
        self.iterations = iterations
        var rng = SeededGenerator(seed: control.seed)
        var userFactors = (0..<(data.users * factors)).map { _ in Float.random(in: 0..<1, using: &rng) * 0.01 }
        var itemFactors = (0..<(data.items * factors)).map { _ in Float.random(in: 0..<1, using: &rng) * 0.01 }
        let X = data.positives
        let XT = X.transposed()
        for it in 0..<iterations {
            try control.checkCancelled()
            Self.solve(
                &userFactors, given: itemFactors, rows: X, k: factors, reg: reg, scaling: regScaling, alpha: alpha,
                steps: cgSteps, threads: control.threads)
            Self.solve(
                &itemFactors, given: userFactors, rows: XT, k: factors, reg: reg, scaling: regScaling, alpha: alpha,
                steps: cgSteps, threads: control.threads)
            control.progress(Double(it + 1) / Double(iterations), "iteration \(it + 1)/\(iterations)")
        }
        guard ArrayCheck.isFinite(userFactors), ArrayCheck.isFinite(itemFactors) else {
            throw ModelError.diverged(
                model: "als",
                hint: "alpha=\(alpha) or reg=\(reg) is probably out of range; the defaults are alpha=10 reg=0.05")
        }
        self.userFactors = userFactors
        self.itemFactors = itemFactors
        unitItems = FactorMath.unitRows(itemFactors, rows: data.items, stride: factors)
        itemGram = Self.regularizedGram(itemFactors, k: factors, reg: regScaling == .none ? reg : 0)
    }

    /// A model rebuilt from exported factors, or from factors another engine fitted (`engine`).
    public init(
        restoring data: TrainingData, factors: Int, reg: Float, alpha: Float, iterations: Int,
        regScaling: RegScaling = .none, engine: String = "recsh", userFactors: [Float], itemFactors: [Float]
    ) throws {
        guard userFactors.count == data.users * factors, itemFactors.count == data.items * factors else {
            throw ModelError.noData(
                "als: factor arrays do not match \(data.users) users, \(data.items) items and \(factors) factors")
        }
        try ArrayCheck.finite(userFactors, "user_factors")
        try ArrayCheck.finite(itemFactors, "item_factors")
        self.data = data
        self.factors = factors
        self.reg = reg
        self.regScaling = regScaling
        self.engine = engine
        self.alpha = alpha
        self.iterations = iterations
        self.userFactors = userFactors
        self.itemFactors = itemFactors
        unitItems = FactorMath.unitRows(itemFactors, rows: data.items, stride: factors)
        itemGram = Self.regularizedGram(itemFactors, k: factors, reg: regScaling == .none ? reg : 0)
    }

    /// YᵀY + λI of the final item factors (YᵀY alone under count scaling), kept for fold-in.
    private let itemGram: [Float]

    /// One half-step: each row r of `target` solves (YᵀY + λ_r I + Σ_i (α-1) y_i y_iᵀ) x = α Σ_i y_i
    /// over its positives i, by `steps` conjugate-gradient steps from its previous value; λ_r is
    /// `reg`, or `reg` times the row's positives under count scaling.
    static func solve(
        _ target: inout [Float], given y: [Float], rows m: InteractionMatrix, k: Int, reg: Float,
        scaling: RegScaling = .none, alpha: Float, steps: Int, threads: Int
    ) {
        solve(
            &target, given: y, gram: regularizedGram(y, k: k, reg: scaling == .none ? reg : 0), rows: m, k: k,
            countReg: scaling == .count ? reg : 0, alpha: alpha, steps: steps, threads: threads)
    }

    /// YᵀY + λI.
    static func regularizedGram(_ y: [Float], k: Int, reg: Float) -> [Float] {
        var yty = [Float](repeating: 0, count: k * k)
        y.withUnsafeBufferPointer { yp in FactorMath.gram(yp.baseAddress!, rows: y.count / k, k: k, into: &yty) }
        for f in 0..<k { yty[f * k + f] += reg }
        return yty
    }

    /// `countReg` adds `countReg` times the row's number of positives to the diagonal.
    static func solve(
        _ target: inout [Float], given y: [Float], gram yty: [Float], rows m: InteractionMatrix, k: Int,
        countReg: Float = 0, alpha: Float, steps: Int, threads: Int
    ) {
        let n = m.rows
        let chunks = max(1, threads * 8)
        let per = (n + chunks - 1) / chunks
        target.withUnsafeMutableBufferPointer { tp in
            let t = tp.baseAddress!
            y.withUnsafeBufferPointer { yp in
                yty.withUnsafeBufferPointer { gp in
                    let Y = yp.baseAddress!
                    let G = gp.baseAddress!
                    Parallel.forEach(chunks) { c in
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * k)
                        defer { scratch.deallocate() }
                        let r = scratch
                        let p = scratch + k
                        let ap = scratch + 2 * k
                        for row in min(n, c * per)..<min(n, (c + 1) * per) {
                            let x = t + row * k
                            let range = m.row(row)
                            let rowReg = countReg * Float(range.count)
                            // r = b - A x
                            for f in 0..<k { r[f] = -FactorMath.dot(G + f * k, x, k) - rowReg * x[f] }
                            for q in range {
                                let yi = Y + Int(m.columns[q]) * k
                                FactorMath.axpy(alpha - (alpha - 1) * FactorMath.dot(yi, x, k), yi, r, k)
                            }
                            p.update(from: r, count: k)
                            var rsold = FactorMath.dot(r, r, k)
                            if rsold < 1e-20 { continue }
                            for _ in 0..<steps {
                                for f in 0..<k { ap[f] = FactorMath.dot(G + f * k, p, k) + rowReg * p[f] }
                                for q in range {
                                    let yi = Y + Int(m.columns[q]) * k
                                    FactorMath.axpy((alpha - 1) * FactorMath.dot(yi, p, k), yi, ap, k)
                                }
                                let step = rsold / FactorMath.dot(p, ap, k)
                                FactorMath.axpy(step, p, x, k)
                                FactorMath.axpy(-step, ap, r, k)
                                let rsnew = FactorMath.dot(r, r, k)
                                if rsnew < 1e-20 { break }
                                let beta = rsnew / rsold
                                for f in 0..<k { p[f] = r[f] + beta * p[f] }
                                rsold = rsnew
                            }
                        }
                    }
                }
            }
        }
    }

    /// `reg-scaling` and `engine` appear only when they are not the defaults, so that earlier
    /// transcripts and exports read the same.
    public var parameters: [(String, String)] {
        [
            ("factors", String(factors)), ("reg", String(reg)), ("alpha", String(alpha)),
            ("iterations", String(iterations)),
        ] + (regScaling == .none ? [] : [("reg-scaling", regScaling.rawValue)])
            + (engine == "recsh" ? [] : [("engine", engine)])
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        scores(users: [user], into: out)
    }

    public func scores(users: [Int], into out: UnsafeMutablePointer<Float>) {
        let k = factors
        let batch = UnsafeMutablePointer<Float>.allocate(capacity: users.count * k)
        defer { batch.deallocate() }
        userFactors.withUnsafeBufferPointer { u in
            for (r, user) in users.enumerated() { (batch + r * k).update(from: u.baseAddress! + user * k, count: k) }
        }
        itemFactors.withUnsafeBufferPointer { y in
            FactorMath.multiplyTransposed(batch, rows: users.count, y.baseAddress!, cols: data.items, k: k, into: out)
        }
    }

    /// Fold-in: solve the user row for the liked items with the fitted item factors.
    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        let k = factors
        var x = [Float](repeating: 0, count: k)
        let liked = Array(Set(items)).sorted()
        let one = InteractionMatrix(
            userIds: [0], itemIds: [], rowStart: [0, liked.count], columns: liked.map(Int32.init),
            values: liked.map { _ in 1 })
        for _ in 0..<3 {
            Self.solve(
                &x, given: itemFactors, gram: itemGram, rows: one, k: k, countReg: regScaling == .count ? reg : 0,
                alpha: alpha, steps: cgSteps, threads: 1)
        }
        x.withUnsafeBufferPointer { xp in
            itemFactors.withUnsafeBufferPointer { y in
                FactorMath.multiplyTransposed(
                    xp.baseAddress!, rows: 1, y.baseAddress!, cols: data.items, k: k, into: out)
            }
        }
    }
}

extension ALSModel: UnitFactorModel {
    var unitStride: Int { factors }
}
