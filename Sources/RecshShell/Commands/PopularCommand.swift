import Foundation
import RecshData
import RecshModels

/// `popular`: the most rated films, or the best by Bayesian average.
struct PopularCommand: ShellCommand {
    static let prior = 10
    let spec = CommandSpec(
        name: "popular", group: .models, summary: "most popular films, by rating count or Bayesian average",
        usage: "popular [genre=NAME] [years=A..B] [by=count|bayes] [k=10]",
        options: [
            OptionSpec("genre", "NAME", "only this genre"),
            OptionSpec("years", "A..B", "only films released in these years"),
            OptionSpec(
                "by", "count|bayes", default: "count",
                "rank by number of ratings, or by Bayesian average: (C·m + Σr) / (C + n) with C = \(PopularCommand.prior) ratings at the global mean m",
                values: ["count", "bayes"]),
            OptionSpec("k", "N", default: "the k setting (10)", "how many films"),
        ],
        examples: ["popular", "popular genre=Comedy years=1990..1999 by=bayes k=5"])

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        let k = try call.int("k", default: s.settings.k, in: 1...1000)
        let by = try call.text("by") ?? "count"
        guard by == "count" || by == "bayes" else {
            throw ShellError.badValue(name: "by", value: by, expected: "count or bayes")
        }
        let filter = try FilmFilter(call, dataset: d)
        let totals = RatingTotals(d)
        let ranked = totals.count.keys.filter(filter.accepts).map { id -> (Int32, Double, Int, Double) in
            let n = totals.count[id]!
            let mean = totals.sum[id]! / Double(n)
            let score = by == "bayes" ? totals.bayes(id) : Double(n)
            return (id, score, n, mean)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k)
        let byTMDB = d.movies.hasTMDBLinks
        var t = Table(
            columns: [
                .init("#", key: "rank", right: true),
                .init(byTMDB ? "TMDB" : "ML id", key: byTMDB ? "tmdb_id" : "movielens_id", right: true),
                .init("Title"), .init("Year", right: true), .init("Ratings", right: true), .init("Mean", right: true),
            ]
                + (by == "bayes" ? [.init("Bayes", right: true)] : []))
        for (n, r) in ranked.enumerated() {
            let movie = d.movies.movie(movieLensId: r.0)
            var row: [Cell] = [
                .int(n + 1), (byTMDB ? (movie?.tmdbId.map { .id($0) } ?? .text("ml:\(r.0)")) : .id(Int(r.0))),
                .text(movie?.title ?? "ml:\(r.0)"), movie?.year.map { .id($0) } ?? .empty, .int(r.2),
                .number(r.3, digits: 2),
            ]
            if by == "bayes" { row.append(.number(r.1, digits: 3)) }
            t.rows.append(row)
        }
        return [.table(t, name: "popular")]
    }
}
