import Foundation
import RecshData
import RecshModels
import RecshShell
import RecshTracking

/// Tracks each `train` and `eval` as an MLflow run in the store `set tracking=` names. A run that
/// cannot reach a tracking server is kept in a local file store (`recsh-unsent-runs`) and sent by
/// `track sync`, so no run is lost.
final class Tracker: RunObserver {
    private var store: (any TrackingStore)?
    private var openedFor: String?
    /// The train run of each session model in the open store.
    var modelRuns: [String: String] = [:]

    /// Where runs wait when the tracking server is down; `$RECSH_UNSENT_RUNS` moves it.
    static var unsentFolder: String { ProcessInfo.processInfo.environment["RECSH_UNSENT_RUNS"] ?? "recsh-unsent-runs" }

    /// The tracker of a session (every session gets one when the lifecycle library is installed).
    static func of(_ session: Session) throws -> Tracker {
        guard let t = session.observer as? Tracker else {
            throw ShellError.failed("experiment tracking is not installed in this build of recsh")
        }
        return t
    }

    /// The open store, opening the one the setting names when it changed; nil when tracking is off.
    func store(for session: Session) throws -> (any TrackingStore)? {
        let location = session.settings.tracking
        if location == "off" { return nil }
        if openedFor == location, let store { return store }
        let s = try TrackingStores.open(location)
        store = s
        openedFor = location
        modelRuns = [:]
        return s
    }

    /// The store, or an error telling the user how to open one.
    func requireStore(_ session: Session) throws -> any TrackingStore {
        do {
            guard let s = try store(for: session) else {
                throw ShellError.failed(
                    "tracking is off: track DIR (an MLflow file store) or track http://HOST:PORT first")
            }
            return s
        } catch let e as TrackingError { throw ShellError.failed(e.description) }
    }

    func trained(_ event: TrainedEvent, session: Session) -> [OutputBlock] {
        guard session.settings.tracking != "off" else { return [] }
        let draft: RunDraft
        let scratch = Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do { draft = try trainDraft(event.model, dataset: event.dataset, session: session, scratch: scratch) } catch {
            return [.text("not tracked: the model's artifacts could not be written (\(error))", name: "note")]
        }
        return submit(draft, session: session) { self.modelRuns[event.model.name] = $0.id }
    }

    func evaluated(_ events: [EvaluatedEvent], session: Session) -> [OutputBlock] {
        guard session.settings.tracking != "off" else { return [] }
        return events.flatMap { e in submit(evalDraft(e, session: session), session: session) { _ in } }
    }

    /// Logs a draft; when the server cannot take it, keeps it in the local unsent store.
    func submit(_ draft: RunDraft, session: Session, logged: (RunRecord) -> Void) -> [OutputBlock] {
        let location = session.settings.tracking
        do {
            guard let store = try store(for: session) else { return [] }
            let run = try draft.write(to: store)
            logged(run)
            return [
                .text(
                    "tracked run ~\(run.id.prefix(8)) (\(draft.name)) in experiment \(draft.experiment)", name: "note")
            ]
        } catch let e as TrackingError {
            guard location.hasPrefix("http") else {
                return [.text("not tracked: \(e)", name: "note")]
            }
            do {
                try draft.write(to: FileStore(path: Self.unsentFolder))
                return [
                    .text(
                        "\(e)\nthe run \(draft.name) is kept in \(Self.unsentFolder) (an MLflow file store); track sync sends it when the server is back",
                        name: "note")
                ]
            } catch {
                return [.text("not tracked: \(e); and it could not be kept locally: \(error)", name: "note")]
            }
        } catch {
            return [.text("not tracked: \(error)", name: "note")]
        }
    }

    static func scratchFolder() -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("recsh-run-\(UUID().uuidString)")
    }

    // MARK: drafts

    /// Params and tags every run of this session has.
    func common(_ draft: inout RunDraft, dataset d: Dataset, session s: Session) {
        draft.params["dataset"] = d.name
        draft.params["dataset_fingerprint"] = d.fingerprint
        draft.params["dataset_ratings"] = String(d.ratings.count)
        draft.params["seed"] = String(s.settings.seed)
        draft.params["threads"] = String(s.settings.threads)
        draft.params["recsh_version"] = RecshVersion.current
        draft.tags["mlflow.source.name"] = s.sourceName ?? "recsh"
        draft.tags["mlflow.source.type"] = "LOCAL"
        draft.tags["mlflow.user"] = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
    }

    static func options(_ parameterText: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in parameterText.split(separator: " ") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { out[MetricKey.sanitize(String(kv[0]))] = String(kv[1]) }
        }
        return out
    }

    func trainDraft(_ m: TrainedModel, dataset d: Dataset, session s: Session, scratch: String) throws -> RunDraft {
        let now = Clock.nowMillis()
        var draft = RunDraft(
            experiment: d.name, name: m.name, startTime: now - Int64(m.fitSeconds * 1000), endTime: now)
        common(&draft, dataset: d, session: s)
        draft.params.merge(Self.options(m.parameterText)) { a, _ in a }
        draft.params["family"] = m.family.rawValue
        draft.params["protocol"] = "none (fitted on every rating)"
        draft.tags["recsh.kind"] = "train"
        draft.tags["recsh.parameters"] = m.parameterText
        draft.tags["recsh.model"] = m.name
        draft.tags["recsh.family"] = m.family.rawValue
        draft.metrics = [MetricPoint(key: "fit_seconds", value: m.fitSeconds, timestamp: now)]
        let folder = (scratch as NSString).appendingPathComponent("model")
        _ = try s.writeArtifacts(of: [m], into: folder)
        draft.folders = [("model", folder)]
        return draft
    }

    func evalDraft(_ e: EvaluatedEvent, session s: Session) -> RunDraft {
        let now = Clock.nowMillis()
        let fit = e.metrics.first { $0.0 == "fit_seconds" }?.1 ?? 0
        var draft = RunDraft(
            experiment: e.dataset.name, name: "eval \(e.model)", startTime: now - Int64(fit * 1000), endTime: now)
        common(&draft, dataset: e.dataset, session: s)
        draft.params.merge(Self.options(e.parameterText)) { a, _ in a }
        draft.params["family"] = e.family.rawValue
        draft.params["protocol"] = e.protocolName
        draft.params["eval_run"] = e.run
        for (k, v) in e.splitCounts { draft.params[k] = String(v) }
        draft.tags["recsh.kind"] = "eval"
        draft.tags["recsh.model"] = e.model
        draft.tags["recsh.family"] = e.family.rawValue
        draft.tags["recsh.evaluated_on"] = "\(e.protocolName) \(e.run)"
        if let run = modelRuns[e.model] { draft.tags["recsh.train_run"] = run }
        draft.metrics = e.metrics.map { MetricPoint(key: MetricKey.from($0.0), value: $0.1, timestamp: now) }
        draft.files = [("eval.csv", Data(e.tableCSV.utf8))]
        return draft
    }
}
