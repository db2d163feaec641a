/// Most popular films: by number of positives, or by Bayesian average rating.
public final class PopularModel: Recommender, Sendable {
    public enum Ranking: String, Sendable { case count, bayes }
    public let family = ModelFamily.popular
    public let data: TrainingData
    public let ranking: Ranking
    /// Pseudo-ratings at the global mean added to every film in the Bayesian average.
    public let prior: Int
    public let itemScores: [Float]

    public static let defaultPrior = 10

    public init(data: TrainingData, by ranking: Ranking = .count, prior: Int = PopularModel.defaultPrior) throws {
        self.data = data
        self.ranking = ranking
        self.prior = prior
        var s = [Float](repeating: 0, count: data.items)
        switch ranking {
        case .count:
            for c in data.positives.columns { s[Int(c)] += 1 }
        case .bayes:
            guard let e = data.explicit else { throw ModelError.needsExplicitRatings("popular by=bayes") }
            var sum = [Double](repeating: 0, count: data.items)
            var n = [Double](repeating: 0, count: data.items)
            for k in e.ratings.indices {
                sum[Int(e.items[k])] += Double(e.ratings[k])
                n[Int(e.items[k])] += 1
            }
            let m = Double(e.mean)
            let c = Double(prior)
            for i in 0..<data.items { s[i] = Float((c * m + sum[i]) / (c + n[i])) }
        }
        itemScores = s
    }

    /// A model rebuilt from exported scores.
    public init(restoring data: TrainingData, by ranking: Ranking, prior: Int, scores: [Float]) throws {
        guard scores.count == data.items else {
            throw ModelError.noData("popular: \(scores.count) scores for \(data.items) items")
        }
        try ArrayCheck.finite(scores, "scores")
        self.data = data
        self.ranking = ranking
        self.prior = prior
        itemScores = scores
    }

    public var parameters: [(String, String)] {
        ranking == .bayes ? [("by", "bayes"), ("prior", String(prior))] : [("by", "count")]
    }

    public func scores(user: Int, into out: UnsafeMutablePointer<Float>) {
        itemScores.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
    }

    public func scores(liking items: [Int], into out: UnsafeMutablePointer<Float>) { scores(user: 0, into: out) }

    public func similarities(to item: Int, into out: UnsafeMutablePointer<Float>) { scores(user: 0, into: out) }

    public func similarity(_ a: Int, _ b: Int) -> Float { 0 }
}
