import Crypto
import Foundation
import ZIPFoundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Downloads an official MovieLens zip, verifies its md5 and unpacks it atomically.
public struct DatasetDownloader: Sendable {
    /// The folder URL the zips are published under.
    public var baseURL: URL
    /// Called with (bytes so far, total bytes if known) while the zip downloads.
    public var progress: (@Sendable (Int64, Int64?) -> Void)?
    public var isCancelled: @Sendable () -> Bool

    /// GroupLens, unless `RECSH_DOWNLOAD_URL` names another server (tests use one on 127.0.0.1).
    public static var defaultBaseURL: URL {
        URL(
            string: ProcessInfo.processInfo.environment["RECSH_DOWNLOAD_URL"]
                ?? "https://files.grouplens.org/datasets/movielens/")!
    }

    public init(
        baseURL: URL = DatasetDownloader.defaultBaseURL, progress: (@Sendable (Int64, Int64?) -> Void)? = nil,
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) {
        self.baseURL = baseURL
        self.progress = progress
        self.isCancelled = isCancelled
    }

    /// Fetches `dataset` into `folder` and returns the unpacked dataset folder.
    public func fetch(_ dataset: KnownDataset, into folder: String) throws -> String {
        guard let archive = dataset.archive else {
            throw DataError.datasetNotFound(
                name: dataset.name, searched: [],
                hint: "It has no official download; put its files in a folder on the search path.")
        }
        let fm = FileManager.default
        try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let url = baseURL.appendingPathComponent(archive)
        let zipPath = (folder as NSString).appendingPathComponent(".\(archive).part")
        defer { try? fm.removeItem(atPath: zipPath) }
        try download(url, to: zipPath, reportProgress: true)

        let expected: String
        if let md5 = dataset.md5 {
            expected = md5
        } else {
            let md5Path = zipPath + ".md5"
            defer { try? fm.removeItem(atPath: md5Path) }
            try download(url.appendingPathExtension("md5"), to: md5Path, reportProgress: false)
            let text = (try? String(contentsOfFile: md5Path, encoding: .utf8)) ?? ""
            guard
                let token = text.split(whereSeparator: { $0 == " " || $0.isNewline }).first(where: {
                    $0.count == 32 && $0.allSatisfy(\.isHexDigit)
                })
            else {
                throw DataError.downloadFailed(
                    url: url.appendingPathExtension("md5").absoluteString, reason: "no md5 value in the checksum file")
            }
            expected = String(token).lowercased()
        }
        let actual = try Self.md5(ofFile: zipPath)
        guard actual == expected.lowercased() else {
            throw DataError.checksumMismatch(file: archive, expected: expected.lowercased(), actual: actual)
        }

        // unpack beside the target, then move the dataset folder into place in one rename
        let staging = (folder as NSString).appendingPathComponent(
            ".unpack-\(dataset.name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(atPath: staging)
        defer { try? fm.removeItem(atPath: staging) }
        do {
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try fm.unzipItem(at: URL(fileURLWithPath: zipPath), to: URL(fileURLWithPath: staging))
        } catch {
            throw DataError.downloadFailed(url: url.absoluteString, reason: "cannot unpack the zip: \(error)")
        }
        let unpacked = (staging as NSString).appendingPathComponent(dataset.folder)
        guard fm.fileExists(atPath: (unpacked as NSString).appendingPathComponent(dataset.ratingsFile)) else {
            throw DataError.downloadFailed(
                url: url.absoluteString, reason: "the zip has no \(dataset.folder)/\(dataset.ratingsFile)")
        }
        let target = (folder as NSString).appendingPathComponent(dataset.folder)
        try? fm.removeItem(atPath: target)
        do { try fm.moveItem(atPath: unpacked, toPath: target) } catch {
            throw DataError.downloadFailed(
                url: url.absoluteString,
                reason: "cannot move the unpacked folder into \(folder): \(error.localizedDescription)")
        }
        return target
    }

    /// The md5 of a file as lowercase hex, read in 1 MiB blocks.
    public static func md5(ofFile path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw DataError.unreadable(file: path, reason: "no such file")
        }
        defer { try? h.close() }
        var hasher = Insecure.MD5()
        while let block = try h.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func download(_ url: URL, to path: String, reportProgress: Bool) throws {
        let delegate = DownloadDelegate(
            destination: URL(fileURLWithPath: path), progress: reportProgress ? progress : nil)
        let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let task = session.downloadTask(with: url)
        task.resume()
        while delegate.done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if isCancelled() {
                task.cancel()
                throw DataError.cancelled
            }
        }
        if let failure = delegate.failure { throw DataError.downloadFailed(url: url.absoluteString, reason: failure) }
    }
}

/// Streams a download to a file and reports progress; URLSession calls it on its own queue.
// Unchecked: `failure` is written on URLSession's delegate queue before `done` is signalled, and
// read only by the thread that waited on `done`; the other properties are constants.
final class DownloadDelegate: NSObject, URLSessionDownloadDelegate, @unchecked Sendable {
    let destination: URL
    let progress: (@Sendable (Int64, Int64?) -> Void)?
    let done = DispatchSemaphore(value: 0)
    var failure: String?

    init(destination: URL, progress: (@Sendable (Int64, Int64?) -> Void)?) {
        self.destination = destination
        self.progress = progress
    }

    func urlSession(
        _ session: URLSession, downloadTask: URLSessionDownloadTask, didWriteData bytesWritten: Int64,
        totalBytesWritten: Int64, totalBytesExpectedToWrite: Int64
    ) {
        progress?(totalBytesWritten, totalBytesExpectedToWrite > 0 ? totalBytesExpectedToWrite : nil)
    }

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
        if let http = downloadTask.response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            failure = "the server answered HTTP \(http.statusCode)"
            return
        }
        try? FileManager.default.removeItem(at: destination)
        do { try FileManager.default.moveItem(at: location, to: destination) } catch {
            failure = "cannot save the download: \(error.localizedDescription)"
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error { failure = failure ?? error.localizedDescription }
        done.signal()
    }
}
