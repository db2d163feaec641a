import RecshData
import RecshModels

/// `similar REF`: "Similar Movies", by content unless another model is named.
struct SimilarCommand: ShellCommand {
    let spec = CommandSpec(
        name: "similar", group: .models, summary: "Similar Movies: films like REF (content by default)",
        usage: "similar REF [k=5] [by=tfidf|embed|knn|als|svd|ease|NAME]", arguments: 1...1,
        options: [
            OptionSpec("k", "N", default: "5", "how many films"),
            OptionSpec("by", "MODEL", default: "tfidf", "the model that judges similarity"),
        ],
        examples: ["similar 1366", "similar \"Heat\" k=10", "similar 1366 by=als"],
        details:
            "With no tfidf model trained, one is trained with its defaults (TMDB must be loaded). The seed film is never listed.",
        completes: .movies)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let film = try s.resolveFilm(call.positionals[0])
        guard let seed = film.movie?.movieLensId else {
            throw ShellError.failed(
                "\(film.displayTitle) is not in \(s.current?.name ?? "the dataset"): it has no MovieLens id to compare")
        }
        let k = try call.int("k", default: 5, in: 1...1000)
        if try call.text("by") == "embed" {
            let e = try s.embeddings()
            guard let v = e.vector(of: seed) else { throw ShellError.failed("\(film.displayTitle) has no embedding") }
            let films = e.top(v, k: k, excluded: [seed]).map {
                ListedFilm(movieLensId: $0.0, score: $0.1, reason: "meaning (MiniLM cosine)")
            }
            return [.table(try s.filmTable(films, title: "Similar to \(film.displayTitle) by embed"), name: "similar")]
        }
        var notes: [String] = []
        let model = try s.listModel(named: try call.text("by"), notes: &notes)
        let films = s.similarFilms(to: seed, model: model, k: k)
        var blocks = notes.map { OutputBlock.text($0, name: "note") }
        blocks.append(
            .table(try s.filmTable(films, title: "Similar to \(film.displayTitle) by \(model.name)"), name: "similar"))
        return blocks
    }
}

/// `also-liked REF`: "Viewers Also Liked", from a community model.
struct AlsoLikedCommand: ShellCommand {
    let spec = CommandSpec(
        name: "also-liked", group: .models,
        summary: "Viewers Also Liked: films the fans of REF liked (community models)",
        usage: "also-liked REF [k=5] [by=knn|als|svd|ease|NAME]", arguments: 1...1,
        options: [
            OptionSpec("k", "N", default: "5", "how many films"),
            OptionSpec("by", "MODEL", default: "the latest community model, else knn", "the model that relates films"),
        ],
        examples: ["also-liked 1366", "also-liked 1366 by=ease k=10"],
        completes: .movies)

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        let film = try s.resolveFilm(call.positionals[0])
        let k = try call.int("k", default: 5, in: 1...1000)
        var notes: [String] = []
        let model = try s.communityModel(named: try call.text("by"), notes: &notes)
        var blocks = notes.map { OutputBlock.text($0, name: "note") }
        guard let seed = film.movie?.movieLensId, model.index(ofMovie: seed) != nil else {
            blocks.append(
                .text(
                    "\(film.displayTitle) has no ratings in \(s.current?.name ?? "the dataset"): no community list",
                    name: "also_liked"))
            return blocks
        }
        let films = s.similarFilms(to: seed, model: model, k: k)
        blocks.append(
            .table(
                try s.filmTable(films, title: "Viewers who liked \(film.displayTitle) also liked (\(model.name))"),
                name: "also_liked"))
        return blocks
    }
}
