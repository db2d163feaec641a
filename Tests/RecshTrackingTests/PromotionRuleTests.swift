import Testing

@testable import RecshTracking

@Suite("The promotion rule")
struct PromotionRuleTests {
    func eval(_ v: Int, ndcg: Double, precision: Double = 0.1, data: String = "d1", protocolName: String = "i2 test")
        -> PromotionRule.Evaluation
    {
        PromotionRule.Evaluation(
            version: v, runID: "r\(v)", fingerprint: data, protocolName: protocolName,
            metrics: ["ndcg_at_10": ndcg, "precision_at_5": precision, "mrr": 0.2])
    }

    @Test("NDCG@10 at least 1% better and nothing 5% worse passes")
    func passes() throws {
        let d = try PromotionRule().decide(candidate: eval(2, ndcg: 0.101), production: eval(1, ndcg: 0.1))
        #expect(d.promote)
        #expect(d.checks.map(\.metric) == ["ndcg_at_10", "precision_at_5", "mrr"])
    }

    @Test("less than 1% better on NDCG@10 fails")
    func primaryFails() throws {
        let d = try PromotionRule().decide(candidate: eval(2, ndcg: 0.1009), production: eval(1, ndcg: 0.1))
        #expect(!d.promote)
        #expect(d.reason == "failed: ndcg_at_10")
    }

    @Test("a secondary metric more than 5% worse fails, exactly 5% passes")
    func secondary() throws {
        let worse = try PromotionRule().decide(
            candidate: eval(2, ndcg: 0.2, precision: 0.0949), production: eval(1, ndcg: 0.1, precision: 0.1))
        #expect(!worse.promote)
        #expect(worse.checks.first { $0.metric == "precision_at_5" }?.passed == false)
        let edge = try PromotionRule().decide(
            candidate: eval(2, ndcg: 0.2, precision: 0.095), production: eval(1, ndcg: 0.1, precision: 0.1))
        #expect(edge.promote)
    }

    @Test("other data or another protocol is refused before any metric is compared")
    func refusals() {
        #expect(throws: PromotionRule.Refusal.differentData(candidate: "d2", production: "d1")) {
            try PromotionRule().decide(candidate: eval(2, ndcg: 0.5, data: "d2"), production: eval(1, ndcg: 0.1))
        }
        #expect(throws: PromotionRule.Refusal.differentProtocol(candidate: "i1 test", production: "i2 test")) {
            try PromotionRule().decide(
                candidate: eval(2, ndcg: 0.5, protocolName: "i1 test"), production: eval(1, ndcg: 0.1))
        }
    }

    @Test("the first version is promoted when there is no Production")
    func first() throws {
        #expect(try PromotionRule().decide(candidate: eval(1, ndcg: 0.1), production: nil).promote)
    }
}
