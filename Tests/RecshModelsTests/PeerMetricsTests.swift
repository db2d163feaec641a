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

    /// N1, next item: the peers' MostPopular and EASE at their tuned lambda to 1e-6, and implicit's
    /// CosineRecommender, whose K counts the film itself (so K = 20 is recsh's k = 19): its
    /// neighbour lists break ties at the K-th place its own way, which moves a user or two.
    @Test(
        "N1 test run: MostPopular, EASE and ItemKNN, every metric",
        arguments: [("ml-100k", 250.0, 20), ("ml-latest-small", 100.0, 50)])
    func nextItem(name: String, lambda: Double, neighbours: Int) throws {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let task = RankingTask(RankingSplit.n1(d.ratings).test)
        let data = TrainingData(positives: task.fit)
        let file = "n1_implicit_\(name).json"
        let models: [(String, any Recommender, [String: Double])] = [
            ("MostPopular", try PopularModel(data: data), [:]),
            ("EASE", try EASEModel(data: data, lambda: Float(lambda)), ["lam": lambda]),
            ("ItemKNN", try ItemKNNModel(data: data, k: neighbours - 1), ["K": Double(neighbours)]),
        ]
        for (model, recommender, params) in models {
            let ours = Self.ours(try task.evaluate(recommender, threads: 2))
            let peer = try Self.peerMetrics(file, model: model, params: params)
            for (key, value) in ours where model != "ItemKNN" || ["NDCG@10", "HR@10", "MRR"].contains(key) {
                let tolerance = model == "ItemKNN" ? 0.002 : 1e-6
                #expect(abs(value - peer[key]!) < tolerance, "\(model) \(key): \(value) vs \(peer[key]!)")
            }
        }
    }
}
