import Crypto
import Foundation
import RecshData
import RecshModels
import Synchronization

/// A `train` as an experiment tracker sees it.
public struct TrainedEvent {
    public let model: TrainedModel
    public let dataset: Dataset
}

/// One model's result in an `eval`.
public struct EvaluatedEvent {
    public let model: String
    public let family: ModelFamily
    /// The parameters of the model refitted on the split.
    public let parameterText: String
    public let dataset: Dataset
    /// `i2`, `i1` or `e1`.
    public let protocolName: String
    /// `test` or `validation`.
    public let run: String
    public let splitCounts: [(String, Int)]
    /// Each figure the table shows, by its column title (`NDCG@10`, `RMSE`), plus fit and eval seconds.
    public let metrics: [(String, Double)]
    /// The whole table as CSV.
    public let tableCSV: String
}

/// Told of every train and eval; the lifecycle library tracks them as MLflow runs. A failure to
/// track never fails the command: it comes back as notes to print.
public protocol RunObserver: AnyObject {
    func trained(_ event: TrainedEvent, session: Session) -> [OutputBlock]
    func evaluated(_ events: [EvaluatedEvent], session: Session) -> [OutputBlock]
}

/// The observer every new session gets, installed once by the executable.
public enum RunObservers {
    private static let factory = Mutex<(@Sendable () -> any RunObserver)?>(nil)

    public static func install(_ make: @escaping @Sendable () -> any RunObserver) { factory.withLock { $0 = make } }

    static func make() -> (any RunObserver)? { factory.withLock { $0 }?() }
}

extension Dataset {
    /// sha256 over the ratings columns, so the same data gives the same fingerprint wherever it was read.
    public var fingerprint: String {
        var h = SHA256()
        ratings.users.withUnsafeBytes { h.update(bufferPointer: $0) }
        ratings.items.withUnsafeBytes { h.update(bufferPointer: $0) }
        ratings.ratings.withUnsafeBytes { h.update(bufferPointer: $0) }
        ratings.timestamps.withUnsafeBytes { h.update(bufferPointer: $0) }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
