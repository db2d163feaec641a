import Foundation
import RecshData

/// A model that predicts explicit ratings, for E1.
public protocol RatingPredictor: Recommender {
    /// The predicted rating, clipped to the scale; an unknown user or item (nil) gets the baseline.
    func predict(user: Int?, item: Int?) -> Float
}

/// E1 runs: index spaces built from the train part, RMSE and MAE over the test part.
public struct RatingTask: Sendable {
    public let data: TrainingData
    public let split: E1Split
    let testUsers: [Int?]
    let testItems: [Int?]
    let testRatings: [Float]

    public init(_ r: RatingsTable, scale: ClosedRange<Float>, run: RatingRun = .test) {
        split = E1Split(r, run: run)
        let tu = split.train.map { r.users[$0] }
        let ti = split.train.map { r.items[$0] }
        let tr = split.train.map { r.ratings[$0] }
        let userIds = Array(Set(tu)).sorted()
        let itemIds = Array(Set(ti)).sorted()
        let ui = IdIndex(userIds)
        let ii = IdIndex(itemIds)
        let pos = split.train.filter { r.ratings[$0] >= 4 }
        let positives = InteractionMatrix(
            users: pos.map { r.users[$0] }, items: pos.map { r.items[$0] }, userIds: userIds, itemIds: itemIds)
        let explicit = ExplicitRatings(
            users: tu.map { Int32(ui[$0]!) }, items: ti.map { Int32(ii[$0]!) }, ratings: tr, scale: scale)
        data = TrainingData(positives: positives, explicit: explicit)
        testUsers = split.test.map { ui[r.users[$0]] }
        testItems = split.test.map { ii[r.items[$0]] }
        testRatings = split.test.map { r.ratings[$0] }
    }

    /// RMSE and MAE of `model` on the test part.
    public func evaluate(_ model: any RatingPredictor) -> (rmse: Double, mae: Double, seconds: Double) {
        let started = Date()
        var sq = 0.0
        var abs = 0.0
        for k in testRatings.indices {
            let e = Double(model.predict(user: testUsers[k], item: testItems[k]) - testRatings[k])
            sq += e * e
            abs += Swift.abs(e)
        }
        let n = Double(max(1, testRatings.count))
        return ((sq / n).squareRoot(), abs / n, Date().timeIntervalSince(started))
    }
}
