import Foundation
import RecshShell
import RecshTracking

/// `register MODEL|RUN as NAME`: a new version of a registered model, stage None.
struct RegisterCommand: ShellCommand {
    let spec = CommandSpec(
        name: "register", group: .evaluation,
        summary: "register a trained model (or a tracked train run) as a new version of a named model",
        usage: "register MODEL|RUN as NAME", arguments: 3...3,
        examples: ["register als as recsh-ml100k", "register 3f2a9c1d as recsh-ml100k"],
        details: """
            MODEL is a model of this session: its train run is logged now if it was trained before tracking was on. RUN is a \
            tracked train run (id or name). The version starts in stage None; promote moves it.
            """,
        completes: .modelNames)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let words = call.positionals.compactMap(\.text)
        guard words.count == 3, words[1] == "as", !words[2].isEmpty else {
            throw call.usageError(spec, what: "MODEL as NAME")
        }
        let tracker = try Tracker.of(s)
        let store = try tracker.requireStore(s)
        let (runID, notes) = try trainRun(words[0], session: s, tracker: tracker, store: store)
        let name = words[2]
        let v = try Lifecycle.wrap { try store.createModelVersion(name: name, runID: runID, artifactPath: "model") }
        let run = try Lifecycle.wrap { try store.run(id: runID) }
        for (k, value) in [
            ("recsh.model", run.tags["recsh.model"] ?? run.name), ("recsh.family", run.params["family"] ?? ""),
            ("recsh.dataset", run.params["dataset"] ?? ""),
            ("recsh.dataset_fingerprint", run.params["dataset_fingerprint"] ?? ""),
        ] {
            try Lifecycle.wrap { try store.setModelVersionTag(name: name, version: v.version, key: k, value: value) }
        }
        return notes + [
            .text(
                "Registered \(name) version \(v.version) (\(run.name), \(run.params["family"] ?? "?"), run ~\(runID.prefix(8))), stage None"
            )
        ]
    }

    /// The train run behind MODEL or RUN, logging one for a session model tracked before.
    func trainRun(_ word: String, session s: Session, tracker: Tracker, store: any TrackingStore) throws -> (
        String, [OutputBlock]
    ) {
        if let model = s.model(named: word) {
            if let id = tracker.modelRuns[word] { return (id, []) }
            guard let d = try? s.dataset(named: model.datasetName) else {
                throw ShellError.failed("\(word) was trained on \(model.datasetName), which is no longer loaded")
            }
            let scratch = Tracker.scratchFolder()
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let draft = try tracker.trainDraft(model, dataset: d, session: s, scratch: scratch)
            let run = try Lifecycle.wrap { try draft.write(to: store) }
            tracker.modelRuns[word] = run.id
            // evaluations of this model in the store, made before its train run existed, now point at it
            for r in try Lifecycle.allRuns(store)
            where r.tags["recsh.kind"] == "eval" && r.tags["recsh.model"] == word && r.tags["recsh.train_run"] == nil
                && r.params["dataset_fingerprint"] == d.fingerprint
            {
                try Lifecycle.wrap { try store.setRunTag(runID: r.id, key: "recsh.train_run", value: run.id) }
            }
            return (run.id, [.text("tracked run ~\(run.id.prefix(8)) (\(word)): its train run", name: "note")])
        }
        let run = try Lifecycle.find(word, in: try Lifecycle.allRuns(store))
        guard run.tags["recsh.kind"] == "train" else {
            throw ShellError.failed(
                "run \(word) is \(run.tags["recsh.kind"].map { "an \($0) run" } ?? "not a recsh run"): register a train run, which holds the model"
            )
        }
        return (run.id, [])
    }
}
