import Foundation
import RecshShell

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `request METHOD PATH [field=value ...] [body=JSON]`: calls the API this session serves and
/// prints the status and the JSON answer, so a transcript can query its own server.
public struct RequestCommand: ShellCommand {
    public let spec: CommandSpec = {
        var s = CommandSpec(
            name: "request", group: .serving, summary: "call the API that serve started: status and JSON answer",
            usage: "request GET|POST PATH [FIELD=VALUE ...] [body=JSON]", arguments: 2...2,
            examples: [
                "request GET /movie/1366/similar", "request POST /recommend user_id=1 k=3",
                "request POST /feedback user_id=1 movie_id=1366 event=like",
                "request POST /similar body=\"{\\\"movie_id\\\": 1366}\"",
            ],
            details: """
                Options other than body= become the fields of the JSON body (numbers, strings, lists as arrays, yes/no as \
                booleans); body= sends its text as it is. GET sends options as the query string.
                """)
        s.checksOptions = false
        return s
    }()

    public init() {}

    public func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        guard let host = ServeCommand.host(of: context.session) else {
            throw ShellError.failed("not serving: serve starts the API first")
        }
        guard let method = call.positionals[0].text?.uppercased(), ["GET", "POST"].contains(method) else {
            throw ShellError.badValue(name: "method", value: call.positionals[0].description, expected: "GET or POST")
        }
        guard let path = call.positionals[1].text, path.hasPrefix("/") else {
            throw ShellError.badValue(
                name: "path", value: call.positionals[1].description,
                expected: "a path starting with /, such as /health")
        }
        var components = URLComponents(string: "http://\(host.address.host):\(host.address.port)")!
        components.path = path
        var request: URLRequest
        let fields = call.options.filter { $0.key != "body" }
        if method == "GET" {
            if !fields.isEmpty {
                components.queryItems = fields.map {
                    URLQueryItem(name: $0.key, value: $0.value.text ?? $0.value.description)
                }
            }
            request = URLRequest(url: components.url!)
        } else {
            request = URLRequest(url: components.url!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if let raw = try call.text("body") {
                request.httpBody = Data(raw.utf8)
            } else {
                request.httpBody = try JSONSerialization.data(
                    withJSONObject: Dictionary(
                        uniqueKeysWithValues: fields.map {
                            ($0.key, Self.json($0.value, asList: Self.listFields.contains($0.key)))
                        }), options: [.sortedKeys])
            }
        }
        request.timeoutInterval = 30
        let (status, data) = try Self.send(request)
        var text = "\(status) \(HTTPURLResponse.localizedString(forStatusCode: status))"
        if let object = try? JSONSerialization.jsonObject(with: data),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        {
            text += "\n" + String(decoding: pretty, as: UTF8.self)
        } else if !data.isEmpty {
            text += "\n" + String(decoding: data, as: UTF8.self)
        }
        return [.text(text, name: "response")]
    }

    /// Fields the API takes as arrays only: `genres=Comedy` is sent as `["Comedy"]`.
    static let listFields: Set<String> = ["genres"]

    /// The JSON form of a shell value: integers stay integers, yes/no become booleans, lists arrays.
    static func json(_ v: Value, asList: Bool = false) -> Any {
        if case .list(let l) = v { return l.map { json($0) } }
        if asList { return [json(v)] }
        if let i = v.integer, !v.description.contains(".") { return i }
        if let t = v.text {
            if t == "yes" || t == "true" { return true }
            if t == "no" || t == "false" { return false }
            if let d = Double(t) { return d }
            return t
        }
        return v.description
    }

    static func send(_ request: URLRequest) throws -> (Int, Data) {
        let done = DispatchSemaphore(value: 0)
        let result = LockedBox<(Int, Data, Error?)>((0, Data(), nil))
        URLSession.shared.dataTask(with: request) { data, response, error in
            result.value = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data(), error)
            done.signal()
        }.resume()
        done.wait()
        let (status, data, error) = result.value
        if let error { throw ShellError.failed("\(request.url!.absoluteString): \(error.localizedDescription)") }
        return (status, data)
    }
}
