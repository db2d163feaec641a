import RecshModels
import RecshRanking

/// The reason under each film the ranker lists: the seed product's rules, read from the source
/// that ranks the film best, followed by every source that proposed it.
enum RankerReasons {
    /// A source "votes" for a film it ranks this high.
    static let nearTop = 20

    /// - Parameters:
    ///   - recent: the item index of the user's latest film, for "because you watched X recently".
    static func reasons(
        for items: [Int], rows: CandidateRows, ranker: RankerModel, recent: Int?, title: (Int) -> String
    ) -> [String] {
        var position: [Int32: Int] = [:]
        for (c, i) in rows.items.enumerated() { position[i] = c }
        let width = ranker.features.width
        return items.map { item in
            guard let c = position[Int32(item)] else { return "ranked below every source's top list" }
            let lead = ranker.sources[rows.leadingSource[c]]
            // the sources that rank it near their top, with their ranks; at least the leading one
            let ranks = ranker.sources.indices.map { Int(rows.rows[c * width + 4 * $0 + 1]) }
            var shown = ranker.sources.indices.filter { ranks[$0] <= nearTop }
            if shown.isEmpty { shown = [rows.leadingSource[c]] }
            let listing = shown.map { "\(ranker.sources[$0].name) #\(ranks[$0])" }
            return text(lead.role, recent: recent, title: title) + " · " + listing.joined(separator: ", ")
        }
    }

    static func text(_ role: RankerSource.Role, recent: Int?, title: (Int) -> String) -> String {
        switch role {
        case .sequence: return recent.map { "because you watched \(title($0)) recently" } ?? "next in what you watch"
        case .taste: return "similar to your taste"
        case .community: return "popular among similar viewers"
        case .trending: return "trending now"
        }
    }

    /// The user's latest film by time where a source knows the order, else their last positive.
    static func latest(user: Int, ranker: RankerModel) -> Int? {
        for s in ranker.sources {
            if let last = s.model.data.sequences?[user].last { return Int(last) }
        }
        let X = ranker.data.positives
        return X.row(user).last.map { Int(X.columns[$0]) }
    }
}
