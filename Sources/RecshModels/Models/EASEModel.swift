import COpenBLAS
import Foundation

/// EASE (Steck 2019): the closed-form item-item model B = I - P diag(1/diag P), P = (XᵀX + λI)⁻¹,
/// with a zero diagonal. Dense in items, so it is for catalogues up to ~20,000 films.
public final class EASEModel: Recommender, Sendable {
    public let family = ModelFamily.ease
    public let data: TrainingData
    public let lambda: Float
    /// items x items, row-major: B[j * n + i] is item j's weight towards item i.
    public let weights: [Float]

    public static let maxItems = 20_000

    public init(data: TrainingData, lambda: Float = 100, control: FitControl = FitControl()) throws {
        guard lambda > 0, lambda.isFinite else {
            throw ModelError.badParameter(name: "lambda", value: String(lambda), expected: "a positive number")
        }
        let n = data.items
        guard n <= Self.maxItems else {
            throw ModelError.tooLarge(
                "ease needs an items x items matrix: \(n) items is more than \(Self.maxItems); use als or knn")
        }
        self.data = data
        self.lambda = lambda
        // Gram matrix XᵀX from the sparse rows, then the ridge
        var g = [Float](repeating: 0, count: n * n)
        let X = data.positives
        for u in 0..<X.rows {
            let r = X.row(u)
            for p in r {
                let a = Int(X.columns[p]) * n
                for q in r { g[a + Int(X.columns[q])] += 1 }
            }
        }
        for i in 0..<n { g[i * n + i] += lambda }
        try control.checkCancelled()
        control.progress(0.2, "inverse of \(n) x \(n)")
        // in blocks, so Ctrl-C stops it within a fraction of a second and the previous model stays
        try SymmetricInverse.invertFull(&g, n: n, model: "ease", control: control)
        var diag = [Float](repeating: 0, count: n)
        for i in 0..<n { diag[i] = g[i * n + i] }
        // B[j][i] = -P[j][i] / P[i][i]
        for j in 0..<n {
            for i in 0..<n { g[j * n + i] = i == j ? 0 : -g[j * n + i] / diag[i] }
        }
        weights = g
        control.progress(1, "done")
    }

    /// A model rebuilt from exported weights.
    public init(restoring data: TrainingData, lambda: Float, weights: [Float]) throws {
        guard weights.count == data.items * data.items else {
            throw ModelError.noData("ease: the weights are not \(data.items) x \(data.items)")
        }
        try ArrayCheck.finite(weights, "weights")
        self.data = data
        self.lambda = lambda
        self.weights = weights
    }

    public var parameters: [(String, String)] { [("lambda", ParameterText.number(lambda))] }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        let X = data.positives
        scores(liking: X.row(user).map { Int(X.columns[$0]) }, into: out)
    }

    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        let n = data.items
        out.update(repeating: 0, count: n)
        weights.withUnsafeBufferPointer { w in
            for j in items {
                let row = w.baseAddress! + j * n
                for i in 0..<n { out[i] += row[i] }
            }
        }
    }

    public func scores(users: [Int], into out: UnsafeMutablePointer<Float>) {
        for (r, u) in users.enumerated() { scores(user: u, into: out + r * data.items) }
    }

}

extension EASEModel: DenseItemModel {}

/// A model whose film-to-film weights are one dense items x items matrix (EASE, SLIST).
public protocol DenseItemModel: Recommender {
    /// Row-major: weights[j * items + i] is film j's weight towards film i.
    var weights: [Float] { get }
}

extension DenseItemModel {
    public func similarity(_ a: Int, _ b: Int) -> Float {
        a == b ? 0 : weights[a * data.items + b] + weights[b * data.items + a]
    }

    /// Symmetric relatedness: how much each film predicts the seed and the seed predicts it (for
    /// SLIST, how strongly each follows or leads to it).
    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) {
        let n = data.items
        weights.withUnsafeBufferPointer { w in
            for i in 0..<n { out[i] = w[item * n + i] + w[i * n + item] }
        }
        out[item] = 0
    }
}
