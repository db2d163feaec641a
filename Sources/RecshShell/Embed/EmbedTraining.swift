import Foundation
import RecshData
import RecshEmbed
import RecshVector

/// `train embed [text=title,genres,overview,keywords,cast,director]`: every film's text through
/// MiniLM, cached on disk; the vectors serve `similar by=embed`, `recommend by=embed` and `ask`.
enum EmbedTraining {
    static let allFields = ["title", "genres", "overview", "keywords", "cast", "director"]

    /// The film's text from the chosen fields: "Heat (1995). Genres: Action, Crime. overview Keywords: ... Cast: ... Director: ...".
    static func text(of m: Movie, tmdb: TMDBMovie?, fields: [String]) -> String {
        var parts: [String] = []
        for f in fields {
            switch f {
            case "title": parts.append(m.titleWithYear + ".")
            case "genres" where !m.genres.isEmpty && m.genres != ["(no genres listed)"]:
                parts.append("Genres: " + m.genres.joined(separator: ", ") + ".")
            case "overview": if let o = tmdb?.overview, !o.isEmpty { parts.append(o) }
            case "keywords":
                if let k = tmdb?.keywords, !k.isEmpty {
                    parts.append("Keywords: " + k.prefix(12).joined(separator: ", ") + ".")
                }
            case "cast":
                if let c = tmdb?.cast, !c.isEmpty { parts.append("Cast: " + c.prefix(5).joined(separator: ", ") + ".") }
            case "director":
                if let d = tmdb?.directors, !d.isEmpty { parts.append("Director: " + d.joined(separator: ", ") + ".") }
            default: break
            }
        }
        return parts.joined(separator: " ")
    }

    static func model(_ s: Session) throws -> MiniLM {
        if let m = s.attachments["minilm"] as? MiniLMBox { return m.model }
        do {
            let folder = try MiniLMFiles.locate(dataFolders: s.searchPath.folders + [s.searchPath.downloadFolder])
            let m = try MiniLMFiles.load(folder: folder)
            s.attachments["minilm"] = MiniLMBox(m)
            return m
        } catch let e as EmbedError { throw ShellError.failed(e.description) }
    }

    static func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        let valid = ["text", "index"]
        for (key, _) in call.options where !valid.contains(key) {
            throw ShellError.unknownOption(
                command: "train embed", option: key, suggestions: Suggestions.closest(to: key, among: valid),
                valid: valid)
        }
        let indexMode = try call.text("index") ?? "auto"
        guard ["auto", "hnsw", "exact"].contains(indexMode) else {
            throw ShellError.badValue(name: "index", value: indexMode, expected: "auto, hnsw or exact")
        }
        var fields = allFields
        if let v = call.option("text") {
            let words: [String] = if case .list(let l) = v { l.compactMap(\.text) } else { [v.text ?? ""] }
            guard !words.isEmpty, words.allSatisfy(allFields.contains) else {
                throw ShellError.badValue(
                    name: "text", value: v.description, expected: "fields among " + allFields.joined(separator: ","))
            }
            fields = words
        }
        let started = Date()
        let model = try model(s)
        let texts = d.movies.movies.map { text(of: $0, tmdb: $0.tmdbId.flatMap { s.tmdb?[$0] }, fields: fields) }
        var cache = EmbeddingCache(
            folder: s.searchPath.downloadFolder + "/cache", modelHash: MiniLMFiles.modelHash, dimension: MiniLM.hidden)
        let keys = texts.map(EmbeddingCache.key)
        let cachedFilms = keys.filter { cache.vectors[$0] != nil }.count
        let missing = Array(Set(keys.filter { cache.vectors[$0] == nil }))
        let firstIndex = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let computed = try Embedder.embed(
            missing.map { texts[firstIndex[$0]!] }, model: model, threads: s.settings.threads, session: s)
        for (k, v) in zip(missing, computed) { cache.vectors[k] = v }
        var vectors = [Float]()
        vectors.reserveCapacity(texts.count * MiniLM.hidden)
        for k in keys { vectors += cache.vectors[k]! }
        var notes: [String] = []
        do { try cache.save(keeping: Set(keys)) } catch {
            notes.append("the embedding cache could not be written (\(error)); the vectors are in the session")
        }
        var embeddings = FilmEmbeddings(
            datasetName: d.name, fields: fields, itemIds: d.movies.movies.map(\.movieLensId), vectors: vectors,
            dimension: MiniLM.hidden)
        var indexNote = ""
        if indexMode == "hnsw" || (indexMode == "auto" && texts.count >= FilmEmbeddings.hnswThreshold) {
            let built = Date()
            embeddings = embeddings.indexed(try buildIndex(embeddings, session: s))
            indexNote = " · HNSW index in \(Format.duration(Date().timeIntervalSince(built)))"
        }
        s.attachments["embed"] = embeddings
        let seconds = Date().timeIntervalSince(started)
        return notes.map { OutputBlock.text($0, name: "note") } + [
            .text(
                "Embedded \(Format.grouped(texts.count)) films of \(d.name) with all-MiniLM-L6-v2 (\(fields.joined(separator: ", "))): "
                    + "\(Format.grouped(texts.count - cachedFilms)) computed, \(Format.grouped(cachedFilms)) from the cache · \(Format.duration(seconds))\(indexNote)",
                name: "embed")
        ]
    }
}

extension EmbedTraining {
    /// An HNSW graph over the films' vectors, built on the session's threads; Ctrl-C stops it.
    static func buildIndex(_ e: FilmEmbeddings, session s: Session) throws -> HNSWIndex {
        let cancellation = s.cancellation
        do {
            return try HNSWIndex.build(
                e.vectors, dimension: e.dimension, threads: s.settings.threads,
                isCancelled: { cancellation.isRequested })
        } catch VectorError.cancelled { throw ShellError.cancelled } catch let e as VectorError {
            throw ShellError.failed(e.description)
        }
    }
}

/// The loaded model, kept in the session between commands.
final class MiniLMBox {
    let model: MiniLM
    init(_ m: MiniLM) { model = m }
}
