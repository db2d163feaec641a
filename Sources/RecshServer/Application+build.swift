import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import RecshShell

/// Where the server listens.
public struct ServerAddress: Sendable, Equatable {
    public var host: String
    /// 0 asks the system for a free port.
    public var port: Int
    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// The HTTP application over `state`: the JSON API, `/openapi.json` and the web page at `/`.
/// The `serve` command, `recsh serve --artifacts` and the tests all start this one.
public func buildApplication(
    state: ServerState, address: ServerAddress, onRunning: @escaping @Sendable (Int) -> Void = { _ in }
)
    -> some ApplicationProtocol
{
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: JSONErrorMiddleware())
    APIRoutes(state: state).add(to: router)
    WebPage.add(to: router)
    var logger = Logger(label: "recsh.serve")
    logger.logLevel = .warning
    // idle clients are closed and connections capped below the descriptor limit, so slow or
    // silent clients can neither starve /health nor make accept() spin on EMFILE
    let configuration = ApplicationConfiguration(
        address: .hostname(address.host, port: address.port), serverName: "recsh",
        availableConnectionsDelegate: MaximumAvailableConnections(ConnectionLimits.maximumConnections))
    return Application(
        router: router, server: .http1(configuration: .init(idleTimeout: ConnectionLimits.idleTimeout)),
        configuration: configuration,
        onServerRunning: { channel in onRunning(channel.localAddress?.port ?? address.port) }, logger: logger)
}

/// How long a connection may sit without a request, and how many may be open at once.
enum ConnectionLimits {
    static let idleTimeout = TimeAmount.seconds(15)

    /// A quarter of the descriptors stay free for the log, the artifacts and the shell.
    static var maximumConnections: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        let soft = limit.rlim_cur > 1 << 20 ? 65_536 : Int(limit.rlim_cur)
        return max(8, min(10_000, soft * 3 / 4))
    }
}

/// Answers what no route took (unknown paths, wrong methods) in the API's JSON error shape.
struct JSONErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do { return try await next(request, context) } catch let e as any HTTPResponseError {
            let status = Int(e.status.code)
            let message =
                status == 404
                ? "no endpoint \(request.method.rawValue) \(request.uri.path); GET /openapi.json lists them"
                : "\(e.status.reasonPhrase)"
            return APIRoutes.response(status, APIRoutes.errorBody(APIError(status: status, message: message)))
        }
    }
}

/// The page at `/` and its script and style, and the OpenAPI document, shipped as resources.
enum WebPage {
    static let files: [(path: String, resource: String, type: String)] = [
        ("/", "web/index.html", "text/html; charset=utf-8"),
        ("/app.js", "web/app.js", "text/javascript; charset=utf-8"),
        ("/style.css", "web/style.css", "text/css; charset=utf-8"),
        ("/openapi.json", "openapi.json", "application/json"),
    ]

    static func add(to router: Router<BasicRequestContext>) {
        for f in files {
            let url = Bundle.module.resourceURL!.appendingPathComponent(f.resource)
            let data = (try? Data(contentsOf: url)) ?? Data("missing resource \(f.resource)".utf8)
            let type = f.type
            router.get(RouterPath(f.path)) { _, _ in
                var headers = HTTPFields()
                headers[.contentType] = type
                headers[.cacheControl] = "no-cache"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
    }
}
