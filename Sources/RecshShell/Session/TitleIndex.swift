import RecshData

/// Case- and accent-insensitive title search over one dataset's catalogue.
struct TitleIndex {
    struct Entry {
        var movie: Movie
        var folded: String
        var foldedWithYear: String
        var words: [Substring]
        var ratingCount: Int
    }
    let entries: [Entry]

    init(dataset: Dataset) {
        var counts: [Int32: Int] = [:]
        for item in dataset.ratings.items { counts[item, default: 0] += 1 }
        self.init(movies: dataset.movies.movies, counts: counts)
    }

    init(movies: [Movie], counts: [Int32: Int]) {
        entries = movies.map { m in
            let f = TextDecoding.fold(m.title)
            return Entry(
                movie: m, folded: f, foldedWithYear: TextDecoding.fold(m.titleWithYear),
                words: f.split(separator: " "), ratingCount: counts[m.movieLensId] ?? 0)
        }
    }

    /// Films ranked by how well their title matches: exact, then prefix, then whole words, then
    /// substring; ties go to the more rated film.
    func search(_ query: String, limit: Int) -> [(movie: Movie, score: Int, ratings: Int)] {
        let q = TextDecoding.fold(query)
        guard !q.isEmpty else { return [] }
        let qWords = q.split(separator: " ")
        var hits: [(Entry, Int)] = []
        for e in entries {
            var score = 0
            if e.folded == q || e.foldedWithYear == q {
                score = 100
            } else if e.folded.hasPrefix(q + " ") || e.foldedWithYear.hasPrefix(q) {
                score = 80
            } else if qWords.allSatisfy({ w in e.words.contains { $0.hasPrefix(w) } }) {
                score = 60
            } else if e.folded.contains(q) {
                score = 40
            }
            if score > 0 { hits.append((e, score)) }
        }
        hits.sort { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            if a.0.ratingCount != b.0.ratingCount { return a.0.ratingCount > b.0.ratingCount }
            return a.0.movie.movieLensId < b.0.movie.movieLensId
        }
        return hits.prefix(limit).map { ($0.0.movie, $0.1, $0.0.ratingCount) }
    }

    /// Titles starting with `prefix` (folded), most rated first, for Tab completion.
    func completions(prefix: String, limit: Int) -> [String] {
        let p = TextDecoding.fold(prefix)
        return entries.filter { p.isEmpty || $0.folded.hasPrefix(p) }
            .sorted { $0.ratingCount > $1.ratingCount }
            .prefix(limit).map(\.movie.title)
    }
}
