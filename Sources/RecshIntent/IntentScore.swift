import Foundation

/// One labelled query of an intent test set (a JSON Lines file): `{"query": "...", "expect": {...}}`
/// with `expect` in the schema of `Intent` (`text` is not scored).
public struct LabelledQuery: Sendable, Decodable {
    public var query: String
    public var expect: Intent
}

/// The scores of a parser on a labelled set, and each miss.
public struct IntentScore: Sendable {
    public struct Miss: Sendable {
        public var line: Int
        public var query: String
        public var field: String
        public var expected: String
        public var got: String
    }

    public var queries = 0
    public var exact = 0
    public var genreHits = 0
    public var genreExpected = 0
    public var genrePredicted = 0
    public var yearQueries = 0
    public var yearRight = 0
    public var moodQueries = 0
    public var moodRight = 0
    public var misses: [Miss] = []

    public var accuracy: Double { ratio(exact, queries) }
    public var genreRecall: Double { ratio(genreHits, genreExpected) }
    public var genrePrecision: Double { ratio(genreHits, genrePredicted) }
    public var yearAccuracy: Double { ratio(yearRight, yearQueries) }
    public var moodAccuracy: Double { ratio(moodRight, moodQueries) }
    func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }

    public init() {}

    /// Reads a JSON Lines file; a malformed line is an error naming the file and line.
    public static func read(_ path: String) throws -> [(line: Int, LabelledQuery)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw IntentError.unreadable(path) }
        var out: [(Int, LabelledQuery)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            do { out.append((n + 1, try JSONDecoder().decode(LabelledQuery.self, from: Data(line.utf8)))) } catch {
                throw IntentError.malformed(
                    file: path, line: n + 1, "expected {\"query\": \"...\", \"expect\": {...}} (\(Self.reason(error)))")
            }
        }
        return out
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let k, _): "no \"\(k.stringValue)\""
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "not JSON"
        }
    }

    /// Scores one parse against its label.
    public mutating func add(line: Int, query: String, expected e: Intent, got g: Intent) {
        queries += 1
        var right = true
        func check(_ field: String, _ a: String, _ b: String) {
            guard a != b else { return }
            right = false
            misses.append(Miss(line: line, query: query, field: field, expected: a, got: b))
        }
        func set(_ l: [String]) -> String { "[" + l.sorted().joined(separator: ", ") + "]" }
        check("genres", set(e.genres), set(g.genres))
        check("exclude_genres", set(e.excludeGenres), set(g.excludeGenres))
        let years = { (i: Intent) in "\(i.yearMin.map(String.init) ?? "null")..\(i.yearMax.map(String.init) ?? "null")"
        }
        check("years", years(e), years(g))
        check("moods", set(e.moods), set(g.moods))
        check("people", set(e.people), set(g.people))
        check("like", set(e.like.map(String.init)), set(g.like.map(String.init)))
        if right { exact += 1 }
        let eg = Set(e.genres)
        let gg = Set(g.genres)
        genreHits += eg.intersection(gg).count
        genreExpected += eg.count
        genrePredicted += gg.count
        if e.yearMin != nil || e.yearMax != nil || g.yearMin != nil || g.yearMax != nil {
            yearQueries += 1
            if years(e) == years(g) { yearRight += 1 }
        }
        if !e.moods.isEmpty || !g.moods.isEmpty {
            moodQueries += 1
            if Set(e.moods) == Set(g.moods) { moodRight += 1 }
        }
    }
}
