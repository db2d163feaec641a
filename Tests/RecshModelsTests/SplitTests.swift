import Foundation
import RecshData
import Testing

@testable import RecshModels

enum Data {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var datasets: String {
        ProcessInfo.processInfo.environment["RECSH_SHARED_DATASETS"]
            ?? root.deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    }
    static let ml100k = try! MovieLensLoader.load(path: datasets + "/ml-100k", name: "ml-100k")
    static let small = try! MovieLensLoader.load(path: datasets + "/ml-latest-small", name: "ml-latest-small")
}

/// Split counts equal the peers' (shared/peers/README.md and results/*.json) to the row.
@Suite("Protocol splits match the peers' counts")
struct SplitTests {
    @Test("splitmix64(0) is the published first output")
    func hash() {
        #expect(splitmix64(0) == 0xE220_A839_7B1D_CDAF)
    }

    @Test("E1 on ml-100k: train 80,205, test 19,795, 32 unknown pairs (all items)")
    func e1ml100k() {
        let s = E1Split(Data.ml100k.ratings)
        #expect(s.train.count == 80_205)
        #expect(s.test.count == 19_795)
        #expect(s.unknownPairs == 32 && s.unknownUsers == 0 && s.unknownItems == 32)
    }

    @Test("E1 on ml-latest-small: train 80,750, test 20,086, 859 unknown pairs")
    func e1small() {
        let s = E1Split(Data.small.ratings)
        #expect(s.train.count == 80_750)
        #expect(s.test.count == 20_086)
        #expect(s.unknownPairs == 859 && s.unknownUsers == 0)
    }

    @Test(
        "I1 counts",
        arguments: [
            ("ml-100k", 53_164, 938, 824, 37_214, 7_975, 7_975, 104, 74),
            ("ml-latest-small", 36_116, 597, 1_182, 25_281, 5_417, 5_418, 19, 30),
        ])
    func i1(
        name: String, positives: Int, users: Int, items: Int, train: Int, validation: Int, test: Int, valUsers: Int,
        testUsers: Int
    ) {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let s = RankingSplit.i1(d.ratings)
        #expect(s.positives == positives && s.users == users && s.items == items)
        #expect(s.trainCount == train && s.validationCount == validation && s.testCount == test)
        #expect(RankingTask(s.validation).evaluatedUsers.count == valUsers)
        #expect(RankingTask(s.test).evaluatedUsers.count == testUsers)
    }

    @Test(
        "I2 counts",
        arguments: [
            ("ml-100k", 53_164, 938, 824, 42_901, 8_205, 10_263, 8_194, 821, 824),
            ("ml-latest-small", 36_116, 597, 1_182, 29_128, 5_601, 6_988, 5_596, 1_181, 1_182),
        ])
    func i2(
        name: String, positives: Int, users: Int, items: Int, train: Int, validation: Int, test: Int, valGT: Int,
        valItems: Int, testItems: Int
    ) {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let s = RankingSplit.i2(d.ratings)
        #expect(s.positives == positives && s.users == users && s.items == items)
        #expect(s.trainCount == train && s.validationCount == validation && s.testCount == test)
        #expect(s.validation.fitUsers.count == train - validation)
        let v = RankingTask(s.validation)
        let t = RankingTask(s.test)
        #expect(v.groundTruthPairs == valGT)
        #expect(v.fit.cols == valItems && t.fit.cols == testItems)
        #expect(v.evaluatedUsers.count == users && t.evaluatedUsers.count == users)
    }

    @Test(
        "N1 counts, as shared/peers/protocol.py prints them",
        arguments: [
            ("ml-100k", 53_164, 938, 824, 51_288, 52_226, 310),
            ("ml-latest-small", 36_116, 597, 1_182, 34_922, 35_519, 61),
        ])
    func n1(name: String, positives: Int, users: Int, items: Int, validationFit: Int, testFit: Int, sameSecond: Int) {
        let d = name == "ml-100k" ? Data.ml100k : Data.small
        let s = RankingSplit.n1(d.ratings)
        #expect(s.positives == positives && s.users == users && s.items == items)
        #expect(s.validation.fitUsers.count == validationFit && s.test.fitUsers.count == testFit)
        #expect(s.validationCount == users && s.testCount == users)
        #expect(s.lastTwoSameSecond == sameSecond)
        // each user's fit positives stay in time order, the validation item last in the test run's fit
        var lastFit: [Int32: Int32] = [:]
        for (u, i) in zip(s.test.fitUsers, s.test.fitItems) { lastFit[u] = i }
        #expect(zip(s.validation.evalUsers, s.validation.evalItems).allSatisfy { lastFit[$0] == $1 })
        let t = RankingTask(s.test)
        #expect(t.evaluatedUsers.count == users && t.groundTruthPairs == users)
    }
}
