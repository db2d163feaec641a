import Foundation
import RecshData
import RecshModels

/// `compare mood "MOOD"`: the mood picker's five films next to what the ML lists add.
struct CompareCommand: ShellCommand {
    static let valueTarget = 0.80
    static let minVotes = 200
    let spec = CommandSpec(
        name: "compare", group: .explore,
        summary: "compare the mood picker's top five with the ML lists under each film",
        usage: "compare mood \"MOOD\" [k=5]", arguments: 2...2,
        options: [OptionSpec("k", "N", default: "5", "films in the mood list and in each ML list")],
        examples: ["compare mood \"feel-good\"", "compare mood \"drôle\"", "compare mood \"mind-bending\" k=3"],
        details: """
            The mood step stands in for the LLM: the lexicon (Resources/moods.txt, extended by $RECSH_MOODS) maps a mood to \
            genres, avoided genres and keywords; films of the dataset with TMDB metadata and at least \(CompareCommand.minVotes) \
            TMDB votes are ranked by genre match, keyword match and TMDB rating. Value added: the share of ML recommendations \
            that are not among the mood's films (target \(Int(CompareCommand.valueTarget * 100))%).
            """)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let d = try s.requireDataset()
        guard call.positionals[0].text?.lowercased() == "mood", let word = call.positionals[1].text else {
            throw ShellError.badValue(
                name: "compare", value: call.positionals.map(\.description).joined(separator: " "),
                expected: "mood \"MOOD\"")
        }
        guard let tmdb = s.tmdb else { throw ShellError.failed("the mood picker reads TMDB metadata: load tmdb first") }
        let k = try call.int("k", default: 5, in: 1...50)
        let lexicon = try MoodLexicon.standard()
        guard let mood = lexicon.mood(named: word) else {
            let close = lexicon.closest(to: word)
            throw ShellError.failed(
                "unknown mood \"\(word)\"" + (close.isEmpty ? "" : "; closest: " + close.joined(separator: ", "))
                    + " (\(lexicon.moods.count) moods in the lexicon; add yours in a file named by RECSH_MOODS)")
        }
        // 1. the mood path
        let wantGenres = Set(mood.genres.map(TextDecoding.fold))
        let avoid = Set(mood.avoid.map(TextDecoding.fold))
        let wantKeywords = Set(mood.keywords.map(TextDecoding.fold))
        var scored: [(Movie, Double, String)] = []
        for m in d.movies.movies {
            guard let t = m.tmdbId.flatMap({ tmdb[$0] }), (t.voteCount ?? 0) >= Self.minVotes else { continue }
            let genres = Set((t.genres.isEmpty ? m.genres : t.genres).map(TextDecoding.fold))
            if !genres.isDisjoint(with: avoid) { continue }
            let genreHits = genres.intersection(wantGenres)
            guard !genreHits.isEmpty else { continue }
            let keywordHits = Set(t.keywords.map(TextDecoding.fold)).intersection(wantKeywords)
            let quality = max(0, ((t.voteAverage ?? 5) - 5) / 4)
            let score =
                2 * Double(genreHits.count) / Double(max(1, wantGenres.count)) + Double(min(keywordHits.count, 3)) / 3
                + quality
            let why =
                (keywordHits.isEmpty ? "" : keywordHits.sorted().prefix(2).joined(separator: ", ") + "; ")
                + genreHits.sorted().joined(separator: ", ")
            scored.append((m, score, why))
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.movieLensId < $1.0.movieLensId }
        let picks = scored.prefix(k)
        guard !picks.isEmpty else { throw ShellError.failed("no film of \(d.name) fits the mood \"\(mood.name)\"") }
        var blocks: [OutputBlock] = []
        let moodFilms = picks.map { ListedFilm(movieLensId: $0.0.movieLensId, score: Float($0.1), reason: $0.2) }
        blocks.append(
            .table(
                try s.filmTable(
                    moodFilms,
                    title: "Mood \"\(mood.name)\": top \(picks.count) (genres \(mood.genres.joined(separator: ", ")))"),
                name: "mood"))
        if let byMeaning = try meaningList(mood, session: s, k: k) { blocks.append(byMeaning) }

        // 2. the ML lists under each of them
        var notes: [String] = []
        let content = try s.contentModel(notes: &notes)
        let community = try s.communityModel(notes: &notes)
        blocks.insert(contentsOf: notes.map { OutputBlock.text($0, name: "note") }, at: 0)
        let moodIds = Set(moodFilms.map(\.movieLensId))
        var recommended: [Int32] = []
        var jaccards: [Double] = []
        var bars: [(label: String, value: Double, shown: String)] = []
        var side = Table(
            title: "What the ML lists add under each mood film",
            columns: [
                .init("Mood film"), .init("#", key: "rank", right: true),
                .init("Similar Movies (\(content.name))", key: "similar"),
                .init("Viewers Also Liked (\(community.name))", key: "also_liked"),
            ])
        for f in moodFilms {
            let c = s.similarFilms(to: f.movieLensId, model: content, k: k)
            let m =
                community.index(ofMovie: f.movieLensId) == nil
                ? [] : s.similarFilms(to: f.movieLensId, model: community, k: k)
            let lists = c.map(\.movieLensId) + m.map(\.movieLensId)
            recommended += lists
            let fresh = lists.filter { !moodIds.contains($0) }.count
            bars.append(
                (
                    d.movies.movie(movieLensId: f.movieLensId)?.title ?? "ml:\(f.movieLensId)", Double(fresh),
                    "\(fresh) of \(lists.count) new"
                ))
            let cs = Set(c.map(\.movieLensId))
            let ms = Set(m.map(\.movieLensId))
            if !cs.union(ms).isEmpty { jaccards.append(Double(cs.intersection(ms).count) / Double(cs.union(ms).count)) }
            let seed = d.movies.movie(movieLensId: f.movieLensId)?.title ?? "ml:\(f.movieLensId)"
            for r in 0..<max(c.count, m.count) {
                side.rows.append([
                    .text(r == 0 ? seed : ""), .int(r + 1), .text(r < c.count ? title(c[r].movieLensId, d) : ""),
                    .text(r < m.count ? title(m[r].movieLensId, d) : ""),
                ])
            }
        }
        blocks.append(.table(side, name: "lists"))
        blocks.append(
            .chart(
                BarChart(
                    title: "ML films not among the mood's picks, per mood film", labelTitle: "Mood film",
                    valueTitle: "New films", bars: bars), name: "new_by_film"))
        let new = recommended.filter { !moodIds.contains($0) }
        let share = recommended.isEmpty ? 0 : Double(new.count) / Double(recommended.count)
        let distinct = Set(recommended)
        blocks.append(
            .record(
                [
                    ("ML recommendations", .int(recommended.count)),
                    ("distinct films", .int(distinct.count)),
                    ("not among the mood's films", .text(String(format: "%d (%.1f%%)", new.count, share * 100))),
                    (
                        "value-added target",
                        .text(
                            String(
                                format: "%.0f%%: %@", Self.valueTarget * 100,
                                share >= Self.valueTarget ? "PASS" : "FAIL"))
                    ),
                    (
                        "content/community overlap",
                        .text(
                            String(
                                format: "%.1f%% (mean Jaccard of the two lists per film)",
                                (jaccards.isEmpty ? 0 : jaccards.reduce(0, +) / Double(jaccards.count)) * 100))
                    ),
                ], name: "value_added"))
        return blocks
    }

    /// With `train embed` done: the films nearest in meaning to the mood's own words.
    func meaningList(_ mood: Mood, session s: Session, k: Int) throws -> OutputBlock? {
        guard let e = s.trainedEmbeddings else { return nil }
        let words =
            "A \(mood.name) film, \(mood.aliases.prefix(4).joined(separator: ", ")), about "
            + mood.keywords.prefix(6).joined(separator: ", ") + "."
        let films = e.top(try EmbedTraining.model(s).embedding(of: words), k: k).map {
            ListedFilm(movieLensId: $0.0, score: $0.1, reason: "meaning (MiniLM cosine)")
        }
        return .table(
            try s.filmTable(films, title: "Mood \"\(mood.name)\" by meaning: the films nearest its words (MiniLM)"),
            name: "mood_by_meaning")
    }

    func title(_ id: Int32, _ d: Dataset) -> String {
        guard let m = d.movies.movie(movieLensId: id) else { return "ml:\(id)" }
        return m.titleWithYear
    }
}
