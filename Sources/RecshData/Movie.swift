import Foundation

/// One film of a MovieLens catalogue, with its links to TMDB and IMDb when the dataset has them.
public struct Movie: Sendable, Equatable {
    public var movieLensId: Int32
    /// The title as people write it ("The Godfather"), without the year.
    public var title: String
    public var year: Int?
    public var genres: [String]
    public var tmdbId: Int?
    public var imdbId: String?

    public init(
        movieLensId: Int32, title: String, year: Int?, genres: [String], tmdbId: Int? = nil, imdbId: String? = nil
    ) {
        self.movieLensId = movieLensId
        self.title = title
        self.year = year
        self.genres = genres
        self.tmdbId = tmdbId
        self.imdbId = imdbId
    }

    /// "The Godfather (1972)".
    public var titleWithYear: String { year.map { "\(title) (\($0))" } ?? title }

    /// Splits a MovieLens title such as "Godfather, The (1972)" into ("The Godfather", 1972).
    public static func parseTitle(_ raw: String) -> (title: String, year: Int?) {
        var title = raw.trimmingCharacters(in: .whitespaces)
        var year: Int?
        if title.hasSuffix(")"), let open = title.lastIndex(of: "(") {
            let inside = title[title.index(after: open)..<title.index(before: title.endIndex)]
            let digits = inside.split(separator: "-").first.map(String.init) ?? ""
            if digits.count == 4, let y = Int(digits), (1870...2100).contains(y) {
                year = y
                title = String(title[..<open]).trimmingCharacters(in: .whitespaces)
            }
        }
        return (moveArticle(title), year)
    }

    static let articles = ["The", "A", "An", "Les", "La", "Le", "L'", "Il", "Das", "Der", "Die", "El", "Los", "Las"]

    /// MovieLens files the article last ("Godfather, The"); people do not.
    static func moveArticle(_ title: String) -> String {
        // the article may sit before an alternative title: "Cité des enfants perdus, La (City of ...)"
        var main = title
        var rest = ""
        if let paren = title.range(of: " (") {
            main = String(title[..<paren.lowerBound])
            rest = String(title[paren.lowerBound...])
        }
        for a in articles {
            let suffix = ", " + a
            if main.hasSuffix(suffix) {
                let base = main.dropLast(suffix.count)
                return (a.hasSuffix("'") ? a : a + " ") + base + rest
            }
        }
        return title
    }
}

/// The films of one dataset, indexed by MovieLens id and by TMDB id.
public struct MovieCatalog: Sendable {
    public private(set) var movies: [Movie] = []
    private var byMovieLens: [Int32: Int] = [:]
    private var byTMDB: [Int: Int] = [:]

    public init(_ movies: [Movie] = []) {
        for m in movies { add(m) }
    }

    public var count: Int { movies.count }
    /// True when at least one film has a TMDB id, so plain numbers in commands mean TMDB ids.
    public var hasTMDBLinks: Bool { !byTMDB.isEmpty }
    public var linkedCount: Int { movies.reduce(0) { $0 + ($1.tmdbId == nil ? 0 : 1) } }

    public mutating func add(_ movie: Movie) {
        if let existing = byMovieLens[movie.movieLensId] {
            movies[existing] = movie
        } else {
            byMovieLens[movie.movieLensId] = movies.count
            movies.append(movie)
        }
        if let t = movie.tmdbId, byTMDB[t] == nil { byTMDB[t] = byMovieLens[movie.movieLensId] }
    }

    public func movie(movieLensId: Int32) -> Movie? { byMovieLens[movieLensId].map { movies[$0] } }
    public func movie(tmdbId: Int) -> Movie? { byTMDB[tmdbId].map { movies[$0] } }

    /// Sets TMDB and IMDb ids from a links table (movieId -> (tmdbId, imdbId)).
    public mutating func applyLinks(_ links: [Int32: (tmdb: Int?, imdb: String?)]) {
        byTMDB = [:]
        for i in movies.indices {
            if let l = links[movies[i].movieLensId] {
                movies[i].tmdbId = l.tmdb
                movies[i].imdbId = l.imdb
            }
            if let t = movies[i].tmdbId, byTMDB[t] == nil { byTMDB[t] = i }
        }
    }
}
