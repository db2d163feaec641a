import Foundation
import Testing

@testable import RecshServer
@testable import RecshShell

@Suite("serve, request and monitor in the shell; serving exported artifacts", .serialized)
struct ServeCommandTests {
    @Test("serve starts in the background; status, request, reload and stop; mistakes are explained")
    func lifecycle() async throws {
        let log = Fixture.folder() + "/log.sqlite"
        let html = Fixture.folder() + "/monitor.html"
        let lines = [
            "serve status", "request GET /health", "serve port=0 log=\(log)", "serve port=0",
            "request POST /recommend user_id=1 k=2",
            "request POST /recommend user_id=x", "request DELETE /health", "serve status",
            "train als factors=16 iterations=3", "serve reload",
            "request GET /health", "monitor since=1h", "monitor html=\(html)", "monitor since=soon", "serve stop",
            "serve stop", "serve pause",
            "monitor log=/nonexistent/x.sqlite", "serve reload", "serve port=0 log=\(log)", "request GET health",
            "request GET /health k=\"x y\"", "serve stop",
            "serve port=0 cache=-5", "serve status",
        ]
        let out = try await offPool { () -> [String] in
            let shell = Fixture.shell()
            return lines.map { shell.text($0) }
        }
        func said(_ i: Int, _ text: String) { #expect(out[i].contains(text), "\(lines[i]) said:\n\(out[i])") }
        said(0, "Not serving")
        said(1, "not serving: serve starts the API first")
        said(
            2,
            "Serving ml-latest-small (model version 1: similar by tfidf, also-liked and recommend by knn, blend 0.7 minmax pool=100) on http://127.0.0.1:~"
        )
        said(3, "already serving on http://127.0.0.1:")
        said(4, "200 OK")
        said(5, "422 Unprocessable Entity")
        said(6, "method=DELETE is not valid: expected GET or POST")
        said(7, "model version    1")
        said(7, "requests served  2")
        // the prompt keeps working while serving: train, then publish
        said(9, "Published model version 2: similar by tfidf, also-liked and recommend by als")
        said(10, "\"model_version\" : 2")
        said(11, "requests          2")
        said(11, "/recommend")
        said(12, "Wrote")
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<polyline"))
        said(13, "since=soon is not valid: expected a duration such as 30m, 12h or 7d")
        said(14, "Stopped serving after")
        said(15, "not serving: nothing to stop")
        said(16, "serve=pause is not valid: expected status, reload or stop")
        said(17, "no request log at /nonexistent/x.sqlite")
        said(18, "not serving: serve starts the API")
        said(20, "path=health is not valid: expected a path starting with /, such as /health")
        said(21, "200 OK")
        said(23, "cache=-5 is not valid: expected an integer from 0 to 1048576")
        said(24, "Not serving")
    }

    @Test("A port in use is explained and the session goes on")
    func portInUse() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let port = server.address.port
        let out = try await offPool { () -> [String] in
            let shell = Fixture.shell()
            return [shell.text("serve port=\(port) log=\(Fixture.folder())/l.sqlite"), shell.text("serve status")]
        }
        #expect(out[0].contains("the port is already in use"), "\(out[0])")
        #expect(out[1].contains("Not serving"))
    }

    @Test("Exported artifacts serve the same answers as the session, with no dataset loaded")
    func artifacts() async throws {
        let dir = Fixture.folder() + "/v1"
        #expect(Fixture.shared.text("export \(dir)").contains("Exported"))
        let fromSession = try await offPool { try Fixture.server() }
        defer { fromSession.requestStop() }
        let fromArtifacts = try await offPool {
            try ServerHost.start(
                state: try ServerState(
                    snapshot: try ServingSnapshot.fromArtifacts(dir), logPath: Fixture.folder() + "/a.sqlite"),
                address: ServerAddress(port: 0))
        }
        defer { fromArtifacts.requestStop() }
        let a = HTTP(port: fromSession.address.port)
        let b = HTTP(port: fromArtifacts.address.port)
        for path in ["/movie/1366/similar", "/movie/862/similar?k=8", "/popular?genre=Drama&k=5", "/search?q=heat"] {
            let x = try await a.get(path)
            let y = try await b.get(path)
            #expect(x.status == 200 && y.status == 200)
            if path.contains("similar") {
                for list in ["similar", "also_liked", "hybrid"] {
                    #expect(
                        x.items(list).map { $0["movielens_id"] as? Int }
                            == y.items(list).map { $0["movielens_id"] as? Int }, "\(path) \(list)")
                }
            } else {
                #expect(
                    x.items().map { $0["movielens_id"] as? Int } == y.items().map { $0["movielens_id"] as? Int },
                    "\(path)")
            }
        }
        let rx = try await a.post("/recommend", ["user_id": 10, "k": 10])
        let ry = try await b.post("/recommend", ["user_id": 10, "k": 10])
        #expect(rx.items().map { $0["movielens_id"] as? Int } == ry.items().map { $0["movielens_id"] as? Int })
        #expect(try await b.get("/health").json["source"] as? String == dir)
        // an altered file refuses the folder, naming it
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/movies.csv"))
        #expect { try ServingSnapshot.fromArtifacts(dir) } throws: { e in
            "\(e)".contains(
                "\(dir)/movies.csv does not match its sha256 in the manifest (altered or truncated); nothing was loaded"
            )
        }
    }
}
