import Foundation
import RecshData
import RecshEmbed
import RecshIntent
import RecshModels

/// Everything `ask` ranks with, frozen. The shell builds one per question; a serving snapshot
/// keeps one, so `POST /ask` answers as the prompt does. Every property is an immutable value or
/// a trained model that never changes, so the engine is shared between requests without a lock.
public struct AskEngine: Sendable {
    /// The meaning of words: the films' MiniLM vectors and the model that embeds a question.
    struct Meaning: Sendable {
        let embeddings: FilmEmbeddings
        let model: MiniLM
    }

    let datasetName: String
    let movies: MovieCatalog
    let tmdb: TMDBCatalog?
    let totals: RatingTotals
    /// Ranks for a user or liked films; nil leaves only popularity.
    let community: TrainedModel?
    /// Matches the leftover text by TF-IDF when there are no embeddings.
    let content: TrainedModel?
    let meaning: Meaning?
    let moods: MoodLexicon
    /// The offline parser over this catalogue's genres, titles, people and moods.
    public let parser: OfflineIntentParser

    /// What a question found: the films that passed the filters, ranked, and what the reader should know.
    public struct Answer: Sendable {
        /// How many films passed the hard filters.
        public var candidates: Int
        /// No film had every asked genre, so films with any of them were ranked.
        public var relaxed: Bool
        public var films: [ListedFilm]
    }

    /// The films a question asks for, best first, each with its reason. `seen` are the user's
    /// rated films, left out of a personal ranking.
    public func answer(_ intent: Intent, user: Int32?, seen: Set<Int32>, likes: [Int32], k: Int) throws -> Answer {
        let (films, relaxed) = candidates(intent)
        guard !films.isEmpty else { return Answer(candidates: 0, relaxed: relaxed, films: []) }
        let taste = try taste(films, user: user, seen: seen, likes: likes)
        let tasteScaled = Self.scaled(taste.scores)
        let mood = mood(films, intent: intent)
        let text = try textMatch(films, text: intent.text)
        let textScaled = text.map { t in Self.scaled(t.map(\.0)) }
        var scored: [(Int, Double)] = []
        for i in films.indices where taste.scores[i] > -1e8 {
            var score = tasteScaled[i]
            if let textScaled { score = 0.5 * score + 0.5 * textScaled[i] }
            if !intent.moods.isEmpty { score += 0.3 * mood[i].0 }
            scored.append((i, score))
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : films[$0.0].movieLensId < films[$1.0].movieLensId }
        let listed = scored.prefix(k).map { (i, score) -> ListedFilm in
            let m = films[i]
            var why: [String] = []
            let genres = m.genres.filter(intent.genres.contains)
            if !genres.isEmpty { why.append(genres.joined(separator: ", ")) }
            if intent.yearMin != nil || intent.yearMax != nil, let y = m.year { why.append(String(y)) }
            if !intent.people.isEmpty, let t = m.tmdbId.flatMap({ tmdb?[$0] }) {
                why.append(
                    intent.people.filter { (t.cast.prefix(5) + t.directors).contains($0) }.joined(separator: ", "))
            }
            if !mood[i].1.isEmpty { why.append(mood[i].1) }
            if let text, !text[i].1.isEmpty { why.append(text[i].1) }
            why.append(taste.why == "popular" ? String(format: "Bayesian %.2f", taste.scores[i]) : taste.why)
            return ListedFilm(movieLensId: m.movieLensId, score: Float(score), reason: why.joined(separator: " · "))
        }
        return Answer(candidates: films.count, relaxed: relaxed, films: Array(listed))
    }

    /// The films that pass the hard filters: genres (all of them, else any), excluded genres, years, people.
    func candidates(_ intent: Intent) -> (films: [Movie], relaxed: Bool) {
        let people = Set(intent.people)
        let base = movies.movies.filter { m in
            if !intent.excludeGenres.isEmpty && m.genres.contains(where: intent.excludeGenres.contains) { return false }
            if let lo = intent.yearMin { guard let y = m.year, y >= lo else { return false } }
            if let hi = intent.yearMax { guard let y = m.year, y <= hi else { return false } }
            if !people.isEmpty {
                guard let t = m.tmdbId.flatMap({ tmdb?[$0] }), !people.isDisjoint(with: t.cast.prefix(5) + t.directors)
                else { return false }
            }
            return !intent.like.contains(m.movieLensId)
        }
        guard !intent.genres.isEmpty else { return (base, false) }
        let all = base.filter { m in intent.genres.allSatisfy(m.genres.contains) }
        if !all.isEmpty { return (all, false) }
        return (base.filter { m in m.genres.contains(where: intent.genres.contains) }, true)
    }

    /// Min-max scaled to 0...1 over the candidates the model can score (-1e9 marks the others).
    static func scaled(_ v: [Double]) -> [Double] {
        let valid = v.filter { $0 > -1e8 }
        guard let lo = valid.min(), let hi = valid.max(), hi > lo else { return v.map { $0 > -1e8 ? 1 : 0 } }
        return v.map { $0 > -1e8 ? ($0 - lo) / (hi - lo) : 0 }
    }
}
