import Foundation
import RecshData
import RecshIntent

/// What `POST /ask` needs from an artifact folder beyond movies.csv: `ask.csv`, one row per film
/// with its exact rating sum (Bayesian popularity), TMDB's genres and keywords (moods). With
/// movies.csv's cast and directors, a server rebuilds the session's parser and ranking.
extension ExportCommand {
    static let askHeader = ["movielens_id", "rating_sum", "tmdb_genres", "keywords"]

    static func askCSV(_ d: Dataset, tmdb: TMDBCatalog?) -> Data {
        let stats = d.ratings.statisticsByMovie()
        var out = askHeader.joined(separator: ",") + "\n"
        for m in d.movies.movies.sorted(by: { $0.movieLensId < $1.movieLensId }) {
            let t = m.tmdbId.flatMap { tmdb?[$0] }
            out +=
                [
                    String(m.movieLensId), stats[m.movieLensId].map { String($0.sum) } ?? "0",
                    Renderer.csvField(t?.genres.joined(separator: "|") ?? ""),
                    Renderer.csvField(t?.keywords.joined(separator: "|") ?? ""),
                ].joined(separator: ",") + "\n"
        }
        return Data(out.utf8)
    }
}

extension ServingSnapshot {
    /// The ask engine of an export that has `ask.csv`, over the models the snapshot serves.
    static func askEngine(
        askCSV data: Data, films: [ServedFilm], community: TrainedModel?, content: TrainedModel?,
        meaning: AskEngine.Meaning?, datasetName: String
    ) throws -> AskEngine {
        var reader = CSVReader(data: data, file: "ask.csv")
        guard let header = try reader.next(), header == ExportCommand.askHeader else {
            throw ShellError.failed("ask.csv: expected the header \(ExportCommand.askHeader.joined(separator: ","))")
        }
        var sums: [Int32: Double] = [:]
        var extra: [Int32: (genres: [String], keywords: [String])] = [:]
        func list(_ s: String) -> [String] { s.isEmpty ? [] : s.split(separator: "|").map(String.init) }
        while let f = try reader.next() {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count == ExportCommand.askHeader.count, let id = Int32(f[0]), let sum = Double(f[1]) else {
                throw ShellError.failed("ask.csv:\(reader.recordLine): expected an id, a rating sum and two lists")
            }
            sums[id] = sum
            extra[id] = (list(f[2]), list(f[3]))
        }
        var movies: [Movie] = []
        var counts: [Int32: Int] = [:]
        var tmdb = TMDBCatalog()
        for f in films {
            guard let id = f.movielensId else { continue }
            movies.append(Movie(movieLensId: id, title: f.title, year: f.year, genres: f.genres, tmdbId: f.tmdbId))
            if f.ratings > 0 { counts[id] = f.ratings }
            guard let tmdbId = f.tmdbId else { continue }
            var t = TMDBMovie(tmdbId: tmdbId)
            t.title = f.title
            t.year = f.year
            t.overview = f.overview ?? ""
            t.cast = f.cast ?? []
            t.directors = f.directors ?? []
            t.genres = extra[id]?.genres ?? []
            t.keywords = extra[id]?.keywords ?? []
            tmdb.insert(t)
        }
        let moods = try MoodLexicon.standard()
        let lexicon: IntentLexicon
        do { lexicon = try IntentLexicon.standard() } catch let e as IntentError {
            throw ShellError.failed(e.description)
        }
        let catalog = IntentCatalog(
            movies: movies, ratingCounts: counts, tmdb: tmdb,
            moods: moods.moods.map { .init(name: $0.name, aliases: $0.aliases, firstGenre: $0.genres.first) })
        return AskEngine(
            datasetName: datasetName, movies: MovieCatalog(movies), tmdb: tmdb,
            totals: RatingTotals(count: counts, sum: sums.filter { counts[$0.key] != nil }), community: community,
            content: content, meaning: meaning, moods: moods,
            parser: OfflineIntentParser(lexicon: lexicon, catalog: catalog))
    }
}
