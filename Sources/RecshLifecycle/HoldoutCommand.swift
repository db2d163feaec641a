import Foundation
import RecshData
import RecshShell

/// Ratings kept back from the current dataset, in time order, for `retrain simulate=` to
/// release and for `simulate traffic` to answer.
final class HeldOut {
    let datasetName: String
    /// Sorted by time.
    let ratings: RatingsTable
    /// How many of them have been released into the dataset.
    var released = 0

    init(datasetName: String, ratings: RatingsTable) {
        self.datasetName = datasetName
        self.ratings = ratings
    }

    static func key(_ dataset: String) -> String { "lifecycle.heldout.\(dataset)" }

    static func of(_ s: Session, dataset: String) -> HeldOut? { s.attachments[key(dataset)] as? HeldOut }

    var remaining: Range<Int> { released..<ratings.count }

    /// The indices of held-out ratings within `days` days after the first one not yet released.
    func next(days: Int) -> Range<Int> {
        guard released < ratings.count else { return released..<released }
        let end = ratings.timestamps[released] + Int64(days) * 86_400
        var hi = released
        while hi < ratings.count && ratings.timestamps[hi] < end { hi += 1 }
        return released..<hi
    }

    func slice(_ r: Range<Int>) -> RatingsTable {
        RatingsTable(
            users: Array(ratings.users[r]), items: Array(ratings.items[r]), ratings: Array(ratings.ratings[r]),
            timestamps: Array(ratings.timestamps[r]))
    }

    /// A day count from `7`, `7d` or `2w`.
    static func days(_ v: Value?, name: String) throws -> Int? {
        guard let v else { return nil }
        let text = v.integer.map(String.init) ?? v.text ?? ""
        var n: Int?
        if let i = Int(text) {
            n = i
        } else if text.hasSuffix("d") {
            n = Int(text.dropLast())
        } else if text.hasSuffix("w") {
            n = Int(text.dropLast()).map { $0 * 7 }
        }
        guard let n, (1...3650).contains(n) else {
            throw ShellError.badValue(name: name, value: v.description, expected: "a number of days: 7, 7d or 2w")
        }
        return n
    }
}

/// `holdout DAYS`: keeps the last days of the current dataset back, as if they had not happened yet.
struct HoldoutCommand: ShellCommand {
    let spec = CommandSpec(
        name: "holdout", group: .evaluation,
        summary: "hold back the dataset's last days, for retrain simulate= and simulate traffic to play forward",
        usage: "holdout DAYS", arguments: 0...1, examples: ["holdout 30d", "holdout"],
        details: """
            Removes the ratings of the last DAYS days (by the dataset's own timestamps) from the current dataset and keeps \
            them in time order. retrain NAME simulate=7 releases the next 7 days into the data and retrains; simulate \
            traffic days=7 logs requests for the users active on those days; replay judges the log against them. Models \
            and the split of the dataset are dropped, as after a load. With no argument, shows what is held out.
            """)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        var d = try s.requireDataset()
        guard let days = try HeldOut.days(call.positionals.first, name: "holdout") else {
            guard let h = HeldOut.of(s, dataset: d.name), !h.remaining.isEmpty else {
                return [.text("Nothing of \(d.name) is held out (holdout 30d keeps the last 30 days back)")]
            }
            return [
                .text(
                    "\(Format.grouped(h.remaining.count)) ratings of \(d.name) held out, from \(Format.date(h.ratings.timestamps[h.released])) to \(Format.date(h.ratings.timestamps.last!))"
                )
            ]
        }
        guard HeldOut.of(s, dataset: d.name)?.remaining.isEmpty ?? true else {
            throw ShellError.failed("\(d.name) already has ratings held out; load it again to start over")
        }
        guard let last = d.ratings.timestamps.max() else { throw ShellError.failed("\(d.name) has no ratings") }
        let cut = last - Int64(days) * 86_400
        let r = d.ratings
        let kept = (0..<r.count).filter { r.timestamps[$0] <= cut }
        let back = (0..<r.count).filter { r.timestamps[$0] > cut }.sorted {
            (r.timestamps[$0], r.users[$0], r.items[$0]) < (r.timestamps[$1], r.users[$1], r.items[$1])
        }
        guard !kept.isEmpty, !back.isEmpty else {
            throw ShellError.failed(
                "holding back \(days) days of \(d.name) would leave \(kept.isEmpty ? "no data" : "nothing held out")")
        }
        func table(_ idx: [Int]) -> RatingsTable {
            RatingsTable(
                users: idx.map { r.users[$0] }, items: idx.map { r.items[$0] }, ratings: idx.map { r.ratings[$0] },
                timestamps: idx.map { r.timestamps[$0] })
        }
        d.ratings = table(kept)
        s.add(d)
        s.attachments[HeldOut.key(d.name)] = HeldOut(datasetName: d.name, ratings: table(back))
        return [
            .text(
                "Held out \(Format.grouped(back.count)) ratings of \(d.name) after \(Format.date(cut)) (the last \(days) days); \(Format.grouped(kept.count)) remain"
            )
        ]
    }
}
