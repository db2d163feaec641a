import Foundation
import RecshServer
import RecshShell
import RecshTracking

/// Installs the lifecycle commands and the run tracker into every session the executable makes.
public enum LifecycleCommands {
    public static func install() {
        CommandRegistry.install([
            TrackCommand(), RunsCommand(), RegisterCommand(), PromoteCommand(), RegistryCommand(), RetrainCommand(),
            HoldoutCommand(), ReplayCommand(), SimulateCommand(),
        ])
        RunObservers.install { Tracker() }
    }
}

/// Small helpers the lifecycle commands share.
enum Lifecycle {
    /// Tracking errors become shell errors, whose words the shell prints.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TrackingError { throw ShellError.failed(e.description) } catch let e
            as PromotionRule.Refusal
        { throw ShellError.failed("promotion refused: \(e)") }
    }

    /// A store's location as output shows it: one in the temporary folder (track scratch) is
    /// marked as varying, so transcripts do not depend on it.
    static func shown(_ store: any TrackingStore) -> String {
        let temp = NSTemporaryDirectory()
        return store.location.hasPrefix(temp) || store.location.hasPrefix("/tmp/")
            ? "~" + store.location : store.location
    }

    /// A run by id, id prefix (6 characters or more) or name (the newest of that name).
    static func find(_ word: String, in runs: [RunRecord]) throws -> RunRecord {
        if let r = runs.first(where: { $0.id == word }) { return r }
        if word.count >= 6, word.allSatisfy(\.isHexDigit) {
            let hits = runs.filter { $0.id.hasPrefix(word.lowercased()) }
            if hits.count == 1 { return hits[0] }
            if hits.count > 1 { throw ShellError.failed("\(word) matches \(hits.count) runs; give more of the id") }
        }
        if let r = runs.first(where: { $0.name == word }) { return r }
        throw ShellError.failed(
            "no run '\(word)' in the store"
                + (Suggestions.closest(to: word, among: Array(Set(runs.map(\.name)))).first.map {
                    "; did you mean \($0)?"
                }
                    ?? "; runs lists them"))
    }

    /// Every run of the store.
    static func allRuns(_ store: any TrackingStore) throws -> [RunRecord] {
        try wrap { try store.searchRuns(experimentIDs: try store.experiments().map(\.id)) }
    }

    /// A registered model's version number from text.
    static func version(_ v: Value?, name: String) throws -> Int {
        guard let n = v?.integer, n >= 1 else {
            throw ShellError.badValue(
                name: "version", value: v?.description ?? "", expected: "a version number of \(name)")
        }
        return n
    }

    /// The local folder of a version's model artifacts: the file store's own folder, or a
    /// download of the server's artifacts.
    static func modelFolder(_ v: ModelVersion, store: any TrackingStore) throws -> String {
        if v.source.hasPrefix("file://"), let url = URL(string: v.source),
            FileManager.default.fileExists(atPath: url.path + "/manifest.json")
        {
            return url.path
        }
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "recsh-registry-\(ProcessInfo.processInfo.processIdentifier)/\(v.name)-\(v.version)")
        try? FileManager.default.removeItem(atPath: folder)
        try wrap { try store.downloadArtifacts(runID: v.runID, path: "model", to: folder) }
        return folder
    }

    /// Publishes the Production version to this session's server, when it is serving.
    static func reloadServer(_ session: Session, store: any TrackingStore, version v: ModelVersion) -> [OutputBlock] {
        guard let host = ServeCommand.host(of: session) else { return [] }
        do {
            let folder = try modelFolder(v, store: store)
            let snapshot = try Session.snapshot(
                fromArtifacts: folder, version: v.version, source: "models:/\(v.name)/\(v.version)")
            host.state.publish(snapshot)
            return [.text("The server now answers with \(v.name) version \(v.version)", name: "note")]
        } catch {
            return [.text("the server keeps its model: \(error)", name: "note")]
        }
    }
}
