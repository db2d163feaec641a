import Foundation
import RecshData
import RecshModels

/// One row of a home page: a titled list, each film with its reason.
public struct HomeRow: Sendable, Codable, Equatable {
    /// What the row is, for clients that style rows: because, popular, taste, intent, discovery, genre.
    public var kind: String
    public var title: String
    public var films: [HomeFilm]
}

/// A film on a home row.
public struct HomeFilm: Sendable, Codable, Equatable {
    public var movielensId: Int32
    public var tmdbId: Int?
    public var title: String
    public var year: Int?
    public var genres: [String]
    public var reason: String
    /// TMDB's poster path where the metadata has one (the shared TMDB files do not): clients
    /// show a placeholder otherwise.
    public var posterPath: String?

    enum CodingKeys: String, CodingKey {
        case movielensId = "movielens_id"
        case tmdbId = "tmdb_id"
        case title, year, genres, reason
        case posterPath = "poster_path"
    }
}

/// The rows of one user's home page; `fallback` when the user is unknown.
public struct HomePage: Sendable, Codable, Equatable {
    public var userId: Int
    public var fallback: Bool
    public var note: String?
    public var rows: [HomeRow]

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case fallback, note, rows
    }

    /// Every film on the page, in row order.
    public var films: [Int32] { rows.flatMap { $0.films.map(\.movielensId) } }
}

/// What a home page is built from: the models, the catalogue, recent popularity and the user's
/// history. The session and the serving snapshot each make one.
struct HomeInputs {
    var models: [TrainedModel]
    /// Item-item relations for "Because you watched".
    var community: TrainedModel?
    var film: (Int32) -> (title: String, year: Int?, genres: [String], tmdbId: Int?)?
    /// MovieLens ids by recency-weighted popularity at the data's last timestamp, best first.
    var trending: [Int32]
    /// Whether `trending` is weighted by recency (else it is the all-time count).
    var trendingIsRecent: Bool
    /// Films each user rated (left off their page).
    var seen: (Int32) -> [Int32]

    /// The model of the first family in `families` (the latest trained of it).
    func model(_ families: [ModelFamily]) -> TrainedModel? {
        for f in families { if let m = models.last(where: { $0.family == f && $0.recommender != nil }) { return m } }
        return nil
    }

    /// The user's films in time order where a sequence model knows it, else by their index, then
    /// what they liked or watched since (feedback), the latest last.
    func history(user: Int32, feedback: UserFeedback) -> [Int32] {
        var films: [Int32] = []
        if let seq = model([.slist, .sknn]), let u = seq.index(ofUser: user),
            let order = seq.recommender?.data.sequences?[u]
        {
            films = order.map { seq.itemIds[Int($0)] }
        } else if let m = community ?? model(ModelFamily.allCases), let rec = m.recommender,
            let u = m.index(ofUser: user)
        {
            let X = rec.data.positives
            films = X.row(u).map { m.itemIds[Int(X.columns[$0])] }
        }
        for f in feedback.recent {
            films.removeAll { $0 == f }
            films.append(f)
        }
        return films
    }
}
