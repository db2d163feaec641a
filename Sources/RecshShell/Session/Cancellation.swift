import Foundation

/// A flag set by Ctrl-C and polled by long-running commands. A plain word that a signal handler
/// may write: the handler can take no locks.
public final class Cancellation: @unchecked Sendable {
    private let flag = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)

    public init() { flag.initialize(to: 0) }
    deinit { flag.deallocate() }

    public var isRequested: Bool { flag.pointee != 0 }
    public func request() { flag.pointee = 1 }
    public func reset() { flag.pointee = 0 }

    /// Throws `ShellError.cancelled` once Ctrl-C was pressed.
    public func check() throws {
        if isRequested { throw ShellError.cancelled }
    }

    /// The process-wide flag the SIGINT handler sets.
    public static let shared = Cancellation()
}
