import Foundation
import RecshShell

/// `serve [port=8080] [host=127.0.0.1] [log=FILE]`, `serve status|reload|stop`: the HTTP API in
/// the background of the live session.
public struct ServeCommand: ShellCommand {
    public let spec: CommandSpec = {
        var s = CommandSpec(
            name: "serve", group: .serving,
            summary: "serve the session's models over HTTP in the background (status, reload, stop)",
            usage:
                "serve [port=8080] [host=127.0.0.1] [log=FILE] [cache=MB] | serve status | serve reload | serve stop",
            arguments: 0...1,
            options: [
                OptionSpec("port", "N", default: "8080", "the TCP port; 0 picks a free one"),
                OptionSpec("host", "ADDRESS", default: "127.0.0.1", "the address to listen on"),
                OptionSpec(
                    "log", "FILE", default: "$RECSH_SERVE_LOG, else recsh-requests.sqlite",
                    "the SQLite request log and feedback store"),
                OptionSpec(
                    "cache", "MB", default: "\(ServerState.defaultCacheMegabytes)",
                    "encoded answers kept per model version; 0 computes every answer"),
            ],
            examples: ["serve", "serve port=0", "serve status", "serve reload", "serve stop"],
            details: """
                The API answers from a snapshot of the current dataset and its models (the latest content and community models, \
                the blend weight); the prompt stays free. After train or blend, serve reload publishes a new snapshot atomically: \
                a request in flight finishes on the version it started with. Answers (film lists, recommendations, popular) are \
                cached per model version, so a repeated question costs a lookup; a reload starts an empty cache. serve stop finishes requests in flight, then stops. \
                Endpoints: GET /health, POST /recommend, POST /similar, GET /movie/{id}/similar, GET /movie/{id}, GET /popular, \
                GET /search (mode=title or meaning), POST /ask, POST /feedback, GET /metrics, GET /openapi.json, and the web page at /.
                """)
        s.completes = .nothing
        return s
    }()

    public init() {}

    static let key = "serve.host"

    public func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let session = context.session
        let host = session.attachments[Self.key] as? ServerHost
        switch call.positionals.first?.text?.lowercased() {
        case nil:
            if let host, host.isRunning {
                throw ShellError.failed(
                    "already serving on http://\(host.address.host):\(host.address.port); serve stop first, or serve reload to publish new models"
                )
            }
            return try start(call, session: session)
        case "status":
            guard let host, host.isRunning else { return [.text("Not serving (serve starts the API)")] }
            let s = host.state.snapshot
            return [
                .record(
                    [
                        ("address", .volatile("http://\(host.address.host):\(host.address.port)")),
                        ("dataset", .text(s.datasetName)),
                        ("model version", .int(s.version)), ("models", .text(modelLine(s))),
                        (
                            "uptime",
                            .volatile(Format.duration(host.state.uptime).replacingOccurrences(of: "~", with: ""))
                        ),
                        ("requests served", .int(host.state.metrics.served)),
                        ("answer cache", .volatile(cacheLine(host.state))),
                        ("request log", .text(host.state.store.path)),
                    ], name: "serve")
            ]
        case "reload":
            guard let host, host.isRunning else { throw ShellError.failed("not serving: serve starts the API") }
            let (snapshot, notes) = try session.servingSnapshot(version: host.state.snapshot.version + 1)
            host.state.publish(snapshot)
            return notes.map { OutputBlock.text($0, name: "note") } + [
                .text("Published model version \(snapshot.version): \(modelLine(snapshot))")
            ]
        case "stop":
            guard let host, host.isRunning else { throw ShellError.failed("not serving: nothing to stop") }
            let served = host.state.metrics.served
            host.stop()
            session.attachments[Self.key] = nil
            return [
                .text(
                    "Stopped serving after \(Format.grouped(served)) requests; the log is in \(host.state.store.path)")
            ]
        case let other?:
            throw ShellError.badValue(
                name: "serve", value: other, expected: "status, reload or stop (or no argument to start)")
        }
    }

    func start(_ call: Invocation, session: Session) throws -> [OutputBlock] {
        let port = try call.int("port", default: 8080, in: 0...65535)
        let hostName = try call.text("host") ?? "127.0.0.1"
        let log = try call.text("log") ?? ServeCommand.defaultLogPath
        let cache = try call.int("cache", default: ServerState.defaultCacheMegabytes, in: 0...1 << 20)
        let (snapshot, notes) = try session.servingSnapshot(version: 1)
        let state = try ServerState(snapshot: snapshot, logPath: log, cacheMegabytes: cache)
        let host = try ServerHost.start(state: state, address: ServerAddress(host: hostName, port: port))
        session.attachments[Self.key] = host
        return notes.map { OutputBlock.text($0, name: "note") } + [
            .text(
                "Serving \(snapshot.datasetName) (model version 1: \(modelLine(snapshot))) on http://\(hostName):~\(host.address.port)"
                    + "\n  the web page is at /, the API is described at /openapi.json; serve stop stops it")
        ]
    }

    func cacheLine(_ state: ServerState) -> String {
        guard state.cacheBytes > 0 else { return "off" }
        let c = state.cacheStatistics
        let asked = c.hits + c.misses
        return
            "\(Format.grouped(c.entries)) answers, \(String(format: "%.1f", Double(c.bytes) / 1_048_576)) of \(state.cacheBytes >> 20) MB, "
            + (asked == 0 ? "no requests yet" : "\(String(format: "%.0f", 100 * Double(c.hits) / Double(asked)))% hits")
    }

    func modelLine(_ s: ServingSnapshot) -> String {
        var parts: [String] = []
        if let c = s.content { parts.append("similar by \(c.name)") }
        if let m = s.community { parts.append("also-liked and recommend by \(m.name)") }
        parts.append("blend \(s.blend.text)")
        return parts.joined(separator: ", ")
    }

    /// `$RECSH_SERVE_LOG`, else `recsh-requests.sqlite` in the working folder.
    public static var defaultLogPath: String {
        ProcessInfo.processInfo.environment["RECSH_SERVE_LOG"] ?? "recsh-requests.sqlite"
    }

    /// The server this session runs, if any (for `request` and `monitor`).
    public static func host(of session: Session) -> ServerHost? {
        guard let h = session.attachments[key] as? ServerHost, h.isRunning else { return nil }
        return h
    }
}
