import RecshData

/// A film named in a command, as found in the current dataset and/or TMDB.
public struct FilmRef {
    public var movie: Movie?
    public var tmdb: TMDBMovie?

    public var displayTitle: String {
        if let m = movie { return m.titleWithYear }
        if let t = tmdb { return t.year.map { "\(t.title) (\($0))" } ?? t.title }
        return "?"
    }
}

extension Session {
    /// Resolves a movie reference: a number is a TMDB id when the dataset links to TMDB (else a
    /// MovieLens id), `ml:N` a MovieLens id, `tmdb:N` a TMDB id, and a quoted string a title.
    public func resolveFilm(_ value: Value, argument: String = "movie") throws -> FilmRef {
        let d = current
        switch value {
        case .number:
            guard let n = value.integer, n > 0 else {
                throw ShellError.badValue(name: argument, value: value.description, expected: "a positive film id")
            }
            if let d, d.movies.hasTMDBLinks { return try byTMDB(n, dataset: d) }
            if d == nil, tmdb != nil { return try byTMDB(n, dataset: nil) }
            return try byMovieLens(n, dataset: d)
        case .word(let w):
            let lower = w.lowercased()
            if lower.hasPrefix("ml:"), let n = Int(lower.dropFirst(3)), n > 0 { return try byMovieLens(n, dataset: d) }
            if lower.hasPrefix("tmdb:"), let n = Int(lower.dropFirst(5)), n > 0 { return try byTMDB(n, dataset: d) }
            throw ShellError.badValue(
                name: argument, value: w,
                expected: "a TMDB id (1366), ml:ID for a MovieLens id, or a quoted title (\"Rocky\")")
        case .string(let title):
            return try byTitle(title)
        default:
            throw ShellError.badValue(
                name: argument, value: value.description, expected: "one film: an id or a quoted title")
        }
    }

    func byMovieLens(_ n: Int, dataset d: Dataset?) throws -> FilmRef {
        guard let d else { throw ShellError.noDataset }
        guard let m = d.movies.movie(movieLensId: Int32(clamping: n)) else {
            throw ShellError.movieNotFound(reference: "MovieLens id \(n)", hint: "\(d.name) has no such film")
        }
        return FilmRef(movie: m, tmdb: m.tmdbId.flatMap { tmdb?[$0] })
    }

    func byTMDB(_ n: Int, dataset d: Dataset?) throws -> FilmRef {
        if let d, let m = d.movies.movie(tmdbId: n) { return FilmRef(movie: m, tmdb: tmdb?[n]) }
        if let t = tmdb?[n], t.hasDetails { return FilmRef(movie: nil, tmdb: t) }
        var hint = "numbers are TMDB ids"
        if let d { hint += " because \(d.name) links to TMDB" }
        hint += "; write ml:\(n) for a MovieLens id, or search \"title\""
        throw ShellError.movieNotFound(reference: "TMDB id \(n)", hint: hint)
    }

    func byTitle(_ title: String) throws -> FilmRef {
        guard let d = current else {
            throw ShellError.noDataset
        }
        let hits = titleIndex(for: d).search(title, limit: 9)
        guard let best = hits.first else {
            throw ShellError.movieNotFound(
                reference: "\"\(title)\"", hint: "try search \"\(title.split(separator: " ").first ?? "")\"")
        }
        // one exact title wins outright; otherwise a single hit is the answer and several are listed
        let exact = hits.filter { $0.score == 100 }
        if exact.count == 1 || hits.count == 1 {
            let m = (exact.first ?? best).movie
            return FilmRef(movie: m, tmdb: m.tmdbId.flatMap { tmdb?[$0] })
        }
        let shown = (exact.isEmpty ? hits : exact).prefix(8)
        throw ShellError.ambiguousTitle(
            query: title,
            candidates: shown.map { hit in
                let id =
                    hit.movie.tmdbId.map { d.movies.hasTMDBLinks ? "\($0)" : "ml:\(hit.movie.movieLensId)" }
                    ?? "ml:\(hit.movie.movieLensId)"
                return "\(id.padding(toLength: 9, withPad: " ", startingAt: 0)) \(hit.movie.titleWithYear)"
            })
    }
}
