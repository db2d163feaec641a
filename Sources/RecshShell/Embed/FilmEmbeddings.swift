import COpenBLAS
import Foundation
import RecshModels
import RecshVector

/// Unit-length MiniLM vectors of a dataset's films, row-major (films × 384). Immutable: the
/// session and a serving snapshot can share it.
public final class FilmEmbeddings: Sendable {
    public let datasetName: String
    public let fields: [String]
    public let itemIds: [Int32]
    public let vectors: [Float]
    public let dimension: Int
    /// The approximate index that answers `top` for large catalogues; nil searches exactly.
    public let hnsw: HNSWIndex?
    let index: [Int32: Int]

    /// Catalogues from this size up get an HNSW index with `index=auto`: below it, one sgemv over
    /// every film is already well under a millisecond.
    public static let hnswThreshold = 20_000

    init(
        datasetName: String, fields: [String], itemIds: [Int32], vectors: [Float], dimension: Int,
        hnsw: HNSWIndex? = nil
    ) {
        self.hnsw = hnsw
        self.datasetName = datasetName
        self.fields = fields
        self.itemIds = itemIds
        self.vectors = vectors
        self.dimension = dimension
        index = Dictionary(uniqueKeysWithValues: itemIds.enumerated().map { ($1, $0) })
    }

    public func row(of id: Int32) -> Int? { index[id] }

    /// Cosine similarity of every film to a query vector (exact search: one sgemv).
    public func similarities(to query: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: itemIds.count)
        vectors.withUnsafeBufferPointer { v in
            query.withUnsafeBufferPointer { q in
                out.withUnsafeMutableBufferPointer { o in
                    cblas_sgemv(
                        CblasRowMajor, CblasNoTrans, Int32(itemIds.count), Int32(dimension), 1, v.baseAddress!,
                        Int32(dimension), q.baseAddress!, 1, 0, o.baseAddress!, 1)
                }
            }
        }
        return out
    }

    /// The mean of some films' vectors, made unit length again: the taste profile of liked films.
    public func profile(of ids: [Int32]) -> [Float]? {
        let rows = ids.compactMap { index[$0] }
        guard !rows.isEmpty else { return nil }
        var p = [Float](repeating: 0, count: dimension)
        for r in rows { for j in 0..<dimension { p[j] += vectors[r * dimension + j] } }
        let norm = p.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? p.map { $0 / norm } : nil
    }

    /// The vector of one film.
    public func vector(of id: Int32) -> [Float]? {
        index[id].map { Array(vectors[($0 * dimension)..<(($0 + 1) * dimension)]) }
    }

    /// The same films and vectors with an HNSW index over them.
    func indexed(_ hnsw: HNSWIndex) -> FilmEmbeddings {
        FilmEmbeddings(
            datasetName: datasetName, fields: fields, itemIds: itemIds, vectors: vectors, dimension: dimension,
            hnsw: hnsw)
    }

    /// The k films most similar to a query vector, leaving out `excluded` ids: through the HNSW
    /// index when there is one, else exactly.
    public func top(_ query: [Float], k: Int, excluded: Set<Int32> = []) -> [(Int32, Float)] {
        if let hnsw, query.count == dimension,
            let hits = try? query.withUnsafeBufferPointer({ try hnsw.search($0.baseAddress!, k: k + excluded.count) })
        {
            return Array(hits.lazy.map { (self.itemIds[$0.0], $0.1) }.filter { !excluded.contains($0.0) }.prefix(k))
        }
        let sims = similarities(to: query)
        let skip = Set(excluded.compactMap { index[$0] })
        return sims.withUnsafeBufferPointer { topK($0.baseAddress!, count: sims.count, k: k, excluded: skip) }.map {
            (itemIds[$0.0], $0.1)
        }
    }
}

extension Session {
    /// The embeddings of the current dataset, or an error that says what to run.
    func embeddings() throws -> FilmEmbeddings {
        let d = try requireDataset()
        guard let e = attachments["embed"] as? FilmEmbeddings, e.datasetName == d.name else {
            throw ShellError.failed(
                "no embeddings of \(d.name) yet: run train embed (it needs Scripts/get-minilm.sh once)")
        }
        return e
    }

    /// The embeddings when `train embed` ran on the current dataset, else nil.
    var trainedEmbeddings: FilmEmbeddings? {
        guard let d = current, let e = attachments["embed"] as? FilmEmbeddings, e.datasetName == d.name else {
            return nil
        }
        return e
    }
}
