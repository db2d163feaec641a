/// What can go wrong with a tracking store, in words a user can act on.
public enum TrackingError: Error, CustomStringConvertible, Equatable {
    /// The folder exists but is not an MLflow store.
    case notAStore(path: String, reason: String)
    /// A file of the store cannot be read: half-written, or written by something else.
    case malformed(file: String, line: Int?, reason: String)
    /// The tracking server did not answer.
    case unreachable(url: String, reason: String)
    /// The tracking server answered with an error.
    case server(url: String, status: Int, message: String)
    case unknownRun(String)
    case unknownModel(String)
    case unknownVersion(name: String, version: Int)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAStore(let path, let reason):
            return
                "\(path) is not an MLflow store (\(reason)); track a new or empty folder, or a store MLflow or recsh wrote"
        case .malformed(let file, let line, let reason):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)"
        case .unreachable(let url, let reason):
            return "the tracking server \(url) is unreachable (\(reason)); is mlflow server running there?"
        case .server(let url, let status, let message):
            return "the tracking server \(url) refused the request (HTTP \(status)): \(message)"
        case .unknownRun(let id): return "no run \(id) in the store; runs lists them"
        case .unknownModel(let name): return "no registered model named '\(name)'; register MODEL as \(name) makes one"
        case .unknownVersion(let name, let version): return "\(name) has no version \(version)"
        case .io(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
