import Foundation

/// The arrays that describe a fitted model for deployment, by file suffix.
public protocol ExportableModel {
    /// Named arrays (`item_factors` → data of an .npy file) and scalars for the manifest.
    func exportArrays() -> (arrays: [String: Data], scalars: [String: Double])
}

extension ALSModel: ExportableModel {
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        (
            [
                "user_factors": NumpyArray.data(userFactors, shape: [data.users, factors]),
                "item_factors": NumpyArray.data(itemFactors, shape: [data.items, factors]),
            ], [:]
        )
    }
}

extension BPRModel: ExportableModel {
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        (
            [
                "user_factors": NumpyArray.data(userFactors, shape: [data.users, factors + 1]),
                "item_factors": NumpyArray.data(itemFactors, shape: [data.items, factors + 1]),
            ], [:]
        )
    }
}

/// Rows of `factors` floats out of rows padded to `stride` for SIMD.
func trimmed(_ m: [Float], rows: Int, factors: Int, stride: Int) -> [Float] {
    var out: [Float] = []
    out.reserveCapacity(rows * factors)
    for r in 0..<rows { out.append(contentsOf: m[(r * stride)..<(r * stride + factors)]) }
    return out
}

extension SVDModel: ExportableModel {
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        func trim(_ m: [Float], rows: Int) -> [Float] { trimmed(m, rows: rows, factors: factors, stride: stride) }
        return (
            [
                "user_factors": NumpyArray.data(trim(userFactors, rows: data.users), shape: [data.users, factors]),
                "item_factors": NumpyArray.data(trim(itemFactors, rows: data.items), shape: [data.items, factors]),
                "user_bias": NumpyArray.data(userBias, shape: [data.users]),
                "item_bias": NumpyArray.data(itemBias, shape: [data.items]),
            ],
            ["global_mean": Double(mean)]
        )
    }
}

extension SVDppModel: ExportableModel {
    /// `user_factors` holds each user's p_u plus the implicit term, the vector that scores films;
    /// `implicit_factors` (y) folds in a new user from the films they liked.
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        func trim(_ m: [Float], rows: Int) -> [Float] { trimmed(m, rows: rows, factors: factors, stride: stride) }
        return (
            [
                "user_factors": NumpyArray.data(trim(userVectors, rows: data.users), shape: [data.users, factors]),
                "item_factors": NumpyArray.data(trim(itemFactors, rows: data.items), shape: [data.items, factors]),
                "implicit_factors": NumpyArray.data(
                    trim(implicitFactors, rows: data.items), shape: [data.items, factors]),
                "user_bias": NumpyArray.data(userBias, shape: [data.users]),
                "item_bias": NumpyArray.data(itemBias, shape: [data.items]),
            ],
            ["global_mean": Double(mean)]
        )
    }
}

extension EASEModel: ExportableModel {
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        (["weights": NumpyArray.data(weights, shape: [data.items, data.items])], [:])
    }
}

extension NeighbourListModel {
    /// Neighbour lists padded to k columns with -1 and similarity 0.
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        let (ids, sims) = paddedLists()
        let shape = [data.items, k]
        return (
            ["neighbors": NumpyArray.data(ids, shape: shape), "similarities": NumpyArray.data(sims, shape: shape)], [:]
        )
    }
}

extension ItemKNNModel: ExportableModel {}
extension RP3BetaModel: ExportableModel {}

extension PopularModel: ExportableModel {
    public func exportArrays() -> (arrays: [String: Data], scalars: [String: Double]) {
        (["scores": NumpyArray.data(itemScores, shape: [data.items])], [:])
    }
}
