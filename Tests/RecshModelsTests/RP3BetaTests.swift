import Foundation
import RecshData
import Testing

@testable import RecshModels

@Suite("RP3beta: the random walk with its popularity penalty")
struct RP3BetaTests {
    /// u0 liked {0, 1}, u1 {0, 1, 2}, u2 {1, 2}: item degrees 2, 3, 2; user degrees 2, 3, 2.
    static let walk = TrainingData(
        positives: InteractionMatrix(users: [0, 0, 1, 1, 1, 2, 2], items: [0, 1, 0, 1, 2, 1, 2]))

    @Test("weights follow deg(i)^-α · Σ_u deg(u)^-α · deg(j)^-β, worked by hand")
    func byHand() throws {
        let m = try RP3BetaModel(data: Self.walk, k: 10, alpha: 1, beta: 0.5)
        let r2 = Float(2).squareRoot()
        let r3 = Float(3).squareRoot()
        let expected: [(Int, Int, Float)] = [
            (0, 1, 0.5 * (0.5 + 1.0 / 3) / r3), (0, 2, 0.5 * (1.0 / 3) / r2),
            (1, 0, (1.0 / 3) * (0.5 + 1.0 / 3) / r2), (1, 2, (1.0 / 3) * (1.0 / 3 + 0.5) / r2),
            (2, 0, 0.5 * (1.0 / 3) / r2), (2, 1, 0.5 * (1.0 / 3 + 0.5) / r3),
        ]
        for (i, j, w) in expected { #expect(abs(m.similarity(i, j) - w) < 1e-6, "W[\(i)][\(j)]") }
        #expect(m.similarity(0, 0) == 0, "an item is not its own neighbour")
        var scores = [Float](repeating: -1, count: 3)
        scores.withUnsafeMutableBufferPointer { m.scores(user: 0, into: $0.baseAddress!) }
        #expect(abs(scores[2] - (expected[1].2 + expected[3].2)) < 1e-6)
        #expect(m.parameterText == "k=10 alpha=1 beta=0.5")
    }

    @Test("beta discounts popular arrivals; k keeps the strongest neighbours; bad parameters are named")
    func penaltyAndLimits() throws {
        // from item 0, item 1 (two shared users, degree 3) leads item 2 (one, degree 2) with beta 0...
        let flat = try RP3BetaModel(data: Self.walk, k: 10, alpha: 0, beta: 0)
        #expect(flat.similarity(0, 1) == 2 && flat.similarity(0, 2) == 1)
        // ...and a large beta puts the less popular item 2 ahead of item 1 (2/3^4 < 1/2^4)
        let penalised = try RP3BetaModel(data: Self.walk, k: 1, alpha: 0, beta: 4)
        #expect(penalised.similarity(0, 2) > 0 && penalised.similarity(0, 1) == 0, "k=1 keeps one neighbour")
        #expect(throws: ModelError.badParameter(name: "beta", value: "-1.0", expected: "a number >= 0")) {
            try RP3BetaModel(data: Self.walk, beta: -1)
        }
        #expect(throws: ModelError.self) { try RP3BetaModel(data: Self.walk, k: 0) }
    }

    @Test("Exported lists restore to the same model, and damaged ones are refused")
    func restore() throws {
        let m = try RP3BetaModel(data: Self.walk, k: 2)
        let (ids, weights) = m.paddedLists()
        let back = try RP3BetaModel(restoring: Self.walk, k: 2, alpha: 1, beta: 0.6, neighbours: ids, weights: weights)
        #expect(back.neighbours == m.neighbours && back.weights == m.weights && back.start == m.start)
        #expect(throws: ModelError.self) {
            try RP3BetaModel(
                restoring: Self.walk, k: 2, alpha: 1, beta: 0.6, neighbours: [9] + ids.dropFirst(), weights: weights)
        }
    }

    @Test("On I2 ml-100k it ranks with item-kNN and reaches far more of the catalogue")
    func quality() throws {
        let task = QualityTests.i2(Data.ml100k)
        let data = TrainingData(positives: task.fit)
        let rp3 = try task.evaluate(RP3BetaModel(data: data), threads: 2)
        let knn = try task.evaluate(ItemKNNModel(data: data, k: 100), threads: 2)
        print("RP3beta I2 ml-100k NDCG@10 \(rp3.ndcg[10]!) cov@100 \(rp3.coverage[100]!)")
        #expect(rp3.ndcg[10]! > knn.ndcg[10]! - 0.005, "NDCG@10 \(rp3.ndcg[10]!) against knn \(knn.ndcg[10]!)")
        #expect(rp3.coverage[100]! > knn.coverage[100]! + 0.1)
    }
}
