import COpenBLAS
import Foundation

/// SLIST (Choi et al., WWW 2021): a closed-form linear item-item model for sequences. It joins
/// two least-squares objectives over one weight matrix B:
/// - SLIS, each user's films as a set (X), reconstructed as in EASE: ‖X − XB‖²;
/// - SLIT, transitions: every prefix of a user's sequence (S, the last `window` films before a
///   position, weighted by exp(−(distance − 1) / decay)) predicts the film at that position (T).
///
/// B = (α XᵀX + (1 − α) SᵀS + λI)⁻¹ (α XᵀX + (1 − α) SᵀT), one Gram solve as EASE's. A user's
/// scores are their recent films, weighted by the same decay from the end of their sequence,
/// times B. The diagonal is left as it comes: a film already seen is never ranked.
public final class SLISTModel: Recommender, Sendable {
    public let family = ModelFamily.slist
    public let data: TrainingData
    public let alpha: Float
    public let lambda: Float
    public let decay: Float
    public let window: Int
    /// items x items, row-major: B[j * n + i] is film j's weight towards film i.
    public let weights: [Float]

    public static let defaults = (alpha: Float(0.2), lambda: Float(500), decay: Float(2), window: 50)

    public init(
        data: TrainingData, alpha: Float = defaults.alpha, lambda: Float = defaults.lambda,
        decay: Float = defaults.decay, window: Int = defaults.window, control: FitControl = FitControl()
    ) throws {
        try Self.check(alpha: alpha, lambda: lambda, decay: decay, window: window)
        guard let sequences = data.sequences else {
            throw ModelError.noData("slist needs each user's positives in time order, which this data does not carry")
        }
        let n = data.items
        guard n <= EASEModel.maxItems else {
            throw ModelError.tooLarge(
                "slist needs an items x items matrix: \(n) items is more than \(EASEModel.maxItems)")
        }
        self.data = data
        (self.alpha, self.lambda, self.decay, self.window) = (alpha, lambda, decay, window)
        var gram = [Float](repeating: 0, count: n * n)
        var target = [Float](repeating: 0, count: n * n)
        // SLIS: the users' film sets
        let X = data.positives
        for u in 0..<X.rows {
            let r = X.row(u)
            for p in r {
                let a = Int(X.columns[p]) * n
                for q in r { gram[a + Int(X.columns[q])] += alpha }
            }
        }
        for i in 0..<(n * n) { target[i] = gram[i] }
        // SLIT: each position's recent past predicts it
        let w = Self.positionWeights(decay: decay, window: window)
        let beta = 1 - alpha
        for (u, seq) in sequences.enumerated() where seq.count > 1 {
            if u % 64 == 0 { try control.checkCancelled() }
            for t in 1..<seq.count {
                let from = max(0, t - window)
                let next = Int(seq[t])
                for p in from..<t {
                    let wp = beta * w[t - p - 1]
                    let a = Int(seq[p]) * n
                    target[a + next] += wp
                    for q in from..<t { gram[a + Int(seq[q])] += wp * w[t - q - 1] }
                }
            }
        }
        for i in 0..<n { gram[i * n + i] += lambda }
        control.progress(0.3, "inverse of \(n) x \(n)")
        try SymmetricInverse.invertFull(&gram, n: n, model: "slist", control: control)
        var b = [Float](repeating: 0, count: n * n)
        BLAS.serially {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, gram, Int32(n), target,
                Int32(n), 0, &b, Int32(n))
        }
        weights = b
        control.progress(1, "done")
    }

    /// A model rebuilt from exported weights.
    public init(
        restoring data: TrainingData, alpha: Float, lambda: Float, decay: Float, window: Int, weights: [Float]
    ) throws {
        try Self.check(alpha: alpha, lambda: lambda, decay: decay, window: window)
        guard weights.count == data.items * data.items else {
            throw ModelError.noData("slist: the weights are not \(data.items) x \(data.items)")
        }
        try ArrayCheck.finite(weights, "weights")
        self.data = data
        (self.alpha, self.lambda, self.decay, self.window) = (alpha, lambda, decay, window)
        self.weights = weights
    }

    static func check(alpha: Float, lambda: Float, decay: Float, window: Int) throws {
        guard (0...1).contains(alpha) else {
            throw ModelError.badParameter(name: "alpha", value: "\(alpha)", expected: "a number from 0 to 1")
        }
        guard lambda > 0, lambda.isFinite else {
            throw ModelError.badParameter(name: "lambda", value: "\(lambda)", expected: "a positive number")
        }
        guard decay > 0 else {
            throw ModelError.badParameter(name: "decay", value: "\(decay)", expected: "a positive number")
        }
        guard window >= 1 else {
            throw ModelError.badParameter(name: "window", value: String(window), expected: "at least 1")
        }
    }

    /// Weight of the film `d + 1` places back: exp(−d / decay).
    static func positionWeights(decay: Float, window: Int) -> [Float] {
        (0..<window).map { decay.isInfinite ? 1 : Foundation.exp(-Float($0) / decay) }
    }

    public var parameters: [(String, String)] {
        [
            ("alpha", ParameterText.number(alpha)), ("lambda", ParameterText.number(lambda)),
            ("decay", ParameterText.number(decay)), ("window", String(window)),
        ]
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        if let seq = data.sequences?[user] {
            scores(liking: seq.map { Int($0) }, into: out)
        } else {
            let X = data.positives
            scores(liking: X.row(user).map { Int(X.columns[$0]) }, into: out)
        }
    }

    /// `items` in the order they were watched, the last the most recent.
    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        let n = data.items
        out.update(repeating: 0, count: n)
        let w = Self.positionWeights(decay: decay, window: window)
        weights.withUnsafeBufferPointer { b in
            for (back, j) in items.reversed().prefix(window).enumerated() {
                let row = b.baseAddress! + j * n
                let wj = w[back]
                for i in 0..<n { out[i] += wj * row[i] }
            }
        }
    }

}

extension SLISTModel: DenseItemModel {}

extension SLISTModel: ExportableModel {
    /// The weights, and each user's films in time order (the positives' row offsets index them).
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        let flat = (data.sequences ?? []).flatMap { $0 }
        return (
            [
                "weights": NumpyArray.data(weights, shape: [data.items, data.items]),
                "sequence_indices": NumpyArray.data(flat, shape: [flat.count]),
            ], [:]
        )
    }
}
