import Foundation
import RecshEmbed
import RecshModels
import RecshVector

/// The films' vectors in an artifact folder: `embed.vectors.npy` (films × 384 float32, rows of
/// unit length), `embed.item_ids.npy` (the MovieLens id of each row) and `embed.hnsw`, the graph
/// in hnswlib's own format, whose labels are rows of the vectors.
extension ExportCommand {
    static let embeddingFiles = ["embed.vectors.npy", "embed.item_ids.npy", "embed.hnsw"]

    /// Writes the three files through `write`; the index is the session's, or built now.
    static func writeEmbeddings(
        _ e: FilmEmbeddings, session s: Session, write: (String, Data) throws -> Void
    ) throws -> ArtifactManifest.EmbeddingInfo {
        let rows = e.itemIds.count
        try write("embed.vectors.npy", NumpyArray.data(e.vectors, shape: [rows, e.dimension]))
        try write("embed.item_ids.npy", NumpyArray.data(e.itemIds, shape: [rows]))
        let index = try e.hnsw ?? EmbedTraining.buildIndex(e, session: s)
        // hnswlib writes to a path: a private temporary file, read back and published like the rest
        let scratch = NSTemporaryDirectory() + "/recsh-hnsw-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do { try index.save(to: scratch) } catch let v as VectorError { throw ShellError.failed(v.description) }
        guard let graph = FileManager.default.contents(atPath: scratch) else {
            throw ShellError.failed("the HNSW index could not be read back from \(scratch)")
        }
        try write("embed.hnsw", graph)
        let p = index.parameters
        return ArtifactManifest.EmbeddingInfo(
            model: MiniLMFiles.folderName, model_sha256: MiniLMFiles.modelHash, dimension: e.dimension,
            fields: e.fields, hnsw: ["m": p.m, "ef_construction": p.efConstruction, "ef": p.ef],
            files: embeddingFiles)
    }
}

extension ArtifactLoader {
    /// The exported films' vectors with their index, checked for shape; nil when none were exported.
    static func embeddings(_ loaded: Loaded, dir: String) throws -> FilmEmbeddings? {
        guard let info = loaded.manifest.embeddings else { return nil }
        func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        func array(_ name: String) throws -> NumpyArray.Loaded {
            guard let data = loaded.contents[name] else { throw ShellError.failed("\(path(name)) is missing") }
            do { return try NumpyArray.read(data, name: name) } catch {
                throw ShellError.failed("\(path(name)): \(error); nothing was loaded")
            }
        }
        let vectors = try array("embed.vectors.npy")
        let ids = try array("embed.item_ids.npy")
        guard let v = vectors.floats, let items = ids.ints, vectors.shape == [items.count, info.dimension] else {
            throw ShellError.failed(
                "\(path("embed.vectors.npy")) should hold \(ids.shape.first ?? 0) × \(info.dimension) float32 "
                    + "vectors, one per id of embed.item_ids.npy; nothing was loaded")
        }
        let parameters = HNSWIndex.Parameters(
            m: info.hnsw["m"] ?? 16, efConstruction: info.hnsw["ef_construction"] ?? 200, ef: info.hnsw["ef"] ?? 64)
        let index: HNSWIndex
        do {
            index = try HNSWIndex.load(path("embed.hnsw"), dimension: info.dimension, parameters: parameters)
        } catch let e as VectorError { throw ShellError.failed(e.description + "; nothing was loaded") }
        guard index.count == items.count else {
            throw ShellError.failed(
                "\(path("embed.hnsw")) indexes \(index.count) films, not the \(items.count) of embed.item_ids.npy")
        }
        return FilmEmbeddings(
            datasetName: loaded.manifest.dataset.name, fields: info.fields, itemIds: items, vectors: v,
            dimension: info.dimension, hnsw: index)
    }
}
