import Foundation
import Testing

@testable import RecshServer
@testable import RecshShell

@Suite("POST /ask and GET /search by meaning over HTTP; /ask from an export", .serialized)
struct AskAPITests {
    @Test("POST /ask parses the sentence and answers the films the shell's ask lists, with reasons")
    func asks() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)
        let scary = try await http.post("/ask", ["query": "something scary from the 90s", "k": 5])
        #expect(scary.status == 200, "\(scary.text)")
        let intent = scary.json["intent"] as? [String: Any] ?? [:]
        #expect(intent["genres"] as? [String] == ["Horror"])
        #expect(intent["year_min"] as? Int == 1990 && intent["year_max"] as? Int == 1999)
        #expect(scary.json["parser"] as? String == "offline" && scary.json["fallback"] as? Bool == false)
        let items = scary.items()
        #expect(items.count == 5)
        #expect(items.allSatisfy { ($0["reason"] as? String ?? "").hasPrefix("Horror · 199") })
        let shell = Fixture.shared.text("ask \"something scary from the 90s\" k=5")
        for item in items { #expect(shell.contains(item["title"] as? String ?? "?"), "\(shell)") }

        let personal = try await http.post("/ask", ["query": "comedies", "user_id": 1, "k": 3])
        #expect(personal.items().allSatisfy { ($0["reason"] as? String ?? "").contains("for user 1") })
        let stranger = try await http.post("/ask", ["query": "comedies", "user_id": 99999, "k": 3])
        #expect(stranger.status == 200 && stranger.json["fallback"] as? Bool == true)
        #expect(
            (stranger.json["notes"] as? [String])?.first
                == "user 99999 has no ratings in ml-latest-small: ranked by popularity")
        #expect(stranger.items().count == 3)
    }

    @Test("Bad questions get 400 or 422 naming what was wrong; a meaning search says to run train embed")
    func badInput() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)
        let cases: [(Any, Int, String)] = [
            (["query": ""], 422, "query: is empty"),
            (["query": "   "], 422, "query: is empty"),
            (["query": String(repeating: "a", count: 1001)], 422, "query: has 1001 characters; the most is 1000"),
            (["query": 5], 422, "query: expected a string, got an integer"),
            (["k": 3], 422, "query: is required"),
            (["query": "horror", "mood": "x"], 422, "mood: unknown field"),
            (["query": "horror", "k": 0], 422, "k: 0 is out of range 1...100"),
            (["query": "horror", "user_id": "x"], 422, "user_id: expected an integer, got a string"),
        ]
        for (body, status, message) in cases {
            let r = try await http.post("/ask", body)
            #expect(r.status == status && r.error.hasPrefix(message), "\(body) → \(r.status) \(r.error)")
        }
        let broken = try await http.post("/ask", raw: "{\"query\": ")
        #expect(broken.status == 400 && broken.error.contains("not valid JSON"))
        let meaning = try await http.get("/search?q=space%20battles&mode=meaning")
        #expect(meaning.status == 422 && meaning.error.contains("run train embed before serve"), "\(meaning.error)")
        let mode = try await http.get("/search?q=heat&mode=sound")
        #expect(mode.status == 422 && mode.error == "mode: 'sound' is not one of title, meaning")
        #expect(try await http.get("/search?q=heat&mode=title").items().count > 0)
        #expect(try await http.get("/health").status == 200)
    }

    @Test("An exported folder answers /ask exactly as the session does, with no dataset loaded")
    func fromExport() async throws {
        let dir = Fixture.folder() + "/ask-export"
        #expect(Fixture.shared.text("export \(dir)").contains("Exported"))
        let (session, _) = try Fixture.shared.session.servingSnapshot(version: 1)
        let exported = try ServingSnapshot.fromArtifacts(dir)
        let questions = [
            "something scary from the 90s", "feel-good films with Tom Hanks", "like Heat but not crime",
            "une comédie romantique des années 2000", "movies about time travel paradoxes", "directed by Nolan",
        ]
        for q in questions {
            let a = try session.ask(q, user: nil, k: 8)
            let b = try exported.ask(q, user: nil, k: 8)
            #expect(a.intent == b.intent, "\(q)")
            #expect(a.items == b.items, "\(q)")
        }
        #expect(try session.ask("comedies", user: 1, k: 5).items == exported.ask("comedies", user: 1, k: 5).items)
        // an export from before ask.csv: a message that says what to do
        try FileManager.default.removeItem(atPath: dir + "/ask.csv")
        var manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
            as! [String: Any]
        var files = manifest["files"] as! [String: Any]
        files["ask.csv"] = nil
        manifest["files"] = files
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: dir + "/manifest.json"))
        #expect(throws: ServingError.self) { try ServingSnapshot.fromArtifacts(dir).ask("horror", user: nil, k: 3) }
        do { _ = try ServingSnapshot.fromArtifacts(dir).ask("horror", user: nil, k: 3) } catch {
            #expect("\(error)".contains("no ask.csv"))
        }
    }
}
