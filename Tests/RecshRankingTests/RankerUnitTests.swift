import Foundation
import RecshModels
import Testing

@testable import RecshRanking

/// A tiny catalogue: 3 users, 6 films; user 0 liked films 0 and 1.
private func fixture() -> TrainingData {
    let positives = InteractionMatrix(
        users: [1, 1, 2, 2, 2, 3], items: [10, 11, 11, 12, 13, 14], userIds: [1, 2, 3],
        itemIds: [10, 11, 12, 13, 14, 15])
    return TrainingData(positives: positives)
}

@Suite("The ranker's candidates, features and booster on hand-made data")
struct RankerUnitTests {
    @Test("top-k skips seen films, breaks ties by the lower index, and returns fewer when fewer are unseen")
    func topK() {
        let scores: [Float] = [0.9, 0.5, 0.5, 0.7, 0.5, 0.1]
        var scratch = CandidateFeatures.Scratch(items: 6, sources: 1)
        var seen = [Bool](repeating: false, count: 6)
        seen[0] = true
        let top = scores.withUnsafeBufferPointer {
            CandidateFeatures.top($0.baseAddress!, count: 6, k: 3, seen: seen, scratch: &scratch)
        }
        #expect(top == [3, 1, 2])
        seen = [true, true, true, true, false, true]
        let one = scores.withUnsafeBufferPointer {
            CandidateFeatures.top($0.baseAddress!, count: 6, k: 3, seen: seen, scratch: &scratch)
        }
        #expect(one == [4])
    }

    @Test("rows: the union of the sources' lists in first-listed order, ranks past the list are candidates+1")
    func rows() throws {
        let data = fixture()
        let context = RankerContext(
            data: data, users: [0, 0, 1, 1, 1, 2], items: [0, 1, 1, 2, 3, 4],
            times: [0, 86_400, 0, 0, 0, 86_400 * 30], genres: [1, 1, 2, 2, 3, 0],
            years: [1990, 1991, 2000, .nan, 1995, 1980])
        let a = try PopularModel(data: data)
        let features = CandidateFeatures(
            sources: [
                RankerSource(name: "a", role: .trending, model: a), RankerSource(name: "b", role: .community, model: a),
            ], context: context, candidates: 2)
        #expect(features.names.prefix(4) == ["a_score", "a_rank", "a_scaled", "a_listed"])
        #expect(features.width == 8 + 9)
        let s1: [Float] = [0, 0, 0.2, 0.9, 0.4, 0.1]
        let s2: [Float] = [0, 0, 0.8, 0.1, 0.3, 0.7]
        var scratch = CandidateFeatures.Scratch(items: 6, sources: 2)
        let rows = s1.withUnsafeBufferPointer { p1 in
            s2.withUnsafeBufferPointer { p2 in
                features.rows(
                    history: [0, 1], idleDays: 3, scores: [p1.baseAddress!, p2.baseAddress!], scratch: &scratch)
            }
        }
        #expect(rows.items == [3, 4, 2, 5])
        let w = features.width
        // film 3: first in a, not in b's top 2 (rank 3 = candidates + 1)
        #expect(rows.rows[0 * w + 1] == 1 && rows.rows[0 * w + 3] == 1)
        #expect(rows.rows[0 * w + 5] == 3 && rows.rows[0 * w + 7] == 0)
        #expect(rows.leadingSource == [0, 0, 1, 1])
        // the shared features: listed by one source; the user's idle days as given
        #expect(rows.rows[0 * w + 8] == 1)
        #expect(rows.rows[0 * w + w - 1] == 3)
        // films 0 and 1 were seen: the scratch is clean for the next user
        #expect(scratch.seen.allSatisfy { !$0 } && scratch.rank.allSatisfy { $0 == 0 })
    }

    @Test("trending weighs a positive by its age: 30 days old counts 1/e of today's")
    func trending() {
        let data = fixture()
        let c = RankerContext(
            data: data, users: [0, 0, 1, 1, 1, 2], items: [0, 1, 1, 2, 3, 4],
            times: [0, 0, 0, 0, 0, 86_400 * 30], genres: [0, 0, 0, 0, 0, 0], years: [Float](repeating: .nan, count: 6))
        #expect(abs(c.trending[4] - 1) < 1e-6)
        #expect(abs(c.trending[0] - Float(exp(-1.0))) < 1e-6)
        #expect(c.userIdleDays == [30, 30, 0])
        #expect(c.popularity[1] == log1p(2))
    }

    @Test("a booster learns a separable ranking, saves to JSON and loads back with the same scores")
    func booster() throws {
        // 60 groups of eight; a row is relevant when feature 0 is above 0.5, feature 1 is noise
        var state: UInt64 = 7
        func uniform() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        var rows: [Float] = []
        var labels: [Float] = []
        for _ in 0..<(60 * 8) {
            let signal = uniform()
            rows += [signal, uniform()]
            labels.append(signal > 0.5 ? 1 : 0)
        }
        var settings = Booster.Settings()
        settings.rounds = 20
        let b = try Booster.train(
            rows: rows, labels: labels, groups: [UInt32](repeating: 8, count: 60), featureNames: ["signal", "noise"],
            settings: settings)
        let n = labels.count
        var out = [Float](repeating: 0, count: n)
        rows.withUnsafeBufferPointer { r in
            out.withUnsafeMutableBufferPointer { b.predict(r.baseAddress!, count: n, into: $0.baseAddress!) }
        }
        // clear cases (signal 0.1 or more from the boundary) are ordered; the histogram's bins
        // may put rows just either side of 0.5 together
        let signal = stride(from: 0, to: rows.count, by: 2).map { rows[$0] }
        let relevant = out.indices.filter { signal[$0] > 0.6 }.map { out[$0] }
        let other = out.indices.filter { signal[$0] < 0.4 }.map { out[$0] }
        #expect(relevant.min()! > other.max()!)
        let json = try b.json()
        #expect(String(decoding: json, as: UTF8.self).contains("\"feature_names\":[\"signal\",\"noise\"]"))
        let back = try Booster.load(json: json, featureNames: ["signal", "noise"])
        var again = [Float](repeating: 0, count: n)
        rows.withUnsafeBufferPointer { r in
            again.withUnsafeMutableBufferPointer { back.predict(r.baseAddress!, count: n, into: $0.baseAddress!) }
        }
        #expect(again == out)
        let gain = try b.gain()
        #expect(gain.map(\.0) == ["signal", "noise"] && gain[0].1 > gain[1].1)
        #expect(throws: Booster.Failure.self) { try Booster.load(json: json, featureNames: ["one"]) }
        #expect(throws: Booster.Failure.self) {
            try Booster.load(json: Data("{not json".utf8), featureNames: ["a", "b"])
        }
        #expect(throws: Booster.Failure.self) {
            try Booster.train(rows: [], labels: [], groups: [], featureNames: ["a"], settings: settings)
        }
    }
}
