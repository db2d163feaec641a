import Foundation
import Testing

@testable import RecshVector

/// Unit vectors in clusters, from a fixed seed: a small stand-in for film embeddings, where
/// neighbours exist (uniform random vectors in 32 dimensions have none worth the name).
func clusteredVectors(rows: Int, dimension: Int, clusters: Int = 20, seed: UInt64 = 7) -> [Float] {
    var state = seed
    func next() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 1_000_000
    }
    let centres = (0..<(clusters * dimension)).map { _ in next() }
    var out = [Float](repeating: 0, count: rows * dimension)
    for r in 0..<rows {
        let c = r % clusters
        var norm: Float = 0
        for j in 0..<dimension {
            out[r * dimension + j] = centres[c * dimension + j] + 0.35 * next()
            norm += out[r * dimension + j] * out[r * dimension + j]
        }
        for j in 0..<dimension { out[r * dimension + j] /= norm.squareRoot() }
    }
    return out
}

@Suite struct HNSWIndexTests {
    let dimension = 32
    let vectors = clusteredVectors(rows: 3000, dimension: 32)

    @Test func findsWhatExactSearchFinds() throws {
        let index = try HNSWIndex.build(vectors, dimension: dimension, threads: 2)
        #expect(index.count == 3000)
        let q = try #require(
            try SearchQuality.measure(vectors, dimension: dimension, index: index, queries: 200, k: 10, efs: [64]).first
        )
        #expect(q.queries == 200)
        #expect(q.recall >= 0.98)
        // a vector's nearest neighbour is itself, at cosine 1
        let hit = try vectors.withUnsafeBufferPointer { try index.search($0.baseAddress! + 5 * dimension, k: 3) }
        #expect(hit.first?.0 == 5)
        #expect(abs((hit.first?.1 ?? 0) - 1) < 1e-5)
        #expect(hit.count == 3 && hit[0].1 >= hit[1].1 && hit[1].1 >= hit[2].1)
    }

    @Test func oneThreadBuildsTheSameGraphEachTime() throws {
        let a = try HNSWIndex.build(vectors, dimension: dimension, threads: 1)
        let b = try HNSWIndex.build(vectors, dimension: dimension, threads: 1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recsh-hnsw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try a.save(to: dir.appendingPathComponent("a.hnsw").path)
        try b.save(to: dir.appendingPathComponent("b.hnsw").path)
        let bytes = try Data(contentsOf: dir.appendingPathComponent("a.hnsw"))
        #expect(bytes == (try Data(contentsOf: dir.appendingPathComponent("b.hnsw"))))
    }

    @Test func savedIndexLoadsAndAnswersAlike() throws {
        let index = try HNSWIndex.build(vectors, dimension: dimension)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recsh-\(UUID().uuidString).hnsw").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try index.save(to: path)
        let loaded = try HNSWIndex.load(path, dimension: dimension)
        #expect(loaded.count == index.count)
        try vectors.withUnsafeBufferPointer { v in
            for row in [0, 17, 2999] {
                let a = try index.search(v.baseAddress! + row * dimension, k: 10).map(\.0)
                let b = try loaded.search(v.baseAddress! + row * dimension, k: 10).map(\.0)
                #expect(a == b)
            }
        }
        // another dimension is refused with the file named
        #expect(throws: VectorError.self) { try HNSWIndex.load(path, dimension: 64) }
    }

    @Test func badFilesAndShapesAreNamed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recsh-\(UUID().uuidString).hnsw").path
        try Data("not an index at all".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try HNSWIndex.load(path, dimension: dimension)
            Issue.record("a text file loaded as an index")
        } catch let e as VectorError {
            #expect(e.description.contains(path))
        }
        #expect(throws: VectorError.shape("10 values are not rows of 32")) {
            try HNSWIndex.build([Float](repeating: 0, count: 10), dimension: 32)
        }
        #expect(throws: VectorError.self) { try HNSWIndex.load("/nonexistent/x.hnsw", dimension: 32) }
    }

    @Test func cancelledBuildSaysSo() {
        #expect(throws: VectorError.cancelled) {
            try HNSWIndex.build(vectors, dimension: dimension, isCancelled: { true })
        }
    }

    @Test func exactSearchLeavesOutExcludedRows() {
        var scratch = [Float](repeating: 0, count: 3000)
        let top = vectors.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer {
                ExactSearch.top(
                    v.baseAddress!, rows: 3000, dimension: dimension, query: v.baseAddress! + 40 * dimension, k: 5,
                    excluded: [40], scratch: $0.baseAddress!)
            }
        }
        #expect(top.count == 5)
        #expect(!top.contains { $0.0 == 40 })
        // same cluster (row % 20): the neighbours of row 40 are rows 0, 20, 60, ...
        #expect(top.allSatisfy { $0.0 % 20 == 0 })
    }
}
