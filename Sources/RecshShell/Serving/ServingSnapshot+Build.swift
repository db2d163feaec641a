import Foundation
import RecshData
import RecshEmbed
import RecshModels

extension Session {
    /// Freezes the current dataset and its models for serving. Missing list models are trained
    /// with their defaults first, as `movie` would; `notes` says so.
    public func servingSnapshot(version: Int) throws -> (snapshot: ServingSnapshot, notes: [String]) {
        let d = try requireDataset()
        var notes: [String] = []
        let content =
            tmdb == nil
            ? models.last { $0.family == .tfidf && $0.datasetName == d.name } : try contentModel(notes: &notes)
        let community = try communityModel(notes: &notes)
        let stats = d.ratings.statisticsByMovie()
        let films = d.movies.movies.map { m -> ServedFilm in
            let t = m.tmdbId.flatMap { tmdb?[$0] }
            let st = stats[m.movieLensId]
            return ServedFilm(
                movielensId: m.movieLensId, tmdbId: m.tmdbId, title: m.title, year: m.year, genres: m.genres,
                ratings: st?.count ?? 0,
                meanRating: st.map { (($0.sum / Double($0.count)) * 100).rounded() / 100 },
                overview: t.flatMap { $0.overview.isEmpty ? nil : $0.overview }, directors: t?.directors, cast: t?.cast)
        }
        let snapshot = ServingSnapshot(
            version: version, source: "session", datasetName: d.name, blend: blend,
            models: models.filter { $0.datasetName == d.name }, content: content, community: community,
            films: films, tmdb: tmdb, seen: d.ratings.itemsByUser(),
            ask: try servingAskEngine(content: content, community: community), trending: Trending.order(d.ratings))
        return (snapshot, notes)
    }
}

extension ServingSnapshot {
    /// The exported vectors with MiniLM to embed questions, when its files are installed where
    /// recsh looks for data; without them a meaning search says what to install.
    static func queryModel(for embeddings: FilmEmbeddings) throws -> AskEngine.Meaning? {
        let search = DataSearchPath.standard()
        guard let folder = try? MiniLMFiles.locate(dataFolders: search.folders + [search.downloadFolder]) else {
            return nil
        }
        do { return AskEngine.Meaning(embeddings: embeddings, model: try MiniLMFiles.load(folder: folder)) } catch let
            e as EmbedError
        { throw ShellError.failed(e.description) }
    }

    /// Serves an artifact folder written by `export`, with no dataset and no training code: the
    /// files are checked against the manifest first, as `load artifacts` does.
    public static func fromArtifacts(_ dir: String, version: Int = 1, source: String? = nil) throws -> ServingSnapshot {
        let loaded = try ArtifactLoader.load(dir)
        func file(_ name: String) throws -> Data {
            guard let data = loaded.contents[name] else {
                throw ShellError.failed(
                    "\((dir as NSString).appendingPathComponent(name)) is missing: export writes it with every model")
            }
            return data
        }
        let films = try ExportCommand.readMoviesCSV(try file("movies.csv"))
        var seen: [Int32: [Int32]] = [:]
        if loaded.contents["rated.user_ids.npy"] != nil {
            let users = try NumpyArray.read(try file("rated.user_ids.npy"), name: "rated.user_ids.npy").ints ?? []
            let indptr = try NumpyArray.read(try file("rated.indptr.npy"), name: "rated.indptr.npy").ints ?? []
            let ids =
                try NumpyArray.read(try file("rated.movielens_ids.npy"), name: "rated.movielens_ids.npy").ints ?? []
            guard indptr.count == users.count + 1, Int(indptr.last ?? 0) == ids.count else {
                throw ShellError.failed(
                    "\(dir): rated.indptr.npy does not match rated.user_ids.npy and rated.movielens_ids.npy")
            }
            for (u, user) in users.enumerated() { seen[user] = Array(ids[Int(indptr[u])..<Int(indptr[u + 1])]) }
        }
        let vectors = try ArtifactLoader.embeddings(loaded, dir: dir)
        let meaning = try vectors.flatMap(queryModel)
        let content = loaded.models.last { $0.content != nil }
        let community =
            loaded.models.last { $0.recommender != nil && $0.family != .popular }
            ?? loaded.models.last { $0.recommender != nil }
        return ServingSnapshot(
            version: version, source: source ?? dir, datasetName: loaded.manifest.dataset.name,
            blend: try loaded.manifest.blendRule(), models: loaded.models, content: content,
            community: community, films: films, tmdb: nil, seen: seen,
            ask: try loaded.contents["ask.csv"].map {
                try askEngine(
                    askCSV: $0, films: films, community: community, content: content, meaning: meaning,
                    datasetName: loaded.manifest.dataset.name)
            },
            meaning: meaning,
            meaningHint: vectors != nil && meaning == nil
                ? "the export holds the films' vectors, but MiniLM is not installed here to embed the words: "
                    + "run Scripts/get-minilm.sh" : nil)
    }
}
