import Foundation
import RecshFiles

#if canImport(Glibc)
    import Glibc
#endif

/// An MLflow file store: the folder layout `mlflow ui --backend-store-uri file:///DIR` reads.
///
/// Every file is written atomically (temp file, fsync, rename). The only choices two sessions
/// can race on, an experiment's id for a new name and a model's next version number, are made
/// under an exclusive lock on `DIR/.recsh.lock`; run ids are random.
public struct FileStore: TrackingStore {
    public let root: String
    public let location: String

    /// Opens (or creates) the store at `path`. A folder that holds something other than an
    /// MLflow store is refused and left as it is.
    public init(path: String, shownAs location: String? = nil) throws {
        self.root = URL(fileURLWithPath: path).standardizedFileURL.path
        self.location = location ?? path
        let fm = FileManager.default
        switch PathKind(root) {
        case .missing:
            try Self.create(root)
        case .directory:
            let entries = (try? fm.contentsOfDirectory(atPath: root)) ?? []
            if entries.filter({ $0 != ".recsh.lock" }).isEmpty {
                try Self.create(root)
            } else {
                let looksLikeStore = entries.contains { e in
                    (e.allSatisfy(\.isNumber) && fm.fileExists(atPath: root + "/" + e + "/meta.yaml"))
                        || e == "models" || e == ".trash"
                }
                guard looksLikeStore else {
                    let shown = entries.sorted().prefix(3).joined(separator: ", ")
                    throw TrackingError.notAStore(
                        path: self.location, reason: "it holds \(shown)\(entries.count > 3 ? ", ..." : "")")
                }
            }
        default:
            throw TrackingError.notAStore(path: self.location, reason: "it is \(PathKind(root).described)")
        }
        // every experiment must read, so a half-written store is named now, not at the next run
        for e in try experimentFolders() { _ = try readMeta(e + "/meta.yaml") }
    }

    static func create(_ root: String) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: root + "/0", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: root + "/.trash", withIntermediateDirectories: true)
        } catch { throw TrackingError.io(path: root, reason: error.localizedDescription) }
        let now = Clock.nowMillis()
        try write(
            root + "/0/meta.yaml",
            MLflowYAML.encode([
                ("artifact_location", .string(fileURI(root + "/0"))), ("creation_time", .int(now)),
                ("experiment_id", .string("0")), ("last_update_time", .int(now)),
                ("lifecycle_stage", .string("active")), ("name", .string("Default")),
            ]))
    }

    // MARK: files

    static func fileURI(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }

    static func write(_ path: String, _ data: Data) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: PathText.folder(of: path), withIntermediateDirectories: true)
            try AtomicFile.write(data, to: path)
        } catch let e as TrackingError { throw e } catch { throw TrackingError.io(path: path, reason: "\(error)") }
    }

    func write(_ relative: String, _ text: String) throws { try Self.write(root + "/" + relative, Data(text.utf8)) }

    func read(_ relative: String) throws -> String {
        guard let d = FileManager.default.contents(atPath: root + "/" + relative) else {
            throw TrackingError.malformed(file: root + "/" + relative, line: nil, reason: "missing")
        }
        guard let s = String(data: d, encoding: .utf8) else {
            throw TrackingError.malformed(file: root + "/" + relative, line: nil, reason: "not UTF-8 text")
        }
        return s
    }

    func readMeta(_ relative: String) throws -> [String: String] {
        let path = root + "/" + relative
        guard let d = FileManager.default.contents(atPath: path) else {
            throw TrackingError.malformed(file: path, line: nil, reason: "missing: the store is half-written")
        }
        return try MLflowYAML.decode(d, file: path)
    }

    func list(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + relative)) ?? []).sorted()
    }

    /// Key-value files of a folder (params, tags): each file's name is the key, its text the value.
    func values(_ relative: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for k in list(relative) where !k.hasPrefix(".") { out[k] = try read(relative + "/" + k) }
        return out
    }

    /// Builds a folder beside the store and renames it into place, so no reader (recsh or MLflow)
    /// ever sees an experiment, run or version folder without its meta.yaml.
    func publish(_ relative: String, build: (String) throws -> Void) throws {
        let staging = PathText.folder(of: root) + "/.recsh-staging-\(UUID().uuidString)"
        let target = root + "/" + relative
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: staging) }
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try build(staging)
            try fm.createDirectory(atPath: PathText.folder(of: target), withIntermediateDirectories: true)
        } catch let e as TrackingError { throw e } catch { throw TrackingError.io(path: target, reason: "\(error)") }
        guard rename(staging, target) == 0 else {
            throw TrackingError.io(path: target, reason: String(cString: strerror(errno)))
        }
    }

    /// Runs `body` holding the store's lock, so two sessions allocate different ids.
    func locked<T>(_ body: () throws -> T) throws -> T {
        let fd = open(root + "/.recsh.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TrackingError.io(path: root + "/.recsh.lock", reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else {
            throw TrackingError.io(path: root + "/.recsh.lock", reason: String(cString: strerror(errno)))
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    func experimentFolders() throws -> [String] {
        list("").filter { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    // MARK: experiments

    public func experiments() throws -> [(id: String, name: String)] {
        try experimentFolders().compactMap { e in
            let m = try readMeta(e + "/meta.yaml")
            guard m["lifecycle_stage"] != "deleted", let name = m["name"] else { return nil }
            return (m["experiment_id"] ?? e, name)
        }
    }

    public func experimentID(named name: String) throws -> String {
        if let e = try experiments().first(where: { $0.name == name }) { return e.id }
        return try locked {
            if let e = try experiments().first(where: { $0.name == name }) { return e.id }
            let id = String((try experimentFolders().compactMap { Int($0) }.max() ?? 0) + 1)
            let now = Clock.nowMillis()
            let meta = MLflowYAML.encode([
                ("artifact_location", .string(Self.fileURI(root + "/" + id))), ("creation_time", .int(now)),
                ("experiment_id", .string(id)), ("last_update_time", .int(now)),
                ("lifecycle_stage", .string("active")), ("name", .string(name)),
            ])
            try publish(id) { staging in
                try Self.write(staging + "/meta.yaml", meta)
                try FileManager.default.createDirectory(atPath: staging + "/tags", withIntermediateDirectories: true)
                for (k, v) in TrackingStores.experimentTags { try Self.write(staging + "/tags/" + k, Data(v.utf8)) }
            }
            return id
        }
    }

    // MARK: runs

    func runFolder(_ runID: String) throws -> String {
        guard runID.count == 32, runID.allSatisfy(\.isHexDigit) else { throw TrackingError.unknownRun(runID) }
        for e in try experimentFolders() where FileManager.default.fileExists(atPath: "\(root)/\(e)/\(runID)/meta.yaml")
        {
            return e + "/" + runID
        }
        throw TrackingError.unknownRun(runID)
    }

    func runMeta(_ r: RunRecord, user: String) -> String {
        String(
            decoding: MLflowYAML.encode([
                ("artifact_uri", .string(r.artifactURI)), ("end_time", r.endTime.map { .int($0) } ?? .null),
                ("entry_point_name", .string("")), ("experiment_id", .string(r.experimentID)),
                ("lifecycle_stage", .string("active")), ("run_id", .string(r.id)), ("run_name", .string(r.name)),
                ("run_uuid", .string(r.id)), ("source_name", .string("")), ("source_type", .int(4)),
                ("source_version", .string("")), ("start_time", .int(r.startTime)),
                ("status", .int(Int64(r.status.rawValue))), ("tags", .emptyList), ("user_id", .string(user)),
            ]), as: UTF8.self)
    }

    public func createRun(experimentID: String, name: String, startTime: Int64, tags: [String: String]) throws
        -> RunRecord
    {
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let folder = experimentID + "/" + id
        var r = RunRecord(
            id: id, experimentID: experimentID, name: name, status: .running, startTime: startTime, endTime: nil,
            artifactURI: Self.fileURI(root + "/" + folder + "/artifacts"))
        var all = tags
        all["mlflow.runName"] = name
        r.tags = all
        let meta = runMeta(r, user: all["mlflow.user"] ?? "")
        try publish(folder) { staging in
            for sub in ["metrics", "params", "tags", "artifacts"] {
                try FileManager.default.createDirectory(atPath: staging + "/" + sub, withIntermediateDirectories: true)
            }
            for (k, v) in all { try Self.write(staging + "/tags/" + MetricKey.sanitize(k), Data(v.utf8)) }
            try Self.write(staging + "/meta.yaml", Data(meta.utf8))
        }
        return r
    }

    public func logBatch(runID: String, params: [String: String], metrics: [MetricPoint], tags: [String: String])
        throws
    {
        let folder = try runFolder(runID)
        for (k, v) in params { try write(folder + "/params/" + MetricKey.sanitize(k), v) }
        for (k, v) in tags { try write(folder + "/tags/" + MetricKey.sanitize(k), v) }
        for (key, points) in Dictionary(grouping: metrics, by: { MetricKey.sanitize($0.key) }) {
            let file = folder + "/metrics/" + key
            var text = (try? read(file)) ?? ""
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += points.map { "\($0.timestamp) \(Self.number($0.value)) \($0.step)" }.joined(separator: "\n")
            try write(file, text + "\n")
        }
    }

    /// A metric value as MLflow's Python reader parses it (`float()`: nan and inf included).
    static func number(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return "\(v)"
    }

    public func setRunTag(runID: String, key: String, value: String) throws {
        try write(try runFolder(runID) + "/tags/" + MetricKey.sanitize(key), value)
    }

    public func logArtifact(runID: String, path: String, data: Data) throws {
        let parts = path.split(separator: "/").map(String.init)
        guard !parts.isEmpty, !parts.contains(".."), !parts.contains(".") else {
            throw TrackingError.io(path: path, reason: "an artifact path must stay inside the run's artifacts")
        }
        try Self.write(root + "/" + (try runFolder(runID)) + "/artifacts/" + parts.joined(separator: "/"), data)
    }

    public func finishRun(runID: String, status: RunStatus, endTime: Int64) throws {
        var r = try run(id: runID)
        r.status = status
        r.endTime = endTime
        try write(try runFolder(runID) + "/meta.yaml", runMeta(r, user: r.tags["mlflow.user"] ?? ""))
    }

    public func run(id: String) throws -> RunRecord {
        let folder = try runFolder(id)
        let m = try readMeta(folder + "/meta.yaml")
        let file = root + "/" + folder + "/meta.yaml"
        guard let statusText = m["status"], let code = Int(statusText), let status = RunStatus(rawValue: code) else {
            throw TrackingError.malformed(file: file, line: nil, reason: "status must be an integer from 1 to 5")
        }
        guard let start = m["start_time"].flatMap({ Int64($0) }) else {
            throw TrackingError.malformed(file: file, line: nil, reason: "start_time must be milliseconds")
        }
        var r = RunRecord(
            id: id, experimentID: m["experiment_id"] ?? String(folder.split(separator: "/")[0]),
            name: m["run_name"] ?? "", status: status, startTime: start, endTime: m["end_time"].flatMap { Int64($0) },
            artifactURI: m["artifact_uri"] ?? "")
        r.params = try values(folder + "/params")
        r.tags = try values(folder + "/tags")
        for key in list(folder + "/metrics") {
            if let last = try metricHistory(folder: folder, key: key).max(by: {
                ($0.step, $0.timestamp) < ($1.step, $1.timestamp)
            }) {
                r.metrics[key] = last.value
            }
        }
        return r
    }

    func metricHistory(folder: String, key: String) throws -> [MetricPoint] {
        let file = folder + "/metrics/" + key
        var out: [MetricPoint] = []
        for (n, line) in try read(file).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty {
            let f = line.split(separator: " ")
            guard f.count == 2 || f.count == 3, let ts = Int64(f[0]), let v = Double(f[1]) else {
                throw TrackingError.malformed(
                    file: root + "/" + file, line: n + 1, reason: "expected \"<ms> <value> <step>\", not \"\(line)\"")
            }
            out.append(MetricPoint(key: key, value: v, timestamp: ts, step: f.count == 3 ? Int64(f[2]) ?? 0 : 0))
        }
        return out
    }

    public func metricHistory(runID: String, key: String) throws -> [MetricPoint] {
        try metricHistory(folder: try runFolder(runID), key: key)
    }

    public func searchRuns(experimentIDs: [String]) throws -> [RunRecord] {
        var out: [RunRecord] = []
        for e in experimentIDs {
            for r in list(e)
            where r.count == 32 && FileManager.default.fileExists(atPath: "\(root)/\(e)/\(r)/meta.yaml") {
                let run = try run(id: r)
                out.append(run)
            }
        }
        return out.sorted { ($0.startTime, $0.id) > ($1.startTime, $1.id) }
    }

    public func listArtifacts(runID: String, path: String) throws -> [ArtifactEntry] {
        let base = try runFolder(runID) + "/artifacts" + (path.isEmpty ? "" : "/" + path)
        let fm = FileManager.default
        return list(base).map { name in
            let full = root + "/" + base + "/" + name
            var isDir: ObjCBool = false
            fm.fileExists(atPath: full, isDirectory: &isDir)
            let size = (try? fm.attributesOfItem(atPath: full)[.size] as? Int64) ?? nil
            return ArtifactEntry(
                path: path.isEmpty ? name : path + "/" + name, isDirectory: isDir.boolValue, size: size)
        }
    }

    public func artifact(runID: String, path: String) throws -> Data {
        let file = root + "/" + (try runFolder(runID)) + "/artifacts/" + path
        guard let d = FileManager.default.contents(atPath: file) else {
            throw TrackingError.malformed(file: file, line: nil, reason: "no such artifact")
        }
        return d
    }
}
