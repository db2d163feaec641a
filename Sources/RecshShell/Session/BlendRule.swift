/// How "Best of Both" combines the content and community lists of a film: the weight of content,
/// how the two scores are put on one scale, and how deep into each model's ranking it looks.
public struct BlendRule: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        /// Each model's scores min-max normalised over the candidates, then weighted (protocol S1).
        case minmax
        /// Reciprocal rank fusion: W / (60 + content rank) + (1 − W) / (60 + community rank), a
        /// film outside a model's pool adding nothing from it. Ranks ignore how each model spreads
        /// its scores, which min-max over a short list exaggerates into an interleave.
        case rank
    }

    /// Content's share, from 0 (community only) to 1 (content only).
    public var weight: Float
    public var method: Method
    /// How many of each model's top films are candidates; nil: the list length k, as protocol S1 has it.
    public var pool: Int?

    /// The constant of reciprocal rank fusion (Cormack et al. 2009).
    static let rankConstant: Float = 60
    /// The default, chosen by `judge Scripts/golden.csv sweep=0..1` over both methods on
    /// ml-latest-small (docs/watchnext.md).
    public static let standard = BlendRule(weight: 0.7, method: .minmax, pool: 100)
    /// Protocol S1 as written: min-max over the union of the two top-k lists.
    public static func s1(weight: Float) -> BlendRule { BlendRule(weight: weight, method: .minmax, pool: nil) }

    public init(weight: Float, method: Method, pool: Int?) {
        self.weight = weight
        self.method = method
        self.pool = pool
    }

    /// "0.5 rank pool=100", or "0.5" for protocol S1 as written.
    public var text: String {
        method == .minmax && pool == nil
            ? "\(weight)" : "\(weight) \(method.rawValue) pool=\(pool.map(String.init) ?? "k")"
    }

    /// The same rule with another weight.
    func with(weight w: Float) -> BlendRule { BlendRule(weight: w, method: method, pool: pool) }
}
