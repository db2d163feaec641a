import RecshData

/// Each film's rating count and sum, and the global mean: what `popular` and `ask` rank by.
struct RatingTotals {
    var count: [Int32: Int] = [:]
    var sum: [Int32: Double] = [:]
    var mean = 0.0

    /// Totals read back from an export's `ask.csv`.
    init(count: [Int32: Int], sum: [Int32: Double]) {
        self.count = count
        self.sum = sum
        mean = sum.values.reduce(0, +) / Double(max(1, count.values.reduce(0, +)))
    }

    init(_ d: Dataset) {
        var total = 0.0
        for j in 0..<d.ratings.count {
            count[d.ratings.items[j], default: 0] += 1
            sum[d.ratings.items[j], default: 0] += Double(d.ratings.ratings[j])
            total += Double(d.ratings.ratings[j])
        }
        mean = total / Double(max(1, d.ratings.count))
    }

    /// The Bayesian average (C·m + Σr) / (C + n), with C = `PopularCommand.prior` ratings at the global mean.
    func bayes(_ id: Int32) -> Double {
        let c = Double(PopularCommand.prior)
        return (c * mean + (sum[id] ?? 0)) / (c + Double(count[id] ?? 0))
    }
}
