import Foundation
import GRDB
import Testing

@testable import RecshServer
@testable import RecshShell

/// A plain TCP connection, for what URLSession will not send: broken chunked bodies, silence.
final class RawConnection: Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard ok == 0 else { throw ShellError.failed("cannot connect to 127.0.0.1:\(port)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { _ = text.withCString { write(fd, $0, strlen($0)) } }

    /// Everything the server sends until it closes the connection (or 60 s pass).
    func readUntilClosed() -> String {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    deinit { close(fd) }
}

@Suite("The server is strict and outlives bad clients", .serialized)
struct HardenedServerTests {
    @Test("Lenient JSON and wrong types are refused, HEAD /health answers")
    func strictRequests() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let http = HTTP(port: server.address.port)

        let comma = try await http.post("/recommend", raw: "{\"user_id\": 1,}")
        #expect(comma.status == 400)
        #expect(comma.error.contains("not valid JSON: a comma before a closing bracket"))
        let list = try await http.post("/recommend", raw: "{\"user_id\": 1, \"genres\": [\"Comedy\",]}")
        #expect(list.status == 400)

        let genre = try await http.post("/recommend", ["user_id": 1, "genres": "Comedy"])
        #expect(genre.status == 422)
        #expect(genre.error == "genres: expected an array of strings, got a string")

        let huge = try await http.post("/recommend", raw: "{\"user_id\": 123456789012345678901234567890}")
        #expect(huge.status == 422)
        #expect(
            huge.error.contains("user_id: 1234567890123456") && huge.error.contains("is out of range 1..."),
            "\(huge.error)")
        #expect(!huge.error.contains("fraction"))

        let head = try await http.send("HEAD", "/health", body: nil)
        #expect(head.status == 200)
        #expect(head.data.isEmpty)
    }

    @Test("A broken chunked body is a 400, not a 413")
    func brokenChunkedBody() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let reply = try await offPool { () -> String in
            let c = try RawConnection(port: server.address.port)
            c.send(
                "POST /recommend HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n"
            )
            return c.readUntilClosed()
        }
        #expect(!reply.contains(" 413 "))
        #expect(reply.isEmpty || reply.hasPrefix("HTTP/1.1 400"), "\(reply.prefix(200))")
    }

    @Test("A client that connects and says nothing is closed, and /health still answers")
    func idleClientsAreClosed() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let silent = try RawConnection(port: server.address.port)
        let partial = try RawConnection(port: server.address.port)
        partial.send("GET /health HTTP/1.1\r\nHost: x\r\n")  // headers never finished
        let health = try await HTTP(port: server.address.port).get("/health")
        #expect(health.status == 200)
        // the wait is for the close itself, bounded by the socket's 60 s read timeout
        let started = Date()
        let (a, b) = try await offPool { (silent.readUntilClosed(), partial.readUntilClosed()) }
        _ = (a, b)
        #expect(Date().timeIntervalSince(started) < 55, "the server kept idle connections open")
    }

    @Test("monitor leaves out logged rows with an infinite time or latency")
    func monitorOnBrokenRows() throws {
        let dir = Fixture.folder()
        let path = dir + "/log.sqlite"
        let store = try RequestStore(path: path)
        try store.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO requests VALUES ('a', 1e999, 1, '/recommend', 200, 1, '[]', '[]', 1.0, 0);
                    INSERT INTO requests VALUES ('b', \(Date().timeIntervalSince1970), 1, '/recommend', 200, 1, '[]', '[]', 1e999, 0);
                    INSERT INTO requests VALUES ('c', \(Date().timeIntervalSince1970), 2, '/recommend', 200, 1, '[1]', '[0.5]', 2.5, 0);
                    """)
        }
        let shell = Fixture.shared
        let out = shell.text("monitor log=\(path)")
        #expect(out.contains("note: left out 2 logged requests whose time or latency is not a finite number"), "\(out)")
        #expect(out.contains("requests"))
    }

    @Test("The request log refuses a file that is not one")
    func requestLogGuard() throws {
        let dir = Fixture.folder()
        try "my notes".write(toFile: dir + "/notes.sqlite", atomically: true, encoding: .utf8)
        #expect(throws: ShellError.self) { try RequestStore(path: dir + "/notes.sqlite") }
        #expect(try String(contentsOfFile: dir + "/notes.sqlite", encoding: .utf8) == "my notes")
        let other = try DatabaseQueue(path: dir + "/other.sqlite")
        try other.write { try $0.execute(sql: "CREATE TABLE accounts (id INTEGER)") }
        do {
            _ = try RequestStore(path: dir + "/other.sqlite")
            Issue.record("opened someone else's database")
        } catch {
            #expect("\(error)".contains("it is a SQLite database of other tables (accounts)"))
        }
        #expect(throws: ShellError.self) { try RequestStore(path: "/dev/null") }
        // its own log opens again
        _ = try RequestStore(path: dir + "/log.sqlite")
        _ = try RequestStore(path: dir + "/log.sqlite")
    }

    @Test("The server answers while every thread of the Swift concurrency pool is held by other work")
    func answersWithThePoolBusy() async throws {
        let server = try await offPool { try Fixture.server() }
        defer { server.requestStop() }
        let port = server.address.port
        let reply = try await offPool { () -> String in
            let width = ProcessInfo.processInfo.activeProcessorCount
            let started = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            for _ in 0..<width { Task.detached { hold(started, until: release) } }
            defer { for _ in 0..<width { release.signal() } }
            for _ in 0..<width { _ = started.wait(timeout: .now() + 120) }
            let connection = try RawConnection(port: port)
            connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            return connection.readUntilClosed()
        }
        #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply)")
    }

}

/// Blocks a thread of the concurrency pool the way a long synchronous training run does.
private func hold(_ started: DispatchSemaphore, until release: DispatchSemaphore) {
    started.signal()
    release.wait()
}
