import Foundation
import Testing

@testable import RecshServer
@testable import RecshShell

@Suite("Answers cached per model version", .serialized)
struct AnswerCacheTests {
    @Test("A cached answer is byte for byte the computed one; the cache fills, hits and empties at its budget")
    func sameAnswers() async throws {
        let cached = try await offPool { try Fixture.server() }
        let uncached = try await offPool { try Fixture.server(cacheMegabytes: 0) }
        defer {
            cached.requestStop()
            uncached.requestStop()
        }
        let a = HTTP(port: cached.address.port)
        let b = HTTP(port: uncached.address.port)
        for film in [1366, 862, 603] {
            let first = try await a.post("/similar", ["movie_id": film, "k": 7])
            let again = try await a.post("/similar", ["movie_id": film, "k": 7])
            let computed = try await b.post("/similar", ["movie_id": film, "k": 7])
            #expect(first.status == 200 && first.items("hybrid").count == 7)
            #expect(again.data == first.data && computed.data == first.data)
        }
        for user in [1, 42, 9_999_999] {
            let body: [String: Any] = ["user_id": user, "k": 6, "genres": ["Drama"]]
            let first = try await a.post("/recommend", body)
            let again = try await a.post("/recommend", body)
            let computed = try await b.post("/recommend", body)
            #expect(first.status == 200 && again.data == first.data && computed.data == first.data)
        }
        let lower = try await a.get("/popular?genre=comedy&k=4")
        let upper = try await a.get("/popular?genre=Comedy&k=4")
        #expect(lower.status == 200 && upper.data == lower.data)
        // errors are never cached: the same bad request fails the same way twice
        #expect(try await a.post("/similar", ["movie_id": 999_999_999, "k": 5]).status == 404)
        #expect(try await a.post("/similar", ["movie_id": 999_999_999, "k": 5]).status == 404)

        let stats = cached.state.cacheStatistics
        #expect(stats.misses == 9 && stats.hits == 7 && stats.entries == 7)
        #expect(try await a.get("/metrics").text.contains("recsh_answer_cache_hits_total 7"))
        #expect(uncached.state.cacheStatistics.hits == 0 && uncached.state.cacheStatistics.entries == 0)

        let small = AnswerCache(capacity: 1_000)
        for i in 0..<5 { _ = small.answer(.lists(id: i, k: 5)) { APIAnswer(body: Data(repeating: 32, count: 300)) } }
        #expect(small.statistics.bytes <= 1_000 && small.statistics.entries < 5 && small.statistics.misses == 5)
    }

    @Test("Feedback and reload are never answered from a stale cache")
    func neverStale() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)
        let before = try await http.post("/recommend", ["user_id": 3, "k": 5]).items().compactMap {
            $0["tmdb_id"] as? Int
        }
        #expect(before.count == 5)
        _ = try await http.post("/recommend", ["user_id": 3, "k": 5])
        let skip = try await http.post("/feedback", ["user_id": 3, "movie_id": before[0], "event": "skip"])
        #expect(skip.status == 201)
        let after = try await http.post("/recommend", ["user_id": 3, "k": 5]).items().compactMap {
            $0["tmdb_id"] as? Int
        }
        #expect(!after.contains(before[0]) && after.count == 5)

        #expect(server.state.cacheStatistics.entries > 0)
        let (next, _) = try Fixture.shared.session.servingSnapshot(version: 2)
        server.state.publish(next)
        #expect(server.state.cacheStatistics.entries == 0)
        let health = try await http.get("/health")
        #expect(health.json["model_version"] as? Int == 2)
        let lists = try await http.get("/movie/1366/similar")
        #expect(lists.json["model_version"] as? Int == 2)
    }
}
