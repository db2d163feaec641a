import ArgumentParser
import Foundation
import RecshLifecycle
import RecshServer
import RecshShell

/// `recsh serve --artifacts DIR` or `--registry DIR|URL --model NAME`: the deploy path, with no session.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve an artifact folder written by export, or a registered model's Production version, over HTTP.",
        discussion:
            "With --registry the server follows promotions: a new Production version is loaded within seconds. Stops gracefully on SIGTERM or SIGINT, finishing requests in flight."
    )

    @Option(help: "The artifact folder written by `export`.")
    var artifacts: String?

    @Option(help: "An MLflow file store folder or tracking server URL that recsh registered models in.")
    var registry: String?

    @Option(help: "The registered model whose Production version is served (with --registry).")
    var model: String?

    @Option(help: "The TCP port (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The SQLite request log and feedback store.")
    var log: String = ServeCommand.defaultLogPath

    @Option(
        name: .customLong("cache-mb"),
        help: "Megabytes of encoded answers kept per model version (0 computes every answer).")
    var cacheMegabytes: Int = ServerState.defaultCacheMegabytes

    func validate() throws {
        guard cacheMegabytes >= 0 else { throw ValidationError("--cache-mb must be 0 or more, not \(cacheMegabytes)") }
        guard (artifacts == nil) != (registry == nil) else {
            throw ValidationError("give either --artifacts DIR or --registry DIR|URL --model NAME")
        }
        if registry != nil && model == nil { throw ValidationError("--registry needs --model NAME") }
    }

    func run() throws {
        let started = Date()
        do {
            let snapshot =
                if let registry, let model {
                    try RegistryServing.production(location: registry, name: model)
                } else { try ServingSnapshot.fromArtifacts(artifacts!) }
            let state = try ServerState(snapshot: snapshot, logPath: log, cacheMegabytes: cacheMegabytes)
            let server = try ServerHost.start(
                state: state, address: ServerAddress(host: host, port: port), stopOnSignals: true)
            if let registry, let model {
                RegistryServing.follow(
                    location: registry, name: model, state: state, isRunning: { server.isRunning },
                    announce: {
                        print($0)
                        fflush(nil)
                    })
            }
            print(
                "Serving \(snapshot.datasetName) from \(snapshot.source) (\(snapshot.models.map(\.name).joined(separator: ", "))) on http://\(host):\(server.address.port) · ready in \(String(format: "%.2f", Date().timeIntervalSince(started)))s"
            )
            fflush(nil)  // every output stream: `stdout` itself is a C global Swift 6 will not touch
            server.waitUntilStopped()
            print("Stopped after \(state.metrics.served) requests")
        } catch {
            FileHandle.standardError.write(Data("recsh serve: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
