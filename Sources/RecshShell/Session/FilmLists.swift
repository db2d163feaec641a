import Foundation
import RecshData
import RecshModels

/// One film in a result list, with its score and a one-line reason.
public struct ListedFilm: Sendable {
    public var movieLensId: Int32
    public var score: Float
    public var reason: String
}

/// The three lists under a film (S1): content, community, and their hybrid.
extension Session {
    /// The content model, trained with its defaults on first use when TMDB is loaded.
    func contentModel(named name: String? = nil, notes: inout [String]) throws -> TrainedModel {
        let d = try requireDataset()
        if let name {
            guard let m = model(named: name) else {
                throw ShellError.failed("no model named '\(name)'; models lists them, train tfidf makes one")
            }
            guard m.content != nil else {
                throw ShellError.failed(
                    "\(name) is a \(m.family.rawValue) model, not a content model: use also-liked for community lists")
            }
            return m
        }
        if let m = models.last(where: { $0.family == .tfidf && $0.datasetName == d.name }) { return m }
        guard tmdb != nil else {
            throw ShellError.failed(
                "content similarity needs TMDB metadata: load tmdb (or name a community model with by=knn|als|svd|ease)"
            )
        }
        let started = Date()
        let (model, ids) = try ModelOptions.fitContent(call: Invocation(name: "train"), dataset: d, tmdb: tmdb)
        let trained = TrainedModel(
            name: "tfidf", family: .tfidf, datasetName: d.name, fitSeconds: Date().timeIntervalSince(started),
            recommender: nil, content: model, itemIds: ids, userIds: [], parameterText: "defaults")
        store(trained)
        notes.append("(trained tfidf with its defaults on \(d.name) in \(Format.duration(trained.fitSeconds)))")
        return trained
    }

    /// The model `by=` names for a film list: a content model by its name or "tfidf" (trained
    /// with its defaults when missing), else a community model.
    func listModel(named name: String?, notes: inout [String]) throws -> TrainedModel {
        if name == nil || name == "tfidf" && model(named: "tfidf") == nil { return try contentModel(notes: &notes) }
        if let name, model(named: name)?.content != nil { return try contentModel(named: name, notes: &notes) }
        return try communityModel(named: name, notes: &notes)
    }

    /// The community model: named, else the latest trained on this dataset, else knn trained now.
    func communityModel(named name: String? = nil, notes: inout [String]) throws -> TrainedModel {
        let d = try requireDataset()
        if let name {
            if let m = model(named: name) {
                guard m.recommender != nil else {
                    throw ShellError.failed("\(name) is a content model: use similar for content lists")
                }
                return m
            }
            // a family name with no model yet: train it with its defaults, as `train NAME` would
            guard let family = ModelFamily(rawValue: name.lowercased()), family != .tfidf else {
                throw ShellError.failed("no model named '\(name)'; models lists them, train knn|als|svd|ease makes one")
            }
            return try trainWithDefaults(family, on: d, notes: &notes)
        }
        if let m = models.last(where: { $0.recommender != nil && $0.family != .popular && $0.datasetName == d.name }) {
            return m
        }
        return try trainWithDefaults(.knn, on: d, notes: &notes)
    }

    /// Fits a rating model with its defaults, as `train FAMILY` would, and says so in `notes`.
    func trainWithDefaults(_ family: ModelFamily, on d: Dataset, notes: inout [String]) throws -> TrainedModel {
        let started = Date()
        let data = d.trainingData(for: family)
        let fitted = try ModelOptions.fit(
            family, call: Invocation(name: "train"), data: data,
            control: FitControl(threads: settings.threads, seed: settings.seed))
        let trained = TrainedModel(
            name: family.rawValue, family: family, datasetName: d.name, fitSeconds: Date().timeIntervalSince(started),
            recommender: fitted, content: nil, itemIds: data.positives.itemIds, userIds: data.positives.userIds,
            parameterText: fitted.parameterText)
        store(trained)
        notes.append(
            "(trained \(family.rawValue) with its defaults on \(d.name) in \(Format.duration(trained.fitSeconds)))")
        return trained
    }

    func similarFilms(to seed: Int32, model m: TrainedModel, k: Int) -> [ListedFilm] {
        FilmLists.similar(to: seed, model: m, k: k)
    }
    func similarFilms(toTMDB film: TMDBMovie, model m: TrainedModel, k: Int) -> [ListedFilm] {
        FilmLists.similar(toTMDB: film, model: m, k: k)
    }
    func hybridFilms(seed: Int32, content: TrainedModel?, community: TrainedModel?, k: Int, blend: BlendRule)
        -> [ListedFilm]
    {
        FilmLists.page(seed: seed, content: content, community: community, k: k, blend: blend).hybrid
    }

    /// A table of listed films, with TMDB ids when the dataset has them.
    func filmTable(_ films: [ListedFilm], title: String? = nil) throws -> Table {
        let d = try requireDataset()
        let byTMDB = d.movies.hasTMDBLinks
        var t = Table(
            title: title,
            columns: [
                .init("#", key: "rank", right: true),
                .init(byTMDB ? "TMDB" : "ML id", key: byTMDB ? "tmdb_id" : "movielens_id", right: true),
                .init("Title"), .init("Year", right: true), .init("Score", right: true), .init("Reason"),
            ])
        for (n, f) in films.enumerated() {
            let m = d.movies.movie(movieLensId: f.movieLensId)
            let id: Cell =
                byTMDB ? (m?.tmdbId.map { .id($0) } ?? .text("ml:\(f.movieLensId)")) : .id(Int(f.movieLensId))
            t.rows.append([
                .int(n + 1), id, .text(m?.title ?? "ml:\(f.movieLensId)"), m?.year.map { .id($0) } ?? .empty,
                .number(Double(f.score), digits: 3), .text(f.reason),
            ])
        }
        return t
    }
}

/// The list computations behind `similar`, `also-liked`, `blend`, `movie` and the HTTP API: pure
/// functions of the models, so a serving snapshot shares them with the session.
public enum FilmLists {
    /// Top-k films by one model's similarity to the seed; the seed itself is never returned.
    static func similar(to seed: Int32, model m: TrainedModel, k: Int) -> [ListedFilm] {
        similarityVector(m, seed: seed).map { topFilms($0, model: m, k: k) } ?? []
    }

    /// Every film's similarity to the seed under one model, with the seed's index; nil if the model lacks the seed.
    static func similarityVector(_ m: TrainedModel, seed: Int32) -> (sims: [Float], seed: Int)? {
        guard let seedIndex = m.index(ofMovie: seed), let sims = m.similarities(toMovie: seed) else { return nil }
        return (sims, seedIndex)
    }

    static func topFilms(_ v: (sims: [Float], seed: Int), model m: TrainedModel, k: Int) -> [ListedFilm] {
        listed(topIndices(v, k: k)[...], seed: v.seed, model: m)
    }

    /// Films by index and score, as a list with each one's reason.
    static func listed(_ top: ArraySlice<(Int, Float)>, seed: Int, model m: TrainedModel) -> [ListedFilm] {
        top.map { (i, s) in
            ListedFilm(movieLensId: m.itemIds[i], score: s, reason: reason(for: m, seed: seed, other: i))
        }
    }

    /// The k most similar films' indices and scores, positive scores only, the seed left out.
    static func topIndices(_ v: (sims: [Float], seed: Int), k: Int) -> [(Int, Float)] {
        let top = v.sims.withUnsafeBufferPointer {
            topK($0.baseAddress!, count: v.sims.count, k: k, excluded: [v.seed])
        }
        return top.filter { $0.1 > 0 }
    }

    /// Content neighbours of a TMDB film that is not in the dataset, from its metadata.
    static func similar(toTMDB film: TMDBMovie, model m: TrainedModel, k: Int) -> [ListedFilm] {
        guard let content = m.content else { return [] }
        let v = content.vector(
            for: ContentDocument(
                overview: film.overview, genres: film.genres, keywords: film.keywords, cast: film.cast,
                directors: film.directors))
        var sims = [Float](repeating: 0, count: m.items)
        sims.withUnsafeMutableBufferPointer { content.similarities(to: v, into: $0.baseAddress!) }
        let top = sims.withUnsafeBufferPointer { topK($0.baseAddress!, count: sims.count, k: k) }
        return top.filter { $0.1 > 0 }.map { (i, s) in
            let shared = content.sharedTerms(v, i)
            return ListedFilm(
                movieLensId: m.itemIds[i], score: s,
                reason: shared.isEmpty ? "similar description" : "shares " + shared.joined(separator: ", "))
        }
    }

    static func reason(for m: TrainedModel, seed: Int, other: Int) -> String {
        switch m.family {
        case .tfidf:
            let shared = m.content!.sharedTerms(seed, other)
            return shared.isEmpty ? "similar description" : "shares " + shared.joined(separator: ", ")
        case .knn: return "liked by the same viewers"
        case .rp3beta: return "liked by the same viewers, popularity discounted"
        case .ease: return "liking one predicts liking the other"
        case .slist: return "watched one after the other"
        case .gru4rec: return "followed by the same films"
        case .sknn: return "liked by the same viewers"
        case .als, .svd, .svdpp, .bpr: return "close in viewers' taste"
        case .popular: return "popular"
        case .ranker: return "liked by the same viewers"
        }
    }

    /// A film page's three lists: each model's top k and their hybrid.
    struct Page {
        var similar: [ListedFilm]
        var alsoLiked: [ListedFilm]
        var hybrid: [ListedFilm]
    }

    /// The lists under a film as `movie` and the API show them. With community scores for the
    /// film: each model's top k and their hybrid. Without (a film nobody rated, or a TMDB film
    /// outside the dataset): the content list, which stands for the hybrid too.
    static func page(
        seed: Int32?, tmdb: TMDBMovie?, content: TrainedModel?, community: TrainedModel?, k: Int, blend: BlendRule
    ) -> Page {
        if let seed, let community, community.index(ofMovie: seed) != nil {
            return page(seed: seed, content: content, community: community, k: k, blend: blend)
        }
        var similar: [ListedFilm] = []
        if let content {
            if let seed {
                similar = FilmLists.similar(to: seed, model: content, k: k)
            } else if let tmdb {
                similar = FilmLists.similar(toTMDB: tmdb, model: content, k: k)
            }
        }
        return Page(similar: similar, alsoLiked: [], hybrid: similar)
    }

    /// "because you liked X" for each recommended item: the liked film most similar to it.
    static func because(_ items: [Int], liked: [Int], model m: TrainedModel, title: (Int32) -> String?) -> [String] {
        guard let rec = m.recommender else { return items.map { _ in "popular" } }
        return rec.closestLiked(to: items, among: liked).map { best in
            guard let best else { return rec.family == .popular ? "popular" : "popular with similar viewers" }
            return "because you liked " + (title(m.itemIds[best]) ?? "ml:\(m.itemIds[best])")
        }
    }
}
