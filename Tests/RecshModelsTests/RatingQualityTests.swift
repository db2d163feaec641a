import Foundation
import RecshData
import Testing

@testable import RecshModels

@Suite("E1: rating prediction against Surprise", .serialized)
struct RatingQualityTests {
    @Test(
        "svd with Surprise's defaults is at or below Surprise SVD's RMSE",
        arguments: [("ml-100k", 0.9395), ("ml-latest-small", 0.8781)])
    func svdDefaults(name: String, surprise: Double) throws {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let task = RatingTask(d.ratings, scale: d.ratingScale)
        let m = try SVDModel(data: task.data)
        let r = task.evaluate(m)
        print("SVD defaults \(name) RMSE \(r.rmse) MAE \(r.mae)")
        #expect(r.rmse <= surprise + 0.002, "RMSE \(r.rmse)")
    }
}

@Suite("E1: the best recsh explicit model")
struct BestRatingModelTests {
    @Test("svd factors=200 epochs=80 reg=0.1 beats every peer on ml-100k (below 0.915; KNNBaseline 0.9199)")
    func tunedML100k() throws {
        let task = RatingTask(Data.ml100k.ratings, scale: Data.ml100k.ratingScale)
        let r = task.evaluate(try SVDModel(data: task.data, factors: 200, epochs: 80, lr: 0.005, reg: 0.1))
        print("SVD tuned ml-100k RMSE \(r.rmse)")
        #expect(r.rmse < 0.915)
    }
}

@Suite("E1: the best recsh explicit model on ml-latest-small")
struct BestRatingModelSmallTests {
    @Test("svd factors=300 epochs=200 lr=0.003 reg=0.1 is below 0.850 (KNNBaseline 0.8507)")
    func tunedSmall() throws {
        let task = RatingTask(Data.small.ratings, scale: Data.small.ratingScale)
        let r = task.evaluate(try SVDModel(data: task.data, factors: 300, epochs: 200, lr: 0.003, reg: 0.1))
        print("SVD tuned ml-latest-small RMSE \(r.rmse)")
        #expect(r.rmse < 0.850)
    }
}
