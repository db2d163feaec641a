import Foundation

/// A team's MLflow tracking server, through its REST API (`/api/2.0/mlflow/...`), with
/// artifacts sent through the server's artifact proxy (`/api/2.0/mlflow-artifacts/...`).
public struct RESTStore: TrackingStore {
    public let location: String
    let http: HTTPClient

    /// Checks that the server answers before anything is logged.
    public init(url: String, timeout: TimeInterval = 10) throws {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        self.location = base
        self.http = HTTPClient(base: base, timeout: timeout)
        let r = try http.send("GET", "/health", contentType: nil)
        guard r.status == 200 else {
            throw TrackingError.server(url: base, status: r.status, message: "GET /health did not answer OK")
        }
    }

    static let api = "/api/2.0/mlflow"

    public func experimentID(named name: String) throws -> String {
        do {
            let r = try http.json(
                "GET", Self.api + "/experiments/get-by-name" + HTTPClient.query([("experiment_name", name)]))
            if let e = r["experiment"] as? [String: Any], let id = e["experiment_id"] as? String { return id }
        } catch TrackingError.server(_, 404, _) {}
        do {
            let r = try http.json(
                "POST", Self.api + "/experiments/create",
                ["name": name, "tags": Self.pairs(TrackingStores.experimentTags)])
            return r["experiment_id"] as? String ?? ""
        } catch TrackingError.server(_, let status, _) where status == 400 || status == 409 {
            // another session created it between the two calls
            let r = try http.json(
                "GET", Self.api + "/experiments/get-by-name" + HTTPClient.query([("experiment_name", name)]))
            return (r["experiment"] as? [String: Any])?["experiment_id"] as? String ?? ""
        }
    }

    public func experiments() throws -> [(id: String, name: String)] {
        let r = try http.json("POST", Self.api + "/experiments/search", ["max_results": 1000])
        return (r["experiments"] as? [[String: Any]] ?? []).compactMap { e in
            guard let id = e["experiment_id"] as? String, let name = e["name"] as? String else { return nil }
            return (id, name)
        }
    }

    static func pairs(_ d: [String: String]) -> [[String: String]] {
        d.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }
    }

    public func createRun(experimentID: String, name: String, startTime: Int64, tags: [String: String]) throws
        -> RunRecord
    {
        var all = tags
        all["mlflow.runName"] = name
        let r = try http.json(
            "POST", Self.api + "/runs/create",
            [
                "experiment_id": experimentID, "run_name": name, "start_time": startTime,
                "tags": Self.pairs(all), "user_id": tags["mlflow.user"] ?? "",
            ])
        guard let run = r["run"] as? [String: Any] else { throw bad("runs/create answered without a run") }
        return try Self.record(run)
    }

    func bad(_ message: String) -> TrackingError { .server(url: location, status: 200, message: message) }

    static func record(_ run: [String: Any]) throws -> RunRecord {
        let info = run["info"] as? [String: Any] ?? [:]
        func int(_ v: Any?) -> Int64? { (v as? NSNumber)?.int64Value ?? (v as? String).flatMap { Int64($0) } }
        var r = RunRecord(
            id: info["run_id"] as? String ?? "", experimentID: info["experiment_id"] as? String ?? "",
            name: info["run_name"] as? String ?? "",
            status: RunStatus(name: info["status"] as? String ?? "") ?? .running,
            startTime: int(info["start_time"]) ?? 0, endTime: int(info["end_time"]),
            artifactURI: info["artifact_uri"] as? String ?? "")
        let data = run["data"] as? [String: Any] ?? [:]
        for p in data["params"] as? [[String: Any]] ?? [] {
            if let k = p["key"] as? String { r.params[k] = p["value"] as? String ?? "" }
        }
        for p in data["tags"] as? [[String: Any]] ?? [] {
            if let k = p["key"] as? String { r.tags[k] = p["value"] as? String ?? "" }
        }
        for m in data["metrics"] as? [[String: Any]] ?? [] {
            if let k = m["key"] as? String, let v = (m["value"] as? NSNumber)?.doubleValue { r.metrics[k] = v }
        }
        return r
    }

    public func logBatch(runID: String, params: [String: String], metrics: [MetricPoint], tags: [String: String])
        throws
    {
        // MLflow takes at most 100 params, 100 tags and 1000 metrics a batch
        let p = Self.pairs(params.reduce(into: [:]) { $0[MetricKey.sanitize($1.key)] = $1.value })
        let m = metrics.map { x -> [String: Any] in
            [
                "key": MetricKey.sanitize(x.key), "value": x.value.isFinite ? x.value : 0, "timestamp": x.timestamp,
                "step": x.step,
            ]
        }
        for chunk in stride(from: 0, to: p.count, by: 100) {
            _ = try http.json(
                "POST", Self.api + "/runs/log-batch",
                ["run_id": runID, "params": Array(p[chunk..<min(p.count, chunk + 100)])])
        }
        let t = Self.pairs(tags)
        for chunk in stride(from: 0, to: t.count, by: 100) {
            _ = try http.json(
                "POST", Self.api + "/runs/log-batch",
                ["run_id": runID, "tags": Array(t[chunk..<min(t.count, chunk + 100)])])
        }
        for chunk in stride(from: 0, to: m.count, by: 1000) {
            _ = try http.json(
                "POST", Self.api + "/runs/log-batch",
                ["run_id": runID, "metrics": Array(m[chunk..<min(m.count, chunk + 1000)])])
        }
    }

    public func setRunTag(runID: String, key: String, value: String) throws {
        _ = try http.json("POST", Self.api + "/runs/set-tag", ["run_id": runID, "key": key, "value": value])
    }

    /// The artifact proxy path of a run's artifacts (`mlflow-artifacts:/1/RUN/artifacts`).
    func proxyPath(_ runID: String, _ path: String) throws -> String {
        let uri = try run(id: runID).artifactURI
        guard uri.hasPrefix("mlflow-artifacts:") else {
            throw TrackingError.server(
                url: location, status: 200,
                message:
                    "the run's artifacts live at \(uri), which recsh cannot reach: start mlflow server with artifact proxying (the default, --serve-artifacts)"
            )
        }
        var rest = String(uri.dropFirst("mlflow-artifacts:".count))
        if rest.hasPrefix("//") {  // mlflow-artifacts://host:port/path
            rest = String(rest.dropFirst(2))
            rest = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
        }
        while rest.hasPrefix("/") { rest.removeFirst() }
        return path.isEmpty ? rest : rest + "/" + path
    }

    static let artifactsAPI = "/api/2.0/mlflow-artifacts/artifacts"

    static func encodePath(_ p: String) -> String {
        p.split(separator: "/").map {
            $0.addingPercentEncoding(
                withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
                ?? String($0)
        }.joined(separator: "/")
    }

    public func logArtifact(runID: String, path: String, data: Data) throws {
        let r = try http.send(
            "PUT", Self.artifactsAPI + "/" + Self.encodePath(try proxyPath(runID, path)), body: data,
            contentType: "application/octet-stream")
        guard (200..<300).contains(r.status) else {
            throw TrackingError.server(
                url: location, status: r.status, message: String(decoding: r.body.prefix(200), as: UTF8.self))
        }
    }

    public func finishRun(runID: String, status: RunStatus, endTime: Int64) throws {
        _ = try http.json(
            "POST", Self.api + "/runs/update", ["run_id": runID, "status": status.name, "end_time": endTime])
    }

    public func run(id: String) throws -> RunRecord {
        do {
            let r = try http.json("GET", Self.api + "/runs/get" + HTTPClient.query([("run_id", id)]))
            return try Self.record(r["run"] as? [String: Any] ?? [:])
        } catch TrackingError.server(_, 404, _) { throw TrackingError.unknownRun(id) }
    }

    public func searchRuns(experimentIDs: [String]) throws -> [RunRecord] {
        var out: [RunRecord] = []
        var token: String?
        repeat {
            var body: [String: Any] = ["experiment_ids": experimentIDs, "max_results": 1000]
            if let token { body["page_token"] = token }
            let r = try http.json("POST", Self.api + "/runs/search", body)
            out += try (r["runs"] as? [[String: Any]] ?? []).map(Self.record)
            token = r["next_page_token"] as? String
        } while token != nil && !(token ?? "").isEmpty
        return out.sorted { ($0.startTime, $0.id) > ($1.startTime, $1.id) }
    }

    public func metricHistory(runID: String, key: String) throws -> [MetricPoint] {
        let r = try http.json(
            "GET", Self.api + "/metrics/get-history" + HTTPClient.query([("run_id", runID), ("metric_key", key)]))
        return (r["metrics"] as? [[String: Any]] ?? []).map { m in
            MetricPoint(
                key: key, value: (m["value"] as? NSNumber)?.doubleValue ?? .nan,
                timestamp: (m["timestamp"] as? NSNumber)?.int64Value ?? 0,
                step: (m["step"] as? NSNumber)?.int64Value ?? 0)
        }
    }

    public func listArtifacts(runID: String, path: String) throws -> [ArtifactEntry] {
        let r = try http.json("GET", Self.artifactsAPI + HTTPClient.query([("path", try proxyPath(runID, path))]))
        return (r["files"] as? [[String: Any]] ?? []).map { f in
            let name = f["path"] as? String ?? ""
            return ArtifactEntry(
                path: path.isEmpty ? name : path + "/" + name, isDirectory: f["is_dir"] as? Bool ?? false,
                size: (f["file_size"] as? NSNumber)?.int64Value)
        }
    }

    public func artifact(runID: String, path: String) throws -> Data {
        let r = try http.send(
            "GET", Self.artifactsAPI + "/" + Self.encodePath(try proxyPath(runID, path)), contentType: nil)
        guard r.status == 200 else {
            throw TrackingError.server(url: location, status: r.status, message: "no artifact \(path) in run \(runID)")
        }
        return r.body
    }
}
