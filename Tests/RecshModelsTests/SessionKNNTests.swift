import Foundation
import RecshData
import Testing

@testable import RecshModels

@Suite("Session-kNN: films of the users nearest to the latest ones")
struct SessionKNNTests {
    /// Three users watch 0, 1, 2 and three watch 3, 4, 5, each in that order.
    static let data: TrainingData = {
        let sequences: [[Int32]] = [[0, 1, 2], [0, 1, 2], [0, 1, 2], [3, 4, 5], [3, 4, 5], [3, 4, 5]]
        let users = sequences.indices.flatMap { u in [Int32](repeating: Int32(u), count: 3) }
        return TrainingData(
            positives: InteractionMatrix(users: users, items: sequences.flatMap { $0 }), sequences: sequences)
    }()

    static func scores(_ m: SessionKNNModel, _ items: [Int]) -> [Float] {
        var s = [Float](repeating: 0, count: 6)
        s.withUnsafeMutableBufferPointer { m.scores(liking: items, into: $0.baseAddress!) }
        return s
    }

    @Test("the neighbours of the latest films decide; recent= forgets the older ones")
    func neighbours() throws {
        let m = try SessionKNNModel(data: Self.data)
        let s = Self.scores(m, [0])
        #expect(s[1] > 0 && s[2] > 0 && s[3] == 0 && s[4] == 0)
        // with only the last film compared, a history that ends in 3 is a 3-4-5 viewer's
        let last = try SessionKNNModel(data: Self.data, recent: 1)
        let t = Self.scores(last, [0, 3])
        #expect(t[4] > 0 && t[1] == 0)
        // a user is never their own neighbour: k = 2 leaves the two others of the same kind
        let two = try SessionKNNModel(data: Self.data, k: 2)
        var own = [Float](repeating: 0, count: 6)
        own.withUnsafeMutableBufferPointer { two.scores(user: 0, into: $0.baseAddress!) }
        #expect(own[1] > 0 && own[3] == 0)
        #expect(m.parameterText == "k=100 recent=20")
        #expect(abs(m.similarity(0, 1) - 1) < 1e-6 && m.similarity(0, 3) == 0)
    }

    @Test("bad parameters and data without order are named")
    func refusals() {
        #expect(throws: ModelError.badParameter(name: "k", value: "0", expected: "at least 1")) {
            try SessionKNNModel(data: Self.data, k: 0)
        }
        #expect(throws: ModelError.self) { try SessionKNNModel(data: TrainingData(positives: Self.data.positives)) }
    }

    @Test("On N1 it beats popularity by far and stays below SLIST", arguments: ["ml-100k", "ml-latest-small"])
    func quality(name: String) throws {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let task = RankingTask(RankingSplit.n1(d.ratings).test)
        let data = TrainingData(positives: task.fit, sequences: task.sequences)
        let sknn = try task.evaluate(SessionKNNModel(data: data), threads: 2).ndcg[10]!
        let popular = try task.evaluate(PopularModel(data: data), threads: 2).ndcg[10]!
        let slist = try task.evaluate(SLISTModel(data: data), threads: 2).ndcg[10]!
        print("SKNN N1 \(name) NDCG@10 \(sknn)")
        #expect(sknn > 1.5 * popular && sknn < slist)
    }
}
