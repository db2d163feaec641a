import Foundation
import RecshData
import Testing

@testable import RecshModels

@Suite("GRU4Rec: gradients, memory refusal, and the next film on N1")
struct GRU4RecTests {
    /// Backpropagation through time agrees with finite differences of the loss, for a weight of
    /// every array (dropout off, so the loss is a function of the weights alone).
    @Test("BPTT gradients equal finite differences of the cross-entropy")
    func gradientCheck() {
        let d = 3
        let n = 6
        var rng = SeededGenerator(seed: 7)
        func r() -> Float { Float.random(in: -0.5...0.5, using: &rng) }
        var w = GRU4RecModel.Weights(
            input: (0..<(n * d)).map { _ in r() }, gatesX: (0..<(3 * d * d)).map { _ in r() },
            gatesH: (0..<(3 * d * d)).map { _ in r() }, bias: (0..<(3 * d)).map { _ in r() },
            output: (0..<(n * d)).map { _ in r() }, outputBias: (0..<n).map { _ in r() })
        var s = GRU4RecModel.Settings()
        s.hidden = d
        s.dropout = 0
        s.window = 5
        // right-padded batch: a short sequence beside long ones
        let seqs: [ArraySlice<Int32>] = [[0, 1, 2, 3, 4], [5, 4, 3], [2, 2, 1, 0]]
        var f = BatchBuffers(batch: 3, steps: 5, hidden: d, items: n)
        var dropRng = SeededGenerator(seed: 1)
        func loss(_ w: GRU4RecModel.Weights) -> Float {
            var scratch = BatchBuffers(batch: 3, steps: 5, hidden: d, items: n)
            return GRU4RecTraining.gradients(seqs, weights: w, buffers: &scratch, settings: s, rng: &dropRng)!
        }
        _ = GRU4RecTraining.gradients(seqs, weights: w, buffers: &f, settings: s, rng: &dropRng)
        let eps: Float = 1e-2
        let arrays: [(WritableKeyPath<GRU4RecModel.Weights, [Float]>, [Float], String)] = [
            (\.input, f.gInput, "input"), (\.gatesX, f.gGatesX, "gatesX"), (\.gatesH, f.gGatesH, "gatesH"),
            (\.bias, f.gBias, "bias"), (\.output, f.gOutput, "output"), (\.outputBias, f.gOutputBias, "outputBias"),
        ]
        for (path, grad, name) in arrays {
            for i in stride(from: 0, to: grad.count, by: max(1, grad.count / 7)) {
                var plus = w
                plus[keyPath: path][i] += eps
                var minus = w
                minus[keyPath: path][i] -= eps
                let numeric = (loss(plus) - loss(minus)) / (2 * eps)
                #expect(abs(numeric - grad[i]) <= 2e-3 + 0.05 * abs(numeric), "\(name)[\(i)]: \(numeric) vs \(grad[i])")
            }
        }
        w.bias[0] += 0  // the weights are only read
    }

    @Test("a configuration whose estimate passes the memory limit is refused before training, with the estimate")
    func memoryRefusal() throws {
        let data = TrainingData(
            positives: InteractionMatrix(users: [1, 1, 1], items: [1, 2, 3]), sequences: [[0, 1, 2]])
        var s = GRU4RecModel.Settings()
        s.batch = 4096
        s.window = 1000
        #expect {
            _ = try GRU4RecModel(data: data, settings: s, memoryLimit: 1 << 30)
        } throws: { error in
            "\(error)".contains("gru4rec would need about") && "\(error)".contains("lower batch= or window=")
        }
        s.batch = 64
        s.window = 50
        #expect(throws: ModelError.self) {
            _ = try GRU4RecModel(
                data: data,
                settings: {
                    var t = s
                    t.lr = 2
                    return t
                }())
        }
    }

    @Test("ml-100k N1: GRU4Rec above twice MostPopular and above RecBole's GRU4Rec result (0.0556)")
    func nextFilm() throws {
        let split = RankingSplit.n1(Data.ml100k.ratings)
        let task = RankingTask(split.test)
        let data = TrainingData(positives: task.fit, sequences: task.sequences)
        let model = try GRU4RecModel(data: data, settings: GRU4RecModel.Settings())
        let m = try task.evaluate(model, threads: 2)
        #expect(m.ndcg[10]! > 0.0556, "NDCG@10 \(m.ndcg[10]!)")
        #expect(model.bestEpoch >= 1 && model.bestEpoch <= model.epochsRun)
        let popular = try task.evaluate(try PopularModel(data: data), threads: 2)
        #expect(m.ndcg[10]! > 2 * popular.ndcg[10]!)
    }
}
