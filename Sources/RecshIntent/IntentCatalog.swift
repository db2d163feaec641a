import Foundation
import RecshData

/// What the parser can recognise in one dataset: its genres, titles, people and last year.
public struct IntentCatalog: Sendable {
    /// A mood of the mood lexicon: its names, and the genre a "not ..." of it excludes.
    public struct MoodEntry: Sendable {
        public var name: String
        public var aliases: [String]
        public var firstGenre: String?
        public init(name: String, aliases: [String], firstGenre: String?) {
            self.name = name
            self.aliases = aliases
            self.firstGenre = firstGenre
        }
    }

    /// Genre names of the dataset, by their folded form ("sci fi" → "Sci-Fi").
    public var genres: [String: String] = [:]
    /// Folded title variants → (MovieLens id, rating count).
    var titles: [String: (id: Int32, count: Int)] = [:]
    /// Folded full names → display name and film count; surnames alone → the most credited person.
    var people: [String: (name: String, count: Int)] = [:]
    var surnames: [String: (name: String, count: Int)] = [:]
    /// How many titles hold each folded word: a surname that is also a common title word
    /// ("white", "stone") is a person only after a cue.
    var titleWords: [String: Int] = [:]
    public var moods: [MoodEntry] = []
    /// The latest release year in the catalogue: "recent" and "classic" are judged against it.
    public var lastYear: Int
    var titleOf: [Int32: String] = [:]

    public init(dataset: Dataset, tmdb: TMDBCatalog?, moods: [MoodEntry]) {
        var counts: [Int32: Int] = [:]
        for item in dataset.ratings.items { counts[item, default: 0] += 1 }
        self.init(movies: dataset.movies.movies, ratingCounts: counts, tmdb: tmdb, moods: moods)
    }

    /// A catalogue of films with their rating counts (the most rated wins a shared title).
    public init(movies: [Movie], ratingCounts counts: [Int32: Int], tmdb: TMDBCatalog?, moods: [MoodEntry]) {
        self.moods = moods
        var last = 0
        var credits: [String: (name: String, count: Int)] = [:]
        for m in movies {
            for g in m.genres where !g.hasPrefix("(") { genres[IntentText.fold(g)] = g }
            last = max(last, m.year ?? 0)
            titleOf[m.movieLensId] = m.titleWithYear
            for word in Set(IntentText.fold(m.title).split(separator: " ")) {
                titleWords[String(word), default: 0] += 1
            }
            let n = counts[m.movieLensId] ?? 0
            for v in Self.titleVariants(m.title) where titles[v].map({ $0.count < n }) ?? true {
                titles[v] = (m.movieLensId, n)
            }
            guard let tmdbId = m.tmdbId, let t = tmdb?[tmdbId] else { continue }
            for p in Set(t.cast.prefix(5) + t.directors) {
                let f = IntentText.fold(p)
                guard f.contains(" ") else { continue }
                credits[f, default: (p, 0)].count += 1
            }
        }
        lastYear = last > 0 ? last : 2018
        people = credits
        for (f, c) in credits where c.count >= 2 {
            let surname = String(f.split(separator: " ").last!)
            guard surname.count > 2 else { continue }
            if surnames[surname].map({ $0.count < c.count }) ?? true { surnames[surname] = c }
        }
    }

    /// "Godfather, The" is also "the godfather" and "godfather"; "Amelie (Fabuleux destin
    /// d'Amélie Poulain, Le)" is also "le fabuleux destin d amelie poulain".
    static func titleVariants(_ title: String) -> [String] {
        var names = [title]
        if let open = title.firstIndex(of: "("), let close = title.lastIndex(of: ")"), open < close {
            names = [String(title[..<open]), String(title[title.index(after: open)..<close])]
        }
        var out: [String] = []
        for n in names {
            let trimmed = n.trimmingCharacters(in: .whitespaces)
            let folded = IntentText.fold(trimmed)
            out.append(folded)
            for article in ["the ", "a ", "an ", "le ", "la ", "les ", "l "] where folded.hasPrefix(article) {
                out.append(String(folded.dropFirst(article.count)))
            }
            for article in ["The", "A", "An", "Le", "La", "Les", "L'", "Il", "Der", "Die", "Das", "El"] {
                if trimmed.hasSuffix(", " + article) {
                    let base = String(trimmed.dropLast(article.count + 2))
                    out.append(IntentText.fold(base))
                    out.append(IntentText.fold(article + " " + base))
                }
            }
        }
        return out.filter { !$0.isEmpty }
    }

    func title(_ id: Int32) -> String { titleOf[id] ?? "ml:\(id)" }
}

/// The one text folding of the parser: apostrophes split words (French "l'horreur" is two), then
/// lowercase, no accents, punctuation as spaces.
public enum IntentText {
    public static func fold(_ s: String) -> String {
        TextDecoding.fold(s.replacingOccurrences(of: "'", with: " ").replacingOccurrences(of: "’", with: " "))
    }
}
