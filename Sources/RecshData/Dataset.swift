import Foundation

/// A loaded ratings dataset and the catalogue of its films.
public struct Dataset: Sendable {
    /// The session name ("ml-latest-small", or the file's folder name for a path).
    public var name: String
    /// The ratings file it was read from.
    public var ratingsFile: String
    /// The ratings file as messages show it: as the user wrote it, or relative to the data
    /// root for a named dataset (`ml-100k/u.data`), so output never depends on the checkout's place.
    public var shownFile: String
    public var ratings: RatingsTable
    public var format: RatingsFormat
    public var movies: MovieCatalog
    /// Free-text tags per MovieLens id (ml-latest editions only).
    public var tags: [Int32: [String]]
    public var tagCount: Int
    /// True when movie ids are the global MovieLens ids (all editions but ML-100K), so the
    /// TMDB links of The Movies Dataset apply to them.
    public var globalMovieLensIds: Bool
    /// Lines for the load report: skipped lines, duplicates.
    public var notes: [String]

    public init(
        name: String, ratingsFile: String, ratings: RatingsTable, format: RatingsFormat, movies: MovieCatalog,
        tags: [Int32: [String]] = [:], tagCount: Int = 0, globalMovieLensIds: Bool, notes: [String] = []
    ) {
        self.name = name
        self.ratingsFile = ratingsFile
        self.shownFile = ratingsFile
        self.ratings = ratings
        self.format = format
        self.movies = movies
        self.tags = tags
        self.tagCount = tagCount
        self.globalMovieLensIds = globalMovieLensIds
        self.notes = notes
    }

    public var ratingScale: ClosedRange<Float> { format.ratingScale }
}
