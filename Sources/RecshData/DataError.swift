import Foundation
import RecshFiles

/// Everything that can go wrong while finding, downloading or reading a dataset.
public enum DataError: Error, CustomStringConvertible, Equatable {
    /// A line that does not have the shape the format requires.
    case malformedLine(file: String, line: Int, text: String, expected: String)
    /// A file with no data rows at all.
    case emptyFile(file: String)
    /// A file that could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A path that exists but whose format recsh cannot tell.
    case unknownFormat(file: String, firstLine: String)
    /// A named dataset that is in none of the search-path folders and cannot be downloaded.
    case datasetNotFound(name: String, searched: [String], hint: String)
    /// A required file is missing from a dataset folder.
    case missingFile(dataset: String, file: String)
    /// A download that failed or whose checksum did not match.
    case downloadFailed(url: String, reason: String)
    /// The checksum of a downloaded archive differs from the published one.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// A line longer than any real line of the format: the file is not what it claims to be.
    case lineTooLong(file: String, line: Int, limit: Int)
    /// The operation was cancelled (Ctrl-C).
    case cancelled

    public var description: String {
        switch self {
        case .malformedLine(let file, let line, let text, let expected):
            let shown = text.count > 80 ? String(text.prefix(77)) + "..." : text
            return "\(file):\(line): expected \(expected), found \"\(shown)\" (use strict=no to skip bad lines)"
        case .emptyFile(let file):
            return "\(file) is empty: it holds no data rows (a truncated download or the wrong file?)"
        case .unreadable(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .unknownFormat(let file, let firstLine):
            let shown = firstLine.count > 60 ? String(firstLine.prefix(57)) + "..." : firstLine
            return
                "cannot tell the format of \(file) from its first line \"\(shown)\"; expected u.data (user<TAB>item<TAB>rating<TAB>time), ratings.dat (user::item::rating::time) or ratings.csv with a userId,movieId,rating,timestamp header"
        case .datasetNotFound(let name, let searched, let hint):
            let list = searched.isEmpty ? "(no folders)" : searched.joined(separator: ", ")
            return "dataset '\(name)' not found; searched \(list). \(hint)"
        case .missingFile(let dataset, let file):
            return "dataset '\(dataset)' has no \(file)"
        case .downloadFailed(let url, let reason):
            return "download of \(url) failed: \(reason)"
        case .checksumMismatch(let file, let expected, let actual):
            return
                "checksum of \(file) is \(actual), expected \(expected): the download is corrupt or not the official file; it was deleted"
        case .lineTooLong(let file, let line, let limit):
            return
                "\(file):\(line): the line is longer than \(limit >> 20) MiB, so this is not a MovieLens or TMDB text file"
        case .cancelled:
            return "cancelled"
        }
    }
}

extension DataError {
    /// Refuses anything but a regular file before a byte is read, so `/dev/zero`, a FIFO or a
    /// folder gets a message instead of an endless read.
    public static func checkRegularFile(_ path: String) throws {
        switch PathKind(path) {
        case .regular: return
        case .missing: throw DataError.unreadable(file: path, reason: "no such file")
        case let other: throw DataError.unreadable(file: path, reason: "it is \(other.described), not a regular file")
        }
    }
}

/// How a loader treats lines it cannot parse.
public struct LoadOptions: Sendable {
    /// Stop at the first malformed line (true) or skip and count it (false).
    public var strict: Bool
    /// Polled now and then during long loads; returns true to abandon the load.
    public var isCancelled: @Sendable () -> Bool

    public init(strict: Bool = true, isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.strict = strict
        self.isCancelled = isCancelled
    }
}
