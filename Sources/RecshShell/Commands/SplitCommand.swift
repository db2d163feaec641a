import Foundation
import RecshData
import RecshModels

/// `split e1|i1|i2|n1`: builds a protocol split of the current dataset and prints its counts.
struct SplitCommand: ShellCommand {
    let spec = CommandSpec(
        name: "split", group: .evaluation,
        summary: "build an evaluation split (PROTOCOL.md: e1, i1, i2, n1) and show its counts",
        usage: "split e1|i1|i2|n1", arguments: 1...1,
        examples: ["split i2", "split e1", "split n1"],
        details: """
            e1: rating prediction; test iff splitmix64(((u << 32) | i) ^ 42) % 5 == 0.
            i1: positives (rating >= 4, items >= 10, users >= 5) split globally by time at 70% and 85%.
            i2: per user, the last fifth of their positives by time is test; the last fifth of the rest is validation.
            n1: next item; per user, the last positive by (time, item id) is test, the one before it validation.
            """,
        completes: .protocols)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard let word = call.positionals[0].text?.lowercased(), let kind = EvaluationProtocol(rawValue: word) else {
            throw ShellError.badValue(
                name: "split", value: call.positionals[0].description, expected: "e1, i1, i2 or n1")
        }
        let started = Date()
        var pairs: [(key: String, value: Cell)] = [
            ("protocol", .text(kind.rawValue.uppercased())), ("dataset", .text(d.name)),
        ]
        switch kind {
        case .e1:
            let task = RatingTask(d.ratings, scale: d.ratingScale)
            s.split = ActiveSplit(kind: kind, datasetName: d.name, ranking: nil, rating: task)
            pairs += [
                ("ratings", .int(d.ratings.count)), ("train", .int(task.split.train.count)),
                ("test", .int(task.split.test.count)),
                ("test pairs, unknown user or item", .int(task.split.unknownPairs)),
                ("unknown users / items", .text("\(task.split.unknownUsers) / \(task.split.unknownItems)")),
            ]
        case .n1:
            let split = RankingSplit.n1(d.ratings)
            s.split = ActiveSplit(kind: kind, datasetName: d.name, ranking: split, rating: nil)
            let v = RankingTask(split.validation)
            let t = RankingTask(split.test)
            pairs += [
                ("positives", .int(split.positives)), ("users", .int(split.users)), ("items", .int(split.items)),
                ("validation run: fit", .int(split.validation.fitUsers.count)),
                ("test run: fit", .int(split.test.fitUsers.count)),
                (
                    "validation / test items",
                    .text("\(Format.grouped(split.validationCount)) / \(Format.grouped(split.testCount))")
                ),
                ("users' last two in one second", .int(split.lastTwoSameSecond)),
                (
                    "evaluated users, validation / test",
                    .text("\(Format.grouped(v.evaluatedUsers.count)) / \(Format.grouped(t.evaluatedUsers.count))")
                ),
                (
                    "targets not in the fit data, validation / test",
                    .text("\(split.validationCount - v.groundTruthPairs) / \(split.testCount - t.groundTruthPairs)")
                ),
                (
                    "rankable items, validation / test",
                    .text("\(Format.grouped(v.fit.cols)) / \(Format.grouped(t.fit.cols))")
                ),
            ]
        case .i1, .i2:
            let split = kind == .i1 ? RankingSplit.i1(d.ratings) : RankingSplit.i2(d.ratings)
            s.split = ActiveSplit(kind: kind, datasetName: d.name, ranking: split, rating: nil)
            let v = RankingTask(split.validation)
            let t = RankingTask(split.test)
            pairs += [
                ("positives", .int(split.positives)), ("users", .int(split.users)), ("items", .int(split.items)),
                (kind == .i1 ? "train" : "train (validation included)", .int(split.trainCount)),
                ("validation", .int(split.validationCount)), ("test", .int(split.testCount)),
                (
                    "validation run: fit / ground truth",
                    .text("\(Format.grouped(split.validation.fitUsers.count)) / \(Format.grouped(v.groundTruthPairs))")
                ),
                (
                    "evaluated users, validation / test",
                    .text("\(Format.grouped(v.evaluatedUsers.count)) / \(Format.grouped(t.evaluatedUsers.count))")
                ),
                (
                    "rankable items, validation / test",
                    .text("\(Format.grouped(v.fit.cols)) / \(Format.grouped(t.fit.cols))")
                ),
            ]
        }
        pairs.append(("built in", .volatile(String(format: "%.2fs", Date().timeIntervalSince(started)))))
        return [.record(pairs, name: "split")]
    }
}
