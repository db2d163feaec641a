import Foundation
import RecshModels
import RecshRanking

extension ServingSnapshot {
    /// `GET /home/{user_id}`: the rows `home` prints, from this snapshot and the user's feedback.
    public func home(user: Int, k: Int, feedback: UserFeedback) throws -> HomePage {
        guard let uid = Int32(exactly: user) else {
            throw ServingError.invalid(field: "user_id", message: "\(user) is not a user id")
        }
        let relations = models.last { [.knn, .ease, .rp3beta, .slist].contains($0.family) && $0.recommender != nil }
        let films = self.films
        let inputs = HomeInputs(
            models: models, community: relations ?? community,
            film: { id in films[id].map { ($0.title, $0.year, $0.genres, $0.tmdbId) } },
            trending: trending ?? rankerTrending ?? popularity,
            trendingIsRecent: trending != nil || rankerTrending != nil,
            seen: { [seen] in seen[$0] ?? [] })
        return HomeBuilder(inputs: inputs, k: k).page(user: uid, feedback: feedback)
    }

    /// An exported ranker's recency-weighted popularity, by MovieLens id.
    var rankerTrending: [Int32]? {
        guard let m = models.last(where: { $0.family == .ranker }), let r = m.recommender as? RankerModel else {
            return nil
        }
        let weights = r.features.context.trending
        return weights.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }.map {
            m.itemIds[$0]
        }
    }
}
