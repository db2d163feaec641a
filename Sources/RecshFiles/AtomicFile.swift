import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file writes that are all or nothing: the bytes go to a temporary file beside the target,
/// are synced, and one `rename` publishes them. A full disk or a kill leaves the old file as it was.
public enum AtomicFile {
    /// Bytes written between two cancellation checks.
    static let chunk = 8 << 20

    /// Writes `data` to `path` atomically. `isCancelled` is polled between chunks of a large write.
    public static func write(_ data: Data, to path: String, isCancelled: () -> Bool = { false }) throws {
        let temporary = temporaryPath(for: path)
        // the temporary file is recsh's business; a failure names the file the user asked for
        do { try writeNew(data, at: temporary, isCancelled: isCancelled) } catch FileError.systemFailure(
            _, _, let reason)
        {
            throw FileError.systemFailure(path: path, action: "write", reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let e = FileError.system(path, "write", code: errno)
            unlink(temporary)
            throw e
        }
    }

    /// Creates a new file at `path` (it must not exist) holding `data`, synced to disk.
    public static func writeNew(_ data: Data, at path: String, isCancelled: () -> Bool = { false }) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError.system(path, "create", code: errno) }
        var ok = false
        defer {
            close(fd)
            if !ok { unlink(path) }
        }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                if isCancelled() { throw FileError.cancelled }
                let n = Swift.min(chunk, raw.count - offset)
                try writeAll(fd, raw.baseAddress! + offset, n, path: path)
                offset += n
            }
        }
        guard fsync(fd) == 0 else { throw FileError.system(path, "write", code: errno) }
        ok = true
    }

    /// `write` until every byte is out; EINTR is retried, anything else (ENOSPC, EFBIG) thrown.
    static func writeAll(_ fd: Int32, _ p: UnsafeRawPointer, _ count: Int, path: String) throws {
        var done = 0
        while done < count {
            let n = systemWrite(fd, p + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.system(path, "write", code: errno)
            }
            done += n
        }
    }

    /// A name in the same folder (so the rename stays on one file system) that no one else uses.
    static func temporaryPath(for path: String) -> String {
        let folder = PathText.folder(of: path)
        let name = PathText.name(of: path)
        let unique = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return PathText.join(folder, ".\(name).tmp-\(unique)")
    }
}

#if canImport(Glibc)
    @inline(__always) func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#elseif canImport(Darwin)
    @inline(__always) func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif
