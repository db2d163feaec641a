import Foundation
import RecshData
import Testing

@testable import RecshModels

@Suite("Item-kNN: the cosine, and its asymmetric, shrunk form")
struct ItemKNNTests {
    /// u0 liked {0, 1}, u1 {0, 1, 2}, u2 {1, 2}, u3 {1}: item counts 2, 4, 2; c(0,1) = 2, c(0,2) = 1, c(1,2) = 2.
    static let data = TrainingData(
        positives: InteractionMatrix(users: [0, 0, 1, 1, 1, 2, 2, 3], items: [0, 1, 0, 1, 2, 1, 2, 1]))

    @Test("alpha 0.5 and no shrink is the cosine c / sqrt(n_i n_j)")
    func cosine() throws {
        let m = try ItemKNNModel(data: Self.data)
        #expect(m.similarity(0, 1) == 2 / (Float(2).squareRoot() * Float(4).squareRoot()))
        #expect(m.similarity(0, 2) == 1 / (Float(2).squareRoot() * Float(2).squareRoot()))
        #expect(m.parameterText == "k=100 alpha=0.5 shrink=0")
    }

    @Test("weights are c / (n_i^α n_j^(1−α)) · c / (c + shrink), worked by hand")
    func asymmetric() throws {
        let m = try ItemKNNModel(data: Self.data, alpha: 0.1, shrink: 2)
        func w(_ c: Float, _ ni: Float, _ nj: Float) -> Float {
            c / (pow(ni, 0.1) * pow(nj, 0.9)) * c / (c + 2)
        }
        #expect(abs(m.similarity(0, 1) - w(2, 2, 4)) < 1e-6)
        #expect(abs(m.similarity(0, 2) - w(1, 2, 2)) < 1e-6)
        #expect(abs(m.similarity(1, 0) - w(2, 4, 2)) < 1e-6)
        // item 1 shares twice as many users with item 0 as item 2 does, which outweighs its popularity
        #expect(m.similarity(0, 1) > m.similarity(0, 2))
        // the weight is not symmetric: into the less popular item 0 from 1 weighs more than 0 into 1
        #expect(m.similarity(1, 0) > m.similarity(0, 1))
        #expect(m.parameterText == "k=100 alpha=0.1 shrink=2")
        let (ids, weights) = m.paddedLists()
        let back = try ItemKNNModel(
            restoring: Self.data, k: 100, alpha: 0.1, shrink: 2, neighbours: ids, similarities: weights)
        #expect(back.weights == m.weights && back.neighbours == m.neighbours)
    }

    @Test("bad alpha or shrink is named")
    func badParameters() {
        #expect(throws: ModelError.badParameter(name: "alpha", value: "1.5", expected: "a number from 0 to 1")) {
            try ItemKNNModel(data: Self.data, alpha: 1.5)
        }
        #expect(throws: ModelError.badParameter(name: "shrink", value: "-1.0", expected: "a number >= 0")) {
            try ItemKNNModel(data: Self.data, shrink: -1)
        }
    }
}
