import Foundation
import Testing
import ZIPFoundation

@testable import RecshData

/// The download path against a real HTTP server on 127.0.0.1 serving a zip this test builds.
@Suite("Dataset download from a local server", .serialized)
struct DownloadTests {
    /// Builds `ml-latest-small.zip` (a tiny hand-made edition) and its `.md5` in `dir`.
    static func makeArchive(in dir: String, md5Override: String? = nil) throws -> String {
        let src = (dir as NSString).appendingPathComponent("src")
        let folder = (src as NSString).appendingPathComponent("ml-latest-small")
        TestPaths.write(
            "userId,movieId,rating,timestamp\r\n1,1954,4.5,964982703\r\n2,1954,3.0,964982704\r\n2,1,5.0,964982705\r\n",
            to: "ratings.csv", in: folder)
        TestPaths.write(
            "movieId,title,genres\r\n1,Toy Story (1995),Adventure|Animation\r\n1954,Rocky (1976),Drama\r\n",
            to: "movies.csv", in: folder)
        TestPaths.write("movieId,imdbId,tmdbId\r\n1,0114709,862\r\n1954,0075148,1366\r\n", to: "links.csv", in: folder)
        let served = (dir as NSString).appendingPathComponent("served")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        let zip = (served as NSString).appendingPathComponent("ml-latest-small.zip")
        try FileManager.default.zipItem(at: URL(fileURLWithPath: folder), to: URL(fileURLWithPath: zip))
        let md5 = try md5Override ?? DatasetDownloader.md5(ofFile: zip)
        TestPaths.write("\(md5)  ml-latest-small.zip\n", to: "ml-latest-small.zip.md5", in: served)
        return served
    }

    @Test("A missing dataset is downloaded, its md5 checked, unpacked and loaded")
    func downloadAndLoad() throws {
        let dir = TestPaths.scratch()
        let served = try Self.makeArchive(in: dir)
        let server = try LocalHTTPServer(root: served)
        defer { server.stop() }
        let data = (dir as NSString).appendingPathComponent("Data")
        let progress = ProgressLog()
        var downloader = DatasetDownloader(baseURL: server.url)
        downloader.progress = { done, _ in progress.record(done) }
        let known = KnownDataset.named("ml-latest-small")!
        let folder = try downloader.fetch(known, into: data)
        #expect(folder == (data as NSString).appendingPathComponent("ml-latest-small"))
        #expect(progress.last > 0)
        let search = DataSearchPath(folders: [data], downloadFolder: data)
        #expect(search.find(known) == folder)
        let d = try MovieLensLoader.load(path: folder, name: "ml-latest-small")
        #expect(d.ratings.count == 3)
        #expect(d.movies.movie(tmdbId: 1366)?.title == "Rocky")
        // nothing half-done is left beside it
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test("A checksum mismatch deletes the download and says so")
    func checksumMismatch() throws {
        let dir = TestPaths.scratch()
        let served = try Self.makeArchive(in: dir, md5Override: String(repeating: "0", count: 32))
        let server = try LocalHTTPServer(root: served)
        defer { server.stop() }
        let data = (dir as NSString).appendingPathComponent("Data")
        let downloader = DatasetDownloader(baseURL: server.url)
        do {
            _ = try downloader.fetch(KnownDataset.named("ml-latest-small")!, into: data)
            Issue.record("a wrong checksum must fail")
        } catch let DataError.checksumMismatch(file, expected, _) {
            #expect(file == "ml-latest-small.zip")
            #expect(expected == String(repeating: "0", count: 32))
        }
        #expect(!FileManager.default.fileExists(atPath: (data as NSString).appendingPathComponent("ml-latest-small")))
        #expect((try FileManager.default.contentsOfDirectory(atPath: data)).isEmpty)
    }

    @Test("A 404 is reported with the URL")
    func notFound() throws {
        let dir = TestPaths.scratch()
        let server = try LocalHTTPServer(root: dir)
        defer { server.stop() }
        let downloader = DatasetDownloader(baseURL: server.url)
        #expect(throws: DataError.self) {
            try downloader.fetch(KnownDataset.named("ml-100k")!, into: (dir as NSString).appendingPathComponent("Data"))
        }
    }

    @Test("RECSH_DATA folders come first in the search path, then Data/, then shared/datasets")
    func searchPathOrder() {
        let path = DataSearchPath.standard(
            environment: ["RECSH_DATA": "/a:/b"], currentDirectory: TestPaths.packageRoot.path,
            executablePath: TestPaths.packageRoot.appendingPathComponent(".build/debug/recsh").path)
        #expect(
            Array(path.folders.prefix(3)) == ["/a", "/b", TestPaths.packageRoot.appendingPathComponent("Data").path])
        #expect(
            path.folders.contains(
                TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path))
        #expect(path.downloadFolder == "/a")
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64 = 0
    func record(_ v: Int64) {
        lock.lock()
        value = max(value, v)
        lock.unlock()
    }
    var last: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// `python3 -m http.server` bound to 127.0.0.1 on a free port, for the duration of a test.
final class LocalHTTPServer {
    let process = Process()
    let port: Int
    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    init(root: String) throws {
        port = Self.freePort()
        // the real interpreter, not a pyenv shim: a shim does not pass SIGTERM on to python
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // wait until it accepts connections (at most 10 s)
        for _ in 0..<200 {
            if Self.canConnect(port) { return }
            usleep(50_000)
        }
        throw DataError.downloadFailed(url: "http://127.0.0.1:\(port)/", reason: "the test server did not start")
    }

    func stop() {
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    static let python: String = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try? p.run()
        p.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        return out.isEmpty ? "/usr/bin/python3" : out
    }()

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }
}
