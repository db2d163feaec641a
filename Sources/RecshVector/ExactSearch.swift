import COpenBLAS
import RecshModels

/// Exact nearest neighbours over unit vectors: every cosine with one sgemv, then a top-k pass.
/// The reference an approximate index is measured against, and fast enough below ~20,000 films.
public enum ExactSearch {
    /// Cosine of each of `rows` row-major vectors to `query`, written to `out`.
    public static func similarities(
        _ vectors: UnsafePointer<Float>, rows: Int, dimension: Int, query: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0 else { return }
        cblas_sgemv(
            CblasRowMajor, CblasNoTrans, Int32(rows), Int32(dimension), 1, vectors, Int32(dimension), query, 1, 0, out,
            1)
    }

    /// The `k` rows most similar to `query` (row, cosine), best first, leaving out `excluded` rows.
    /// `scratch` holds `rows` floats, so that a loop of queries allocates nothing but the answer.
    public static func top(
        _ vectors: UnsafePointer<Float>, rows: Int, dimension: Int, query: UnsafePointer<Float>, k: Int,
        excluded: Set<Int> = [], scratch: UnsafeMutablePointer<Float>
    ) -> [(Int, Float)] {
        similarities(vectors, rows: rows, dimension: dimension, query: query, into: scratch)
        return topK(scratch, count: rows, k: k, excluded: excluded)
    }
}
