import RecshModels

/// One candidate generator of the ranker: a trained model and the kind of reason its films get.
public struct RankerSource: Sendable {
    /// What a source's film is recommended for, in the words the seed's product used.
    public enum Role: String, Sendable {
        /// A next-item model (slist, sknn): "because you watched X recently".
        case sequence
        /// A factor model (als, bpr): "similar to your taste".
        case taste
        /// Item-item collaborative filtering (knn, ease, rp3beta): "popular among similar viewers".
        case community
        /// Popularity: "trending now".
        case trending

        public init?(_ family: ModelFamily) {
            switch family {
            case .slist, .sknn, .gru4rec: self = .sequence
            case .als, .bpr: self = .taste
            case .knn, .ease, .rp3beta: self = .community
            case .popular: self = .trending
            // rating predictors and the content model score other things than positives
            case .svd, .svdpp, .tfidf, .ranker: return nil
            }
        }
    }

    public let name: String
    public let role: Role
    public let model: any Recommender

    public init(name: String, role: Role, model: any Recommender) {
        self.name = name
        self.role = role
        self.model = model
    }
}
