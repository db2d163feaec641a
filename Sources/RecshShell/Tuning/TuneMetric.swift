import RecshModels

/// The figure `tune` optimises: a ranking metric at a cut-off, MRR, or RMSE/MAE for E1.
struct TuneMetric: CustomStringConvertible {
    enum Kind: String {
        case ndcg, recall, precision, hr, mrr, rmse, mae
    }

    let kind: Kind
    let k: Int

    static let rankingNames = "ndcg@K, recall@K, precision@K or hr@K (K 5, 10 or 20), or mrr"
    static let names = "ndcg@K, recall@K, precision@K, hr@K (K 5, 10 or 20), mrr, rmse or mae"

    init(_ text: String) throws {
        let parts = text.lowercased().split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        let word = ["p": "precision", "r": "recall"][parts[0]] ?? parts[0]
        guard let kind = Kind(rawValue: word), parts.count <= 2 else {
            throw ShellError.badValue(name: "metric", value: text, expected: Self.names)
        }
        let cut = parts.count == 2 ? Int(parts[1]) : nil
        switch kind {
        case .ndcg, .recall, .precision, .hr:
            guard let cut, RankingTask.ks.contains(cut) else {
                throw ShellError.badValue(name: "metric", value: text, expected: Self.names)
            }
            k = cut
        case .mrr, .rmse, .mae:
            guard parts.count == 1 else { throw ShellError.badValue(name: "metric", value: text, expected: Self.names) }
            k = 0
        }
        self.kind = kind
    }

    var forRatings: Bool { kind == .rmse || kind == .mae }
    var lowerIsBetter: Bool { forRatings }

    /// The column title `eval` uses for this figure.
    var description: String {
        switch kind {
        case .ndcg: return "NDCG@\(k)"
        case .recall: return "R@\(k)"
        case .precision: return "P@\(k)"
        case .hr: return "HR@\(k)"
        case .mrr: return "MRR"
        case .rmse: return "RMSE"
        case .mae: return "MAE"
        }
    }

    func value(_ m: RankingMetrics) -> Double {
        switch kind {
        case .ndcg: return m.ndcg[k]!
        case .recall: return m.recall[k]!
        case .precision: return m.precision[k]!
        case .hr: return m.hitRate[k]!
        case .mrr: return m.mrr
        case .rmse, .mae: return .nan
        }
    }

    func value(_ r: Scoring.Rating) -> Double { kind == .mae ? r.mae : r.rmse }

    func better(_ a: Double, than b: Double) -> Bool { lowerIsBetter ? a < b : a > b }
}
