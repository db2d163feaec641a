import Foundation
import Hummingbird
import Logging
import RecshShell
import ServiceLifecycle
import Synchronization
import UnixSignals

/// A running server: the application and the request-log writer in one `ServiceGroup`, run on
/// a detached task so the caller (the shell's prompt, which blocks its thread) stays free.
public final class ServerHost: Sendable {
    public let state: ServerState
    /// The address it listens on, with the port the system gave when 0 was asked.
    public var address: ServerAddress { bound.value }
    private let bound: LockedBox<ServerAddress>
    private let group: ServiceGroup
    private let finished = DispatchSemaphore(value: 0)
    /// Set once when the run ends: whether it has, and the error it ended with.
    private let outcome = Mutex<(ended: Bool, failure: (any Error)?)>((false, nil))

    private init(state: ServerState, address: ServerAddress, group: ServiceGroup) {
        self.state = state
        self.bound = LockedBox(address)
        self.group = group
    }

    /// Starts serving and returns once the port is bound; throws with the reason when it cannot be.
    /// With `stopOnSignals`, SIGTERM and SIGINT stop it gracefully (`recsh serve`); inside the
    /// shell they are not used, Ctrl-C cancels commands there.
    /// The wait is for a condition (the port bound, or the run ended), bounded by `readyTimeout`,
    /// well above the worst start seen on a loaded machine; when it expires the message says which
    /// phase the start was still in.
    public static func start(
        state: ServerState, address: ServerAddress, stopOnSignals: Bool = false,
        readyTimeout: Double = 600
    ) throws -> ServerHost {
        let signals: [UnixSignal] = stopOnSignals ? [.sigterm, .sigint] : []
        let ready = DispatchSemaphore(value: 0)
        let boundPort = LockedBox(0)
        let phase = LockedBox("waiting for one of the server's threads")
        let app = buildApplication(state: state, address: address) { port in
            boundPort.value = port
            ready.signal()
        }
        var logger = Logger(label: "recsh.serve")
        logger.logLevel = .error
        // services stop in reverse order: the application finishes its requests, then the log is flushed
        let group = ServiceGroup(
            configuration: .init(
                services: [LogFlusher(store: state.store), app], gracefulShutdownSignals: signals, logger: logger))
        let starting = ServerHost(state: state, address: address, group: group)
        // the server's tasks, and the connection tasks they start, prefer threads of their own
        Task.detached(executorPreference: ServerExecutor.shared) {
            phase.value = "binding \(address.host):\(address.port) and starting the HTTP server"
            do { try await group.run() } catch {
                starting.finish(error)
                ready.signal()
                return
            }
            starting.finish(nil)
            ready.signal()
        }
        guard ready.wait(timeout: .now() + readyTimeout) == .success else {
            throw ShellError.failed("the server did not start within \(Int(readyTimeout)) s; it was \(phase.value)")
        }
        if let e = starting.endedWith {
            throw ShellError.failed("cannot serve on \(address.host):\(address.port): \(Self.explain(e))")
        }
        starting.bound.value.port = boundPort.value
        return starting
    }

    private func finish(_ error: Error?) {
        outcome.withLock { $0 = (true, error) }
        finished.signal()
    }

    /// The error the run ended with, if it ended.
    private var endedWith: Error? {
        outcome.withLock { o in o.ended ? (o.failure ?? ShellError.failed("the server stopped")) : nil }
    }

    public var isRunning: Bool { outcome.withLock { !$0.ended } }

    /// Stops accepting connections, finishes the requests in flight, writes the log; returns when done.
    public func stop() {
        guard isRunning else { return }
        let group = self.group
        Task.detached { await group.triggerGracefulShutdown() }
        waitUntilStopped()
    }

    /// Asks the server to stop gracefully and returns at once.
    public func requestStop() {
        let group = self.group
        Task.detached { await group.triggerGracefulShutdown() }
    }

    /// Blocks until the server has stopped (by `stop()` or a signal).
    public func waitUntilStopped() {
        finished.wait()
        finished.signal()
        state.store.flush()
    }

    static func explain(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("errno: 98") {
            return "the port is already in use (serve port=N picks another, port=0 a free one)"
        }
        return text
    }
}

/// Writes the buffered request log every 200 ms, and once more at shutdown.
struct LogFlusher: Service {
    let store: RequestStore
    /// SQLite writes block; on their own thread they never hold up a thread that answers requests.
    private static let queue = DispatchQueue(label: "recsh.request-log")

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 200_000_000)
            await flush()
        }
        await flush()
    }

    private func flush() async {
        let store = self.store
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Self.queue.async {
                store.flush()
                done.resume()
            }
        }
    }
}

/// A value shared between the run task and the starter.
final class LockedBox<T: Sendable>: Sendable {
    private let stored: Mutex<T>
    init(_ v: T) { stored = Mutex(v) }
    var value: T {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
