import Foundation
import Testing

@testable import RecshModels

/// Fits that diverge, inverses that are interrupted, restored arrays that are out of range.
@Suite("Model robustness")
struct RobustnessTests {
    /// A small dense SPD matrix A = MᵀM + n I, column-major.
    static func spd(_ n: Int) -> [Float] {
        var rng = SeededGenerator(seed: 7)
        let m = (0..<(n * n)).map { _ in Float.random(in: -1..<1, using: &rng) }
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s: Float = 0
                for k in 0..<n { s += m[k * n + i] * m[k * n + j] }
                a[i + j * n] = s + (i == j ? Float(n) : 0)
            }
        }
        return a
    }

    @Test(arguments: [5, 300])
    func blockedInverseTimesTheMatrixIsTheIdentity(_ n: Int) throws {
        let a = Self.spd(n)
        var inverse = a
        try inverse.withUnsafeMutableBufferPointer {
            try SymmetricInverse.invert($0.baseAddress!, n: n, isCancelled: { false })
        }
        // the lower triangle holds the inverse; mirror it
        for j in 0..<n { for i in 0..<j { inverse[i + j * n] = inverse[j + i * n] } }
        var worst: Float = 0
        for i in 0..<n {
            for j in 0..<n {
                var s: Float = 0
                for k in 0..<n { s += a[i + k * n] * inverse[k + j * n] }
                worst = max(worst, abs(s - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-3, "largest deviation from the identity: \(worst)")
    }

    @Test func aCancelledInverseStopsBetweenBlocks() {
        let n = 520  // three blocks of columns
        var a = Self.spd(n)
        let calls = Counter()
        #expect(throws: ModelError.cancelled) {
            try a.withUnsafeMutableBufferPointer { p in
                try SymmetricInverse.invert(p.baseAddress!, n: n, isCancelled: { calls.next() > 1 })
            }
        }
        #expect(calls.value == 2)
    }

    @Test func easeFitObeysCtrlC() {
        let users: [Int32] = (0..<400).flatMap { u in [Int32](repeating: Int32(u), count: 5) }
        let items: [Int32] = (0..<400).flatMap { u in (0..<5).map { Int32((u * 7 + $0 * 13) % 600) } }
        let data = TrainingData(positives: InteractionMatrix(users: users, items: items))
        let control = FitControl(isCancelled: { true })
        #expect(throws: ModelError.cancelled) { try EASEModel(data: data, lambda: 100, control: control) }
    }

    static func ratings() -> TrainingData {
        var users: [Int32] = []
        var items: [Int32] = []
        var ratings: [Float] = []
        for u in 0..<50 {
            for i in 0..<30 where (u + i) % 3 == 0 {
                users.append(Int32(u))
                items.append(Int32(i))
                ratings.append(Float(1 + (u * i) % 5))
            }
        }
        let positives = InteractionMatrix(users: users, items: items)
        return TrainingData(
            positives: positives, explicit: ExplicitRatings(users: users, items: items, ratings: ratings, scale: 1...5))
    }

    @Test func aDivergingSVDFailsWithTheLikelyCause() {
        #expect {
            try SVDModel(data: Self.ratings(), factors: 8, epochs: 20, lr: 1e10)
        } throws: { error in
            "\(error)".hasPrefix("svd diverged: its factors are not finite numbers (lr=1e+10 is probably too large")
        }
    }

    @Test func aDivergingALSFailsWithTheLikelyCause() {
        #expect {
            try ALSModel(data: Self.ratings(), factors: 8, reg: 0.05, alpha: 1e30, iterations: 3)
        } throws: { error in
            "\(error)".hasPrefix("als diverged: its factors are not finite numbers (alpha=1e+30")
        }
    }

    @Test func restoredContentVectorsAreChecked() {
        let keys = ["a", "b"]
        let names = ["a", "b"]
        let weights: [Float] = [1, 1]
        #expect(throws: ModelError.badArray(name: "doc_start", problem: "it decreases at position 2 (2 then 1)")) {
            try TFIDFModel(
                restoring: FieldWeights(), start: [0, 2, 1, 3], terms: [0, 1, 0], values: [1, 1, 1], keys: keys,
                names: names, termWeights: weights)
        }
        #expect(throws: ModelError.badArray(name: "terms", problem: "value 9 at position 1 is not an index below 2")) {
            try TFIDFModel(
                restoring: FieldWeights(), start: [0, 2], terms: [0, 9], values: [1, 1], keys: keys, names: names,
                termWeights: weights)
        }
    }
}

/// Counts calls from a closure the inverse calls synchronously.
final class Counter: @unchecked Sendable {  // used from one thread at a time within a test
    private(set) var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}
