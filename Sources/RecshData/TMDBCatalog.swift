import Foundation

/// TMDB metadata of one film, merged from the files of the shared `tmdb/` folder.
public struct TMDBMovie: Sendable, Equatable {
    public var tmdbId: Int
    public var title: String = ""
    public var overview: String = ""
    public var genres: [String] = []
    public var keywords: [String] = []
    /// Top-billed cast, in billing order.
    public var cast: [String] = []
    public var directors: [String] = []
    public var year: Int?
    public var popularity: Double?
    public var voteCount: Int?
    public var voteAverage: Double?
    public var imdbId: String?

    public init(tmdbId: Int) { self.tmdbId = tmdbId }

    /// True when some file gave the film a title (keywords.csv alone gives only keywords).
    public var hasDetails: Bool { !title.isEmpty }
}

/// TMDB metadata keyed by TMDB id, plus The Movies Dataset's MovieLens-to-TMDB links.
public struct TMDBCatalog: Sendable {
    public private(set) var movies: [Int: TMDBMovie] = [:]
    /// movieId (global MovieLens id) -> TMDB id and IMDb id, from `links.csv`.
    public var links: [Int32: (tmdb: Int?, imdb: String?)] = [:]
    /// Which files were merged, with their row counts, for the load report.
    public var sources: [(file: String, rows: Int)] = []

    public init() {}

    public subscript(tmdbId: Int) -> TMDBMovie? { movies[tmdbId] }

    /// Adds or replaces one film (a catalogue rebuilt from exported artifacts).
    public mutating func insert(_ movie: TMDBMovie) { movies[movie.tmdbId] = movie }

    /// Films with a title and at least an overview, genres or cast.
    public var detailedCount: Int { movies.values.reduce(0) { $0 + ($1.hasDetails ? 1 : 0) } }

    mutating func update(_ id: Int, _ body: (inout TMDBMovie) -> Void) {
        var m = movies[id] ?? TMDBMovie(tmdbId: id)
        body(&m)
        movies[id] = m
    }
}
