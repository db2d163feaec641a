import Foundation
import RecshData
import Testing

@testable import RecshModels

@Suite("SVD++: Surprise's update rule, in closed form")
struct SVDppTests {
    /// Four users, five films, hand-made ratings on a 1...5 scale.
    static let fixture: TrainingData = {
        let u: [Int32] = [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3]
        let i: [Int32] = [0, 1, 2, 0, 3, 1, 2, 3, 4, 4, 0]
        let r: [Float] = [5, 3, 4, 4, 1, 2, 5, 3, 4, 1, 5]
        let positives = InteractionMatrix(
            users: u, items: i, userIds: [0, 1, 2, 3], itemIds: [0, 1, 2, 3, 4])
        return TrainingData(
            positives: positives, explicit: ExplicitRatings(users: u, items: i, ratings: r, scale: 1...5))
    }()

    /// Surprise's SVDpp.sgd as written: the implicit sum recomputed and every y_j stepped per rating.
    static func naive(_ t: SVDppTraining, epochs: Int, lr: Float, reg: Float) -> SVDppTraining {
        var t = t
        let k = t.stride
        let e = t.ratings
        for _ in 0..<epochs {
            for u in 0..<(t.userStart.count - 1) {
                let rated = (t.userStart[u]..<t.userStart[u + 1]).map { Int(e.items[Int(t.order[$0])]) }
                let norm = 1 / Float(rated.count).squareRoot()
                for slot in t.userStart[u]..<t.userStart[u + 1] {
                    let j = Int(t.order[slot])
                    let i = Int(e.items[j])
                    var z = [Float](repeating: 0, count: k)
                    for n in rated { for f in 0..<k { z[f] += t.y[n * k + f] * norm } }
                    var dot: Float = 0
                    for f in 0..<k { dot += t.q[i * k + f] * (t.p[u * k + f] + z[f]) }
                    let err = e.ratings[j] - (e.mean + t.bu[u] + t.bi[i] + dot)
                    t.bu[u] += lr * (err - reg * t.bu[u])
                    t.bi[i] += lr * (err - reg * t.bi[i])
                    for f in 0..<k {
                        let (pf, qf) = (t.p[u * k + f], t.q[i * k + f])
                        t.p[u * k + f] += lr * (err * qf - reg * pf)
                        t.q[i * k + f] += lr * (err * (pf + z[f]) - reg * qf)
                        for n in rated { t.y[n * k + f] += lr * (err * qf * norm - reg * t.y[n * k + f]) }
                    }
                }
            }
        }
        return t
    }

    @Test("The closed-form pass equals Surprise's per-rating updates on a hand-made fixture")
    func exact() throws {
        let data = Self.fixture
        var start = SVDppTraining(ratings: data.explicit!, users: 4, items: 5, factors: 3, stride: 8)
        var rng = SeededGenerator(seed: 3)
        start.randomise(initStd: 0.3, rng: &rng)
        let expected = Self.naive(start, epochs: 5, lr: 0.05, reg: 0.1)
        var fast = start
        try fast.run(epochs: 5, lr: 0.05, reg: 0.1, control: FitControl())
        for (name, a, b) in [
            ("p", fast.p, expected.p), ("q", fast.q, expected.q), ("y", fast.y, expected.y),
            ("bu", fast.bu, expected.bu), ("bi", fast.bi, expected.bi),
        ] {
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-5, "\(name) differs by \(worst)")
        }
        #expect(start.y[3 * 8 + 7] == 0 && fast.y[3 * 8 + 7] == 0, "the SIMD padding stays zero")
    }

    @Test("A restored model scores as the trained one; bad parameters and arrays are named")
    func restore() throws {
        let data = Self.fixture
        let m = try SVDppModel(data: data, factors: 3, epochs: 10)
        let strip = { (a: [Float], rows: Int) in trimmed(a, rows: rows, factors: 3, stride: m.stride) }
        let back = try SVDppModel(
            restoring: TrainingData(positives: data.positives), factors: 3, epochs: 10, lr: m.lr, reg: m.reg,
            mean: m.mean, userVectors: strip(m.userVectors, 4), itemFactors: strip(m.itemFactors, 5),
            implicitFactors: strip(m.implicitFactors, 5), userBias: m.userBias, itemBias: m.itemBias)
        var a = [Float](repeating: 0, count: 5)
        var b = a
        m.scores(user: 2, into: &a)
        back.scores(user: 2, into: &b)
        #expect(a == b)
        #expect(back.predict(user: 1, item: 2) == m.predict(user: 1, item: 2))
        #expect(throws: ModelError.badParameter(name: "lr", value: "0.0", expected: "a positive number")) {
            try SVDppModel(data: data, lr: 0)
        }
        #expect(throws: ModelError.needsExplicitRatings("svdpp")) {
            try SVDppModel(data: TrainingData(positives: data.positives))
        }
        #expect(throws: ModelError.self) {
            try SVDppModel(
                restoring: data, factors: 3, epochs: 1, lr: 0.007, reg: 0.02, mean: 3, userVectors: [1],
                itemFactors: [], implicitFactors: [], userBias: [], itemBias: [])
        }
    }

    @Test(
        "With Surprise's defaults, svdpp is at or below Surprise SVDpp's RMSE",
        arguments: [("ml-100k", 0.9239), ("ml-latest-small", 0.8655)])
    func quality(name: String, surprise: Double) throws {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let task = RatingTask(d.ratings, scale: d.ratingScale)
        let r = task.evaluate(try SVDppModel(data: task.data))
        print("SVDpp defaults \(name) RMSE \(r.rmse) MAE \(r.mae)")
        #expect(r.rmse <= surprise + 0.002, "RMSE \(r.rmse)")
    }
}
