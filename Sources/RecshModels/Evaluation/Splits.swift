import RecshData

/// The evaluation protocols of PROTOCOL.md.
public enum EvaluationProtocol: String, Sendable, CaseIterable {
    case e1, i1, i2, n1
}

/// Which part of E1's ratings a run scores (fitting on the rest).
public enum RatingRun: Sendable, Equatable, CustomStringConvertible {
    /// E1's test part: splitmix64(key ^ 42) % 5 == 0.
    case test
    /// Carved from E1's train part by a second seed: splitmix64(key ^ 43) % 5 == 0. The test part
    /// is left out of the fit, so tuning never sees it.
    case validation
    /// Fold `index` of `count` over all ratings: splitmix64(key ^ 42) % count == index. With
    /// five folds, fold 0 is E1's test part.
    case fold(index: Int, count: Int)

    public static let validationSeed: UInt64 = 43

    public var description: String {
        switch self {
        case .test: return "test"
        case .validation: return "validation"
        case .fold(let i, let n): return "fold \(i + 1) of \(n)"
        }
    }
}

/// E1: rating (u, i) is test iff splitmix64(((u << 32) | i) ^ 42) % 5 == 0; `run` picks the
/// validation carve-out or a cross-validation fold instead. `train` is what a run fits on,
/// `test` what it scores.
public struct E1Split: Sendable {
    public let run: RatingRun
    public let train: [Int]
    public let test: [Int]
    public let unknownUsers: Int
    public let unknownItems: Int
    /// Test pairs whose user or item is absent from train.
    public let unknownPairs: Int

    public init(_ r: RatingsTable, run: RatingRun = .test) {
        var train: [Int] = []
        var test: [Int] = []
        train.reserveCapacity(r.count)
        test.reserveCapacity(r.count / 4)
        for k in 0..<r.count {
            let key = (UInt64(UInt32(bitPattern: r.users[k])) << 32) | UInt64(UInt32(bitPattern: r.items[k]))
            let h = splitmix64(key ^ 42)
            switch run {
            case .test:
                if h % 5 == 0 { test.append(k) } else { train.append(k) }
            case .validation:
                guard h % 5 != 0 else { continue }
                if splitmix64(key ^ RatingRun.validationSeed) % 5 == 0 { test.append(k) } else { train.append(k) }
            case .fold(let index, let count):
                if h % UInt64(count) == UInt64(index) { test.append(k) } else { train.append(k) }
            }
        }
        var trainUsers = Set<Int32>()
        var trainItems = Set<Int32>()
        for k in train {
            trainUsers.insert(r.users[k])
            trainItems.insert(r.items[k])
        }
        var uu = 0
        var ui = 0
        var either = 0
        for k in test {
            let a = !trainUsers.contains(r.users[k])
            let b = !trainItems.contains(r.items[k])
            if a { uu += 1 }
            if b { ui += 1 }
            if a || b { either += 1 }
        }
        self.run = run
        self.train = train
        self.test = test
        unknownUsers = uu
        unknownItems = ui
        unknownPairs = either
    }
}

/// I1/I2 positives: rating >= 4, then items with >= 10 positives, then users with >= 5 left.
public struct Positives: Sendable {
    public var users: [Int32] = []
    public var items: [Int32] = []
    public var timestamps: [Int64] = []
    public var beforeFilter = 0

    public init(_ r: RatingsTable) {
        var u: [Int32] = []
        var i: [Int32] = []
        var t: [Int64] = []
        for k in 0..<r.count where r.ratings[k] >= 4 {
            u.append(r.users[k])
            i.append(r.items[k])
            t.append(r.timestamps[k])
        }
        beforeFilter = u.count
        var itemCount: [Int32: Int] = [:]
        for x in i { itemCount[x, default: 0] += 1 }
        var u2: [Int32] = []
        var i2: [Int32] = []
        var t2: [Int64] = []
        for k in u.indices where itemCount[i[k]]! >= 10 {
            u2.append(u[k])
            i2.append(i[k])
            t2.append(t[k])
        }
        var userCount: [Int32: Int] = [:]
        for x in u2 { userCount[x, default: 0] += 1 }
        for k in u2.indices where userCount[u2[k]]! >= 5 {
            users.append(u2[k])
            items.append(i2[k])
            timestamps.append(t2[k])
        }
    }

    public var count: Int { users.count }

    /// Each user's positives (indices into these arrays), users by id, a user's by (time, item id):
    /// the per-user order of protocols I2 and N1.
    func byUser() -> [ArraySlice<Int>] {
        let order = users.indices.sorted { a, b in
            if users[a] != users[b] { return users[a] < users[b] }
            if timestamps[a] != timestamps[b] { return timestamps[a] < timestamps[b] }
            return items[a] < items[b]
        }
        var groups: [ArraySlice<Int>] = []
        var start = 0
        while start < order.count {
            var end = start
            while end < order.count && users[order[end]] == users[order[start]] { end += 1 }
            groups.append(order[start..<end])
            start = end
        }
        return groups
    }
    public var distinctUsers: Int { Set(users).count }
    public var distinctItems: Int { Set(items).count }
}

/// One fit-then-evaluate run of a ranking protocol: (user, item) pairs with raw ids.
public struct RankingRun: Sendable {
    public var fitUsers: [Int32]
    public var fitItems: [Int32]
    public var evalUsers: [Int32]
    public var evalItems: [Int32]
    /// The time of each fit pair (Unix seconds), for features that age: the ranker's recency.
    public var fitTimes: [Int64] = []
}

/// A ranking split (I1, I2 or N1): its counts and its validation and test runs.
public struct RankingSplit: Sendable {
    public let kind: EvaluationProtocol
    public let positives: Int
    public let users: Int
    public let items: Int
    public let validation: RankingRun
    public let test: RankingRun
    /// Sizes of train (validation included), validation, and test, as the peers report them.
    public let trainCount: Int
    public let validationCount: Int
    public let testCount: Int
    /// N1: users whose last two positives share a second (their order is the item ids').
    public internal(set) var lastTwoSameSecond = 0

    /// I1: global time split of the positives at 70% and 85%.
    public static func i1(_ r: RatingsTable) -> RankingSplit {
        let p = Positives(r)
        let order = p.users.indices.sorted { a, b in
            if p.timestamps[a] != p.timestamps[b] { return p.timestamps[a] < p.timestamps[b] }
            if p.users[a] != p.users[b] { return p.users[a] < p.users[b] }
            return p.items[a] < p.items[b]
        }
        let n = order.count
        let a = (70 * n) / 100
        let b = (85 * n) / 100
        func part(_ range: Range<Int>) -> ([Int32], [Int32]) {
            (range.map { p.users[order[$0]] }, range.map { p.items[order[$0]] })
        }
        func times(_ range: Range<Int>) -> [Int64] { range.map { p.timestamps[order[$0]] } }
        let (tu, ti) = part(0..<a)
        let (vu, vi) = part(a..<b)
        let (su, si) = part(b..<n)
        let (fu, fi) = part(0..<b)
        return RankingSplit(
            kind: .i1, positives: n, users: p.distinctUsers, items: p.distinctItems,
            validation: RankingRun(fitUsers: tu, fitItems: ti, evalUsers: vu, evalItems: vi, fitTimes: times(0..<a)),
            test: RankingRun(fitUsers: fu, fitItems: fi, evalUsers: su, evalItems: si, fitTimes: times(0..<b)),
            trainCount: a, validationCount: b - a, testCount: n - b)
    }

    /// I2: per user, the last fifth (at least one) of their positives by (time, item) is test; the
    /// same rule on the rest gives validation.
    public static func i2(_ r: RatingsTable) -> RankingSplit {
        let p = Positives(r)
        var fit = RankingRun(fitUsers: [], fitItems: [], evalUsers: [], evalItems: [])
        var test = RankingRun(fitUsers: [], fitItems: [], evalUsers: [], evalItems: [])
        for group in p.byUser() {
            let n = group.count
            let nTest = max(1, n / 5)
            let m = n - nTest
            let nVal = max(1, m / 5)
            for (pos, k) in group.enumerated() {
                let (u, i) = (p.users[k], p.items[k])
                if pos >= m {
                    test.evalUsers.append(u)
                    test.evalItems.append(i)
                } else {
                    test.fitUsers.append(u)
                    test.fitItems.append(i)
                    test.fitTimes.append(p.timestamps[k])
                    if pos >= m - nVal {
                        fit.evalUsers.append(u)
                        fit.evalItems.append(i)
                    } else {
                        fit.fitUsers.append(u)
                        fit.fitItems.append(i)
                        fit.fitTimes.append(p.timestamps[k])
                    }
                }
            }
        }
        return RankingSplit(
            kind: .i2, positives: p.count, users: p.distinctUsers, items: p.distinctItems,
            validation: fit, test: test,
            trainCount: test.fitUsers.count, validationCount: fit.evalUsers.count, testCount: test.evalUsers.count)
    }
}
