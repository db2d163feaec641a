import Foundation

/// RP3beta (Paudel et al. 2016): a three-step random walk user → item → user → item, with the
/// arrival item's popularity divided out. Item i's weight to j is
/// deg(i)^-α · Σ_u deg(u)^-α · deg(j)^-β over the users u who liked both, top `k` per item, as
/// in Ferrari Dacrema et al.'s reference implementation (binary positives; β = 0 is P3alpha).
/// Dividing by deg(j)^β is what keeps the era's blockbusters from topping every list.
public final class RP3BetaModel: NeighbourListModel, Sendable {
    public let family = ModelFamily.rp3beta
    public let data: TrainingData
    public let k: Int
    public let alpha: Float
    public let beta: Float
    public let start: [Int]
    public let neighbours: [Int32]
    public let weights: [Float]

    public static let defaults = (k: 100, alpha: Float(1), beta: Float(0.6))

    public init(
        data: TrainingData, k: Int = defaults.k, alpha: Float = defaults.alpha, beta: Float = defaults.beta,
        control: FitControl = FitControl()
    ) throws {
        guard k >= 1 else { throw ModelError.badParameter(name: "k", value: String(k), expected: "at least 1") }
        guard alpha >= 0, alpha.isFinite else {
            throw ModelError.badParameter(name: "alpha", value: "\(alpha)", expected: "a number >= 0")
        }
        guard beta >= 0, beta.isFinite else {
            throw ModelError.badParameter(name: "beta", value: "\(beta)", expected: "a number >= 0")
        }
        self.data = data
        self.k = k
        self.alpha = alpha
        self.beta = beta
        let X = data.positives
        let degrees = X.transposed().rowStart
        let itemDegree = zip(degrees.dropFirst(), degrees).map { Float($0 - $1) }
        let userWeight = (0..<data.users).map { u in NeighbourLists.power(Float(X.row(u).count), -alpha) }
        let fromItem = itemDegree.map { NeighbourLists.power($0, -alpha) }
        let toItem = itemDegree.map { NeighbourLists.power($0, -beta) }
        (start, neighbours, weights) = try NeighbourLists.build(
            data, k: k, control: control, userWeight: userWeight
        ) { i, j, c in fromItem[i] * c * toItem[j] }
    }

    /// A model rebuilt from exported neighbour lists (items x k, padded with -1).
    public init(
        restoring data: TrainingData, k: Int, alpha: Float, beta: Float, neighbours ids: [Int32], weights w: [Float]
    )
        throws
    {
        self.data = data
        self.k = k
        self.alpha = alpha
        self.beta = beta
        (start, neighbours, weights) = try NeighbourLists.restore(
            items: data.items, k: k, ids: ids, weights: w, model: "rp3beta")
    }

    public var parameters: [(String, String)] {
        [("k", String(k)), ("alpha", ParameterText.number(alpha)), ("beta", ParameterText.number(beta))]
    }
}
