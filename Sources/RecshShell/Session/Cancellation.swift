import Synchronization

/// A flag set by Ctrl-C and polled by long-running commands. The SIGINT handler may take no
/// locks; a lock-free atomic store is async-signal-safe.
public final class Cancellation: Sendable {
    private let flag = Atomic<Int>(0)

    public init() {}

    public var isRequested: Bool { flag.load(ordering: .relaxed) != 0 }
    public func request() { flag.store(1, ordering: .relaxed) }
    public func reset() { flag.store(0, ordering: .relaxed) }

    /// Throws `ShellError.cancelled` once Ctrl-C was pressed.
    public func check() throws {
        if isRequested { throw ShellError.cancelled }
    }

    /// The process-wide flag the SIGINT handler sets.
    public static let shared = Cancellation()
}
