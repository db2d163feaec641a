import Foundation
import RecshData

/// `coverage topN`: how much of TMDB's most popular films MovieLens covers, and where it falls off.
struct CoverageCommand: ShellCommand {
    static let target = 0.60
    let spec = CommandSpec(
        name: "coverage", group: .explore,
        summary: "how many of TMDB's N most popular films have MovieLens ratings, by release year",
        usage: "coverage topN [by=popularity|votes] [years=A..B] [missing=10]", arguments: 1...1,
        options: [
            OptionSpec(
                "by", "popularity|votes", default: "popularity", "how TMDB films are ranked",
                values: ["popularity", "votes"]),
            OptionSpec("years", "A..B", "only films released in these years"),
            OptionSpec("missing", "N", default: "10", "how many uncovered films to name"),
        ],
        examples: ["coverage top500", "coverage top1000 by=votes", "coverage top200 years=2010..2017"],
        details:
            "Covered means: linked to a MovieLens id, and rated in the current dataset. The product brief's bar is \(Int(CoverageCommand.target * 100))% rated."
    )

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard let tmdb = s.tmdb else {
            throw ShellError.failed("coverage compares TMDB with MovieLens: load tmdb first")
        }
        guard let word = call.positionals[0].text?.lowercased(), word.hasPrefix("top"), let n = Int(word.dropFirst(3)),
            n > 0
        else {
            throw ShellError.badValue(
                name: "coverage", value: call.positionals[0].description, expected: "topN, as in top500")
        }
        let by = try call.text("by") ?? "popularity"
        guard by == "popularity" || by == "votes" else {
            throw ShellError.badValue(name: "by", value: by, expected: "popularity or votes")
        }
        let missingCount = try call.int("missing", default: 10, in: 0...1000)
        var years: ClosedRange<Int>?
        if let y = call.option("years") {
            guard case .range(let a, let b) = y, let lo = a.integer, let hi = b.integer, lo <= hi else {
                throw ShellError.badValue(
                    name: "years", value: y.description, expected: "a range of years such as 2000..2017")
            }
            years = lo...hi
        }
        let candidates = tmdb.movies.values.filter { m in
            guard m.hasDetails else { return false }
            if let years { guard let y = m.year, years.contains(y) else { return false } }
            return true
        }
        let ranked = candidates.sorted { a, b in
            let (x, y) =
                by == "votes"
                ? (Double(a.voteCount ?? 0), Double(b.voteCount ?? 0)) : (a.popularity ?? 0, b.popularity ?? 0)
            return x != y ? x > y : a.tmdbId < b.tmdbId
        }.prefix(n)
        guard !ranked.isEmpty else {
            return [
                .text(
                    "No TMDB film with details falls in this window"
                        + (years.map { " (\($0.lowerBound)..\($0.upperBound))" } ?? "") + ": nothing to cover.")
            ]
        }
        // MovieLens ids through the dataset's own links, else The Movies Dataset's
        var mlByTMDB: [Int: Int32] = [:]
        for (ml, link) in tmdb.links { if let t = link.tmdb { mlByTMDB[t] = ml } }
        for m in d.movies.movies { if let t = m.tmdbId { mlByTMDB[t] = m.movieLensId } }
        let counts = d.ratings.ratingCountsByMovie()
        func ratings(_ ml: Int32?) -> Int { ml.map { Int($0) < counts.count ? counts[Int($0)] : 0 } ?? 0 }

        var linked = 0
        var rated = 0
        var ten = 0
        var fifty = 0
        var bins: [Int: (total: Int, rated: Int)] = [:]
        var missing: [TMDBMovie] = []
        for m in ranked {
            let ml = mlByTMDB[m.tmdbId]
            let r = ratings(ml)
            if ml != nil { linked += 1 }
            if r > 0 { rated += 1 } else { missing.append(m) }
            if r >= 10 { ten += 1 }
            if r >= 50 { fifty += 1 }
            let bin = (m.year ?? 0) / 5 * 5
            let e = bins[bin, default: (0, 0)]
            bins[bin] = (e.total + 1, e.rated + (r > 0 ? 1 : 0))
        }
        let total = Double(ranked.count)
        func share(_ x: Int) -> Cell {
            .text(String(format: "%@ (%.1f%%)", Format.grouped(x), Double(x) / total * 100))
        }
        let ratedShare = Double(rated) / total
        let verdict = ratedShare >= Self.target ? "PASS" : "FAIL"
        let summary: [(key: String, value: Cell)] = [
            (
                "TMDB films",
                .text(
                    "top \(Format.grouped(ranked.count)) by \(by)"
                        + (years.map { ", released \($0.lowerBound)–\($0.upperBound)" } ?? ""))
            ),
            ("with a MovieLens id", share(linked)),
            ("rated in \(d.name)", share(rated)),
            ("with 10+ ratings", share(ten)),
            ("with 50+ ratings", share(fifty)),
            ("target", .text(String(format: "%.0f%% rated: %@", Self.target * 100, verdict))),
        ]
        let chart = BarChart(
            title: "Rated share by release year (5-year bins)", labelTitle: "Years", valueTitle: "Covered",
            bars: bins.keys.sorted().map { b in
                let e = bins[b]!
                let label = b == 0 ? "unknown" : "\(b)–\(b + 4)"
                let counts = "\(e.rated)/\(e.total)"
                let padded = String(repeating: " ", count: max(0, 9 - counts.count)) + counts
                return (
                    label, Double(e.rated) / Double(e.total),
                    String(format: "%3.0f%%", Double(e.rated) / Double(e.total) * 100) + padded
                )
            })
        var table = Table(
            title: "Most popular films without ratings in \(d.name)",
            columns: [
                .init("#", key: "rank", right: true), .init("TMDB", key: "tmdb_id", right: true),
                .init("Title"), .init("Year", right: true), .init("Popularity", right: true),
                .init("Votes", right: true),
            ])
        for (i, m) in missing.prefix(missingCount).enumerated() {
            table.rows.append([
                .int(i + 1), .id(m.tmdbId), .text(m.title), m.year.map { .id($0) } ?? .empty,
                .number(m.popularity ?? 0, digits: 1), .int(m.voteCount ?? 0),
            ])
        }
        return [.record(summary, name: "coverage"), .chart(chart, name: "by_year"), .table(table, name: "missing")]
    }
}
