import Foundation
import RecshData
import RecshModels

/// An immutable view of a session's data and models that the HTTP API answers from. Built once
/// (from a live session or from an artifact folder) and swapped whole on reload, so a request
/// sees one consistent version from start to end.
///
/// Every stored property is a `let` of a value type or of a model whose state never changes after
/// training, so concurrent reads need no lock.
public final class ServingSnapshot: Sendable {
    /// Increases by one at every publish (`serve reload`).
    public let version: Int
    /// "session" or the artifact folder.
    public let source: String
    public let datasetName: String
    public let created: Date
    public let blend: BlendRule
    /// Every model, for `/health`.
    public let models: [TrainedModel]
    /// The models behind Similar Movies and Viewers Also Liked (and recommendations).
    public let content: TrainedModel?
    public let community: TrainedModel?
    let films: [Int32: ServedFilm]
    let byTMDB: [Int: Int32]
    /// TMDB films outside MovieLens (a live session with TMDB loaded); they get content lists.
    let tmdb: TMDBCatalog?
    /// MovieLens ids, most rated first.
    let popularity: [Int32]
    /// MovieLens ids by recency-weighted popularity, for home's "Popular right now"; nil when the
    /// source has no times (an export without a ranker), and popularity stands in.
    let trending: [Int32]?
    /// Films each user rated, for exclude_seen.
    let seen: [Int32: [Int32]]
    let titles: TitleIndex
    /// Every genre of the catalogue.
    public let genres: Set<String>
    /// `POST /ask`: the parser and ranking of the shell's `ask`; nil for an export without ask.csv.
    let ask: AskEngine?
    /// The films' MiniLM vectors and the model, for `GET /search?mode=meaning`.
    let meaning: AskEngine.Meaning?
    /// Why there is no meaning search, when the usual reason (no `train embed`) is not it.
    let meaningHint: String?

    init(
        version: Int, source: String, datasetName: String, blend: BlendRule, models: [TrainedModel],
        content: TrainedModel?,
        community: TrainedModel?, films: [ServedFilm], tmdb: TMDBCatalog?, seen: [Int32: [Int32]],
        ask: AskEngine? = nil, meaning: AskEngine.Meaning? = nil, meaningHint: String? = nil, trending: [Int32]? = nil
    ) {
        self.trending = trending
        self.meaningHint = meaningHint
        self.ask = ask
        self.meaning = meaning ?? ask?.meaning
        self.version = version
        self.source = source
        self.datasetName = datasetName
        self.created = Date()
        self.blend = blend
        self.models = models
        self.content = content
        self.community = community
        var byML: [Int32: ServedFilm] = [:]
        var byTMDB: [Int: Int32] = [:]
        var counts: [Int32: Int] = [:]
        var movies: [Movie] = []
        for f in films {
            guard let id = f.movielensId else { continue }
            byML[id] = f
            if let t = f.tmdbId { byTMDB[t] = id }
            counts[id] = f.ratings
            movies.append(Movie(movieLensId: id, title: f.title, year: f.year, genres: f.genres, tmdbId: f.tmdbId))
        }
        self.films = byML
        self.byTMDB = byTMDB
        self.tmdb = tmdb
        self.popularity = films.filter { $0.ratings > 0 }.sorted {
            $0.ratings != $1.ratings ? $0.ratings > $1.ratings : $0.movielensId! < $1.movielensId!
        }
        .compactMap(\.movielensId)
        self.seen = seen
        self.titles = TitleIndex(movies: movies, counts: counts)
        self.genres = Set(films.flatMap(\.genres))
    }

    /// Films in the catalogue (MovieLens films of the dataset).
    public var catalogSize: Int { films.count }
    /// Whether numbers in requests are TMDB ids (the dataset links to TMDB) or MovieLens ids.
    public var idsAreTMDB: Bool { !byTMDB.isEmpty }

    // MARK: films

    /// The film a public id names: a TMDB id when the dataset links to TMDB, else a MovieLens id.
    public func film(id: Int) throws -> ServedFilm {
        if idsAreTMDB {
            if let ml = byTMDB[id], let f = films[ml] { return f }
            if let t = tmdb?[id], t.hasDetails { return Self.served(t) }
            throw ServingError.notFound(
                "no film with TMDB id \(id) in \(datasetName)" + (tmdb == nil ? "" : " or the TMDB metadata"))
        }
        guard let ml = Int32(exactly: id), let f = films[ml] else {
            throw ServingError.notFound("no film with MovieLens id \(id) in \(datasetName)")
        }
        return f
    }

    static func served(_ t: TMDBMovie) -> ServedFilm {
        ServedFilm(
            movielensId: nil, tmdbId: t.tmdbId, title: t.title, year: t.year, genres: t.genres, ratings: 0,
            meanRating: nil,
            overview: t.overview.isEmpty ? nil : t.overview, directors: t.directors, cast: t.cast)
    }

    func item(_ f: ListedFilm, rank: Int) -> ServedItem {
        let m = films[f.movieLensId]
        return ServedItem(
            rank: rank, movielensId: f.movieLensId, tmdbId: m?.tmdbId, title: m?.title ?? "ml:\(f.movieLensId)",
            year: m?.year,
            score: f.score, reason: f.reason)
    }

    func items(_ list: [ListedFilm]) -> [ServedItem] { list.enumerated().map { item($0.element, rank: $0.offset + 1) } }

    /// Similar Movies, Viewers Also Liked and Best of Both for one film, exactly as `movie` computes them.
    public func lists(id: Int, k: Int) throws -> FilmListsResponse {
        let film = try film(id: id)
        var notes: [String] = []
        if content == nil { notes.append("no content model: similar is empty") }
        let seed = film.movielensId
        let page = FilmLists.page(
            seed: seed, tmdb: film.tmdbId.flatMap { tmdb?[$0] }, content: content, community: community, k: k,
            blend: blend)
        if seed.flatMap({ community?.index(ofMovie: $0) }) == nil {
            notes.append(
                "\(film.title) has no ratings in \(datasetName): also_liked is empty and hybrid equals similar")
        }
        var model: [String: String] = [:]
        model["similar"] = content?.name
        model["also_liked"] = community?.name
        model["hybrid"] = "blend \(blend.text)"
        return FilmListsResponse(
            film: film, model: model, modelVersion: version, similar: items(page.similar),
            alsoLiked: items(page.alsoLiked),
            hybrid: items(page.hybrid), notes: notes)
    }

    // MARK: recommendations

    /// Top films for a user: model scores for a known user (or one with liked feedback), popular
    /// films with `fallback` for anyone else. Seen and hidden films are left out.
    public func recommend(
        user: Int, k: Int, genres wanted: [String] = [], years: ClosedRange<Int>? = nil, excludeSeen: Bool = true,
        feedback: UserFeedback = UserFeedback()
    ) throws -> RecommendResponse {
        let genreSet = try Set(
            wanted.map { g in
                guard let match = genres.first(where: { $0.lowercased() == g.lowercased() }) else {
                    throw ServingError.invalid(
                        field: "genres",
                        message: "unknown genre '\(g)'; known: \(genres.sorted().joined(separator: ", "))")
                }
                return match
            })
        func accepts(_ id: Int32) -> Bool {
            guard !genreSet.isEmpty || years != nil else { return true }
            guard let f = films[id] else { return false }
            if !genreSet.isEmpty && genreSet.isDisjoint(with: f.genres) { return false }
            if let years { guard let y = f.year, years.contains(y) else { return false } }
            return true
        }
        var excludedIds = feedback.hidden
        let uid = Int32(clamping: user)
        if excludeSeen {
            excludedIds.formUnion(seen[uid] ?? [])
            excludedIds.formUnion(feedback.liked)
        }

        if let model = community, let rec = model.recommender {
            let known = model.index(ofUser: uid)
            let likedIdx = feedback.liked.compactMap { model.index(ofMovie: $0) }
            if known != nil || !likedIdx.isEmpty {
                var history: [Int] = []
                if let u = known {
                    let X = rec.data.positives
                    history = X.row(u).map { Int(X.columns[$0]) }
                }
                var scores = [Float](repeating: 0, count: model.items)
                scores.withUnsafeMutableBufferPointer { buf in
                    if let u = known, likedIdx.isEmpty {
                        rec.scores(user: u, into: buf.baseAddress!)
                    } else {
                        rec.scores(liking: Array(Set(history + likedIdx)).sorted(), into: buf.baseAddress!)
                    }
                }
                history += likedIdx
                var excluded = Set(excludedIds.compactMap { model.index(ofMovie: $0) })
                if !genreSet.isEmpty || years != nil {
                    for i in 0..<model.items where !accepts(model.itemIds[i]) { excluded.insert(i) }
                }
                let top = scores.withUnsafeBufferPointer {
                    topK($0.baseAddress!, count: model.items, k: k, excluded: excluded)
                }
                let reasons = FilmLists.because(top.map(\.0), liked: history, model: model) { films[$0]?.title }
                let list = zip(top, reasons).map { t, reason in
                    ListedFilm(movieLensId: model.itemIds[t.0], score: t.1, reason: reason)
                }
                return RecommendResponse(
                    userId: user, model: model.name, modelVersion: version, fallback: false, items: items(list))
            }
        }
        var list: [ListedFilm] = []
        for id in popularity where list.count < k && !excludedIds.contains(id) && accepts(id) {
            list.append(
                ListedFilm(
                    movieLensId: id, score: Float(films[id]?.ratings ?? 0),
                    reason: "popular: \(films[id]?.ratings ?? 0) ratings"))
        }
        return RecommendResponse(
            userId: user, model: "popular", modelVersion: version, fallback: true, items: items(list))
    }

    // MARK: browsing

    /// The most rated films, optionally of one genre.
    public func popular(genre: String?, k: Int) throws -> [ServedItem] {
        var match: String?
        if let genre {
            guard let m = genres.first(where: { $0.lowercased() == genre.lowercased() }) else {
                throw ServingError.invalid(
                    field: "genre",
                    message: "unknown genre '\(genre)'; known: \(genres.sorted().joined(separator: ", "))")
            }
            match = m
        }
        var list: [ListedFilm] = []
        for id in popularity where list.count < k {
            guard let f = films[id], match == nil || f.genres.contains(match!) else { continue }
            list.append(ListedFilm(movieLensId: id, score: Float(f.ratings), reason: "\(f.ratings) ratings"))
        }
        return items(list)
    }

    /// Films whose title matches `query`, best match first.
    public func search(_ query: String, k: Int) -> [ServedFilm] {
        titles.search(query, limit: k).compactMap { films[$0.movie.movieLensId] }
    }

    /// The film for a public id, as its MovieLens id (feedback is stored by both).
    public func movieLensId(forPublicId id: Int) throws -> Int32 {
        let f = try film(id: id)
        guard let ml = f.movielensId else {
            throw ServingError.notFound("\(f.title) (TMDB \(id)) is not in \(datasetName)'s catalogue")
        }
        return ml
    }
}
