import Foundation
import RecshData
import RecshModels

/// The catalogue tables of an artifact folder: movies.csv (read back by a server), the films each
/// user rated, and popularity.csv.
extension ExportCommand {
    static let moviesHeader = [
        "movielens_id", "tmdb_id", "title", "year", "genres", "ratings", "mean_rating", "overview", "directors", "cast",
    ]

    /// One row per film: ids, title, year, genres, rating count and mean, and TMDB's overview,
    /// directors and top cast when TMDB was loaded (lists are '|'-separated).
    static func moviesCSV(_ d: Dataset, tmdb: TMDBCatalog?) -> Data {
        let stats = d.ratings.statisticsByMovie()
        var out = Self.moviesHeader.joined(separator: ",") + "\n"
        for m in d.movies.movies.sorted(by: { $0.movieLensId < $1.movieLensId }) {
            let st = stats[m.movieLensId]
            let t = m.tmdbId.flatMap { tmdb?[$0] }
            out +=
                [
                    String(m.movieLensId), m.tmdbId.map(String.init) ?? "", Renderer.csvField(m.title),
                    m.year.map(String.init) ?? "",
                    Renderer.csvField(m.genres.joined(separator: "|")), String(st?.count ?? 0),
                    st.map { String(format: "%.2f", $0.sum / Double($0.count)) } ?? "",
                    Renderer.csvField(t?.overview ?? ""), Renderer.csvField(t?.directors.joined(separator: "|") ?? ""),
                    Renderer.csvField(t?.cast.joined(separator: "|") ?? ""),
                ].joined(separator: ",") + "\n"
        }
        return Data(out.utf8)
    }

    /// Reads `movies.csv` back into served films.
    static func readMoviesCSV(_ data: Data) throws -> [ServedFilm] {
        var reader = CSVReader(data: data, file: "movies.csv")
        guard let header = try reader.next(), header == moviesHeader else {
            throw ShellError.failed("movies.csv: expected the header \(moviesHeader.joined(separator: ","))")
        }
        var films: [ServedFilm] = []
        while let f = try reader.next() {
            if f.count == 1 && f[0].isEmpty { continue }
            guard f.count == moviesHeader.count, let id = Int32(f[0]) else {
                throw ShellError.failed("movies.csv:\(reader.recordLine): expected \(moviesHeader.count) fields")
            }
            func list(_ s: String) -> [String]? { s.isEmpty ? nil : s.split(separator: "|").map(String.init) }
            films.append(
                ServedFilm(
                    movielensId: id, tmdbId: Int(f[1]), title: f[2], year: Int(f[3]), genres: list(f[4]) ?? [],
                    ratings: Int(f[5]) ?? 0,
                    meanRating: Double(f[6]), overview: f[7].isEmpty ? nil : f[7], directors: list(f[8]),
                    cast: list(f[9])))
        }
        return films
    }

    /// Every film each user rated (MovieLens ids, CSR by user), so a served recommendation leaves
    /// out what the user has seen without the ratings file.
    static func ratedArrays(_ d: Dataset) -> [(String, Data)] {
        let byUser = d.ratings.itemsByUser()
        let users = byUser.keys.sorted()
        var indptr: [Int32] = [0]
        var ids: [Int32] = []
        for u in users {
            ids += byUser[u]!.sorted()
            indptr.append(Int32(ids.count))
        }
        return [
            ("rated.user_ids.npy", NumpyArray.data(users, shape: [users.count])),
            ("rated.indptr.npy", NumpyArray.data(indptr, shape: [indptr.count])),
            ("rated.movielens_ids.npy", NumpyArray.data(ids, shape: [ids.count])),
        ]
    }

    static func popularityCSV(_ d: Dataset) -> Data {
        let counts = d.ratings.ratingCountsByMovie()
        var out = "rank,movielens_id,tmdb_id,title,ratings\n"
        let ranked = counts.indices.filter { counts[$0] > 0 }.sorted {
            counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1
        }
        for (r, id) in ranked.enumerated() {
            let m = d.movies.movie(movieLensId: Int32(id))
            out +=
                "\(r + 1),\(id),\(m?.tmdbId.map(String.init) ?? ""),\(Renderer.csvField(m?.title ?? "")),\(counts[id])\n"
        }
        return Data(out.utf8)
    }
}
