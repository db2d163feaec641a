import COpenBLAS
import Foundation
import RecshMath

/// GRU4Rec (Hidasi et al. 2016; cross-entropy over every film, as in Hidasi & Czapp 2023): a
/// one-layer GRU reads a user's films in time order and its state scores the next film against
/// an output embedding of every film. Trained by backpropagation through time with Adam
/// (`GRU4RecTraining`); the state of a user is the GRU run over their latest `window` films.
public final class GRU4RecModel: Recommender, Sendable {
    public let family = ModelFamily.gru4rec
    public let data: TrainingData
    public let settings: Settings
    /// The weights, as `GRU4RecTraining` left them at the best validation epoch.
    public let weights: Weights
    /// Epochs trained, and the epoch whose weights were kept.
    public let epochsRun: Int
    public let bestEpoch: Int

    /// Hyper-parameters with the defaults `help train` lists.
    public struct Settings: Sendable, Equatable {
        public var hidden = 64
        public var epochs = 20
        public var lr: Float = 0.005
        public var batch = 16
        public var window = 50
        public var dropout: Float = 0.2
        /// Epochs without a better validation NDCG@10 before training stops.
        public var patience = 3
        public var seed = 42
        public init() {}
    }

    /// Row-major arrays: input and output embeddings (items x hidden), the GRU's input and
    /// recurrent weights (hidden x 3·hidden, gates z, r, h̃), its bias (3·hidden), the output bias.
    public struct Weights: Sendable {
        public var input: [Float]
        public var gatesX: [Float]
        public var gatesH: [Float]
        public var bias: [Float]
        public var output: [Float]
        public var outputBias: [Float]

        public init(
            input: [Float], gatesX: [Float], gatesH: [Float], bias: [Float], output: [Float], outputBias: [Float]
        ) {
            self.input = input
            self.gatesX = gatesX
            self.gatesH = gatesH
            self.bias = bias
            self.output = output
            self.outputBias = outputBias
        }
    }

    init(data: TrainingData, settings: Settings, weights: Weights, epochsRun: Int, bestEpoch: Int) {
        self.data = data
        self.settings = settings
        self.weights = weights
        self.epochsRun = epochsRun
        self.bestEpoch = bestEpoch
    }

    public var parameters: [(String, String)] {
        [
            ("hidden", String(settings.hidden)), ("epochs", String(settings.epochs)),
            ("lr", ParameterText.number(settings.lr)), ("batch", String(settings.batch)),
            ("window", String(settings.window)), ("dropout", ParameterText.number(settings.dropout)),
        ]
    }

    /// The GRU's state after reading `items` (oldest first; the last `window` of them).
    public func state(after items: [Int]) -> [Float] {
        let d = settings.hidden
        var h = [Float](repeating: 0, count: d)
        var gx = [Float](repeating: 0, count: 3 * d)
        var gh = [Float](repeating: 0, count: 3 * d)
        weights.input.withUnsafeBufferPointer { e in
            weights.gatesX.withUnsafeBufferPointer { wx in
                weights.gatesH.withUnsafeBufferPointer { wh in
                    for item in items.suffix(settings.window) {
                        GRUCell.gates(e.baseAddress! + item * d, wx.baseAddress!, d: d, into: &gx)
                        for j in 0..<(3 * d) { gh[j] = 0 }
                        // z and r see h; h̃ sees r ∘ h
                        GRUCell.matvec(h, wh.baseAddress!, d: d, columns: 0..<(2 * d), into: &gh)
                        var z = [Float](repeating: 0, count: d)
                        var rh = [Float](repeating: 0, count: d)
                        for j in 0..<d {
                            z[j] = FastMath.sigmoid(gx[j] + gh[j] + weights.bias[j])
                            rh[j] = FastMath.sigmoid(gx[d + j] + gh[d + j] + weights.bias[d + j]) * h[j]
                        }
                        GRUCell.matvec(rh, wh.baseAddress!, d: d, columns: (2 * d)..<(3 * d), into: &gh)
                        for j in 0..<d {
                            let candidate = FastMath.tanh(gx[2 * d + j] + gh[2 * d + j] + weights.bias[2 * d + j])
                            h[j] = (1 - z[j]) * h[j] + z[j] * candidate
                        }
                    }
                }
            }
        }
        return h
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        scores(liking: history(user), into: out)
    }

    func history(_ user: Int) -> [Int] {
        if let seq = data.sequences?[user] { return seq.map(Int.init) }
        let X = data.positives
        return X.row(user).map { Int(X.columns[$0]) }
    }

    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) {
        let h = state(after: items)
        let n = data.items
        let d = settings.hidden
        cblas_sgemv(
            CblasRowMajor, CblasNoTrans, Int32(n), Int32(d), 1, weights.output, Int32(d), h, 1, 0, out, 1)
        for i in 0..<n { out[i] += weights.outputBias[i] }
    }

    public func scores(users: [Int], into out: UnsafeMutablePointer<Float>) {
        let d = settings.hidden
        let n = data.items
        var states = [Float](repeating: 0, count: users.count * d)
        for (r, u) in users.enumerated() {
            let h = state(after: history(u))
            for j in 0..<d { states[r * d + j] = h[j] }
        }
        FactorMath.multiplyTransposed(states, rows: users.count, weights.output, cols: n, k: d, into: out)
        for r in 0..<users.count { for i in 0..<n { out[r * n + i] += weights.outputBias[i] } }
    }

    /// Films that follow the same states: the cosine of their output embeddings.
    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<data.items { out[i] = similarity(item, i) }
        out[item] = 0
    }

    public func similarity(_ a: Int, _ b: Int) -> Float {
        let d = settings.hidden
        var dot: Float = 0
        var na: Float = 0
        var nb: Float = 0
        for j in 0..<d {
            let x = weights.output[a * d + j]
            let y = weights.output[b * d + j]
            dot += x * y
            na += x * x
            nb += y * y
        }
        return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
    }
}

/// The single-sequence steps of the GRU, for scoring.
enum GRUCell {
    /// out[0..<3d] = x · Wx, x of length d, Wx row-major d x 3d.
    static func gates(_ x: UnsafePointer<Float>, _ wx: UnsafePointer<Float>, d: Int, into out: inout [Float]) {
        for j in 0..<(3 * d) { out[j] = 0 }
        for p in 0..<d {
            let v = x[p]
            let row = wx + p * 3 * d
            for j in 0..<(3 * d) { out[j] += v * row[j] }
        }
    }

    /// out[columns] += v · Wh[:, columns], Wh row-major d x 3d.
    static func matvec(_ v: [Float], _ wh: UnsafePointer<Float>, d: Int, columns: Range<Int>, into out: inout [Float]) {
        for p in 0..<d {
            let x = v[p]
            if x == 0 { continue }
            let row = wh + p * 3 * d
            for j in columns { out[j] += x * row[j] }
        }
    }
}

extension GRU4RecModel {
    /// Fits on `data`'s sequences; refused before any work when the estimate of its memory is
    /// more than `memoryLimit` bytes.
    public convenience init(
        data: TrainingData, settings: Settings, memoryLimit: Int = Int(ProcessInfo.processInfo.physicalMemory / 2),
        control: FitControl = FitControl()
    ) throws {
        for (name, value, range) in [
            ("hidden", settings.hidden, 1...1024), ("epochs", settings.epochs, 1...1000),
            ("batch", settings.batch, 1...4096), ("window", settings.window, 1...1000),
        ] where !range.contains(value) {
            throw ModelError.badParameter(
                name: name, value: String(value), expected: "an integer from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        guard settings.lr > 0, settings.lr < 1 else {
            throw ModelError.badParameter(name: "lr", value: String(settings.lr), expected: "a learning rate in (0, 1)")
        }
        guard settings.dropout >= 0, settings.dropout < 1 else {
            throw ModelError.badParameter(
                name: "dropout", value: String(settings.dropout), expected: "a probability in [0, 1)")
        }
        let need = GRU4RecTraining.memoryEstimate(items: data.items, settings: settings)
        guard need <= memoryLimit else {
            throw ModelError.tooLarge(
                "gru4rec would need about \(need / 1_048_576) MB (batch \(settings.batch) x window \(settings.window) steps x \(data.items) films of logits), more than the \(memoryLimit / 1_048_576) MB it may use: lower batch= or window="
            )
        }
        var s = settings
        s.seed = control.seed
        let fitted = try GRU4RecTraining.fit(data: data, settings: s, control: control)
        self.init(
            data: data, settings: fitted.settings, weights: fitted.weights, epochsRun: fitted.epochsRun,
            bestEpoch: fitted.bestEpoch)
    }
}
