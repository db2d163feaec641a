import COpenBLAS
import Foundation
import RecshMath

/// Trains `GRU4RecModel`: mini-batches of users' sequences (right-padded, the longest first),
/// cross-entropy over every film at every step, backpropagation through time, Adam, dropout on
/// the GRU's output, and early stopping on each user's last film (held out of training).
enum GRU4RecTraining {
    /// Bytes a fit needs: the logits of a batch (steps x batch x films) dominate.
    static func memoryEstimate(items n: Int, settings s: GRU4RecModel.Settings) -> Int {
        let rows = s.batch * s.window
        let d = s.hidden
        let parameters = 2 * n * d + 6 * d * d + 3 * d + n
        return 4 * (rows * n + 12 * rows * d + 4 * parameters)
    }

    static func fit(data: TrainingData, settings s: GRU4RecModel.Settings, control: FitControl) throws -> GRU4RecModel {
        let n = data.items
        let d = s.hidden
        guard let sequences = data.sequences else {
            throw ModelError.noData("gru4rec reads each user's films in time order; this data has none")
        }
        var rng = SeededGenerator(seed: s.seed)
        func uniform(_ scale: Float) -> Float { (Float(rng.next() >> 40) / Float(1 << 24) * 2 - 1) * scale }
        let emb = (6 / Float(n + d)).squareRoot()
        let rec = (6 / Float(4 * d)).squareRoot()
        var w = GRU4RecModel.Weights(
            input: (0..<(n * d)).map { _ in uniform(emb) }, gatesX: (0..<(3 * d * d)).map { _ in uniform(rec) },
            gatesH: (0..<(3 * d * d)).map { _ in uniform(rec) }, bias: [Float](repeating: 0, count: 3 * d),
            output: (0..<(n * d)).map { _ in uniform(emb) }, outputBias: [Float](repeating: 0, count: n))
        // each user's last film is the validation target; training reads the films before it
        let users = sequences.indices.filter { sequences[$0].count >= 3 }
        guard !users.isEmpty else { throw ModelError.noData("gru4rec: no user has three or more films in order") }
        let train = users.sorted { sequences[$0].count > sequences[$1].count }
        var batches = stride(from: 0, to: train.count, by: s.batch).map {
            Array(train[$0..<min($0 + s.batch, train.count)])
        }
        var adam = Adam(sizes: [n * d, 3 * d * d, 3 * d * d, 3 * d, n * d, n], lr: s.lr)
        var buffers = BatchBuffers(batch: s.batch, steps: s.window, hidden: d, items: n)
        var best = w
        var bestScore = -1.0
        var bestEpoch = 0
        var epoch = 0
        while epoch < s.epochs {
            epoch += 1
            for i in stride(from: batches.count - 1, to: 0, by: -1) {
                batches.swapAt(i, rng.below(i + 1))
            }
            for (b, batch) in batches.enumerated() {
                try control.checkCancelled()
                let inputs = batch.map { u -> ArraySlice<Int32> in
                    let prefix = sequences[u].dropLast()
                    return prefix.suffix(s.window + 1)
                }
                step(inputs, weights: &w, adam: &adam, buffers: &buffers, settings: s, rng: &rng)
                control.progress(
                    (Double(epoch - 1) + Double(b + 1) / Double(batches.count)) / Double(s.epochs),
                    "epoch \(epoch) of at most \(s.epochs)")
            }
            guard w.output.allSatisfy(\.isFinite) else {
                throw ModelError.diverged(model: "gru4rec", hint: "lower lr=")
            }
            let model = GRU4RecModel(data: data, settings: s, weights: w, epochsRun: epoch, bestEpoch: epoch)
            let score = validation(model, users: users, sequences: sequences)
            if score > bestScore {
                bestScore = score
                best = w
                bestEpoch = epoch
            } else if epoch - bestEpoch >= s.patience {
                break
            }
        }
        return GRU4RecModel(data: data, settings: s, weights: best, epochsRun: epoch, bestEpoch: bestEpoch)
    }

    /// Mean NDCG@10 of each user's last film, scored from the films before it.
    static func validation(_ model: GRU4RecModel, users: [Int], sequences: [[Int32]]) -> Double {
        let n = model.data.items
        var total = 0.0
        var scores = [Float](repeating: 0, count: n)
        for u in users {
            let seq = sequences[u].map(Int.init)
            let target = seq.last!
            scores.withUnsafeMutableBufferPointer { model.scores(liking: Array(seq.dropLast()), into: $0.baseAddress!) }
            let seen = Set(seq.dropLast())
            let v = scores[target]
            var rank = 1
            for i in 0..<n where scores[i] > v && !seen.contains(i) { rank += 1 }
            if rank <= 10 { total += 1 / log2(Double(rank) + 1) }
        }
        return total / Double(users.count)
    }
}
