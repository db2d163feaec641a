import Foundation
import RecshData
import RecshLifecycle
import RecshServer
import RecshShell
import Testing

/// A shell over the shared datasets with the lifecycle commands installed.
final class LifecycleShell: @unchecked Sendable {
    // Unchecked: each test makes its own and drives it from one thread, as at the prompt.
    let shell: Shell

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var datasets: String {
        ProcessInfo.processInfo.environment["RECSH_SHARED_DATASETS"]
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    }

    init() {
        ServerCommands.install()
        LifecycleCommands.install()
        shell = Shell(
            session: Session(
                searchPath: DataSearchPath(folders: [Self.datasets], downloadFolder: NSTemporaryDirectory()),
                cancellation: Cancellation()),
            console: .silent())
    }

    @discardableResult
    func run(_ line: String) -> String {
        shell.console.capturing { _ = shell.execute(line) }.map {
            switch $0 {
            case .output(let s): return s
            case .error(let s): return "error: " + s
            }
        }.joined(separator: "\n")
    }
}

/// The value of a `key  value` line of a record, trimmed; empty when there is none.
func field(_ output: String, _ key: String) -> String {
    for line in output.split(separator: "\n") where line.hasPrefix(key + " ") {
        return line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
    }
    return ""
}

func scratchFolder() -> String {
    let p = (NSTemporaryDirectory() as NSString).appendingPathComponent("recsh-lifecycle-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    return p
}

/// The Python with MLflow that Scripts/requirements-mlflow.sh installs, and the server test.sh starts.
enum MLflowEnvironment {
    static var python: String? { ProcessInfo.processInfo.environment["RECSH_TEST_MLFLOW_PYTHON"] }
    static var server: String? { ProcessInfo.processInfo.environment["RECSH_TEST_MLFLOW_URL"] }

    /// Runs Scripts/mlflow_read.py and decodes what the real MLflow client saw.
    static func read(_ uri: String, model: String) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python!)
        p.arguments = [LifecycleShell.packageRoot.appendingPathComponent("Scripts/mlflow_read.py").path, uri, model]
        var env = ProcessInfo.processInfo.environment
        env["MLFLOW_ALLOW_FILE_STORE"] = "true"
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard p.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        else { throw ShellError.failed("mlflow_read.py failed (status \(p.terminationStatus)): \(last)") }
        return json
    }
}

@Suite("Lifecycle: runs, registry and promotion, read back by the real MLflow", .serialized)
struct LifecycleTests {
    /// Two models tracked, registered, one promotion that passes; returns the shell.
    func session(tracking: String, model: String) -> (LifecycleShell, String) {
        let t = LifecycleShell()
        var out = t.run("track \(tracking)")
        out += t.run("load ml-100k; train popular; train knn; split i2; eval popular knn")
        out += t.run("register popular as \(model); register knn as \(model)")
        out += t.run("promote \(model) 1; promote \(model) 2")
        return (t, out)
    }

    func checkWithMLflow(_ uri: String, model: String) throws {
        let seen = try MLflowEnvironment.read(uri, model: model)
        let runs = seen["runs"] as! [[String: Any]]
        let mine = runs.filter {
            ($0["experiment"] as? String) == "ml-100k" && ($0["tags"] as? [String: String])?["recsh.kind"] != nil
        }
        let names = Set(mine.map { $0["name"] as! String })
        #expect(names.isSuperset(of: ["popular", "knn", "eval popular", "eval knn"]))
        let eval = mine.first { $0["name"] as? String == "eval knn" }!
        #expect((eval["status"] as? String) == "FINISHED")
        let params = eval["params"] as! [String: String]
        #expect(params["family"] == "knn" && params["protocol"] == "i2" && params["split_test"] == "10263")
        #expect(params["split_users"] == "938")
        #expect(params["dataset_fingerprint"]?.count == 64)
        let metrics = eval["metrics"] as! [String: Double]
        #expect(abs((metrics["ndcg_at_10"] ?? 0) - 0.1) < 0.1)
        #expect((eval["history"] as! [String: Int])["ndcg_at_10"] == 1)
        #expect((eval["artifacts"] as! [String]).contains("eval.csv"))
        let tags = eval["tags"] as! [String: String]
        #expect(
            tags["mlflow.runName"] == "eval knn" && tags["mlflow.source.name"] == "recsh" && tags["mlflow.user"] != nil)
        let train = mine.first { $0["name"] as? String == "knn" }!
        #expect((train["model_files"] as! [String]).contains("model/manifest.json"))
        #expect((train["artifacts"] as! [String]).contains("decision.json"))
        let versions = (seen["versions"] as! [[String: Any]]).sorted {
            ($0["version"] as! Int) < ($1["version"] as! Int)
        }
        #expect(versions.map { $0["stage"] as! String } == ["Archived", "Production"])
        #expect((seen["aliases"] as! [String: String]) == ["production": "2"])
        #expect((seen["production_manifest_models"] as! [String]) == ["knn"])
    }

    @Test("the file store is read by MLflow's Python client", .enabled(if: MLflowEnvironment.python != nil))
    func fileStoreReadByMLflow() throws {
        let dir = scratchFolder() + "/mlruns"
        let (_, out) = session(tracking: dir, model: "watchnext")
        #expect(!out.contains("error:"), "\(out)")
        try checkWithMLflow(URL(fileURLWithPath: dir).absoluteString, model: "watchnext")
    }

    @Test("a real mlflow server holds the same runs and registry", .enabled(if: MLflowEnvironment.server != nil))
    func serverReadByMLflow() throws {
        let model = "watchnext-\(UUID().uuidString.prefix(6))"
        let (_, out) = session(tracking: MLflowEnvironment.server!, model: model)
        #expect(!out.contains("error:"), "\(out)")
        try checkWithMLflow(MLflowEnvironment.server!, model: model)
    }

    @Test("promoting a version evaluated on other data is refused, with the reason")
    func otherDataRefused() throws {
        let (t, out) = session(tracking: scratchFolder() + "/s", model: "m")
        #expect(out.contains("Moved m version 2 to Production"))
        t.run("holdout 30d; train ease; split i2; eval ease; register ease as m")
        let refused = t.run("promote m 3")
        #expect(refused.contains("error: promotion refused: the candidate was evaluated on data"), "\(refused)")
        #expect(t.run("registry m").contains("2  Production"))
    }

    @Test("an unreachable server is a clear error; a server that fails keeps the run locally for track sync")
    func serverDown() throws {
        let t = LifecycleShell()
        #expect(
            t.run("track http://127.0.0.1:9").contains("error: the tracking server http://127.0.0.1:9 is unreachable"))
        #expect(t.run("show settings").contains("tracking  off"))
        // a server that answers /health and fails every API call, as one going down does
        let stub = Process()
        stub.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        stub.arguments = [
            "python3", "-c",
            """
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def log_message(self, *a): pass
                def answer(self):
                    ok = self.path == "/health"
                    self.send_response(200 if ok else 503); self.end_headers(); self.wfile.write(b"OK" if ok else b"down")
                do_GET = do_POST = do_PUT = answer
            s = http.server.HTTPServer(("127.0.0.1", 0), H); print(s.server_address[1], flush=True); s.serve_forever()
            """,
        ]
        let out = Pipe()
        stub.standardOutput = out
        // its own stderr: an inherited one would hold swift test open after the suite ends
        stub.standardError = FileHandle.nullDevice
        try stub.run()
        // SIGKILL: the test process may ignore SIGTERM, and a child inherits ignored signals
        defer { kill(stub.processIdentifier, SIGKILL) }
        var port = ""
        while !port.hasSuffix("\n") {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            port += String(decoding: byte, as: UTF8.self)
        }
        let unsent = scratchFolder() + "/unsent"
        setenv("RECSH_UNSENT_RUNS", unsent, 1)
        defer { unsetenv("RECSH_UNSENT_RUNS") }
        #expect(
            t.run("track http://127.0.0.1:\(port.trimmingCharacters(in: .whitespacesAndNewlines))").contains("Tracking")
        )
        let trained = t.run("load ml-100k; train popular")
        #expect(trained.contains("refused the request (HTTP 503)") && trained.contains("is kept in"), "\(trained)")
        let status = t.run("track status")
        #expect(field(status, "unsent runs") == "1" && field(status, "store").hasPrefix("not answering"), "\(status)")
        if let server = MLflowEnvironment.server {
            t.run("track \(server)")
            #expect(t.run("track sync").contains("Sent 1 run to"))
            #expect(field(t.run("track status"), "unsent runs") == "0")
        }
    }

    @Test("Ctrl-C during retrain leaves Production and the session as they were")
    func cancelledRetrain() throws {
        let (t, _) = session(tracking: scratchFolder() + "/c", model: "m")
        t.run("holdout 30d")
        let before = t.shell.session.current!.ratings.count
        t.shell.session.cancellation.request()
        let call = try CommandParser.parse("retrain m simulate=7d models=ease")[0]
        #expect(throws: ShellError.cancelled) { try t.shell.run(call) }
        t.shell.session.cancellation.reset()
        #expect(t.shell.session.current!.ratings.count == before)
        #expect(t.run("registry m").contains("2  Production"))
        let retrained = t.run("retrain m simulate=7d models=ease")
        #expect(retrained.contains("1. Ingested") && retrained.contains("7. "), "\(retrained)")
    }
}
