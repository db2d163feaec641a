import Foundation

/// A run's state, with MLflow's numbers (the file store writes the integer, REST the name).
public enum RunStatus: Int, Sendable, CaseIterable {
    case running = 1
    case scheduled = 2
    case finished = 3
    case failed = 4
    case killed = 5

    public var name: String {
        switch self {
        case .running: "RUNNING"
        case .scheduled: "SCHEDULED"
        case .finished: "FINISHED"
        case .failed: "FAILED"
        case .killed: "KILLED"
        }
    }

    public init?(name: String) {
        guard let s = Self.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = s
    }
}

/// One value of a metric at a step.
public struct MetricPoint: Sendable, Equatable {
    public var key: String
    public var value: Double
    /// Milliseconds since 1970.
    public var timestamp: Int64
    public var step: Int64

    public init(key: String, value: Double, timestamp: Int64, step: Int64 = 0) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.step = step
    }
}

/// A run as a store returns it: its identity, parameters, latest metrics and tags.
public struct RunRecord: Sendable {
    public var id: String
    public var experimentID: String
    public var name: String
    public var status: RunStatus
    public var startTime: Int64
    public var endTime: Int64?
    public var artifactURI: String
    public var params: [String: String] = [:]
    /// The latest value of each metric.
    public var metrics: [String: Double] = [:]
    public var tags: [String: String] = [:]

    public init(
        id: String, experimentID: String, name: String, status: RunStatus, startTime: Int64, endTime: Int64?,
        artifactURI: String
    ) {
        self.id = id
        self.experimentID = experimentID
        self.name = name
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.artifactURI = artifactURI
    }
}

/// A registry stage. MLflow 3 deprecates stages in favour of aliases; recsh writes both.
public enum Stage: String, Sendable, CaseIterable {
    case none = "None"
    case staging = "Staging"
    case production = "Production"
    case archived = "Archived"

    /// The word users type: `staging`, `production`, `archived`, `none`.
    public init?(word: String) {
        guard let s = Self.allCases.first(where: { $0.rawValue.lowercased() == word.lowercased() }) else { return nil }
        self = s
    }

    /// The alias that mirrors the stage, where there is one.
    public var alias: String? {
        switch self {
        case .staging: "staging"
        case .production: "production"
        case .none, .archived: nil
        }
    }
}

/// One version of a registered model.
public struct ModelVersion: Sendable {
    public var name: String
    public var version: Int
    public var runID: String
    public var source: String
    public var stage: Stage
    public var created: Int64
    public var tags: [String: String] = [:]

    public init(name: String, version: Int, runID: String, source: String, stage: Stage, created: Int64) {
        self.name = name
        self.version = version
        self.runID = runID
        self.source = source
        self.stage = stage
        self.created = created
    }
}

/// A file under a run's artifacts.
public struct ArtifactEntry: Sendable, Equatable {
    public var path: String
    public var isDirectory: Bool
    public var size: Int64?
}

/// Milliseconds since 1970, the unit MLflow stamps everything with.
public enum Clock {
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
