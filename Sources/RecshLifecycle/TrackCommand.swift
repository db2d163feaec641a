import Foundation
import RecshShell
import RecshTracking

/// `track DIR|URL`, `track off`, `track status`, `track sync`: where train and eval are tracked.
struct TrackCommand: ShellCommand {
    let spec = CommandSpec(
        name: "track", group: .evaluation,
        summary: "track each train and eval as an MLflow run: a file store folder or an mlflow server",
        usage: "track DIR | track http://HOST:PORT | track scratch | track off | track status | track sync",
        arguments: 1...1,
        examples: [
            "track mlruns", "track http://127.0.0.1:5000", "track scratch", "track status", "track sync", "track off",
        ],
        details: """
            A folder becomes an MLflow file store (MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri file:///ABS/DIR \
            opens it); a URL speaks MLflow's REST API to mlflow server. Each train logs a run (params, fit seconds, the model's \
            export folder as the artifact model/), each eval a run per model (params with the split's protocol and counts, \
            every figure, eval.csv), in an experiment named after the dataset. When the server is down, runs are kept in \
            recsh-unsent-runs ($RECSH_UNSENT_RUNS) and track sync sends them. track scratch starts a new store in a temporary folder. Same as set tracking=...; $RECSH_TRACKING sets it at start.
            """,
        completes: .files)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let tracker = try Tracker.of(s)
        guard let word = call.positionals[0].text, !word.isEmpty else {
            throw ShellError.failed("track needs a folder or URL")
        }
        switch word {
        case "off":
            s.settings.tracking = "off"
            return [.text("Tracking is off")]
        case "status":
            guard s.settings.tracking != "off" else { return [.text("Tracking is off (track DIR turns it on)")] }
            let store = try tracker.requireStore(s)
            var fields: [(key: String, value: Cell)] = [
                ("tracking", .text(Lifecycle.shown(store))),
                ("kind", .text(store is FileStore ? "MLflow file store" : "MLflow tracking server")),
            ]
            // a server that fails must not hide what is kept locally for track sync
            do {
                let experiments = try store.experiments()
                let runs = try store.searchRuns(experimentIDs: experiments.map(\.id))
                let models = try store.registeredModels()
                fields += [
                    ("experiments", .text(experiments.map(\.name).joined(separator: ", "))),
                    ("runs", .int(runs.count)), ("registered models", .text(models.joined(separator: ", "))),
                ]
            } catch let e as TrackingError {
                fields.append(("store", .text("not answering: \(e.description)")))
            }
            fields.append(("unsent runs", .int(Self.unsentCount())))
            return [.record(fields, name: "tracking")]
        case "sync":
            return try sync(s, tracker)
        case "scratch":
            // a new store in a new temporary folder: demos and transcripts start from nothing
            let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent(
                "recsh-store-\(UUID().uuidString.prefix(8))")
            s.settings.tracking = folder
            _ = try tracker.requireStore(s)
            return [.text("Tracking train and eval runs in a new MLflow file store ~\(folder)")]
        default:
            let previous = s.settings.tracking
            s.settings.tracking = word
            do { _ = try tracker.requireStore(s) } catch {
                s.settings.tracking = previous
                throw error
            }
            let kind = word.hasPrefix("http") ? "the MLflow tracking server" : "the MLflow file store"
            return [.text("Tracking train and eval runs in \(kind) \(word)")]
        }
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TrackingError { throw ShellError.failed(e.description) }
    }

    static func unsentCount() -> Int {
        guard FileManager.default.fileExists(atPath: Tracker.unsentFolder),
            let local = try? FileStore(path: Tracker.unsentFolder),
            let ids = try? local.experiments().map(\.id)
        else { return 0 }
        return (try? local.searchRuns(experimentIDs: ids).count) ?? 0
    }

    /// Sends the runs kept while the server was down, oldest first, and removes each one sent.
    func sync(_ s: Session, _ tracker: Tracker) throws -> [OutputBlock] {
        let store = try tracker.requireStore(s)
        guard FileManager.default.fileExists(atPath: Tracker.unsentFolder) else { return [.text("No unsent runs")] }
        if store is FileStore,
            (store as! FileStore).root == URL(fileURLWithPath: Tracker.unsentFolder).standardizedFileURL.path
        {
            throw ShellError.failed("the unsent runs are the store being tracked; track the server first")
        }
        let local = try wrap { try FileStore(path: Tracker.unsentFolder) }
        var sent = 0
        for (id, name) in try wrap({ try local.experiments() }) {
            for run in try wrap({ try local.searchRuns(experimentIDs: [id]) }).reversed() {
                let scratch = Tracker.scratchFolder()
                defer { try? FileManager.default.removeItem(atPath: scratch) }
                try wrap {
                    let draft = try RunDraft.read(run, experiment: name, from: local, into: scratch)
                    try draft.write(to: store)
                }
                try? FileManager.default.removeItem(atPath: local.root + "/" + id + "/" + run.id)
                sent += 1
            }
        }
        return [.text("Sent \(sent) run\(sent == 1 ? "" : "s") to \(store.location)")]
    }
}
