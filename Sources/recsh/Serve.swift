import ArgumentParser
import Foundation
import RecshServer
import RecshShell

/// `recsh serve --artifacts DIR`: the deploy path, serving an exported folder with no session.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve an artifact folder written by export over HTTP (no session, no training code).",
        discussion: "Stops gracefully on SIGTERM or SIGINT, finishing requests in flight.")

    @Option(help: "The artifact folder written by `export`.")
    var artifacts: String

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
    }

    func run() throws {
        let started = Date()
        do {
            let snapshot = try ServingSnapshot.fromArtifacts(artifacts)
            let state = try ServerState(snapshot: snapshot, logPath: log, cacheMegabytes: cacheMegabytes)
            let server = try ServerHost.start(
                state: state, address: ServerAddress(host: host, port: port), stopOnSignals: true)
            print(
                "Serving \(snapshot.datasetName) from \(artifacts) (\(snapshot.models.map(\.name).joined(separator: ", "))) on http://\(host):\(server.address.port) · ready in \(String(format: "%.2f", Date().timeIntervalSince(started)))s"
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
