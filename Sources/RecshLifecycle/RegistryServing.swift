import Foundation
import RecshServer
import RecshShell
import RecshTracking

/// The Production version of a registered model, as the server answers from it.
public enum RegistryServing {
    /// Opens the store and builds a snapshot of NAME's Production version, numbered by its
    /// registry version, so `/health` reports it.
    public static func production(location: String, name: String) throws -> ServingSnapshot {
        let store = try Lifecycle.wrap { try TrackingStores.open(location) }
        guard let n = try Lifecycle.wrap({ try store.aliasVersion(name: name, alias: "production") }) else {
            throw ShellError.failed("\(name) has no Production version in \(location): promote one first")
        }
        return try snapshot(store: store, name: name, version: n)
    }

    static func snapshot(store: any TrackingStore, name: String, version n: Int) throws -> ServingSnapshot {
        let v = try Lifecycle.wrap { try store.modelVersion(name: name, version: n) }
        return try Session.snapshot(
            fromArtifacts: try Lifecycle.modelFolder(v, store: store), version: n, source: "models:/\(name)/\(n)")
    }

    /// Publishes each new Production version to `state` until `isRunning` turns false; checks
    /// the alias every `interval` seconds. A store that cannot be read keeps the current model.
    public static func follow(
        location: String, name: String, state: ServerState, interval: TimeInterval = 5,
        isRunning: @escaping @Sendable () -> Bool, announce: @escaping @Sendable (String) -> Void
    ) {
        let thread = Thread {
            while isRunning() {
                Thread.sleep(forTimeInterval: interval)
                guard let store = try? TrackingStores.open(location),
                    let n = try? store.aliasVersion(name: name, alias: "production"), n != state.snapshot.version,
                    let s = try? snapshot(store: store, name: name, version: n)
                else { continue }
                state.publish(s)
                announce("Production is now \(name) version \(n): reloaded")
            }
        }
        thread.start()
    }
}
