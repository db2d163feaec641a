import RecshData

/// `search "text"`: titles ranked by match, case- and accent-insensitively.
struct SearchCommand: ShellCommand {
    let spec = CommandSpec(
        name: "search", group: .explore, summary: "find films by title (case and accents ignored)",
        usage: "search \"TEXT\" [k=N]", arguments: 1...1,
        options: [OptionSpec("k", "N", default: "the k setting (10)", "how many films to list")],
        examples: ["search \"rocky\"", "search \"amelie\" k=3"],
        details:
            "Exact titles first, then titles that start with the text, then titles containing all its words; ties go to the most rated film."
    )

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard let query = call.positionals[0].text else {
            throw ShellError.badValue(
                name: "search", value: call.positionals[0].description, expected: "text to look for, in quotes")
        }
        let k = try call.int("k", default: s.settings.k, in: 1...1000)
        let hits = s.titleIndex(for: d).search(query, limit: k)
        let byTMDB = d.movies.hasTMDBLinks
        var table = Table(columns: [
            .init("#", key: "rank", right: true),
            .init(byTMDB ? "TMDB" : "ML id", key: byTMDB ? "tmdb_id" : "movielens_id", right: true),
            .init("Title"), .init("Year", right: true), .init("Ratings", right: true), .init("Genres"),
        ])
        for (i, h) in hits.enumerated() {
            let id: Cell =
                byTMDB
                ? (h.movie.tmdbId.map { .id($0) } ?? .text("ml:\(h.movie.movieLensId)"))
                : .int(Int(h.movie.movieLensId))
            table.rows.append([
                .int(i + 1), id, .text(h.movie.title), h.movie.year.map { .id($0) } ?? .empty,
                .int(h.ratings), .text(h.movie.genres.joined(separator: "|")),
            ])
        }
        return [.table(table, name: "results")]
    }
}
