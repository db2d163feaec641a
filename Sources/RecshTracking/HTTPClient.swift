import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A blocking HTTP client for the shell's commands, which run synchronously: one request at
/// a time, with a timeout, every failure an error that names the server.
struct HTTPClient: Sendable {
    let base: String
    let timeout: TimeInterval

    struct Response {
        var status: Int
        var body: Data
    }

    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = "application/json") throws
        -> Response
    {
        guard let url = URL(string: base + path) else {
            throw TrackingError.unreachable(url: base, reason: "not a valid URL: \(base + path)")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        }
        let result = Mutex<Result<Response, TrackingError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let base = self.base
        let task = HTTPClient.session.dataTask(with: request) { data, response, error in
            let r: Result<Response, TrackingError>
            if let error {
                r = .failure(.unreachable(url: base, reason: error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                r = .success(Response(status: http.statusCode, body: data ?? Data()))
            } else {
                r = .failure(.unreachable(url: base, reason: "no HTTP response"))
            }
            result.withLock { $0 = r }
            done.signal()
        }
        task.resume()
        done.wait()
        return try result.withLock { $0! }.get()
    }

    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = 30
        return URLSession(configuration: c)
    }()

    /// Sends a JSON request to the MLflow API and returns the decoded answer; an error answer
    /// becomes `TrackingError.server` with MLflow's own message.
    func json(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> [String: Any] {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let r = try send(method, path, body: data)
        let object = (try? JSONSerialization.jsonObject(with: r.body)) as? [String: Any]
        guard (200..<300).contains(r.status) else {
            let message =
                object?["message"] as? String ?? String(decoding: r.body.prefix(200), as: UTF8.self)
            throw TrackingError.server(url: base, status: r.status, message: message)
        }
        guard let object else {
            throw TrackingError.server(url: base, status: r.status, message: "the answer is not a JSON object")
        }
        return object
    }

    static func query(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?/")
        return "?"
            + pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }.joined(
                separator: "&")
    }
}
