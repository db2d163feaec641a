import Foundation

/// A film as the HTTP API describes it (keys are written in snake_case by explicit coding keys:
/// the encoder's conversion strategy costs more than the rest of the encoding).
public struct ServedFilm: Codable, Sendable, Equatable {
    public var movielensId: Int32?
    public var tmdbId: Int?
    public var title: String
    public var year: Int?
    public var genres: [String]
    public var ratings: Int
    public var meanRating: Double?
    public var overview: String?
    public var directors: [String]?
    public var cast: [String]?

    enum CodingKeys: String, CodingKey {
        case movielensId = "movielens_id"
        case tmdbId = "tmdb_id"
        case title, year, genres, ratings
        case meanRating = "mean_rating"
        case overview, directors, cast
    }
}

/// One film of a result list: rank, ids, title, score and the one-line reason.
public struct ServedItem: Codable, Sendable, Equatable {
    public var rank: Int
    public var movielensId: Int32
    public var tmdbId: Int?
    public var title: String
    public var year: Int?
    public var score: Float
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case rank
        case movielensId = "movielens_id"
        case tmdbId = "tmdb_id"
        case title, year, score, reason
    }
}

/// `POST /recommend`'s answer.
public struct RecommendResponse: Codable, Sendable {
    public var userId: Int
    public var model: String
    public var modelVersion: Int
    public var fallback: Bool
    public var items: [ServedItem]

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case model
        case modelVersion = "model_version"
        case fallback, items
    }
}

/// The three lists under a film, as the `movie` page computes them.
public struct FilmListsResponse: Codable, Sendable {
    public var film: ServedFilm
    public var model: [String: String]
    public var modelVersion: Int
    public var similar: [ServedItem]
    public var alsoLiked: [ServedItem]
    public var hybrid: [ServedItem]
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case film, model
        case modelVersion = "model_version"
        case similar
        case alsoLiked = "also_liked"
        case hybrid, notes
    }
}

/// A user's feedback, applied at the next recommendation: hidden films leave the list, liked
/// films join the user's history (MovieLens ids).
public struct UserFeedback: Sendable {
    public var liked: [Int32] = []
    public var hidden: Set<Int32> = []
    /// Films liked or watched, oldest first: what home's "Because you watched" and "From your
    /// recent intent" follow.
    public var recent: [Int32] = []
    public init(liked: [Int32] = [], hidden: Set<Int32> = [], recent: [Int32] = []) {
        self.liked = liked
        self.hidden = hidden
        self.recent = recent
    }

    /// Applies one event: like, watched (hidden from lists, but recent), or skip (hidden).
    public mutating func apply(_ event: String, movie: Int32) {
        switch event {
        case "like":
            if !liked.contains(movie) { liked.append(movie) }
            recent.append(movie)
        case "watched":
            hidden.insert(movie)
            recent.append(movie)
        default: hidden.insert(movie)
        }
    }
}

/// What a serving query could not answer, worded for the API client.
public enum ServingError: Error, CustomStringConvertible, Equatable {
    /// An unknown film or resource: HTTP 404.
    case notFound(String)
    /// A well-formed request with a value the data cannot take: HTTP 422.
    case invalid(field: String, message: String)

    public var description: String {
        switch self {
        case .notFound(let m): return m
        case .invalid(let field, let m): return "\(field): \(m)"
        }
    }
}
