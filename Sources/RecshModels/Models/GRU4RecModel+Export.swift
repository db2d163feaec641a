import Foundation

extension GRU4RecModel: ExportableModel {
    /// The six weight arrays, and each user's films in time order (the positives' row offsets index them).
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        let flat = (data.sequences ?? []).flatMap { $0 }
        let d = settings.hidden
        let n = data.items
        return (
            [
                "input_embeddings": NumpyArray.data(weights.input, shape: [n, d]),
                "gates_x": NumpyArray.data(weights.gatesX, shape: [d, 3 * d]),
                "gates_h": NumpyArray.data(weights.gatesH, shape: [d, 3 * d]),
                "gate_bias": NumpyArray.data(weights.bias, shape: [3 * d]),
                "output_embeddings": NumpyArray.data(weights.output, shape: [n, d]),
                "output_bias": NumpyArray.data(weights.outputBias, shape: [n]),
                "sequence_indices": NumpyArray.data(flat, shape: [flat.count]),
            ], ["epochs_run": Double(epochsRun), "best_epoch": Double(bestEpoch)]
        )
    }

    /// A model rebuilt from exported weights, checked for shape and finiteness.
    public convenience init(restoring data: TrainingData, settings: Settings, weights: Weights) throws {
        let n = data.items
        let d = settings.hidden
        for (name, count, expected) in [
            ("input_embeddings", weights.input.count, n * d), ("gates_x", weights.gatesX.count, 3 * d * d),
            ("gates_h", weights.gatesH.count, 3 * d * d), ("gate_bias", weights.bias.count, 3 * d),
            ("output_embeddings", weights.output.count, n * d), ("output_bias", weights.outputBias.count, n),
        ] where count != expected {
            throw ModelError.badArray(name: name, problem: "\(count) values where hidden=\(d) needs \(expected)")
        }
        for (name, a) in [
            ("input_embeddings", weights.input), ("gates_x", weights.gatesX), ("gates_h", weights.gatesH),
            ("gate_bias", weights.bias), ("output_embeddings", weights.output), ("output_bias", weights.outputBias),
        ] {
            try ArrayCheck.finite(a, name)
        }
        self.init(data: data, settings: settings, weights: weights, epochsRun: 0, bestEpoch: 0)
    }
}
