import RecshData

/// `movie REF`: a film's details from MovieLens and, with TMDB loaded, its metadata.
struct MovieCommand: ShellCommand {
    let spec = CommandSpec(
        name: "movie", group: .explore, summary: "show a film: ids, genres, ratings and TMDB metadata",
        usage: "movie REF [lists=yes|no]", arguments: 1...1,
        options: [
            OptionSpec(
                "lists", "yes|no", default: "yes",
                "show Similar Movies, Viewers Also Liked and Best of Both under the details", values: ["yes", "no"])
        ],
        examples: ["movie 1366", "movie ml:1954", "movie \"Rocky\""],
        details:
            "REF is a TMDB id when the dataset links to TMDB (1366 is Rocky), ml:ID a MovieLens id, tmdb:ID a TMDB id, or a quoted title; an ambiguous title lists its candidates.",
        completes: .movies)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let film = try s.resolveFilm(call.positionals[0])
        var pairs: [(key: String, value: Cell)] = [("title", .text(film.displayTitle))]
        let genres = film.movie?.genres.isEmpty == false ? film.movie!.genres : (film.tmdb?.genres ?? [])
        if let year = film.movie?.year ?? film.tmdb?.year { pairs.append(("year", .id(year))) }
        pairs.append(("genres", .text(genres.isEmpty ? "—" : genres.joined(separator: ", "))))
        pairs.append(
            (
                "MovieLens id",
                film.movie.map { .id(Int($0.movieLensId)) }
                    ?? .absent("— (not in \(s.current?.name ?? "the loaded data"))")
            ))
        pairs.append(("TMDB id", (film.movie?.tmdbId ?? film.tmdb?.tmdbId).map { .id($0) } ?? .absent("—")))
        if let imdb = film.movie?.imdbId ?? film.tmdb?.imdbId { pairs.append(("IMDb id", .text(imdb))) }
        if let m = film.movie, let d = s.current {
            let summary = d.ratings.movieSummary(m.movieLensId)
            pairs.append(("ratings", .int(summary.count)))
            pairs.append(("mean rating", summary.mean.map { .number($0, digits: 2) } ?? .text("—")))
            if let tags = d.tags[m.movieLensId], !tags.isEmpty {
                var seen = Set<String>()
                let distinct = tags.filter { seen.insert($0.lowercased()).inserted }
                pairs.append(("tags", .text(distinct.prefix(10).joined(separator: ", "))))
            }
        }
        if let t = film.tmdb {
            if !t.overview.isEmpty { pairs.append(("overview", .text(t.overview))) }
            if !t.keywords.isEmpty { pairs.append(("keywords", .text(t.keywords.prefix(12).joined(separator: ", ")))) }
            if !t.cast.isEmpty { pairs.append(("cast", .text(t.cast.joined(separator: ", ")))) }
            if !t.directors.isEmpty { pairs.append(("director", .text(t.directors.joined(separator: ", ")))) }
            if let v = t.voteAverage, let n = t.voteCount {
                pairs.append(("TMDB votes", .text(String(format: "%.1f from %@ votes", v, Format.grouped(n)))))
            }
            if let p = t.popularity { pairs.append(("TMDB popularity", .number(p, digits: 1))) }
        } else if s.tmdb == nil, film.movie?.tmdbId != nil {
            pairs.append(("TMDB", .text("not loaded (load tmdb adds overview, keywords, cast and director)")))
        }
        var blocks: [OutputBlock] = [.record(pairs, name: "movie")]
        if try call.bool("lists", default: true), s.current != nil { blocks += try lists(for: film, session: s) }
        return blocks
    }

    /// The three lists under a film: Similar Movies, Viewers Also Liked, Best of Both.
    func lists(for film: FilmRef, session s: Session) throws -> [OutputBlock] {
        let d = try s.requireDataset()
        var notes: [String] = []
        var blocks: [OutputBlock] = []
        let content = s.tmdb == nil ? nil : try s.contentModel(notes: &notes)
        let seed = film.movie?.movieLensId
        let community = try s.communityModel(notes: &notes)
        blocks += notes.map { OutputBlock.text($0, name: "note") }

        let page = FilmLists.page(
            seed: seed, tmdb: film.tmdb, content: content, community: community, k: 5, blend: s.blend)
        if let content {
            blocks.append(
                .table(try s.filmTable(page.similar, title: "Similar Movies (\(content.name))"), name: "similar"))
        } else {
            blocks.append(.text("Similar Movies: none (load tmdb for content similarity)", name: "similar"))
        }
        if let seed, community.index(ofMovie: seed) != nil {
            blocks.append(
                .table(
                    try s.filmTable(page.alsoLiked, title: "Viewers Also Liked (\(community.name))"), name: "also_liked"
                ))
        } else {
            blocks.append(
                .text("Viewers Also Liked: none (\(film.displayTitle) has no ratings in \(d.name))", name: "also_liked")
            )
        }
        blocks.append(
            .table(try s.filmTable(page.hybrid, title: "Best of Both (blend \(s.blend.text))"), name: "hybrid"))
        return blocks
    }
}
