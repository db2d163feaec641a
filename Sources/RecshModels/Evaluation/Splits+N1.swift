import RecshData

extension RankingSplit {
    /// N1, next-item prediction: per user, positives by (time, item); the last is the test item,
    /// the one before it the validation item. Both runs keep each user's fit positives in time
    /// order, which is the order a sequence model reads them in.
    public static func n1(_ r: RatingsTable) -> RankingSplit {
        let p = Positives(r)
        var validation = RankingRun(fitUsers: [], fitItems: [], evalUsers: [], evalItems: [])
        var test = RankingRun(fitUsers: [], fitItems: [], evalUsers: [], evalItems: [])
        var sameSecond = 0
        for group in p.byUser() {
            // Positives keeps users with five or more, so every user has a validation and a test item
            for (pos, k) in group.enumerated() {
                let (u, i) = (p.users[k], p.items[k])
                switch group.count - 1 - pos {
                case 0:
                    test.evalUsers.append(u)
                    test.evalItems.append(i)
                case 1:
                    test.fitUsers.append(u)
                    test.fitItems.append(i)
                    test.fitTimes.append(p.timestamps[k])
                    validation.evalUsers.append(u)
                    validation.evalItems.append(i)
                default:
                    test.fitUsers.append(u)
                    test.fitItems.append(i)
                    test.fitTimes.append(p.timestamps[k])
                    validation.fitUsers.append(u)
                    validation.fitItems.append(i)
                    validation.fitTimes.append(p.timestamps[k])
                }
            }
            if p.timestamps[group[group.endIndex - 1]] == p.timestamps[group[group.endIndex - 2]] { sameSecond += 1 }
        }
        var split = RankingSplit(
            kind: .n1, positives: p.count, users: p.distinctUsers, items: p.distinctItems,
            validation: validation, test: test,
            trainCount: test.fitUsers.count, validationCount: validation.evalUsers.count,
            testCount: test.evalUsers.count)
        split.lastTwoSameSecond = sameSecond
        return split
    }
}

extension RankingSplit {
    /// The ranking split of `kind`; nil for E1, which splits ratings rather than positives.
    public static func make(_ kind: EvaluationProtocol, _ r: RatingsTable) -> RankingSplit? {
        switch kind {
        case .e1: return nil
        case .i1: return i1(r)
        case .i2: return i2(r)
        case .n1: return n1(r)
        }
    }
}
