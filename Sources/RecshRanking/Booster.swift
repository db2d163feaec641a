import CXGBoost
import Foundation
import Synchronization

/// A gradient-boosted tree ensemble from XGBoost's C API (Debian's libxgboost-dev 1.7): trained
/// with LambdaMART (`rank:ndcg`) on query groups, saved and loaded as XGBoost's own JSON model.
///
/// `@unchecked Sendable`: the handle is only used under `lock`, so XGBoost never sees two calls
/// on one booster at once, and it is freed once, in deinit, when nothing else can hold it.
public final class Booster: @unchecked Sendable {
    private let handle: BoosterHandle
    private let lock = Mutex(())
    public let featureNames: [String]

    /// What a failing XGBoost call said, with the step that failed.
    public struct Failure: Error, CustomStringConvertible {
        public let step: String
        public let message: String
        public var description: String { "XGBoost could not \(step): \(message)" }
    }

    /// The settings of one LambdaMART fit.
    public struct Settings: Sendable, Equatable {
        public var rounds = 100
        public var depth = 6
        public var eta: Float = 0.1
        /// XGBoost's OpenMP threads: its trees depend on this, not only its speed.
        public var threads = 2
        public var seed = 42
        public init() {}
    }

    static func check(_ rc: Int32, _ step: String) throws {
        guard rc == 0 else { throw Failure(step: step, message: String(cString: XGBGetLastError())) }
    }

    private init(handle: BoosterHandle, featureNames: [String]) {
        self.handle = handle
        self.featureNames = featureNames
    }

    deinit { XGBoosterFree(handle) }

    /// Trains on `rows` (row-major, rows x featureNames.count) with 0/1 `labels`; `groups` are
    /// the sizes of consecutive query groups (one per user), which LambdaMART ranks within.
    public static func train(
        rows: [Float], labels: [Float], groups: [UInt32], featureNames: [String], settings: Settings,
        isCancelled: () -> Bool = { false }
    ) throws -> Booster {
        let width = featureNames.count
        let n = rows.count / max(1, width)
        guard n == labels.count, n == groups.reduce(0, { $0 + Int($1) }), n > 0 else {
            throw Failure(step: "train", message: "no candidate rows to learn from")
        }
        var matrix: DMatrixHandle?
        try check(
            rows.withUnsafeBufferPointer {
                XGDMatrixCreateFromMat_omp($0.baseAddress, bst_ulong(n), bst_ulong(width), .nan, &matrix, 1)
            }, "build the training matrix")
        defer { XGDMatrixFree(matrix) }
        try check(
            labels.withUnsafeBufferPointer { XGDMatrixSetFloatInfo(matrix, "label", $0.baseAddress, bst_ulong(n)) },
            "set the labels")
        try check(
            groups.withUnsafeBufferPointer {
                XGDMatrixSetUIntInfo(matrix, "group", $0.baseAddress, bst_ulong(groups.count))
            }, "set the query groups")
        // named columns, so the saved model describes itself to any XGBoost that reads it
        var cNames = featureNames.map { strdup($0) }
        defer { for p in cNames { free(p) } }
        try check(
            cNames.withUnsafeMutableBufferPointer { p in
                p.withMemoryRebound(to: UnsafePointer<CChar>?.self) {
                    XGDMatrixSetStrFeatureInfo(matrix, "feature_name", $0.baseAddress, bst_ulong(width))
                }
            }, "name the features")
        var handle: BoosterHandle?
        var inputs: [DMatrixHandle?] = [matrix]
        try check(XGBoosterCreate(&inputs, 1, &handle), "create a booster")
        let booster = Booster(handle: handle!, featureNames: featureNames)
        try check(
            cNames.withUnsafeMutableBufferPointer { p in
                p.withMemoryRebound(to: UnsafePointer<CChar>?.self) {
                    XGBoosterSetStrFeatureInfo(handle, "feature_name", $0.baseAddress, bst_ulong(width))
                }
            }, "name the booster's features")
        let params: [(String, String)] = [
            ("objective", "rank:ndcg"), ("eval_metric", "ndcg@10"), ("tree_method", "hist"),
            ("max_depth", String(settings.depth)), ("eta", String(settings.eta)),
            ("nthread", String(settings.threads)), ("seed", String(settings.seed)), ("verbosity", "0"),
        ]
        for (k, v) in params { try check(XGBoosterSetParam(handle, k, v), "set \(k)=\(v)") }
        for round in 0..<settings.rounds {
            if isCancelled() { throw CancellationError() }
            try check(XGBoosterUpdateOneIter(handle, Int32(round), matrix), "boost round \(round + 1)")
        }
        try booster.probe()
        return booster
    }

    /// Loads a model that `json` (XGBoost's JSON format) holds.
    public static func load(json: Data, featureNames: [String]) throws -> Booster {
        var handle: BoosterHandle?
        try check(XGBoosterCreate(nil, 0, &handle), "create a booster")
        let booster = Booster(handle: handle!, featureNames: featureNames)
        try check(
            json.withUnsafeBytes { XGBoosterLoadModelFromBuffer(handle, $0.baseAddress, bst_ulong(json.count)) },
            "read the model file")
        var features: bst_ulong = 0
        try check(XGBoosterGetNumFeature(handle, &features), "count the model's features")
        guard Int(features) == featureNames.count else {
            throw Failure(
                step: "read the model file",
                message: "it has \(features) features, the feature list \(featureNames.count)")
        }
        try booster.probe()
        return booster
    }

    /// One prediction through the path `predict` takes, so that a failure surfaces as an error
    /// when the booster is made rather than as silent zeros when it ranks.
    func probe() throws {
        let row = [Float](repeating: .nan, count: featureNames.count)
        try lock.withLock { _ in
            try row.withUnsafeBufferPointer { r in
                var shape: UnsafePointer<bst_ulong>?
                var dim: bst_ulong = 0
                var result: UnsafePointer<Float>?
                try Self.check(
                    XGBoosterPredictFromDense(
                        handle, Self.interface(r.baseAddress!, count: 1, width: featureNames.count), Self.predictConfig,
                        nil, &shape, &dim, &result), "predict")
            }
        }
    }

    /// XGBoost's array interface for row-major float32 rows, read in place.
    static func interface(_ rows: UnsafePointer<Float>, count: Int, width: Int) -> String {
        "{\"data\": [\(UInt(bitPattern: rows)), true], \"shape\": [\(count), \(width)], \"typestr\": \"<f4\", \"version\": 3}"
    }

    static let predictConfig =
        "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, \"missing\": NaN, \"cache_id\": 0}"

    /// Scores of `count` rows (row-major, count x featureNames.count), into `out`.
    public func predict(_ rows: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        guard count > 0 else { return }
        let width = featureNames.count
        lock.withLock { _ in
            // the array-interface form of XGBoost's in-place prediction: no DMatrix copy
            let interface = Self.interface(rows, count: count, width: width)
            let config = Self.predictConfig
            var shape: UnsafePointer<bst_ulong>?
            var dim: bst_ulong = 0
            var result: UnsafePointer<Float>?
            let rc = XGBoosterPredictFromDense(handle, interface, config, nil, &shape, &dim, &result)
            if rc == 0, let result {
                out.update(from: result, count: count)
            } else {
                out.update(repeating: 0, count: count)
            }
        }
    }

    /// The model as XGBoost's JSON document.
    public func json() throws -> Data {
        try lock.withLock { _ in
            var length: bst_ulong = 0
            var bytes: UnsafePointer<CChar>?
            try Self.check(
                XGBoosterSaveModelToBuffer(handle, "{\"format\": \"json\"}", &length, &bytes), "save the model")
            return Data(bytes: bytes!, count: Int(length))
        }
    }

    /// Each feature's average gain over the splits that use it; features never split on are 0.
    public func gain() throws -> [(String, Double)] {
        try lock.withLock { _ in
            var count: bst_ulong = 0
            var names: UnsafeMutablePointer<UnsafePointer<CChar>?>?
            var dim: bst_ulong = 0
            var shape: UnsafePointer<bst_ulong>?
            var scores: UnsafePointer<Float>?
            try Self.check(
                XGBoosterFeatureScore(handle, "{\"importance_type\": \"gain\"}", &count, &names, &dim, &shape, &scores),
                "read the feature importances")
            var byName: [String: Double] = [:]
            for k in 0..<Int(count) {
                // unnamed features come back as f0, f1, ... in column order
                let raw = String(cString: names![k]!)
                let name = raw.first == "f" ? Int(raw.dropFirst()).map { featureNames[$0] } ?? raw : raw
                byName[name] = Double(scores![k])
            }
            return featureNames.map { ($0, byName[$0] ?? 0) }
        }
    }
}
