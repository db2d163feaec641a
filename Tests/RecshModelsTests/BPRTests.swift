import Foundation
import RecshData
import Testing

@testable import RecshModels

@Suite("BPR: pairwise matrix factorisation as implicit trains it")
struct BPRTests {
    @Test("One seed, one model; bad parameters are named")
    func deterministic() throws {
        let data = TrainingData(positives: QualityTests.i2(Data.ml100k).fit)
        let a = try BPRModel(data: data, factors: 8, iterations: 3, control: FitControl(seed: 7))
        let b = try BPRModel(data: data, factors: 8, iterations: 3, control: FitControl(seed: 7))
        let c = try BPRModel(data: data, factors: 8, iterations: 3, control: FitControl(seed: 8))
        #expect(a.itemFactors == b.itemFactors && a.userFactors == b.userFactors)
        #expect(a.itemFactors != c.itemFactors)
        #expect(a.userFactors[8] == 1, "the users' bias column holds 1")
        #expect(throws: ModelError.badParameter(name: "lr", value: "-1.0", expected: "a number >= 0")) {
            try BPRModel(data: data, lr: -1)
        }
        let back = try BPRModel(
            restoring: data, factors: 8, lr: 0.01, reg: 0.01, iterations: 3, userFactors: a.userFactors,
            itemFactors: a.itemFactors)
        #expect(back.similarity(3, 5) == a.similarity(3, 5))
    }

    @Test("On I2 ml-100k, library defaults land near implicit's BPR (NDCG@10 0.1208)")
    func quality() throws {
        let task = QualityTests.i2(Data.ml100k)
        let m = try BPRModel(data: TrainingData(positives: task.fit))
        let metrics = try task.evaluate(m, threads: 2)
        print("BPR I2 ml-100k NDCG@10 \(metrics.ndcg[10]!) cov@100 \(metrics.coverage[100]!)")
        #expect(metrics.ndcg[10]! >= 0.1208 * 0.93, "NDCG@10 \(metrics.ndcg[10]!)")
    }

    @Test("implicit's popular negatives push blockbusters down and reach more films; uniform ones tune higher")
    func negatives() throws {
        let task = QualityTests.i2(Data.ml100k)
        let data = TrainingData(positives: task.fit)
        let popular = try task.evaluate(BPRModel(data: data), threads: 2)
        // implicit's BPR at its defaults reaches 0.993 of the films in some top 100; so does this sampler
        #expect(popular.coverage[100]! > 0.95, "coverage@100 \(popular.coverage[100]!)")
        let tuned = try BPRModel(data: data, factors: 128, lr: 0.05, negatives: .uniform)
        #expect(tuned.parameterText == "factors=128 lr=0.05 reg=0.01 iterations=100 negatives=uniform")
        let uniform = try task.evaluate(tuned, threads: 2)
        #expect(uniform.ndcg[10]! > popular.ndcg[10]!, "\(uniform.ndcg[10]!) vs \(popular.ndcg[10]!)")
    }
}
