import Foundation
import RecshData
import RecshIntent
import RecshModels

/// The parts of an `ask` ranking: the taste (the user's model, named likes, else Bayesian
/// popularity), the mood fit and the leftover text's match by meaning or by TF-IDF.
extension AskEngine {
    /// Scores for a user or liked films from the community model, else Bayesian averages.
    func taste(_ films: [Movie], user: Int32?, seen: Set<Int32>, likes: [Int32]) throws -> (
        scores: [Double], why: String
    ) {
        guard user != nil || !likes.isEmpty else {
            return (films.map { totals.bayes($0.movieLensId) }, "popular")
        }
        guard let model = community, let rec = model.recommender else {
            throw ServingError.invalid(
                field: user == nil ? "likes" : "user", message: "no community model to rank by: train one (train als)")
        }
        var scores = [Float](repeating: 0, count: model.items)
        let why: String
        if let user {
            guard let u = model.index(ofUser: user) else {
                throw ServingError.notFound("user \(user) is not in \(datasetName)'s ratings; name liked films instead")
            }
            scores.withUnsafeMutableBufferPointer { rec.scores(user: u, into: $0.baseAddress!) }
            why = "for user \(user) (\(model.name))"
        } else {
            let liked = likes.compactMap { model.index(ofMovie: $0) }
            guard !liked.isEmpty else {
                throw ServingError.invalid(
                    field: "likes", message: "none of the liked films has ratings in \(datasetName)")
            }
            scores.withUnsafeMutableBufferPointer { rec.scores(liking: liked, into: $0.baseAddress!) }
            let names = likes.prefix(2).map { movies.movie(movieLensId: $0)?.title ?? "ml:\($0)" }
            why = "viewers of \(names.joined(separator: ", "))\(likes.count > 2 ? "…" : "") liked it (\(model.name))"
        }
        return (
            films.map { m in
                seen.contains(m.movieLensId)
                    ? -1e9 : model.index(ofMovie: m.movieLensId).map { Double(scores[$0]) } ?? -1e9
            }, why
        )
    }

    /// How well each film fits the moods: TMDB genres and keywords, as `compare mood` reads them.
    func mood(_ films: [Movie], intent: Intent) -> [(Double, String)] {
        guard !intent.moods.isEmpty, let tmdb else { return films.map { _ in (0, "") } }
        let wanted = intent.moods.compactMap { moods.mood(named: $0) }
        return films.map { m in
            guard let t = m.tmdbId.flatMap({ tmdb[$0] }) else { return (0, "") }
            let genres = Set((t.genres.isEmpty ? m.genres : t.genres).map(TextDecoding.fold))
            let keywords = Set(t.keywords.map(TextDecoding.fold))
            var best = (0.0, "")
            for mood in wanted {
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

    /// The leftover text against each film: MiniLM cosine when the films are embedded, else TF-IDF
    /// over overview, keywords and cast with the shared terms; nil without text or either model.
    func textMatch(_ films: [Movie], text: String) throws -> [(Double, String)]? {
        guard !text.isEmpty else { return nil }
        if let meaning {
            let e = meaning.embeddings
            let sims = e.similarities(to: meaning.model.embedding(of: text))
            return films.map { m in
                e.row(of: m.movieLensId).map { (Double(max(0, sims[$0])), String(format: "meaning %.2f", sims[$0])) }
                    ?? (0, "")
            }
        }
        guard let model = content, let content = model.content else { return nil }
        let words = text.split(separator: " ").map(String.init)
        let vector = content.vector(for: ContentDocument(overview: text, keywords: words + [text]))
        guard !vector.isEmpty else { return nil }
        var sims = [Float](repeating: 0, count: content.documents)
        sims.withUnsafeMutableBufferPointer { content.similarities(to: vector, into: $0.baseAddress!) }
        return films.map { m in
            guard let i = model.index(ofMovie: m.movieLensId), sims[i] > 0 else { return (0, "") }
            return (Double(sims[i]), "about " + content.sharedTerms(vector, i, limit: 2).joined(separator: ", "))
        }
    }
}
