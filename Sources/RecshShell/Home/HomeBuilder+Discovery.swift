import Foundation
import RecshModels

extension HomeBuilder {
    /// "Mixed discovery": the best-ranked films re-ordered by maximal marginal relevance, so each
    /// pick shares as few genres as possible with the picks before it.
    func discovery(user: Int32, history: [Int32], used: inout Set<Int32>) -> HomeRow? {
        guard let m = inputs.model([.ranker]) ?? inputs.community, let rec = m.recommender else { return nil }
        let order = ranked(m) { out in
            if let u = m.index(ofUser: user), !historyChanged(m, user: u, history) {
                rec.scores(user: u, into: out)
            } else {
                rec.scores(liking: history.compactMap(m.index(ofMovie:)), into: out)
            }
        }
        let candidates = order.filter { !used.contains($0) }
        let genres = candidates.map { Set(inputs.film($0)?.genres ?? []) }
        let usual = Self.topGenres(history.compactMap { inputs.film($0)?.genres }, count: 3)
        var picked: [Int] = []
        var left = Array(candidates.indices)
        while picked.count < k, !left.isEmpty {
            var best = 0
            var bestValue = -Double.infinity
            for (position, c) in left.enumerated() {
                let relevance = 1 - Double(c) / Double(max(1, candidates.count))
                let overlap = picked.map { Self.jaccard(genres[c], genres[$0]) }.max() ?? 0
                let value = Self.lambda * relevance - (1 - Self.lambda) * overlap
                if value > bestValue {
                    bestValue = value
                    best = position
                }
            }
            picked.append(left.remove(at: best))
        }
        let films = picked.map { c -> HomeFilm in
            let id = candidates[c]
            used.insert(id)
            let fresh = genres[c].subtracting(usual).sorted().first
            return film(id, reason: fresh.map { "mixes in \($0)" } ?? "a different pick for you")
        }
        return HomeRow(kind: "discovery", title: "Mixed discovery", films: films)
    }

    /// Relevance against diversity in the discovery row's MMR.
    static let lambda = 0.5

    /// Rows for a user the models do not know: popular right now, then the three most popular
    /// genres' best films.
    func fallback(user: Int32, used: inout Set<Int32>) -> HomePage {
        var rows = [popularNow(used: &used)]
        let genres = Self.topGenres(inputs.trending.prefix(100).compactMap { inputs.film($0)?.genres }, count: 3)
        for g in genres {
            let inGenre = inputs.trending.filter { inputs.film($0)?.genres.contains(g) == true }
            let films = take(inGenre, used: &used).map { film($0, reason: "popular in \(g)") }
            if !films.isEmpty { rows.append(HomeRow(kind: "genre", title: "Popular in \(g)", films: films)) }
        }
        return HomePage(
            userId: Int(user), fallback: true,
            note: "user \(user) has no history here: popular and genre rows instead of personal ones", rows: rows)
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// The `count` most frequent genres of `lists` (ties by name).
    static func topGenres(_ lists: [[String]], count: Int) -> [String] {
        var n: [String: Int] = [:]
        for l in lists { for g in l { n[g, default: 0] += 1 } }
        return n.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map(\.key)
    }

    /// Intra-list diversity: 1 − the mean genre Jaccard over every pair of `films`.
    static func intraListDiversity(_ films: [[String]]) -> Double? {
        guard films.count > 1 else { return nil }
        var sum = 0.0
        var pairs = 0
        for a in 0..<films.count {
            for b in (a + 1)..<films.count {
                sum += jaccard(Set(films[a]), Set(films[b]))
                pairs += 1
            }
        }
        return 1 - sum / Double(pairs)
    }
}
