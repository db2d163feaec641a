import Foundation

/// What a sentence asks for, as filters and hints. The JSON keys are stable: other tools read them.
public struct Intent: Sendable, Equatable, Codable {
    /// MovieLens genre names the films must have.
    public var genres: [String] = []
    /// MovieLens genre names the films must not have.
    public var excludeGenres: [String] = []
    public var yearMin: Int?
    public var yearMax: Int?
    /// Mood names of the mood lexicon (`compare mood` knows them).
    public var moods: [String] = []
    /// People as TMDB names them (cast or director).
    public var people: [String] = []
    /// MovieLens ids of the films named as references ("like Heat").
    public var like: [Int32] = []
    /// The words the parser did not turn into a filter, for a semantic match.
    public var text: String = ""

    public init() {}

    enum CodingKeys: String, CodingKey {
        case genres, moods, people, like, text
        case excludeGenres = "exclude_genres"
        case yearMin = "year_min"
        case yearMax = "year_max"
    }

    public func encode(to encoder: any Encoder) throws {
        // year_min and year_max are written as null, not left out: the schema has every key
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(genres, forKey: .genres)
        try c.encode(excludeGenres, forKey: .excludeGenres)
        try c.encode(yearMin, forKey: .yearMin)
        try c.encode(yearMax, forKey: .yearMax)
        try c.encode(moods, forKey: .moods)
        try c.encode(people, forKey: .people)
        try c.encode(like, forKey: .like)
        try c.encode(text, forKey: .text)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        genres = try c.decodeIfPresent([String].self, forKey: .genres) ?? []
        excludeGenres = try c.decodeIfPresent([String].self, forKey: .excludeGenres) ?? []
        yearMin = try c.decodeIfPresent(Int.self, forKey: .yearMin)
        yearMax = try c.decodeIfPresent(Int.self, forKey: .yearMax)
        moods = try c.decodeIfPresent([String].self, forKey: .moods) ?? []
        people = try c.decodeIfPresent([String].self, forKey: .people) ?? []
        like = try c.decodeIfPresent([Int32].self, forKey: .like) ?? []
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
    }

    /// True when nothing was understood as a filter or hint.
    public var isEmpty: Bool {
        genres.isEmpty && excludeGenres.isEmpty && yearMin == nil && yearMax == nil && moods.isEmpty
            && people.isEmpty && like.isEmpty
    }

    /// One line: `genres Horror · years 1990–1999 · moods scary · text "..."`.
    public func summary(title: (Int32) -> String) -> String {
        var parts: [String] = []
        if !genres.isEmpty { parts.append("genres " + genres.joined(separator: ", ")) }
        if !excludeGenres.isEmpty { parts.append("not " + excludeGenres.joined(separator: ", ")) }
        switch (yearMin, yearMax) {
        case (let a?, let b?): parts.append(a == b ? "year \(a)" : "years \(a)–\(b)")
        case (let a?, nil): parts.append("years \(a)–")
        case (nil, let b?): parts.append("years –\(b)")
        default: break
        }
        if !moods.isEmpty { parts.append("moods " + moods.joined(separator: ", ")) }
        if !people.isEmpty { parts.append("people " + people.joined(separator: ", ")) }
        if !like.isEmpty { parts.append("like " + like.map(title).joined(separator: ", ")) }
        if !text.isEmpty { parts.append("text \"\(text)\"") }
        return parts.isEmpty ? "nothing understood" : parts.joined(separator: " · ")
    }
}
