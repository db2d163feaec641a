import Foundation
import RecshData
import RecshIntent
import RecshModels

/// How `ask` ranks the films an intent lets through: the user's model (a known user, or named
/// likes), else Bayesian popularity; blended with the mood and the leftover text's content match.
struct AskRanking {
    let session: Session
    let dataset: Dataset
    let intent: Intent
    var notes: [String] = []

    /// The films that pass the hard filters: genres (all of them, else any), excluded genres, years, people.
    func candidates() -> (films: [Movie], relaxed: Bool) {
        let tmdb = session.tmdb
        let people = Set(intent.people)
        let base = dataset.movies.movies.filter { m in
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

    /// The taste part: scores for a user or liked films from a community model, else Bayesian averages.
    mutating func taste(_ films: [Movie], user: Int32?, likes: [Int32]) throws -> (scores: [Double], why: String) {
        if user != nil || !likes.isEmpty {
            let model = try session.communityModel(notes: &notes)
            let rec = model.recommender!
            var scores = [Float](repeating: 0, count: model.items)
            let why: String
            if let user {
                guard let u = model.index(ofUser: user) else {
                    throw ShellError.failed(
                        "user \(user) is not in \(dataset.name)'s ratings; name films with likes= instead")
                }
                scores.withUnsafeMutableBufferPointer { rec.scores(user: u, into: $0.baseAddress!) }
                why = "for user \(user) (\(model.name))"
            } else {
                let liked = likes.compactMap { model.index(ofMovie: $0) }
                guard !liked.isEmpty else {
                    throw ShellError.failed("none of the liked films has ratings in \(dataset.name)")
                }
                scores.withUnsafeMutableBufferPointer { rec.scores(liking: liked, into: $0.baseAddress!) }
                let names = likes.prefix(2).map { dataset.movies.movie(movieLensId: $0)?.title ?? "ml:\($0)" }
                why =
                    "viewers of \(names.joined(separator: ", "))\(likes.count > 2 ? "…" : "") liked it (\(model.name))"
            }
            let seen = user.map { session.ratedItems(user: $0) } ?? []
            return (
                films.map { m in
                    seen.contains(m.movieLensId)
                        ? -1e9 : model.index(ofMovie: m.movieLensId).map { Double(scores[$0]) } ?? -1e9
                }, why
            )
        }
        let totals = RatingTotals(dataset)
        return (films.map { totals.bayes($0.movieLensId) }, "popular")
    }

    /// How well each film fits the moods: TMDB genres and keywords, as `compare mood` reads them.
    func mood(_ films: [Movie]) throws -> [(Double, String)] {
        guard !intent.moods.isEmpty, let tmdb = session.tmdb else { return films.map { _ in (0, "") } }
        let lexicon = try MoodLexicon.standard()
        let moods = intent.moods.compactMap { lexicon.mood(named: $0) }
        return films.map { m in
            guard let t = m.tmdbId.flatMap({ tmdb[$0] }) else { return (0, "") }
            let genres = Set((t.genres.isEmpty ? m.genres : t.genres).map(TextDecoding.fold))
            let keywords = Set(t.keywords.map(TextDecoding.fold))
            var best = (0.0, "")
            for mood in moods {
                let g = genres.intersection(mood.genres.map(TextDecoding.fold)).count
                let k = keywords.intersection(mood.keywords.map(TextDecoding.fold))
                let avoided = !genres.isDisjoint(with: mood.avoid.map(TextDecoding.fold))
                let score =
                    (avoided ? -1 : 0) + Double(g) / Double(max(1, mood.genres.count)) + Double(min(k.count, 3)) / 3
                if score > best.0 {
                    best = (score, mood.name + (k.isEmpty ? "" : ": " + k.sorted().prefix(2).joined(separator: ", ")))
                }
            }
            return best
        }
    }

    /// The leftover text against each film's content (TF-IDF over overview, keywords, cast): the
    /// match and the shared terms; nil without TMDB or without text.
    mutating func textMatch(_ films: [Movie]) throws -> [(Double, String)]? {
        guard !intent.text.isEmpty else { return nil }
        if let e = session.trainedEmbeddings {
            // the meaning of the words: MiniLM cosine to each film's embedded text
            let model = try EmbedTraining.model(session)
            var q = [Float](repeating: 0, count: e.dimension)
            q.withUnsafeMutableBufferPointer {
                model.embed(intent.text, scratch: .init(rows: 256), into: $0.baseAddress!)
            }
            let sims = e.similarities(to: q)
            return films.map { m in
                e.row(of: m.movieLensId).map { (Double(max(0, sims[$0])), String(format: "meaning %.2f", sims[$0])) }
                    ?? (0, "")
            }
        }
        guard session.tmdb != nil else { return nil }
        let model = try session.contentModel(notes: &notes)
        guard let content = model.content else { return nil }
        let words = intent.text.split(separator: " ").map(String.init)
        let vector = content.vector(for: ContentDocument(overview: intent.text, keywords: words + [intent.text]))
        guard !vector.isEmpty else { return nil }
        var sims = [Float](repeating: 0, count: content.documents)
        sims.withUnsafeMutableBufferPointer { content.similarities(to: vector, into: $0.baseAddress!) }
        return films.map { m in
            guard let i = model.index(ofMovie: m.movieLensId), sims[i] > 0 else { return (0, "") }
            return (Double(sims[i]), "about " + content.sharedTerms(vector, i, limit: 2).joined(separator: ", "))
        }
    }
}
