import Foundation
import RecshData
import Testing

@testable import RecshShell

/// `ask` and `eval intent` on ml-latest-small with TMDB.
@Suite("ask: sentences to filters and films, on real data", .serialized)
struct AskTests {
    let t = TestShell.makeLoaded()

    /// The MovieLens films of an `ask` answer in JSON.
    func films(_ query: String) throws -> (intent: [String: Any], films: [Movie]) {
        t.run("set format=json")
        defer { t.run("set format=table") }
        let line = t.run("ask \"\(query)\" k=10")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        let d = try #require(t.session.current)
        let rows = try #require(o["films"] as? [[String: Any]])
        let films = rows.compactMap { ($0["tmdb_id"] as? Int).flatMap { d.movies.movie(tmdbId: $0) } }
        #expect(films.count == rows.count)
        return (try #require(o["intent"] as? [String: Any]), films)
    }

    @Test("the filters hold for every film listed, and the intent has the schema's keys")
    func filters() throws {
        let scary = try films("something scary from the 90s")
        #expect(scary.intent["genres"] as? [String] == ["Horror"])
        #expect(scary.intent["year_min"] as? Int == 1990 && scary.intent["year_max"] as? Int == 1999)
        #expect(scary.films.count == 10)
        #expect(scary.films.allSatisfy { $0.genres.contains("Horror") && (1990...1999).contains($0.year ?? 0) })
        let keys: Set<String> = ["genres", "exclude_genres", "year_min", "year_max", "moods", "people", "like", "text"]
        #expect(Set(scary.intent.keys) == keys)
        let kids = try films("un dessin animé pour les enfants sans violence avant 1995")
        #expect(
            kids.films.allSatisfy { m in
                m.genres.contains("Animation") && m.genres.contains("Children") && (m.year ?? 9999) <= 1994
                    && !m.genres.contains(where: ["Action", "Crime", "Horror", "War"].contains)
            })
        let hanks = try films("feel-good films with Tom Hanks")
        #expect(
            hanks.intent["people"] as? [String] == ["Tom Hanks"] && hanks.intent["moods"] as? [String] == ["feel-good"])
        let tmdb = try #require(t.session.tmdb)
        #expect(
            hanks.films.allSatisfy { m in
                m.tmdbId.flatMap { tmdb[$0] }.map { $0.cast.prefix(5).contains("Tom Hanks") } ?? false
            })
    }

    @Test("a reference film ranks by what its viewers liked and is not listed itself; reasons say why")
    func reference() throws {
        let heat = try films("like Heat but not crime")
        #expect(heat.intent["like"] as? [Int] == [6] && heat.intent["exclude_genres"] as? [String] == ["Crime"])
        #expect(!heat.films.contains { $0.movieLensId == 6 || $0.genres.contains("Crime") })
        let out = t.run("ask \"movies about time travel paradoxes\" k=3")
        #expect(out.contains("Intent (offline): text \"time travel paradoxes\"") && out.contains("about "), "\(out)")
    }

    @Test("bad input: an empty or too long query, an unknown user, the LLM without its URL")
    func badInput() {
        #expect(t.run("ask \"   \"").contains("ask needs a sentence"))
        #expect(t.run("ask \"\(String(repeating: "a", count: 1001))\"").contains("at most 1000"))
        #expect(t.run("ask \"comedies\" user=999999").contains("user 999999 is not in ml-latest-small"))
        t.run("set intent=llm")
        defer { t.run("set intent=offline") }
        let out = t.run("ask \"comedies\" k=1")
        #expect(
            out.contains("intent=llm needs RECSH_LLM_URL; the offline parser answered")
                && out.contains("Intent (offline)"))
    }

    @Test("the shipped labelled set: accuracy at least 90% and genre recall at least 95%")
    func labelledSet() throws {
        let file = TestShell.packageRoot.appendingPathComponent("Scripts/intent-queries.jsonl").path
        t.run("set format=json")
        defer { t.run("set format=table") }
        let line = t.run("eval intent \(file)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        let e = try #require(o["intent_eval"] as? [String: Any])
        func pct(_ k: String) -> Double { Double((e[k] as? String ?? "0").dropLast()) ?? 0 }
        #expect(e["queries"] as? Int ?? 0 >= 150)
        #expect(pct("accuracy_every_field_right") >= 90)
        #expect(pct("genre_recall") >= 95)
        #expect(t.run("eval intent /nonexistent.jsonl").contains("/nonexistent.jsonl"))
    }
}
