import Foundation
import RecshModels
import Testing

@testable import RecshEngines

@Suite("The files recsh and its Spark job exchange")
struct SparkFilesTests {
    @Test("factors come back by id: a user Spark left out gets zeros, rows follow recsh's order")
    func alignedById() {
        let table = FactorTable(ids: [30, 10], rank: 2, factors: [3, 3.5, 1, 1.5])
        let (rows, missing) = table.aligned(to: [10, 20, 30])
        #expect(rows == [1, 1.5, 0, 0, 3, 3.5])
        #expect(missing == 1)
    }

    @Test("a factor file of the wrong size is refused with both counts")
    func wrongSize() throws {
        let dir = NSTemporaryDirectory() + "recsh-factors-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FactorTable(ids: [1, 2, 3], rank: 4, factors: [Float](repeating: 0.5, count: 11)).write(to: dir)
        do {
            _ = try FactorTable.read(dir, rank: 4)
            Issue.record("a short factor file was read")
        } catch {
            #expect(error.description.contains("11 floats"))
            #expect(error.description.contains("3 ids of 4 factors (12)"))
        }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir + "/factors.f32"))
        #expect(throws: EngineError.self) { try FactorTable.read(dir, rank: 4) }
        try FactorTable(ids: [1], rank: 2, factors: [1, .nan]).write(to: dir)
        #expect(
            throws: EngineError.badOutput(path: dir + "/factors.f32", reason: "it holds values that are not finite")
        ) {
            try FactorTable.read(dir, rank: 2)
        }
    }

    @Test("a job whose factor file is short: SparkALS.fit refuses it and names the file")
    func shortFactorsFromJob() throws {
        // ids.i32 lists one user, factors.f32 holds one float of the two of rank 2
        let job = try FakeSpark.job(
            """
            for side in users items; do
              mkdir -p "$job/output/$side"
              printf '\\x01\\x00\\x00\\x00' > "$job/output/$side/ids.i32"
              printf '\\x00\\x00\\x80\\x3f' > "$job/output/$side/factors.f32"
            done
            echo '{"status": "ok"}' > "$job/result.json"
            """)
        defer { job.remove() }
        let m = InteractionMatrix(users: [1, 1], items: [1, 2])
        let settings = SparkALS.FitSettings(rank: 2, iterations: 1, reg: 0.1, alpha: 9, seed: 1, blocks: nil)
        do {
            _ = try SparkALS.fit(m, settings: settings, job: job) { false }
            Issue.record("a short factor file was accepted")
        } catch {
            guard case .badOutput(let path, _) = error else { throw error }
            #expect(path == job.path("output/users/factors.f32"))
        }
        // the positives went in as raw little-endian ids and values
        let users = try Data(contentsOf: URL(fileURLWithPath: job.path("input/users.i32")))
        #expect(users == Data([1, 0, 0, 0, 1, 0, 0, 0]))
        #expect(try Data(contentsOf: URL(fileURLWithPath: job.path("input/values.f32"))).count == 8)
    }
}
