#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is at a path, told by `stat` (symbolic links followed).
public enum PathKind: Equatable, Sendable {
    case missing
    case regular(size: Int)
    case directory
    /// Anything else, named for messages: "a character device", "a FIFO", "a socket".
    case other(String)

    public init(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            self = .missing
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: self = .regular(size: Int(st.st_size))
        case S_IFDIR: self = .directory
        case S_IFCHR: self = .other("a character device")
        case S_IFBLK: self = .other("a block device")
        case S_IFIFO: self = .other("a FIFO")
        case S_IFSOCK: self = .other("a socket")
        default: self = .other("a special file")
        }
    }

    /// How a message names it: "a folder", "a file of 12 bytes".
    public var described: String {
        switch self {
        case .missing: return "nothing"
        case .regular(let size): return size == 0 ? "an empty file" : "a file"
        case .directory: return "a folder"
        case .other(let s): return s
        }
    }

    /// Throws unless the path is a regular file: what every reader of data requires up front, so
    /// `/dev/zero` or a folder is refused before a byte is read.
    public static func requireRegularFile(_ path: String) throws {
        switch PathKind(path) {
        case .regular: return
        case .missing: throw FileError.missing(path: path)
        case let other: throw FileError.wrongKind(path: path, found: other.described, expected: "a regular file")
        }
    }
}
