import Foundation

/// Everything one run logs, gathered first and then written in one go, so the same run can go
/// to a server or, when the server is down, to a local file store and be sent later.
public struct RunDraft: Sendable {
    public var experiment: String
    public var name: String
    public var startTime: Int64
    public var endTime: Int64
    public var status: RunStatus = .finished
    public var params: [String: String] = [:]
    public var metrics: [MetricPoint] = []
    public var tags: [String: String] = [:]
    /// Files under the run's artifacts: (path inside artifacts, bytes).
    public var files: [(path: String, data: Data)] = []
    /// Local folders copied under the run's artifacts: (path inside artifacts, folder).
    public var folders: [(path: String, folder: String)] = []

    public init(experiment: String, name: String, startTime: Int64, endTime: Int64) {
        self.experiment = experiment
        self.name = name
        self.startTime = startTime
        self.endTime = endTime
    }

    /// Logs the run and returns it as the store has it.
    @discardableResult
    public func write(to store: any TrackingStore) throws -> RunRecord {
        let experimentID = try store.experimentID(named: experiment)
        let run = try store.createRun(experimentID: experimentID, name: name, startTime: startTime, tags: tags)
        do {
            try store.logBatch(runID: run.id, params: params, metrics: metrics, tags: [:])
            for f in files { try store.logArtifact(runID: run.id, path: f.path, data: f.data) }
            for f in folders { try store.logArtifacts(runID: run.id, folder: f.folder, as: f.path) }
            try store.finishRun(runID: run.id, status: status, endTime: endTime)
        } catch {
            // a run that could not be completed says so, rather than staying RUNNING for ever
            try? store.finishRun(runID: run.id, status: .failed, endTime: Clock.nowMillis())
            throw error
        }
        return try store.run(id: run.id)
    }

    /// Reads a finished run back from a store (to send it on to another).
    public static func read(_ run: RunRecord, experiment: String, from store: any TrackingStore, into scratch: String)
        throws -> RunDraft
    {
        var d = RunDraft(
            experiment: experiment, name: run.name, startTime: run.startTime, endTime: run.endTime ?? run.startTime)
        d.status = run.status
        d.params = run.params
        d.tags = run.tags
        for key in run.metrics.keys.sorted() { d.metrics += try store.metricHistory(runID: run.id, key: key) }
        for e in try store.listArtifacts(runID: run.id, path: "") {
            if e.isDirectory {
                let local = (scratch as NSString).appendingPathComponent(e.path)
                try store.downloadArtifacts(runID: run.id, path: e.path, to: local)
                d.folders.append((e.path, local))
            } else {
                d.files.append((e.path, try store.artifact(runID: run.id, path: e.path)))
            }
        }
        return d
    }
}
