import RecshData

/// `info [NAME]`: size, density, time span, rating histogram and top genres of a dataset.
struct InfoCommand: ShellCommand {
    let spec = CommandSpec(
        name: "info", group: .explore, summary: "summarise a dataset: sizes, density, time span, ratings, genres",
        usage: "info [NAME]", arguments: 0...1, examples: ["info", "info ml-100k"], completes: .loadedDatasets)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try call.positionals.first.flatMap(\.text).map(s.dataset(named:)) ?? s.requireDataset()
        let st = d.ratings.statistics()
        var pairs: [(key: String, value: Cell)] = [
            ("dataset", .text(d.name)),
            ("file", .text(d.shownFile)),
            ("users", .int(st.users)),
            ("films rated", .int(st.items)),
            ("ratings", .int(st.ratings)),
            ("density", .text(String(format: "%.2f%%", st.density * 100))),
            ("ratings per user", .number(Double(st.ratings) / Double(max(1, st.users)), digits: 1)),
            ("mean rating", .number(st.meanRating ?? 0, digits: 2)),
        ]
        if let lo = st.minRating, let hi = st.maxRating {
            pairs.append(("rating range", .text("\(Format.rating(lo))–\(Format.rating(hi))")))
        }
        if let a = st.firstTimestamp, let b = st.lastTimestamp {
            pairs.append(("time span", .text("\(Format.date(a)) to \(Format.date(b))")))
        }
        if d.movies.count > 0 { pairs.append(("catalogue", .int(d.movies.count))) }
        if d.movies.hasTMDBLinks { pairs.append(("linked to TMDB", .int(d.movies.linkedCount))) }
        if d.tagCount > 0 { pairs.append(("tags", .int(d.tagCount))) }

        let total = Double(max(1, st.ratings))
        let histogram = BarChart(
            title: "Ratings", labelTitle: "Rating", valueTitle: "Count",
            bars: st.histogram.map {
                (
                    Format.rating($0.rating), Double($0.count),
                    "\(Format.grouped($0.count))  \(String(format: "%4.1f%%", Double($0.count) / total * 100))"
                )
            })
        var blocks: [OutputBlock] = [.record(pairs, name: "summary"), .chart(histogram, name: "ratings")]

        if d.movies.count > 0 {
            let counts = d.ratings.ratingCountsByMovie()
            var films: [String: Int] = [:]
            var rated: [String: Int] = [:]
            for m in d.movies.movies {
                let c = Int(m.movieLensId) < counts.count ? counts[Int(m.movieLensId)] : 0
                for g in m.genres {
                    films[g, default: 0] += 1
                    rated[g, default: 0] += c
                }
            }
            let top = rated.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10)
            var table = Table(
                title: "Top genres by ratings",
                columns: [
                    .init("Genre"), .init("Films", right: true), .init("Ratings", right: true),
                    .init("Share", right: true),
                ])
            for (g, r) in top {
                table.rows.append([
                    .text(g), .int(films[g] ?? 0), .int(r), .text(String(format: "%.1f%%", Double(r) / total * 100)),
                ])
            }
            blocks.append(.table(table, name: "genres"))
        }
        return blocks
    }
}
