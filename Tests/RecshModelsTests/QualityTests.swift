import Foundation
import RecshData
import Testing

@testable import RecshModels

/// Quality bars of the models issue, on I2 test runs of the real datasets.
@Suite("Model quality against the peers (I2, E1)", .serialized)
struct QualityTests {
    static func i2(_ d: Dataset) -> RankingTask { RankingTask(RankingSplit.i2(d.ratings).test) }

    @Test(
        "EASE lambda=100 equals the numpy peer on I2: NDCG@10 0.1438 (ml-100k), 0.1082 (ml-latest-small)",
        arguments: [("ml-100k", 0.1438), ("ml-latest-small", 0.1082)])
    func ease(name: String, peer: Double) throws {
        let task = Self.i2(name == "ml-100k" ? Data.ml100k : Data.small)
        let m = try EASEModel(data: TrainingData(positives: task.fit), lambda: 100)
        let metrics = try task.evaluate(m, threads: 2)
        print(
            "EASE \(name) I2 NDCG@10 \(metrics.ndcg[10]!) P@10 \(metrics.precision[10]!) MRR \(metrics.mrr) cov@20 \(metrics.coverage[20]!)"
        )
        #expect(abs(metrics.ndcg[10]! - peer) < 0.00051, "NDCG@10 \(metrics.ndcg[10]!)")
    }

    @Test(
        "ALS at the peers' fixed configuration is within 2% of implicit's NDCG@10",
        arguments: [("ml-100k", 0.1244), ("ml-latest-small", 0.0828)])
    func als(name: String, peer: Double) throws {
        let task = Self.i2(name == "ml-100k" ? Data.ml100k : Data.small)
        let m = try ALSModel(data: TrainingData(positives: task.fit), factors: 64, reg: 0.05, alpha: 10, iterations: 15)
        let metrics = try task.evaluate(m, threads: 2)
        print("ALS \(name) I2 NDCG@10 \(metrics.ndcg[10]!)")
        #expect(metrics.ndcg[10]! >= peer * 0.98, "NDCG@10 \(metrics.ndcg[10]!)")
    }

    @Test(
        "ItemKNN and MostPopular land where the peers do",
        arguments: [("ml-100k", 0.1225, 0.0760), ("ml-latest-small", 0.0915, 0.0651)])
    func knnAndPopular(name: String, knnPeer: Double, popPeer: Double) throws {
        let task = Self.i2(name == "ml-100k" ? Data.ml100k : Data.small)
        let knn = try task.evaluate(ItemKNNModel(data: TrainingData(positives: task.fit), k: 100), threads: 2)
        let pop = try task.evaluate(PopularModel(data: TrainingData(positives: task.fit)), threads: 2)
        print("KNN \(name) \(knn.ndcg[10]!) POP \(pop.ndcg[10]!)")
        #expect(abs(pop.ndcg[10]! - popPeer) < 0.00051, "popular NDCG@10 \(pop.ndcg[10]!)")
        #expect(abs(knn.ndcg[10]! - knnPeer) < 0.01, "knn NDCG@10 \(knn.ndcg[10]!)")
    }
}

@Suite("Reasons: the liked film closest to each recommendation")
struct ClosestLikedTests {
    /// The definition, pair by pair, that each model's faster `closestLiked` must equal.
    static func byPairs(_ m: any Recommender, _ items: [Int], _ liked: [Int]) -> [Int?] {
        items.map { item in
            var best: Int?
            var bestScore: Float = 0
            for j in liked where m.similarity(item, j) > bestScore {
                bestScore = m.similarity(item, j)
                best = j
            }
            return best
        }
    }

    @Test("ItemKNN's neighbour-list scan gives the pair-by-pair answer, ties to the first liked")
    func knn() throws {
        let task = QualityTests.i2(Data.ml100k)
        let m = try ItemKNNModel(data: TrainingData(positives: task.fit), k: 20)
        let X = m.data.positives
        var compared = 0
        var found = 0
        for u in stride(from: 0, to: X.rows, by: 37) {
            let liked = X.row(u).map { Int(X.columns[$0]) }
            // a liked item listed twice, and items the user liked as well as others
            let items = Array(0..<m.data.items).filter { $0 % 53 == u % 53 } + liked.prefix(3)
            let fast = m.closestLiked(to: items, among: liked + liked.prefix(2))
            #expect(fast == Self.byPairs(m, items, liked + liked.prefix(2)))
            compared += items.count
            found += fast.compactMap { $0 }.count
        }
        #expect(compared > 300 && found > compared / 4, "\(found) of \(compared) items have a closest liked item")
    }
}
