import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `master=` value: Spark in this process's JVM (`local[N]`) or a standalone cluster.
public enum SparkMaster: Sendable, Equatable, CustomStringConvertible {
    case local(String)
    case standalone(host: String, port: Int)

    public init(_ text: String) throws(EngineError) {
        if text == "local" || (text.hasPrefix("local[") && text.hasSuffix("]")) {
            let inner = text.dropFirst(6).dropLast()
            guard text == "local" || inner == "*" || (Int(inner).map { $0 >= 1 } ?? false) else {
                throw .badMaster(text)
            }
            self = .local(text)
            return
        }
        guard text.hasPrefix("spark://") else { throw .badMaster(text) }
        let rest = text.dropFirst("spark://".count)
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
            (1...65535).contains(port), colon > rest.startIndex
        else { throw .badMaster(text) }
        self = .standalone(host: String(rest[..<colon]), port: port)
    }

    public var description: String {
        switch self {
        case .local(let s): return s
        case .standalone(let host, let port): return "spark://\(host):\(port)"
        }
    }

    /// True when the driver may bind to 127.0.0.1: every executor runs on this machine.
    public var isLoopback: Bool {
        switch self {
        case .local: return true
        case .standalone(let host, _): return host == "127.0.0.1" || host == "localhost"
        }
    }

    /// Fails fast when a standalone master's port does not accept a connection, instead of
    /// leaving spark-submit to retry for a minute before it gives up.
    public func checkReachable(timeoutSeconds: Int = 3) throws(EngineError) {
        guard case .standalone(let host, let port) = self else { return }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw .masterUnreachable(master: description, reason: "unknown host \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw .masterUnreachable(master: description, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            throw .masterUnreachable(master: description, reason: String(cString: strerror(errno)))
        }
    }
}
