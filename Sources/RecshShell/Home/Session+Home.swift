import Foundation
import RecshData
import RecshModels

extension Session {
    /// The current dataset's models, catalogue and recent popularity, as `home` reads them.
    func homeInputs() throws -> HomeInputs {
        let d = try requireDataset()
        var notes: [String] = []
        let community = try communityModel(notes: &notes)
        let models = self.models.filter { $0.datasetName == d.name }
        return HomeInputs(
            models: models, community: community.family == .ranker ? relationsModel(models) ?? community : community,
            film: { id in d.movies.movie(movieLensId: id).map { ($0.title, $0.year, $0.genres, $0.tmdbId) } },
            trending: Trending.order(d.ratings), trendingIsRecent: true,
            seen: { [self] in Array(self.ratedItems(user: $0)).sorted() })
    }

    /// The latest item-item model, which relates films best for "Because you watched".
    func relationsModel(_ models: [TrainedModel]) -> TrainedModel? {
        models.last { [.knn, .ease, .rp3beta, .slist].contains($0.family) }
    }
}

/// Recency-weighted popularity: each positive (rating >= 4) weighs exp(-age / 30 days) at the
/// data's last timestamp, the "Popular right now" of a home page.
enum Trending {
    static func order(_ r: RatingsTable) -> [Int32] {
        guard let end = r.timestamps.max() else { return [] }
        var weight: [Int32: Double] = [:]
        let scale = 1 / (30 * 86_400.0)
        for k in 0..<r.count where r.ratings[k] >= 4 {
            weight[r.items[k], default: 0] += exp(-Double(end - r.timestamps[k]) * scale)
        }
        return weight.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
}
