import Foundation
import RecshModels

/// Builds a home page: five rows for a known user, popular and genre rows (marked fallback) for
/// an unknown one. Rows are filled in order and no film appears twice on a page.
struct HomeBuilder {
    let inputs: HomeInputs
    var k = 8
    /// How far down a model's list a row looks for films the page does not show yet.
    static let pool = 200

    func page(user: Int32, feedback: UserFeedback) -> HomePage {
        var used = Set(inputs.seen(user)).union(feedback.hidden).union(feedback.liked)
        let history = inputs.history(user: user, feedback: feedback)
        guard !history.isEmpty else { return fallback(user: user, used: &used) }
        var rows: [HomeRow] = []
        func add(_ row: HomeRow?) { if let row, !row.films.isEmpty { rows.append(row) } }
        let latest = history.last!
        let latestTitle = inputs.film(latest)?.title ?? "ml:\(latest)"
        add(becauseYouWatched(latest, title: latestTitle, used: &used))
        add(popularNow(used: &used))
        add(
            listRow(
                kind: "taste", title: "Similar to your taste", model: inputs.model([.als, .bpr, .ease, .knn]),
                user: user, history: history, reason: { _ in "similar to your taste" }, used: &used))
        if let seq = inputs.model([.slist, .sknn]) {
            add(
                listRow(
                    kind: "intent", title: "From your recent intent", model: seq, user: user, history: history,
                    reason: { _ in "next after \(latestTitle)" }, used: &used))
        }
        add(discovery(user: user, history: history, used: &used))
        return HomePage(userId: Int(user), fallback: false, note: nil, rows: rows)
    }

    func film(_ id: Int32, reason: String) -> HomeFilm {
        let f = inputs.film(id)
        return HomeFilm(
            movielensId: id, tmdbId: f?.tmdbId, title: f?.title ?? "ml:\(id)", year: f?.year, genres: f?.genres ?? [],
            reason: reason, posterPath: nil)
    }

    /// The top `pool` films of a score vector of `m`, best first (the lower index among equals).
    func ranked(_ m: TrainedModel, _ fill: (UnsafeMutablePointer<Float>) -> Void) -> [Int32] {
        var scores = [Float](repeating: 0, count: m.items)
        scores.withUnsafeMutableBufferPointer { fill($0.baseAddress!) }
        return scores.withUnsafeBufferPointer { topK($0.baseAddress!, count: m.items, k: Self.pool) }.map {
            m.itemIds[$0.0]
        }
    }

    /// The first `k` of `candidates` the page does not show yet; marks them used.
    func take(_ candidates: [Int32], used: inout Set<Int32>, limit: Int? = nil) -> [Int32] {
        var out: [Int32] = []
        for c in candidates where !used.contains(c) {
            out.append(c)
            used.insert(c)
            if out.count == (limit ?? k) { break }
        }
        return out
    }

    func becauseYouWatched(_ latest: Int32, title: String, used: inout Set<Int32>) -> HomeRow? {
        guard let m = inputs.community, let sims = m.similarities(toMovie: latest) else { return nil }
        var scores = sims
        if let i = m.index(ofMovie: latest) { scores[i] = -.infinity }
        let order = scores.withUnsafeBufferPointer { topK($0.baseAddress!, count: m.items, k: Self.pool) }
            .filter { $0.1 > 0 }.map { m.itemIds[$0.0] }
        let films = take(order, used: &used).map { film($0, reason: "because you watched \(title)") }
        return HomeRow(kind: "because", title: "Because you watched \(title)", films: films)
    }

    func popularNow(used: inout Set<Int32>) -> HomeRow {
        let reason = inputs.trendingIsRecent ? "liked by many lately" : "liked by many"
        return HomeRow(
            kind: "popular", title: "Popular right now",
            films: take(inputs.trending, used: &used).map { film($0, reason: reason) })
    }

    /// A model's list for the user: their own row when the model knows them and nothing has
    /// changed since, else a fold-in of their history.
    func listRow(
        kind: String, title: String, model m: TrainedModel?, user: Int32, history: [Int32],
        reason: (Int32) -> String, used: inout Set<Int32>
    ) -> HomeRow? {
        guard let m, let rec = m.recommender else { return nil }
        let order = ranked(m) { out in
            if let u = m.index(ofUser: user), history.last.flatMap(m.index(ofMovie:)) != nil,
                !historyChanged(m, user: u, history)
            {
                rec.scores(user: u, into: out)
            } else {
                rec.scores(liking: history.compactMap(m.index(ofMovie:)), into: out)
            }
        }
        return HomeRow(kind: kind, title: title, films: take(order, used: &used).map { film($0, reason: reason($0)) })
    }

    /// Whether feedback added films after what `m` was trained on for the user.
    func historyChanged(_ m: TrainedModel, user u: Int, _ history: [Int32]) -> Bool {
        guard let rec = m.recommender else { return true }
        let X = rec.data.positives
        let known = Set(X.row(u).map { m.itemIds[Int(X.columns[$0])] })
        return history.contains { !known.contains($0) }
    }
}
