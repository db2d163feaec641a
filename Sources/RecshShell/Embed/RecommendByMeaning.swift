import Foundation
import RecshData

/// `recommend likes=... by=embed`: the films nearest the mean embedding of the liked films.
enum RecommendByMeaning {
    static func run(_ call: Invocation, session s: Session, k: Int) throws -> [OutputBlock] {
        let d = try s.requireDataset()
        let e = try s.embeddings()
        guard let likesValue = call.option("likes") else {
            throw ShellError.failed(
                "recommend by=embed needs likes=REF,...: the profile is the mean of their embeddings")
        }
        let refs: [Value] = if case .list(let l) = likesValue { l } else { [likesValue] }
        var ids: [Int32] = []
        for r in refs {
            guard let id = try s.resolveFilm(r, argument: "likes").movie?.movieLensId else {
                throw ShellError.failed("\(r.description) is not in \(d.name)")
            }
            ids.append(id)
        }
        guard let profile = e.profile(of: ids) else { throw ShellError.failed("the liked films have no embeddings") }
        let filter = try FilmFilter(call, dataset: d)
        let excluded = Set(ids).union(e.itemIds.filter { !filter.accepts($0) })
        let names = ids.compactMap { d.movies.movie(movieLensId: $0)?.title }
        let films = e.top(profile, k: k, excluded: excluded).map {
            ListedFilm(
                movieLensId: $0.0, score: $0.1, reason: "near the profile of \(names.prefix(2).joined(separator: ", "))"
            )
        }
        return [
            .table(
                try s.filmTable(films, title: "For someone who likes \(names.joined(separator: ", ")) (embed)"),
                name: "recommendations")
        ]
    }
}
