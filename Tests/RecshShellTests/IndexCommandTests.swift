import Foundation
import RecshModels
import Testing

@Suite("recsh index")
struct IndexCommandTests {
    /// 600 unit vectors in 8 dimensions, in 6 tight clusters (with ties, so recall may miss a few).
    func writeVectors(_ path: String) throws {
        var v = [Float](repeating: 0, count: 600 * 8)
        for r in 0..<600 {
            v[r * 8 + r % 6] = 1
            v[r * 8 + 7] = Float(r % 97) / 970
            let n = (v[(r * 8)..<(r * 8 + 8)].reduce(0) { $0 + $1 * $1 }).squareRoot()
            for j in 0..<8 { v[r * 8 + j] /= n }
        }
        try NumpyArray.data(v, shape: [600, 8]).write(to: URL(fileURLWithPath: path))
    }

    @Test("measures recall and latency against exact search, one JSON line per breadth")
    func measures() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeVectors(dir + "/v.npy")
        let r = try Binary.run(["index", dir + "/v.npy", "--ef", "8,32", "--queries", "50", "--k", "5", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.contains(#""rows": 600, "dimension": 8"#) == true)
        let rows = try lines.dropFirst().map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Double])
        }
        #expect(rows.map { $0["ef"] } == [8, 32])
        #expect(rows.allSatisfy { ($0["recall"] ?? 0) >= 0.9 && ($0["recall"] ?? 2) <= 1 }, "\(r.stdout)")
        #expect(rows.allSatisfy { ($0["hnsw_p99_ms"] ?? -1) >= ($0["hnsw_p50_ms"] ?? 0) })
    }

    @Test("names a file that is not a matrix, and a bad --ef")
    func badInput() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "not numbers\n".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let text = try Binary.run(["index", dir + "/notes.txt"])
        #expect(text.status != 0 && text.stderr.contains("notes.txt is not an .npy file"), "\(text.stderr)")
        try NumpyArray.data([Float](repeating: 0.5, count: 4), shape: [4]).write(
            to: URL(fileURLWithPath: dir + "/flat.npy"))
        let flat = try Binary.run(["index", dir + "/flat.npy"])
        #expect(flat.status != 0 && flat.stderr.contains("should hold a float32 matrix"), "\(flat.stderr)")
        try writeVectors(dir + "/v.npy")
        let ef = try Binary.run(["index", dir + "/v.npy", "--ef", "0,x"])
        #expect(ef.status != 0 && ef.stderr.contains("--ef takes positive numbers"), "\(ef.stderr)")
        let missing = try Binary.run(["index", dir + "/absent.npy"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read"), "\(missing.stderr)")
    }
}
