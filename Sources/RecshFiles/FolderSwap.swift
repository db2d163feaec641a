import CFileOps
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Publishes a folder written beside its target with one rename, so there is never a moment
/// with no folder at the target: a kill leaves either the old folder or the new one in place.
public enum FolderSwap {
    static let partialMarker = ".partial-"

    /// The staging folder of this process for `target` (`DIR.partial-PID`).
    public static func stagingPath(for target: String) -> String {
        target + partialMarker + String(getpid())
    }

    /// Moves the complete folder `staging` to `target`. An existing target is exchanged with it
    /// (renameat2 RENAME_EXCHANGE) and then removed from its new place at `staging`.
    public static func publish(staging: String, at target: String) throws {
        if recsh_rename_noreplace(staging, target) == 0 { return }
        let code = errno
        guard code == EEXIST || code == ENOTEMPTY else {
            if code == ENOSYS || code == EINVAL { return try publishByTwoRenames(staging: staging, at: target) }
            throw FileError.system(target, "publish", code: code)
        }
        if recsh_rename_exchange(staging, target) == 0 {
            // staging now holds the earlier folder; a kill here leaves it for removeStale
            try? FileManager.default.removeItem(atPath: staging)
            return
        }
        let exchange = errno
        if exchange == ENOSYS || exchange == EINVAL { return try publishByTwoRenames(staging: staging, at: target) }
        throw FileError.system(target, "publish", code: exchange)
    }

    /// For file systems that cannot exchange: the earlier folder is moved aside first.
    static func publishByTwoRenames(staging: String, at target: String) throws {
        let aside = target + ".old-" + String(getpid())
        if PathKind(target) != .missing {
            guard rename(target, aside) == 0 else { throw FileError.system(target, "move aside", code: errno) }
        }
        guard rename(staging, target) == 0 else {
            let e = FileError.system(target, "publish", code: errno)
            _ = rename(aside, target)
            throw e
        }
        try? FileManager.default.removeItem(atPath: aside)
    }

    /// True when every entry is a plain file of the kinds a staged export holds (.npy, .csv,
    /// .json, or an atomic write's temporary), so a folder someone named alike is left alone.
    static func holdsOnlyStagedFiles(_ folder: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return false }
        return names.allSatisfy { name in
            guard case .regular = PathKind(PathText.join(folder, name)) else { return false }
            return name.hasSuffix(".npy") || name.hasSuffix(".csv") || name.hasSuffix(".json") || name.contains(".tmp-")
        }
    }

    /// Removes the `target.partial-PID` and `target.old-PID` folders that processes no longer
    /// running left behind (a killed export). Only folders of exactly that name are touched.
    public static func removeStale(partialsOf target: String) {
        let folder = PathText.folder(of: target)
        let base = PathText.name(of: target)
        let listed = folder.isEmpty ? "." : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return }
        for name in names {
            for marker in [partialMarker, ".old-"] where name.hasPrefix(base + marker) {
                guard let pid = Int32(name.dropFirst(base.count + marker.count)), pid > 0 else { continue }
                let alive = pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM)
                let path = PathText.join(folder, name)
                if !alive, PathKind(path) == .directory, holdsOnlyStagedFiles(path) {
                    try? FileManager.default.removeItem(atPath: path)
                }
            }
        }
    }
}
