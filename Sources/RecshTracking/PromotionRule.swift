import Foundation

/// The promotion rule: a candidate replaces Production only when NDCG@10 is at least 1% better
/// (relative) and no secondary metric is more than 5% worse, both evaluated on the same data
/// (fingerprint) and protocol.
public struct PromotionRule: Sendable {
    public var primary = "ndcg_at_10"
    public var minimumGain = 0.01
    public var maximumLoss = 0.05
    public var secondary: [String] =
        ["precision", "recall", "hit_rate"].flatMap { m in [5, 10, 20].map { "\(m)_at_\($0)" } }
        + ["mrr", "coverage_at_20", "coverage_at_100"]

    public init() {}

    /// The evaluation a decision compares: the metrics and what they were measured on.
    public struct Evaluation: Sendable {
        public var version: Int
        public var runID: String
        public var fingerprint: String
        public var protocolName: String
        public var metrics: [String: Double]

        public init(version: Int, runID: String, fingerprint: String, protocolName: String, metrics: [String: Double]) {
            self.version = version
            self.runID = runID
            self.fingerprint = fingerprint
            self.protocolName = protocolName
            self.metrics = metrics
        }
    }

    /// One line of the reasoning.
    public struct Check: Sendable, Codable {
        public var metric: String
        public var candidate: Double
        public var production: Double
        /// (candidate - production) / production.
        public var change: Double
        public var requirement: String
        public var passed: Bool
    }

    public struct Decision: Sendable, Codable {
        public var candidateVersion: Int
        public var productionVersion: Int?
        public var fingerprint: String
        public var protocolName: String
        public var checks: [Check]
        public var promote: Bool
        public var reason: String
    }

    /// Refusals that happen before any metric is compared.
    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case differentData(candidate: String, production: String)
        case differentProtocol(candidate: String, production: String)
        case missingMetric(String, version: Int)

        public var description: String {
            switch self {
            case .differentData(let c, let p):
                return
                    "the candidate was evaluated on data \(c.prefix(12)) and Production on \(p.prefix(12)): evaluate both on the same dataset"
            case .differentProtocol(let c, let p):
                return
                    "the candidate was evaluated under \(c) and Production under \(p): evaluate both under one protocol"
            case .missingMetric(let m, let v):
                return "version \(v) has no \(m) in its evaluation"
            }
        }
    }

    /// Decides; with no Production version the candidate is promoted when it has the primary metric.
    public func decide(candidate c: Evaluation, production p: Evaluation?) throws -> Decision {
        guard let cp = c.metrics[primary] else { throw Refusal.missingMetric(primary, version: c.version) }
        guard let p else {
            return Decision(
                candidateVersion: c.version, productionVersion: nil, fingerprint: c.fingerprint,
                protocolName: c.protocolName, checks: [], promote: true,
                reason: "no Production version yet: the first evaluated version is promoted")
        }
        guard c.fingerprint == p.fingerprint else {
            throw Refusal.differentData(candidate: c.fingerprint, production: p.fingerprint)
        }
        guard c.protocolName == p.protocolName else {
            throw Refusal.differentProtocol(candidate: c.protocolName, production: p.protocolName)
        }
        guard let pp = p.metrics[primary] else { throw Refusal.missingMetric(primary, version: p.version) }
        func change(_ a: Double, _ b: Double) -> Double { b == 0 ? (a == 0 ? 0 : .infinity) : (a - b) / b }
        var checks = [
            Check(
                metric: primary, candidate: cp, production: pp, change: change(cp, pp),
                requirement: String(format: "at least +%.0f%%", minimumGain * 100),
                passed: change(cp, pp) >= minimumGain - 1e-12)
        ]
        for m in secondary {
            guard let a = c.metrics[m], let b = p.metrics[m] else { continue }
            let x = change(a, b)
            checks.append(
                Check(
                    metric: m, candidate: a, production: b, change: x,
                    requirement: String(format: "no worse than -%.0f%%", maximumLoss * 100),
                    passed: x >= -maximumLoss - 1e-12))
        }
        let failed = checks.filter { !$0.passed }.map(\.metric)
        let promote = failed.isEmpty
        let reason =
            promote
            ? "every check passed"
            : "failed: " + failed.joined(separator: ", ")
        return Decision(
            candidateVersion: c.version, productionVersion: p.version, fingerprint: c.fingerprint,
            protocolName: c.protocolName, checks: checks, promote: promote, reason: reason)
    }
}
