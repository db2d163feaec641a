import Foundation
import Testing

@testable import RecshModels

/// reg-scaling=count is ALS-WR, the objective of Spark MLlib's implicit ALS: each row's
/// regularisation is reg times its number of positives.
@Suite("ALS regularisation scaled by each row's positives")
struct ALSRegScalingTests {
    /// Three users, four films: rows of 1, 2 and 3 positives.
    static let positives = InteractionMatrix(
        users: [1, 2, 2, 3, 3, 3], items: [10, 10, 11, 11, 12, 13])

    /// Solves A x = b by Gaussian elimination in Double, for a reference.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a
        var v = b
        let n = v.count
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, p)
            v.swapAt(c, p)
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                for j in c..<n { m[r][j] -= f * m[c][j] }
                v[r] -= f * v[c]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            x[r] = (v[r] - ((r + 1)..<n).reduce(0) { $0 + m[r][$1] * x[$1] }) / m[r][r]
        }
        return x
    }

    @Test("one half-step gives each row the exact solution of (YᵀY + λ·n_u·I + Σ(α−1)yyᵀ) x = αΣy")
    func halfStepMatchesDirectSolve() throws {
        let k = 3
        let reg: Float = 0.3
        let alpha: Float = 4
        let y: [Float] = [0.5, -0.2, 0.1, 0.3, 0.8, -0.4, -0.6, 0.2, 0.9, 0.1, 0.1, 0.7]
        for scaling in ALSModel.RegScaling.allCases {
            var x = [Float](repeating: 0, count: Self.positives.rows * k)
            // k conjugate-gradient steps solve a k-dimensional system exactly (up to rounding)
            ALSModel.solve(
                &x, given: y, rows: Self.positives, k: k, reg: reg, scaling: scaling, alpha: alpha, steps: k,
                threads: 1)
            for u in 0..<Self.positives.rows {
                let liked = Self.positives.row(u).map { Int(Self.positives.columns[$0]) }
                let lambda = Double(reg) * (scaling == .count ? Double(liked.count) : 1)
                var a = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
                var b = [Double](repeating: 0, count: k)
                for i in 0..<4 {
                    let w = liked.contains(i) ? Double(alpha) : 1
                    for p in 0..<k {
                        for q in 0..<k { a[p][q] += w * Double(y[i * k + p] * y[i * k + q]) }
                        if liked.contains(i) { b[p] += Double(alpha) * Double(y[i * k + p]) }
                    }
                }
                for p in 0..<k { a[p][p] += lambda }
                let want = Self.solve(a, b)
                for p in 0..<k {
                    #expect(abs(Double(x[u * k + p]) - want[p]) < 1e-4, "\(scaling) user \(u) factor \(p)")
                }
            }
        }
    }

    @Test("the scaling changes the fit, is listed in its parameters, and survives a restore")
    func parametersAndRestore() throws {
        let data = TrainingData(positives: Self.positives)
        let plain = try ALSModel(data: data, factors: 2, reg: 0.5, alpha: 5, iterations: 5)
        let counted = try ALSModel(data: data, factors: 2, reg: 0.5, alpha: 5, iterations: 5, regScaling: .count)
        #expect(plain.userFactors != counted.userFactors)
        #expect(!plain.parameters.contains { $0.0 == "reg-scaling" })
        #expect(counted.parameters.contains { $0 == ("reg-scaling", "count") })
        let restored = try ALSModel(
            restoring: data, factors: 2, reg: 0.5, alpha: 5, iterations: 5, regScaling: .count, engine: "spark",
            userFactors: counted.userFactors, itemFactors: counted.itemFactors)
        #expect(restored.parameters.contains { $0 == ("engine", "spark") })
        // fold-in solves with the same per-row regularisation as the fit
        var a = [Float](repeating: 0, count: 4)
        var b = [Float](repeating: 0, count: 4)
        counted.scores(liking: [1, 2], into: &a)
        restored.scores(liking: [1, 2], into: &b)
        #expect(a == b)
    }
}
