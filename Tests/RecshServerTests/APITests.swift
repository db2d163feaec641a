import Foundation
import Testing

@testable import RecshServer
@testable import RecshShell

@Suite("The HTTP API against the real server on a free port", .serialized)
struct APITests {
    @Test(
        "Every endpoint answers: health, recommend, similar, movie, popular, search, feedback, metrics, openapi, the page"
    )
    func endpoints() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)

        let health = try await http.get("/health")
        #expect(health.status == 200)
        #expect(health.json["dataset"] as? String == "ml-latest-small")
        #expect(
            (health.json["models"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted() == [
                "knn", "tfidf",
            ])
        #expect(health.json["model_version"] as? Int == 1)

        let rec = try await http.post("/recommend", ["user_id": 1, "k": 5])
        #expect(rec.status == 200)
        #expect(rec.json["fallback"] as? Bool == false && rec.json["model"] as? String == "knn")
        let ids = rec.items().compactMap { $0["movielens_id"] as? Int }
        #expect(ids.count == 5)
        // seen films are left out by default
        let seen = Fixture.shared.session.ratedItems(user: 1)
        #expect(ids.allSatisfy { !seen.contains(Int32($0)) })
        #expect((rec.items().first?["reason"] as? String)?.hasPrefix("because you liked") == true)

        // the lists are exactly the movie page's
        let lists = try await http.get("/movie/1366/similar")
        #expect(lists.status == 200)
        #expect((lists.json["film"] as? [String: Any])?["title"] as? String == "Rocky")
        let page = Fixture.shared.text("movie 1366")
        let similarTitles = lists.items("similar").compactMap { $0["title"] as? String }
        let hybridTitles = lists.items("hybrid").compactMap { $0["title"] as? String }
        #expect(similarTitles.count == 5 && similarTitles.allSatisfy { page.contains($0) })
        #expect(hybridTitles.count == 5 && hybridTitles.allSatisfy { page.contains($0) })
        #expect(lists.items("also_liked").count == 5)
        let byBody = try await http.post("/similar", ["movie_id": 1366, "k": 5])
        #expect(byBody.items("hybrid").compactMap { $0["title"] as? String } == hybridTitles)

        let movie = try await http.get("/movie/1366")
        #expect(movie.json["title"] as? String == "Rocky" && movie.json["movielens_id"] as? Int == 1954)
        #expect((movie.json["directors"] as? [String]) == ["John G. Avildsen"])

        let popular = try await http.get("/popular?genre=Comedy&k=3")
        #expect(popular.items().count == 3)
        #expect(popular.items().first?["title"] as? String == "Forrest Gump")

        let search = try await http.get("/search?q=toy%20story")
        #expect((search.items().first?["title"] as? String)?.hasPrefix("Toy Story") == true)

        let fb = try await http.post("/feedback", ["user_id": 5, "movie_id": 1366, "event": "like"])
        #expect(fb.status == 201 && fb.json["movielens_id"] as? Int == 1954)

        let metrics = try await http.get("/metrics")
        #expect(metrics.type.hasPrefix("text/plain"))
        #expect(metrics.text.contains("recsh_requests_total{endpoint=\"/recommend\",status=\"200\"} 1"))
        #expect(metrics.text.contains("recsh_request_duration_seconds_bucket{endpoint=\"/similar\",le=\"+Inf\"} 1"))

        let openapi = try await http.get("/openapi.json")
        let paths = (openapi.json["paths"] as? [String: Any])?.keys.sorted() ?? []
        #expect(
            paths == [
                "/ask", "/feedback", "/health", "/home/{user_id}", "/metrics", "/movie/{tmdb_id}",
                "/movie/{tmdb_id}/similar", "/popular",
                "/recommend", "/search", "/similar",
            ])

        let index = try await http.get("/")
        #expect(index.type.hasPrefix("text/html") && index.text.contains("<script src=\"/app.js\">"))
        #expect(try await http.get("/app.js").text.contains("async function api("))
    }

    @Test("Bad input gets 400, 404, 413 or 422 with a JSON message naming what was wrong; never a 5xx")
    func errors() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)
        let cases: [(Int, HTTP.Reply, String)] = [
            (400, try await http.post("/recommend", raw: "{\"user_id\": "), "not valid JSON"),
            (400, try await http.post("/recommend", raw: ""), "body is empty"),
            (422, try await http.post("/recommend", raw: "[1, 2]"), "expected a JSON object, got an array"),
            (422, try await http.post("/recommend", ["user_id": "one"]), "user_id: expected an integer, got a string"),
            (
                422, try await http.post("/recommend", ["user_id": 1.5]),
                "user_id: expected an integer, got a number with a fraction"
            ),
            (422, try await http.post("/recommend", ["k": 3]), "user_id: is required"),
            (422, try await http.post("/recommend", ["user_id": 1, "k": 0]), "k: 0 is out of range 1...100"),
            (
                422, try await http.post("/recommend", ["user_id": 1, "exclude_seen": 1]),
                "exclude_seen: expected true or false"
            ),
            (
                422, try await http.post("/recommend", ["user_id": 1, "genres": ["Nope"]]),
                "genres: unknown genre 'Nope'"
            ),
            (
                422, try await http.post("/recommend", ["user_id": 1, "year_min": 2000, "year_max": 1990]),
                "year_min: 2000 is after year_max 1990"
            ),
            (422, try await http.post("/recommend", ["user_id": 1, "usr": 2]), "usr: unknown field"),
            (
                413,
                try await http.post(
                    "/recommend", raw: "{\"user_id\": 1, \"pad\": \"" + String(repeating: "x", count: 70_000) + "\"}"),
                "larger than 64 KiB"
            ),
            (404, try await http.post("/similar", ["movie_id": 2_000_000_000]), "no film with TMDB id 2000000000"),
            (404, try await http.get("/movie/2000000000/similar"), "no film with TMDB id"),
            (422, try await http.get("/movie/rocky"), "tmdb_id: 'rocky' is not an integer id"),
            (422, try await http.get("/popular?k=1000"), "k: 1000 is out of range"),
            (422, try await http.get("/popular?genre=Nope"), "genre: unknown genre 'Nope'"),
            (422, try await http.get("/search"), "q: is required"),
            (
                422, try await http.post("/feedback", ["user_id": 1, "movie_id": 1366, "event": "love"]),
                "event: 'love' is not one of like, watched, skip"
            ),
            (
                404, try await http.post("/feedback", ["user_id": 1, "movie_id": 2_000_000_000, "event": "like"]),
                "no film with TMDB id"
            ),
            (404, try await http.get("/nowhere"), "no endpoint GET /nowhere"),
        ]
        for (status, reply, message) in cases {
            #expect(reply.status == status, "\(message): \(reply.status) \(reply.text.prefix(200))")
            #expect(reply.error.contains(message), "\(reply.error)")
            #expect(reply.type.hasPrefix("application/json"))
        }
    }

    @Test("An unknown user gets popular films of the asked genre with fallback true")
    func fallback() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)
        let r = try await http.post(
            "/recommend", ["user_id": 99_999, "k": 5, "genres": ["Animation"], "year_min": 1990, "year_max": 1999])
        #expect(r.status == 200 && r.json["fallback"] as? Bool == true && r.json["model"] as? String == "popular")
        let films = Fixture.shared.session.current!.movies
        #expect(r.items().count == 5)
        for item in r.items() {
            let m = films.movie(movieLensId: Int32(item["movielens_id"] as! Int))!
            #expect(m.genres.contains("Animation") && (1990...1999).contains(m.year ?? 0))
        }
        #expect(r.items().first?["title"] as? String == "Toy Story")
    }

    @Test(
        "Feedback: a skipped or watched film leaves the next list, a liked one pulls its neighbours up; it survives a restart"
    )
    func feedback() async throws {
        let dir = Fixture.folder()
        let (snapshot, _) = try Fixture.shared.session.servingSnapshot(version: 1)
        var server = try await offPool {
            try ServerHost.start(
                state: try ServerState(snapshot: snapshot, logPath: dir + "/log.sqlite"),
                address: ServerAddress(port: 0))
        }
        var http = HTTP(port: server.address.port)
        let before = try await http.post("/recommend", ["user_id": 7, "k": 5]).items()
        let top = before[0]["tmdb_id"] as! Int
        let second = before[1]["tmdb_id"] as! Int
        #expect(try await http.post("/feedback", ["user_id": 7, "movie_id": top, "event": "skip"]).status == 201)
        #expect(try await http.post("/feedback", ["user_id": 7, "movie_id": second, "event": "watched"]).status == 201)
        let after = try await http.post("/recommend", ["user_id": 7, "k": 5]).items().compactMap {
            $0["tmdb_id"] as? Int
        }
        #expect(!after.contains(top) && !after.contains(second))

        // a new user who likes Toy Story gets its neighbours, not the popular fallback
        #expect(try await http.post("/feedback", ["user_id": 123_456, "movie_id": 862, "event": "like"]).status == 201)
        let liked = try await http.post("/recommend", ["user_id": 123_456, "k": 5])
        #expect(liked.json["fallback"] as? Bool == false)
        #expect(liked.items().contains { ($0["reason"] as? String) == "because you liked Toy Story" })
        let first = server
        try await offPool { first.stop() }

        // the feedback is read back when a server opens the same log
        server = try await offPool {
            try ServerHost.start(
                state: try ServerState(snapshot: snapshot, logPath: dir + "/log.sqlite"),
                address: ServerAddress(port: 0))
        }
        defer { server.requestStop() }
        http = HTTP(port: server.address.port)
        let again = try await http.post("/recommend", ["user_id": 7, "k": 5]).items().compactMap {
            $0["tmdb_id"] as? Int
        }
        #expect(again == after)
        #expect(try server.state.store.feedbackCount() == 3)
    }

    @Test("Every request is logged with its id, user, endpoint, version, ids, scores, latency and fallback flag")
    func requestLog() async throws {
        let server = try await offPool { try Fixture.server() }
        let http = HTTP(port: server.address.port)
        _ = try await http.post("/recommend", ["user_id": 1, "k": 3])
        _ = try await http.post("/recommend", ["user_id": 424_242, "k": 3])
        _ = try await http.post("/recommend", ["user_id": "x"])
        try await offPool { server.stop() }
        let entries = try server.state.store.requests(since: Date().addingTimeInterval(-60))
        #expect(entries.count == 3)
        #expect(
            entries[0].userId == 1 && entries[0].endpoint == "/recommend" && entries[0].ids.count == 3
                && entries[0].scores.count == 3 && !entries[0].fallback)
        #expect(entries[1].fallback && entries[1].modelVersion == 1)
        #expect(entries[2].status == 422 && entries[2].latencyMs > 0)
        #expect(Set(entries.map(\.id)).count == 3)
    }

    @Test(
        "serve reload swaps the models atomically: concurrent requests and feedback writes never fail and versions only go up"
    )
    func reload() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)
        let versions = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var seen: [Int] = []
                    for _ in 0..<40 {
                        let r = try await http.post("/recommend", ["user_id": 3, "k": 5])
                        #expect(r.status == 200 && r.items().count == 5)
                        seen.append(r.json["model_version"] as? Int ?? -1)
                    }
                    return seen
                }
            }
            group.addTask {
                // feedback is written to SQLite and applied to the shared state while reloads publish
                for n in 0..<40 {
                    let r = try await http.post(
                        "/feedback", ["user_id": 7000 + n % 4, "movie_id": 1366, "event": n % 2 == 0 ? "like" : "skip"])
                    #expect(r.status == 201)
                }
                return []
            }
            group.addTask {
                for v in 2...6 {
                    try await Task.sleep(nanoseconds: 20_000_000)
                    server.state.publish(try Fixture.shared.session.servingSnapshot(version: v).snapshot)
                }
                return []
            }
            var all: [[Int]] = []
            for try await v in group { all.append(v) }
            return all
        }
        for v in versions where !v.isEmpty { #expect(v == v.sorted() && v.allSatisfy { (1...6).contains($0) }) }
        #expect(try await http.get("/health").json["model_version"] as? Int == 6)
    }
}
