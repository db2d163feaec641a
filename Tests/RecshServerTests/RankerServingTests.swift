import Foundation
import RecshData
import Testing

@testable import RecshServer
@testable import RecshShell

@Suite("The ranker and home rows over HTTP")
struct RankerServingTests {
    /// ml-100k with popular, ease and seq under a ranker, served from the live session.
    static func shell() -> Shell {
        ServerCommands.install()
        let session = Session(
            searchPath: DataSearchPath(folders: [Fixture.datasets], downloadFolder: NSTemporaryDirectory()),
            cancellation: Cancellation())
        let shell = Shell(session: session, console: .silent())
        for line in ["load ml-100k", "train popular", "train ease", "train seq", "train ranker"] {
            _ = shell.text(line)
        }
        return shell
    }

    @Test("POST /recommend with the ranker gives the session's order; GET /home/{id} follows a watch")
    func sameOrder() async throws {
        let shell = Self.shell()
        let table = shell.text("set format=csv; recommend user=12 by=ranker k=10")
        let sessionIds = table.split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: ",")[1]) }
        #expect(sessionIds.count == 10, "\(table)")
        let (snapshot, _) = try shell.session.servingSnapshot(version: 1)
        #expect(snapshot.community?.name == "ranker")
        let state = try ServerState(snapshot: snapshot, logPath: Fixture.folder() + "/log.sqlite")
        let server = try await offPool {
            try ServerHost.start(state: state, address: ServerAddress(host: "127.0.0.1", port: 0))
        }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)
        let r = try await http.post("/recommend", ["user_id": 12, "k": 10])
        #expect(r.status == 200)
        #expect(r.items().map { $0["movielens_id"] as! Int } == sessionIds)
        let before = try await http.get("/home/12?k=3")
        let rows = try #require(before.json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["kind"] as! String } == ["because", "popular", "taste", "intent", "discovery"])
        #expect(rows[0]["title"] as? String == "Because you watched Philadelphia")
        _ = try await http.post("/feedback", ["user_id": 12, "movie_id": 50, "event": "watched"])
        let after = try await http.get("/home/12?k=3")
        let rowsAfter = try #require(after.json["rows"] as? [[String: Any]])
        #expect(rowsAfter[0]["title"] as? String == "Because you watched Star Wars")
        let unknown = try await http.get("/home/99999")
        #expect(unknown.json["fallback"] as? Bool == true && unknown.json["note"] is String)
        #expect(try await http.get("/home/abc").status == 422)
    }
}
