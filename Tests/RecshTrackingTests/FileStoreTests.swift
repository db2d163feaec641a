import Foundation
import Testing

@testable import RecshTracking

func scratch() -> String {
    let p = (NSTemporaryDirectory() as NSString).appendingPathComponent("recsh-tracking-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
    return p
}

func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>" }

@Suite("MLflow file store: the format MLflow 3 reads")
struct FileStoreTests {
    /// A store with one finished run, one metric at two steps, a param, a tag and an artifact.
    func sample() throws -> (FileStore, RunRecord) {
        let store = try FileStore(path: scratch() + "/mlruns")
        var d = RunDraft(experiment: "ml-100k", name: "als", startTime: 1_000, endTime: 2_000)
        d.params = ["factors": "64"]
        d.tags = ["recsh.kind": "train"]
        d.metrics = [
            MetricPoint(key: MetricKey.from("NDCG@10"), value: 0.25, timestamp: 1_500, step: 0),
            MetricPoint(key: "ndcg_at_10", value: 0.5, timestamp: 1_600, step: 1),
            MetricPoint(key: "hit@5", value: 1, timestamp: 1_600, step: 0),
        ]
        d.files = [("eval.csv", Data("a,b\n".utf8))]
        return (store, try d.write(to: store))
    }

    @Test(
        "runs have metrics/, params/ and artifacts/, an integer status, a file:/// artifact URI, no trailing newlines")
    func layout() throws {
        let (store, run) = try sample()
        let folder = store.root + "/\(run.experimentID)/\(run.id)"
        for sub in ["metrics", "params", "artifacts", "tags"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + sub))
        }
        let meta = text(folder + "/meta.yaml")
        #expect(meta.contains("status: 3\n"))
        #expect(meta.contains("artifact_uri: \"file:///"))
        #expect(text(folder + "/params/factors") == "64")
        // ndcg@10 would break the experiment's search in MLflow: the key is rewritten
        #expect(text(folder + "/metrics/ndcg_at_10") == "1500 0.25 0\n1600 0.5 1\n")
        #expect(try store.run(id: run.id).metrics["ndcg_at_10"] == 0.5)
        #expect(text(folder + "/metrics/hit_5") == "1600 1.0 0\n")
        #expect(try store.metricHistory(runID: run.id, key: "ndcg_at_10").count == 2)
        #expect(text(store.root + "/0/meta.yaml").contains("name: \"Default\""))
    }

    @Test("model versions: integer version, a stage MLflow knows, aliases as files")
    func registry() throws {
        let (store, run) = try sample()
        let v = try store.createModelVersion(name: "watchnext", runID: run.id, artifactPath: "model")
        #expect(v.version == 1)
        let meta = text(store.root + "/models/watchnext/version-1/meta.yaml")
        #expect(meta.contains("version: 1\n"))
        #expect(meta.contains("current_stage: \"None\""))
        #expect(!meta.contains("model_id"))
        try store.setAlias(name: "watchnext", alias: "production", version: 1)
        try store.setStage(name: "watchnext", version: 1, stage: .production)
        #expect(text(store.root + "/models/watchnext/aliases/production") == "1")
        #expect(try store.modelVersion(name: "watchnext", version: 1).stage == .production)
        #expect(try store.aliasVersion(name: "watchnext", alias: "staging") == nil)
        #expect(throws: TrackingError.unknownVersion(name: "watchnext", version: 9)) {
            try store.modelVersion(name: "watchnext", version: 9)
        }
    }

    @Test("strings are quoted and control characters escaped: a hostile run name reads back the same")
    func quoting() throws {
        let store = try FileStore(path: scratch() + "/s")
        let name = "a \"b\": c\n- d\t\u{1}#e"
        let run = try RunDraft(experiment: "x: y", name: name, startTime: 1, endTime: 2).write(to: store)
        #expect(try store.run(id: run.id).name == name)
        #expect(try store.experiments().map(\.name).contains("x: y"))
    }

    @Test("a folder that is not an MLflow store is refused and left as it is")
    func notAStore() throws {
        let dir = scratch()
        try "mine".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: TrackingError.self) { try FileStore(path: dir) }
        do { _ = try FileStore(path: dir) } catch { #expect("\(error)".contains("notes.txt")) }
        #expect(text(dir + "/notes.txt") == "mine")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["notes.txt"])
    }

    @Test("a half-written experiment or a malformed metric line is named by file and line")
    func malformed() throws {
        let (store, run) = try sample()
        let metric = store.root + "/\(run.experimentID)/\(run.id)/metrics/ndcg_at_10"
        try "1500 0.25 0\nhalf".write(toFile: metric, atomically: true, encoding: .utf8)
        do {
            _ = try store.run(id: run.id)
            Issue.record("a malformed metric line was read")
        } catch { #expect("\(error)".contains("ndcg_at_10:2")) }
        try "name: \"x\"\nexperiment_id: [\n".write(
            toFile: store.root + "/\(run.experimentID)/meta.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try FileStore(path: store.root)
            Issue.record("a broken meta.yaml was read")
        } catch {
            #expect("\(error)".contains("\(run.experimentID)/meta.yaml:"))
        }
    }

    @Test("two writers on one store: one experiment per name, distinct version numbers")
    func concurrentWriters() async throws {
        let root = scratch() + "/shared"
        let seed = try FileStore(path: root)
        let run = try RunDraft(experiment: "e", name: "r", startTime: 1, endTime: 2).write(to: seed)
        let versions = try await withThrowingTaskGroup(of: [Int].self) { group in
            for w in 0..<4 {
                group.addTask {
                    let store = try FileStore(path: root)  // a store of its own, as a second session has
                    var mine: [Int] = []
                    for i in 0..<5 {
                        _ = try RunDraft(experiment: "shared-\(i)", name: "w\(w)", startTime: 1, endTime: 2).write(
                            to: store)
                        mine.append(
                            try store.createModelVersion(name: "m", runID: run.id, artifactPath: "model").version)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(versions.sorted() == Array(1...20))
        let names = try seed.experiments().map(\.name)
        #expect(names.count == Set(names).count)
        #expect(try seed.searchRuns(experimentIDs: try seed.experiments().map(\.id)).count == 21)
    }

    @Test("metric keys MLflow accepts")
    func keys() {
        #expect(MetricKey.from("NDCG@10") == "ndcg_at_10")
        #expect(MetricKey.from("P@5") == "precision_at_5")
        #expect(MetricKey.from("HR@20") == "hit_rate_at_20")
        #expect(MetricKey.from("coverage@100") == "coverage_at_100")
        #expect(MetricKey.from("MRR") == "mrr")
        #expect(MetricKey.sanitize("a/b c:d-e.f_g") == "a/b c:d-e.f_g")
        #expect(MetricKey.sanitize("ñ@#") == "___")
    }
}
