import Foundation
import RecshData
import RecshModels
import RecshRanking

/// `recommend user=ID | likes=REF,...`: top films for a known user, or for a new user who names
/// a few films they like (fold-in for factor models, item-based otherwise).
struct RecommendCommand: ShellCommand {
    let spec = CommandSpec(
        name: "recommend", group: .models,
        summary: "films for a user (user=ID) or for a new user who likes a few films (likes=...)",
        usage:
            "recommend user=ID|likes=REF,REF,... [k=10] [genre=NAME] [years=A..B] [exclude-seen=yes|no] [by=MODEL] | recommend all [k=100] [by=MODEL] [engine=recsh|spark] [master=URL] out=DIR",
        arguments: 0...1,
        options: [
            OptionSpec("user", "ID", "a MovieLens user id"), OptionSpec("likes", "REF,...", "films a new user likes"),
            OptionSpec("k", "N", default: "the k setting (10)", "how many films"),
            OptionSpec("genre", "NAME", "only this genre"),
            OptionSpec("years", "A..B", "only films released in these years"),
            OptionSpec(
                "exclude-seen", "yes|no", default: "yes", "leave out films the user rated", values: ["yes", "no"]),
            OptionSpec(
                "by", "MODEL", default: "the latest community model, else knn",
                "the model that scores; embed: the films nearest the mean embedding of likes="),
            OptionSpec("out", "DIR", "recommend all: the folder of Parquet files (userId, rank, movieId, score)"),
            OptionSpec(
                "engine", "recsh|spark", default: "recsh",
                "recommend all: score here, or on Spark with MLlib's recommendForAllUsers (an ALS model)",
                values: ["recsh", "spark"]),
            OptionSpec(
                "master", "URL", default: "local[2]", "recommend all engine=spark: local[N] or spark://HOST:PORT"),
        ],
        examples: [
            "recommend user=12 k=5", "recommend likes=1366,\"Heat\" genre=Drama",
            "recommend user=7 years=1990..1999 by=als", "recommend all k=100 by=als out=recs",
        ],
        details:
            "recommend all writes every user's top k films (default 100), without the films each rated, as Parquet with the columns userId, rank, movieId, score: natively with any community model, or with engine=spark through Spark MLlib's recommendForAllUsers over an ALS model's factors (docs/spark.md). It replaces only a folder it wrote before."
    )

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        if let word = call.positionals.first {
            guard word.text?.lowercased() == "all" else {
                throw ShellError.failed(
                    "recommend takes user=ID, likes=REF,... or the word all, not '\(word)': recommend user=\(word)?")
            }
            return try RecommendAll.run(call, context: context)
        }
        for key in ["out", "engine", "master"] where call.option(key) != nil {
            throw ShellError.failed("\(key)= is an option of recommend all: recommend all \(key)=...")
        }
        let s = context.session
        let d = try s.requireDataset()
        let k = try call.int("k", default: s.settings.k, in: 1...1000)
        if try call.text("by") == "embed" { return try RecommendByMeaning.run(call, session: s, k: k) }
        var notes: [String] = []
        let model = try s.communityModel(named: try call.text("by"), notes: &notes)
        let rec = model.recommender!
        let filter = try FilmFilter(call, dataset: d)
        var scores = [Float](repeating: 0, count: model.items)
        var liked: [Int] = []
        var seen = Set<Int32>()
        var rankerRows = CandidateRows()
        let title: String
        if let userValue = call.option("user") {
            guard call.option("likes") == nil else { throw ShellError.failed("give either user= or likes=, not both") }
            guard let uid = userValue.integer, let u = model.index(ofUser: Int32(clamping: uid)) else {
                throw ShellError.failed(
                    "user \(userValue) is not in \(d.name)'s ratings; for a new user name a few films: recommend likes=1366,\"Heat\""
                )
            }
            scores.withUnsafeMutableBufferPointer { out in
                // the ranker keeps its candidate rows: the reasons are read from them
                if let ranker = rec as? RankerModel {
                    rankerRows = ranker.candidates(user: u, into: out.baseAddress!)
                } else {
                    rec.scores(user: u, into: out.baseAddress!)
                }
            }
            let X = rec.data.positives
            liked = X.row(u).map { Int(X.columns[$0]) }
            if try call.bool("exclude-seen", default: true) { seen = s.ratedItems(user: Int32(clamping: uid)) }
            title = "For user \(uid) (\(model.name))"
        } else if let likesValue = call.option("likes") {
            let refs: [Value] = if case .list(let l) = likesValue { l } else { [likesValue] }
            var names: [String] = []
            for r in refs {
                let film = try s.resolveFilm(r, argument: "likes")
                guard let id = film.movie?.movieLensId else {
                    throw ShellError.failed("\(film.displayTitle) is not in \(d.name)")
                }
                names.append(film.displayTitle)
                seen.insert(id)
                if let i = model.index(ofMovie: id) { liked.append(i) }
            }
            guard !liked.isEmpty else {
                throw ShellError.failed(
                    "none of the liked films has ratings in \(d.name), so \(model.name) cannot relate them")
            }
            scores.withUnsafeMutableBufferPointer { out in
                if let ranker = rec as? RankerModel {
                    rankerRows = ranker.candidates(liking: liked, into: out.baseAddress!)
                } else {
                    rec.scores(liking: liked, into: out.baseAddress!)
                }
            }
            title = "For someone who likes \(names.joined(separator: ", ")) (\(model.name))"
        } else {
            throw call.usageError(spec, what: "user=ID or likes=REF,...")
        }
        var excluded = Set<Int>()
        for i in 0..<model.items where seen.contains(model.itemIds[i]) || !filter.accepts(model.itemIds[i]) {
            excluded.insert(i)
        }
        let top = scores.withUnsafeBufferPointer { topK($0.baseAddress!, count: model.items, k: k, excluded: excluded) }
        let reasons: [String]
        if let ranker = rec as? RankerModel {
            // the ranker's reasons come from its sources: the one that ranks the film best
            var recent = liked.last
            if let u = call.option("user")?.integer.flatMap({ model.index(ofUser: Int32(clamping: $0)) }) {
                recent = RankerReasons.latest(user: u, ranker: ranker)
            }
            reasons = RankerReasons.reasons(for: top.map(\.0), rows: rankerRows, ranker: ranker, recent: recent) {
                d.movies.movie(movieLensId: model.itemIds[$0])?.title ?? "ml:\(model.itemIds[$0])"
            }
        } else {
            reasons = FilmLists.because(top.map(\.0), liked: liked, model: model) {
                d.movies.movie(movieLensId: $0)?.title
            }
        }
        let films = zip(top, reasons).map { t, reason in
            ListedFilm(movieLensId: model.itemIds[t.0], score: t.1, reason: reason)
        }
        return notes.map { OutputBlock.text($0, name: "note") } + [
            .table(try s.filmTable(films, title: title), name: "recommendations")
        ]
    }
}

/// genre= and years= filters shared by `recommend` and `popular`.
struct FilmFilter {
    var genre: String?
    var years: ClosedRange<Int>?
    let dataset: Dataset

    init(_ call: Invocation, dataset: Dataset) throws {
        self.dataset = dataset
        if let g = try call.text("genre") {
            let known = Set(dataset.movies.movies.flatMap(\.genres))
            guard let match = known.first(where: { $0.lowercased() == g.lowercased() }) else {
                throw ShellError.badValue(
                    name: "genre", value: g, expected: "one of " + known.sorted().joined(separator: ", "))
            }
            genre = match
        }
        if let y = call.option("years") {
            switch y {
            case .range(let a, let b):
                guard let lo = a.integer, let hi = b.integer, lo <= hi else {
                    throw ShellError.badValue(
                        name: "years", value: y.description, expected: "a range of years such as 1990..1999")
                }
                years = lo...hi
            case .number:
                guard let v = y.integer else {
                    throw ShellError.badValue(name: "years", value: y.description, expected: "a year or a range A..B")
                }
                years = v...v
            default:
                throw ShellError.badValue(name: "years", value: y.description, expected: "a year or a range A..B")
            }
        }
    }

    func accepts(_ id: Int32) -> Bool {
        guard genre != nil || years != nil else { return true }
        guard let m = dataset.movies.movie(movieLensId: id) else { return false }
        if let genre, !m.genres.contains(genre) { return false }
        if let years { guard let y = m.year, years.contains(y) else { return false } }
        return true
    }
}
