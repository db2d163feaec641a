import CHNSW
import Dispatch
import Foundation
import Synchronization

/// An HNSW graph (hnswlib) over unit vectors, searched by cosine: approximate top-k in well under
/// a millisecond where exact search reads every vector. Labels are the rows of the vector set.
///
/// `@unchecked Sendable`: the C++ graph is written only inside `build`, before the index is
/// returned; afterwards every call only reads it, and hnswlib's search is safe from many threads
/// at once (its visited-list pool has its own lock), so the shared handle needs no lock of ours.
public final class HNSWIndex: @unchecked Sendable {
    /// How the graph is built and searched; the defaults are hnswlib's (M 16, ef_construction 200).
    public struct Parameters: Sendable, Equatable {
        /// Links per node: more is better recall and a bigger, slower-built graph.
        public var m: Int
        /// The candidate list while inserting.
        public var efConstruction: Int
        /// The candidate list while searching (at least k): the recall/latency dial.
        public var ef: Int
        /// Seeds hnswlib's level draws; with one thread the graph is the same on every run.
        public var seed: Int

        public init(m: Int = 16, efConstruction: Int = 200, ef: Int = 64, seed: Int = 100) {
            self.m = m
            self.efConstruction = efConstruction
            self.ef = ef
            self.seed = seed
        }
    }

    let handle: OpaquePointer
    public let dimension: Int
    public let parameters: Parameters

    init(handle: OpaquePointer, dimension: Int, parameters: Parameters) {
        self.handle = handle
        self.dimension = dimension
        self.parameters = parameters
    }

    deinit { chnsw_free(handle) }

    /// The vectors in the graph.
    public var count: Int { chnsw_count(handle) }

    /// Builds the graph over `rows` row-major vectors on `threads` threads; one thread gives the
    /// same graph on every run, more give a graph of the same quality in a different order.
    public static func build(
        _ vectors: [Float], dimension: Int, parameters: Parameters = Parameters(), threads: Int = 1,
        isCancelled: @Sendable () -> Bool = { false }
    ) throws -> HNSWIndex {
        guard dimension > 0, vectors.count % dimension == 0 else {
            throw VectorError.shape("\(vectors.count) values are not rows of \(dimension)")
        }
        let rows = vectors.count / dimension
        var message = [CChar](repeating: 0, count: 256)
        guard
            let h = chnsw_create(
                dimension, max(rows, 1), parameters.m, parameters.efConstruction, parameters.seed, &message, 256)
        else { throw VectorError.index("cannot create an HNSW index: " + errorText(message)) }
        let index = HNSWIndex(handle: h, dimension: dimension, parameters: parameters)
        let next = Atomic<Int>(1)
        let failure = Mutex<String?>(nil)
        let workers = max(1, min(threads, rows / 1000 + 1))
        vectors.withUnsafeBufferPointer { v in
            let inserter = Inserter(handle: h, base: v.baseAddress!, dimension: dimension)
            // the first node alone: it becomes the entry point every other insert starts from
            guard rows > 0 else { return }
            if let text = inserter.insert(0) { return failure.withLock { $0 = text } }
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while !isCancelled() {
                    let row = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard row < rows else { return }
                    if let text = inserter.insert(row) { return failure.withLock { $0 = $0 ?? text } }
                }
            }
        }
        if let text = failure.withLock({ $0 }) { throw VectorError.index("building the HNSW index failed: " + text) }
        if isCancelled() { throw VectorError.cancelled }
        return index
    }

    /// The `k` nearest rows to `query` (row, cosine), best first; `ef` defaults to the built one.
    public func search(_ query: UnsafePointer<Float>, k: Int, ef: Int? = nil) throws -> [(Int, Float)] {
        guard k > 0, count > 0 else { return [] }
        let want = min(k, count)
        let breadth = max(ef ?? parameters.ef, want)
        // stack buffers: a search allocates only its answer
        return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: want) { labels in
            try withUnsafeTemporaryAllocation(of: Float.self, capacity: want) { distances in
                try withMessageBuffer { error in
                    let n = chnsw_search(
                        handle, query, want, breadth, labels.baseAddress!, distances.baseAddress!, error, 256)
                    guard n >= 0 else { throw VectorError.index("the HNSW search failed: " + String(cString: error)) }
                    return (0..<n).map { (Int(labels[$0]), 1 - distances[$0]) }
                }
            }
        }
    }

    /// Writes the graph in hnswlib's format: `hnswlib.Index(space="ip", dim=384).load_index(path)`
    /// reads it in Python, with labels that are rows of the exported vectors.
    public func save(to path: String) throws {
        var error = [CChar](repeating: 0, count: 256)
        guard chnsw_save(handle, path, &error, 256) == 0 else {
            throw VectorError.index("cannot write the HNSW index to \(path): " + errorText(error))
        }
    }

    /// Reads a graph that `save` (or hnswlib) wrote for vectors of `dimension` floats.
    public static func load(_ path: String, dimension: Int, parameters: Parameters = Parameters()) throws -> HNSWIndex {
        guard FileManager.default.fileExists(atPath: path) else {
            throw VectorError.index("\(path) does not exist")
        }
        var error = [CChar](repeating: 0, count: 256)
        guard let h = chnsw_load(path, dimension, &error, 256) else {
            throw VectorError.index("\(path) is not an HNSW index of \(dimension)-float vectors: " + errorText(error))
        }
        return HNSWIndex(handle: h, dimension: dimension, parameters: parameters)
    }
}

/// One insert into the graph being built, callable from every worker thread.
///
/// `@unchecked Sendable`: hnswlib's addPoint locks the nodes it links, so concurrent inserts are
/// safe; the vectors are only read, and outlive the workers (the caller holds them).
private struct Inserter: @unchecked Sendable {
    let handle: OpaquePointer
    let base: UnsafePointer<Float>
    let dimension: Int

    /// nil when the row went in, else hnswlib's message.
    func insert(_ row: Int) -> String? {
        withMessageBuffer { error in
            chnsw_add(handle, base + row * dimension, row, error, 256) == 0 ? nil : String(cString: error)
        }
    }
}

/// Runs a glue call with a 256-byte message buffer on the stack, empty until the glue fills it.
func withMessageBuffer<R>(_ body: (UnsafeMutablePointer<CChar>) throws -> R) rethrows -> R {
    try withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
        buffer[0] = 0
        return try body(buffer.baseAddress!)
    }
}

/// The C string the glue wrote into a message buffer.
func errorText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
