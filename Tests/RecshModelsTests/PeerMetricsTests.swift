import Foundation
import RecshData
import Testing

@testable import RecshModels

/// The metric definitions agree with the peer script's to 1e-6: same split, same scores.
@Suite("Metrics agree with shared/peers/results to 1e-6")
struct PeerMetricsTests {
    static func peerMetrics(_ file: String, model: String, params: [String: Double] = [:]) throws -> [String: Double] {
        let path = (Data.datasets as NSString).deletingLastPathComponent + "/peers/results/" + file
        let json =
            try JSONSerialization.jsonObject(with: Foundation.Data(contentsOf: URL(fileURLWithPath: path)))
            as! [String: Any]
        let runs = (json["test"] as! [String: Any])[model] as! [[String: Any]]
        let run = runs.first { r in
            let p = r["params"] as? [String: Any] ?? [:]
            return params.allSatisfy { (p[$0.key] as? Double) == $0.value }
        }!
        return (run["metrics"] as! [String: Any]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    static func ours(_ m: RankingMetrics) -> [String: Double] {
        var out: [String: Double] = ["MRR": m.mrr, "NDCG@10_stderr": m.ndcg10StandardError]
        for k in RankingTask.ks {
            out["P@\(k)"] = m.precision[k]
            out["R@\(k)"] = m.recall[k]
            out["NDCG@\(k)"] = m.ndcg[k]
            out["HR@\(k)"] = m.hitRate[k]
        }
        for k in RankingTask.coverageKs { out["coverage@\(k)"] = m.coverage[k] }
        return out
    }

    @Test("MostPopular, I2 test run, every metric", arguments: ["ml-100k", "ml-latest-small"])
    func mostPopular(name: String) throws {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let task = RankingTask(RankingSplit.i2(d.ratings).test)
        let ours = Self.ours(try task.evaluate(PopularModel(data: TrainingData(positives: task.fit)), threads: 2))
        let peer = try Self.peerMetrics("i2_implicit_\(name).json", model: "MostPopular")
        for (key, value) in ours { #expect(abs(value - peer[key]!) < 1e-6, "\(key): \(value) vs \(peer[key]!)") }
    }

    @Test("EASE lambda=100, I1 and I2 test runs, every metric", arguments: ["i1", "i2"])
    func ease(protocolName: String) throws {
        let split = protocolName == "i1" ? RankingSplit.i1(Data.ml100k.ratings) : RankingSplit.i2(Data.ml100k.ratings)
        let task = RankingTask(split.test)
        let ours = Self.ours(
            try task.evaluate(EASEModel(data: TrainingData(positives: task.fit), lambda: 100), threads: 2))
        let peer = try Self.peerMetrics("\(protocolName)_implicit_ml-100k.json", model: "EASE", params: ["lam": 100])
        for (key, value) in ours { #expect(abs(value - peer[key]!) < 1e-6, "\(key): \(value) vs \(peer[key]!)") }
    }
}
