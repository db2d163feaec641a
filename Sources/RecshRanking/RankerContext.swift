import Foundation
import RecshModels

/// What the ranker knows about films and users beyond the sources' scores, in the fit's index
/// spaces: how popular a film is overall and right now, its year and genres, and how long ago
/// each user last liked something. Built once per fit; immutable.
public struct RankerContext: Sendable {
    /// log(1 + positives) per film.
    public let popularity: [Float]
    /// Recency-weighted positives per film at the data's last timestamp: each positive weighs
    /// exp(-age / 30 days), so a film liked by many this month outranks an old favourite.
    public let trending: [Float]
    /// Days between each user's last positive and the data's last timestamp.
    public let userIdleDays: [Float]
    /// A bit per genre of each film (the catalogue's genres, in the order the shell lists them).
    public let genres: [UInt32]
    /// Release year per film; NaN when unknown.
    public let years: [Float]

    public static let trendingDays: Double = 30

    /// - Parameters:
    ///   - users, items, times: the fit's positives as index pairs with their Unix times.
    public init(
        data: TrainingData, users: [Int32], items: [Int32], times: [Int64], genres: [UInt32], years: [Float]
    ) {
        let nItems = data.items
        let nUsers = data.users
        var count = [Float](repeating: 0, count: nItems)
        for p in 0..<data.positives.columns.count { count[Int(data.positives.columns[p])] += 1 }
        popularity = count.map { log1p($0) }
        let end = times.max() ?? 0
        var recent = [Double](repeating: 0, count: nItems)
        var last = [Int64](repeating: Int64.min, count: nUsers)
        let scale = 1 / (Self.trendingDays * 86_400)
        for k in times.indices {
            recent[Int(items[k])] += exp(-Double(end - times[k]) * scale)
            let u = Int(users[k])
            if times[k] > last[u] { last[u] = times[k] }
        }
        trending = recent.map { Float($0) }
        userIdleDays = last.map { $0 == Int64.min ? .nan : Float(Double(end - $0) / 86_400) }
        precondition(genres.count == nItems && years.count == nItems, "film facts must cover every fit film")
        self.genres = genres
        self.years = years
    }
}

extension RankerContext {
    /// A context read back from an export; the arrays must all describe `items` films and `users` users.
    public init(
        restoringPopularity popularity: [Float], trending: [Float], userIdleDays: [Float], genres: [UInt32],
        years: [Float], items: Int, users: Int
    ) throws {
        for (name, count, expected) in [
            ("popularity", popularity.count, items), ("trending", trending.count, items),
            ("genres", genres.count, items), ("years", years.count, items), ("idle_days", userIdleDays.count, users),
        ] where count != expected {
            throw ModelError.badArray(name: name, problem: "\(count) values for \(expected)")
        }
        self.popularity = popularity
        self.trending = trending
        self.userIdleDays = userIdleDays
        self.genres = genres
        self.years = years
    }
}
