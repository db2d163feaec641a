/// Item-item similarity on the co-occurrence of positives, top `k` neighbours per item. A user's
/// score for item j is the sum of j's weights from the items the user liked.
///
/// The weight of i to j is c / (n_i^α · n_j^(1−α)) · c / (c + shrink), where c counts the users
/// who liked both and n the users who liked each: α = 0.5 and shrink = 0 is the cosine of
/// implicit's CosineRecommender. A small α divides by the arrival film's popularity, the
/// asymmetric cosine of Aiolli (2013), so a film's neighbours stop being the era's blockbusters;
/// shrink discounts pairs that only a handful of users share.
public final class ItemKNNModel: NeighbourListModel, Sendable {
    public let family = ModelFamily.knn
    public let data: TrainingData
    public let k: Int
    public let alpha: Float
    public let shrink: Float
    public let start: [Int]
    public let neighbours: [Int32]
    public let weights: [Float]

    public static let defaults = (k: 100, alpha: Float(0.5), shrink: Float(0))

    public init(
        data: TrainingData, k: Int = defaults.k, alpha: Float = defaults.alpha, shrink: Float = defaults.shrink,
        control: FitControl = FitControl()
    ) throws {
        try Self.check(k: k, alpha: alpha, shrink: shrink)
        self.data = data
        self.k = k
        self.alpha = alpha
        self.shrink = shrink
        let XT = data.positives.transposed()
        let counts = (0..<data.items).map { Float(XT.row($0).count) }
        if alpha == 0.5 && shrink == 0 {
            // the cosine exactly as implicit computes it, so I2 figures equal the peer's to the bit
            let norms = counts.map { $0.squareRoot() }
            (start, neighbours, weights) = try NeighbourLists.build(data, k: k, control: control) { i, j, c in
                c / (norms[i] * norms[j])
            }
            return
        }
        let from = counts.map { NeighbourLists.power($0, -alpha) }
        let to = counts.map { NeighbourLists.power($0, alpha - 1) }
        (start, neighbours, weights) = try NeighbourLists.build(data, k: k, control: control) { i, j, c in
            from[i] * c * to[j] * c / (c + shrink)
        }
    }

    static func check(k: Int, alpha: Float, shrink: Float) throws {
        guard k >= 1 else { throw ModelError.badParameter(name: "k", value: String(k), expected: "at least 1") }
        guard (0...1).contains(alpha) else {
            throw ModelError.badParameter(name: "alpha", value: "\(alpha)", expected: "a number from 0 to 1")
        }
        guard shrink >= 0, shrink.isFinite else {
            throw ModelError.badParameter(name: "shrink", value: "\(shrink)", expected: "a number >= 0")
        }
    }

    /// A model rebuilt from exported neighbour lists (items x k, padded with -1).
    public init(
        restoring data: TrainingData, k: Int, alpha: Float = defaults.alpha, shrink: Float = defaults.shrink,
        neighbours ids: [Int32], similarities: [Float]
    ) throws {
        try Self.check(k: k, alpha: alpha, shrink: shrink)
        self.data = data
        self.k = k
        self.alpha = alpha
        self.shrink = shrink
        (start, neighbours, weights) = try NeighbourLists.restore(
            items: data.items, k: k, ids: ids, weights: similarities, model: "knn")
    }

    public var parameters: [(String, String)] {
        [("k", String(k)), ("alpha", ParameterText.number(alpha)), ("shrink", ParameterText.number(shrink))]
    }
}
