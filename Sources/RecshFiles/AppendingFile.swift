import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that grows one record at a time (a transcript), each append synced, every failure
/// thrown: a full disk ends the recording, never the process.
public final class AppendingFile {
    public let path: String
    private var fd: Int32

    /// Publishes a new file holding `header` atomically, then opens it for appending.
    public init(creating path: String, header: Data) throws {
        try AtomicFile.write(header, to: path)
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.system(path, "open", code: errno) }
        self.path = path
    }

    /// Opens an existing file for appending (tests use /dev/full); nil when it cannot be opened.
    init?(openingExisting path: String) {
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        self.path = path
    }

    /// Appends and syncs; throws the system's reason (ENOSPC, EFBIG) when the bytes did not go out.
    public func append(_ data: Data) throws {
        guard fd >= 0 else { throw FileError.systemFailure(path: path, action: "write", reason: "it is closed") }
        try data.withUnsafeBytes { raw in
            guard raw.count > 0 else { return }
            try AtomicFile.writeAll(fd, raw.baseAddress!, raw.count, path: path)
        }
        guard fsync(fd) == 0 else { throw FileError.system(path, "write", code: errno) }
    }

    public func close() {
        if fd >= 0 { _ = systemClose(fd) }
        fd = -1
    }

    deinit { close() }
}

#if canImport(Glibc)
    @inline(__always) func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#elseif canImport(Darwin)
    @inline(__always) func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
