import ArgumentParser
import Foundation
import RecshModels
import RecshVector

/// `recsh index VECTORS.npy`: builds an HNSW index over unit vectors and measures it against exact
/// search (recall@k, per-query latency); the benchmark's side of the comparison with faiss.
struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build an HNSW index over a .npy of unit vectors and measure recall and latency against exact search."
    )

    @Argument(help: "A float32 .npy of shape (rows, dimension), rows of unit length.")
    var file: String

    @Option(help: "Links per node (hnswlib's M).")
    var m: Int = 16

    @Option(help: "The candidate list while building.")
    var efConstruction: Int = 200

    @Option(help: "Search breadths to measure, comma-separated.")
    var ef: String = "16,32,64,128"

    @Option(help: "Queries: rows spread evenly over the set, each left out of its own answer.")
    var queries: Int = 1000

    @Option(help: "Neighbours per query.")
    var k: Int = 10

    @Option(help: "Threads for the build (searches are timed on one).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let array: NumpyArray.Loaded
        do { array = try NumpyArray.read(data, name: file) } catch { throw ValidationError("\(error)") }
        guard array.shape.count == 2, let vectors = array.floats else {
            throw ValidationError("\(file) should hold a float32 matrix (rows, dimension); its shape is \(array.shape)")
        }
        let efs = ef.split(separator: ",").compactMap { Int($0) }
        guard !efs.isEmpty, efs.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--ef takes positive numbers separated by commas, not '\(ef)'")
        }
        let started = Date()
        let index: HNSWIndex
        do {
            index = try HNSWIndex.build(
                vectors, dimension: array.shape[1],
                parameters: .init(m: m, efConstruction: efConstruction), threads: threads)
        } catch let e as VectorError { throw ValidationError(e.description) }
        let build = Date().timeIntervalSince(started)
        if json {
            print(#"{"rows": \#(array.shape[0]), "dimension": \#(array.shape[1]), "build_seconds": \#(build)}"#)
        } else {
            print(
                String(
                    format: "HNSW over %d vectors of %d: M %d, ef_construction %d, built in %.2f s on %d threads",
                    array.shape[0], array.shape[1], m, efConstruction, build, threads))
            print(
                "ef     recall@\(k)   exact p50   exact p99   hnsw p50   hnsw p99  (ms, one thread, \(queries) queries)"
            )
        }
        let measured = try SearchQuality.measure(
            vectors, dimension: array.shape[1], index: index, queries: queries, k: k, efs: efs)
        for (e, q) in zip(efs, measured) {
            if json {
                print(
                    #"{"ef": \#(e), "recall": \#(q.recall), "exact_p50_ms": \#(q.exactMedian), "exact_p99_ms": \#(q.exactP99), "#
                        + #""hnsw_p50_ms": \#(q.indexMedian), "hnsw_p99_ms": \#(q.indexP99)}"#)
            } else {
                print(
                    String(
                        format: "%-6d %8.4f %11.3f %11.3f %10.3f %10.3f", e, q.recall, q.exactMedian, q.exactP99,
                        q.indexMedian, q.indexP99))
            }
        }
    }
}
