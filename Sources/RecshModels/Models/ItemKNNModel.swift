/// Item-item cosine similarity on the co-occurrence of positives, top `k` neighbours per item.
/// A user's score for item i is the sum of i's similarities to the items the user liked.
public final class ItemKNNModel: NeighbourListModel, Sendable {
    public let family = ModelFamily.knn
    public let data: TrainingData
    public let k: Int
    public let start: [Int]
    public let neighbours: [Int32]
    public let weights: [Float]

    public init(data: TrainingData, k: Int = 100, control: FitControl = FitControl()) throws {
        guard k >= 1 else { throw ModelError.badParameter(name: "k", value: String(k), expected: "at least 1") }
        self.data = data
        self.k = k
        let XT = data.positives.transposed()
        let norms = (0..<data.items).map { Float(XT.row($0).count).squareRoot() }
        (start, neighbours, weights) = try NeighbourLists.build(data, k: k, control: control) { i, j, c in
            c / (norms[i] * norms[j])
        }
    }

    /// A model rebuilt from exported neighbour lists (items x k, padded with -1).
    public init(restoring data: TrainingData, k: Int, neighbours ids: [Int32], similarities: [Float]) throws {
        self.data = data
        self.k = k
        (start, neighbours, weights) = try NeighbourLists.restore(
            items: data.items, k: k, ids: ids, weights: similarities, model: "knn")
    }

    public var parameters: [(String, String)] { [("k", String(k))] }
}
