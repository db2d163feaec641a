import Foundation
import RecshData

@testable import RecshServer
@testable import RecshShell

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A session on ml-latest-small with TMDB, knn and tfidf trained once, shared by the suites.
enum Fixture {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var datasets: String {
        ProcessInfo.processInfo.environment["RECSH_SHARED_DATASETS"]
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    }

    /// A fresh shell whose session has the data and models loaded.
    static func shell() -> Shell {
        ServerCommands.install()
        let session = Session(
            searchPath: DataSearchPath(folders: [datasets], downloadFolder: NSTemporaryDirectory()),
            cancellation: Cancellation())
        let shell = Shell(session: session, console: .silent())
        for line in ["load ml-latest-small", "load tmdb", "train knn", "train tfidf"] {
            _ = shell.console.capturing { shell.execute(line) }
        }
        return shell
    }

    /// Read-only after its setup (the suites query it, and serve snapshots of it).
    nonisolated(unsafe) static let shared = shell()

    static func folder() -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "recsh-server-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A server on a free port over a snapshot of the shared session, with its own log.
    static func server(cacheMegabytes: Int = ServerState.defaultCacheMegabytes) throws -> ServerHost {
        let (snapshot, _) = try shared.session.servingSnapshot(version: 1)
        let state = try ServerState(
            snapshot: snapshot, logPath: folder() + "/log.sqlite", cacheMegabytes: cacheMegabytes)
        return try ServerHost.start(state: state, address: ServerAddress(host: "127.0.0.1", port: 0))
    }
}

extension Shell {
    /// Runs one line and returns its output as text (errors included).
    func text(_ line: String) -> String {
        console.capturing { execute(line) }.map { l -> String in
            switch l {
            case .output(let s): return s
            case .error(let s): return s
            }
        }.joined(separator: "\n")
    }
}

/// One HTTP exchange with a test server.
struct HTTP {
    let port: Int

    struct Reply {
        var status: Int
        var data: Data
        var type: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: data, as: UTF8.self) }
        var error: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
        func items(_ key: String = "items") -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path, body: nil) }

    func post(_ path: String, _ object: Any) async throws -> Reply {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: object))
    }

    func post(_ path: String, raw: String) async throws -> Reply { try await send("POST", path, body: Data(raw.utf8)) }

    func send(_ method: String, _ path: String, body: Data?) async throws -> Reply {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        r.httpMethod = method
        r.httpBody = body
        if body != nil { r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: r)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, data: data, type: http.value(forHTTPHeaderField: "Content-Type") ?? "")
    }
}

/// Runs blocking work (starting a server, a shell command that waits on HTTP) on a thread of its
/// own: the tests run on the two threads of Swift's cooperative pool, and blocking those starves
/// the server's own tasks.
func offPool<T>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, Error>) in
        let t = Thread { c.resume(with: Result { try body() }) }
        t.stackSize = 8 << 20
        t.start()
    }
}
