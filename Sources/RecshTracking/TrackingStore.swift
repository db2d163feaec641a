import Foundation

/// Where experiments, runs and the model registry live: an MLflow file store on disk or an
/// MLflow tracking server over REST. Both speak MLflow's data model, so the real MLflow reads
/// what recsh writes.
public protocol TrackingStore: Sendable {
    /// The folder or URL, as the user gave it.
    var location: String { get }

    /// The id of the experiment named `name`, created when it does not exist.
    func experimentID(named name: String) throws -> String
    /// Every active experiment: (id, name).
    func experiments() throws -> [(id: String, name: String)]

    func createRun(experimentID: String, name: String, startTime: Int64, tags: [String: String]) throws -> RunRecord
    func logBatch(runID: String, params: [String: String], metrics: [MetricPoint], tags: [String: String]) throws
    /// Writes one file under the run's artifacts (`path` is relative, with `/`).
    func logArtifact(runID: String, path: String, data: Data) throws
    func finishRun(runID: String, status: RunStatus, endTime: Int64) throws
    func setRunTag(runID: String, key: String, value: String) throws

    func run(id: String) throws -> RunRecord
    /// Every run of the experiments, newest first.
    func searchRuns(experimentIDs: [String]) throws -> [RunRecord]
    func metricHistory(runID: String, key: String) throws -> [MetricPoint]
    func listArtifacts(runID: String, path: String) throws -> [ArtifactEntry]
    func artifact(runID: String, path: String) throws -> Data

    /// Creates version N+1 of `name` (and the registered model when it is new), stage None.
    func createModelVersion(name: String, runID: String, artifactPath: String) throws -> ModelVersion
    func modelVersion(name: String, version: Int) throws -> ModelVersion
    func modelVersions(name: String) throws -> [ModelVersion]
    func registeredModels() throws -> [String]
    func setStage(name: String, version: Int, stage: Stage) throws
    func setModelVersionTag(name: String, version: Int, key: String, value: String) throws
    func setAlias(name: String, alias: String, version: Int) throws
    func deleteAlias(name: String, alias: String) throws
    /// The version an alias points at, or nil.
    func aliasVersion(name: String, alias: String) throws -> Int?
}

extension TrackingStore {
    /// Downloads every file under `path` of the run's artifacts into `folder` (created).
    public func downloadArtifacts(runID: String, path: String, to folder: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for e in try listArtifacts(runID: runID, path: path) {
            let name = String(e.path.split(separator: "/").last ?? "")
            let local = (folder as NSString).appendingPathComponent(name)
            if e.isDirectory {
                try downloadArtifacts(runID: runID, path: e.path, to: local)
            } else {
                try artifact(runID: runID, path: e.path).write(to: URL(fileURLWithPath: local), options: .atomic)
            }
        }
    }

    /// Uploads every regular file of a local folder under `path` of the run's artifacts.
    public func logArtifacts(runID: String, folder: String, as path: String) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: folder).sorted() {
            let local = (folder as NSString).appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: local, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                try logArtifacts(runID: runID, folder: local, as: path + "/" + name)
            } else {
                try logArtifact(
                    runID: runID, path: path + "/" + name, data: Data(contentsOf: URL(fileURLWithPath: local)))
            }
        }
    }
}

/// Opens the store a `track` argument names: an `http(s)://` URL is a tracking server,
/// anything else a file store folder.
public enum TrackingStores {
    /// Tags of each experiment recsh creates: MLflow 3's UI opens a "custom model development"
    /// experiment on its runs and models, not on the GenAI traces page.
    public static let experimentTags = ["mlflow.experimentKind": "custom_model_development"]

    public static func open(_ location: String) throws -> any TrackingStore {
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            return try RESTStore(url: location)
        }
        let path = location.hasPrefix("file://") ? String(location.dropFirst("file://".count)) : location
        return try FileStore(path: path, shownAs: location)
    }
}
