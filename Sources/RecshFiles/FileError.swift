#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What went wrong reading or writing a file, worded for the person who named it.
public enum FileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Nothing exists at the path.
    case missing(path: String)
    /// Something exists but is not what the command reads or writes ("a folder", "a character device").
    case wrongKind(path: String, found: String, expected: String)
    /// recsh would replace something it did not write.
    case notOurs(path: String, found: String, hint: String)
    /// A system call failed; `reason` is the system's own words.
    case systemFailure(path: String, action: String, reason: String)
    /// A line longer than recsh accepts, most likely not a text file at all.
    case lineTooLong(path: String, line: Int, limit: Int)
    case cancelled

    public var description: String {
        switch self {
        case .missing(let path): return "no such file or folder: \(path)"
        case .wrongKind(let path, let found, let expected): return "\(path) is \(found), not \(expected)"
        case .notOurs(let path, let found, let hint):
            return "refusing to replace \(path): it holds \(found) that recsh did not write; \(hint)"
        case .systemFailure(let path, let action, let reason): return "cannot \(action) \(path): \(reason)"
        case .lineTooLong(let path, let line, let limit):
            return
                "\(path):\(line): the line is longer than \(limit / 1024) KiB; is this a text file of the expected kind?"
        case .cancelled: return "cancelled"
        }
    }

    /// The failure of the last system call, with its errno text ("No space left on device").
    static func system(_ path: String, _ action: String, code: Int32? = nil) -> FileError {
        .systemFailure(path: path, action: action, reason: String(cString: strerror(code ?? errno)))
    }
}
