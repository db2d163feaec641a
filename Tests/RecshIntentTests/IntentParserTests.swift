import Foundation
import Testing

@testable import RecshData
@testable import RecshIntent

/// A hand-made catalogue: five films, two people, the shipped lexicon.
enum Fixture {
    static let movies = [
        Movie(movieLensId: 6, title: "Heat", year: 1995, genres: ["Action", "Crime", "Thriller"], tmdbId: 949),
        Movie(movieLensId: 7, title: "The Heat", year: 2013, genres: ["Action", "Comedy", "Crime"], tmdbId: 136795),
        Movie(
            movieLensId: 4973, title: "Amelie (Fabuleux destin d'Amélie Poulain, Le)", year: 2001,
            genres: ["Comedy", "Romance"]),
        Movie(movieLensId: 858, title: "The Godfather", year: 1972, genres: ["Crime", "Drama"]),
        Movie(
            movieLensId: 1, title: "Toy Story", year: 2018, genres: ["Animation", "Children", "Comedy"], tmdbId: 862),
        Movie(movieLensId: 2, title: "Sci Doc", year: 2000, genres: ["Sci-Fi", "Documentary", "Horror", "War"]),
    ]
    static var tmdb: TMDBCatalog {
        var c = TMDBCatalog()
        var heat = TMDBMovie(tmdbId: 949)
        heat.cast = ["Al Pacino", "Robert De Niro"]
        heat.directors = ["Michael Mann"]
        var toy = TMDBMovie(tmdbId: 862)
        toy.cast = ["Tom Hanks"]
        var other = TMDBMovie(tmdbId: 136795)
        other.directors = ["Michael Mann"]
        for m in [heat, toy, other] { c.update(m.tmdbId) { $0 = m } }
        return c
    }
    static let parser: OfflineIntentParser = {
        let moods = [
            IntentCatalog.MoodEntry(name: "feel-good", aliases: ["uplifting", "bonne humeur"], firstGenre: "Comedy"),
            IntentCatalog.MoodEntry(name: "romantic", aliases: ["date night"], firstGenre: "Romance"),
        ]
        let catalog = IntentCatalog(movies: movies, ratingCounts: [6: 100, 7: 10], tmdb: tmdb, moods: moods)
        return OfflineIntentParser(lexicon: try! IntentLexicon.standard(), catalog: catalog)
    }()
    static func parse(_ q: String) -> Intent { parser.parse(q) }
}

@Suite("The offline intent parser")
struct IntentParserTests {
    @Test("genre synonyms in English and French, as the dataset names the genres")
    func genres() {
        #expect(Fixture.parse("something scary").genres == ["Horror"])
        #expect(Fixture.parse("un dessin animé").genres == ["Animation"])
        #expect(Fixture.parse("for the kids").genres == ["Children"])
        #expect(Fixture.parse("I want to cry").genres == ["Drama"])
        #expect(Fixture.parse("a sci-fi documentary").genres == ["Sci-Fi", "Documentary"])
        #expect(Fixture.parse("rom com").genres.sorted() == ["Comedy", "Romance"])
    }

    @Test("decades, ranges, parts of decades and words relative to the catalogue's last year")
    func years() {
        func y(_ q: String) -> [Int?] {
            let i = Fixture.parse(q)
            return [i.yearMin, i.yearMax]
        }
        #expect(y("from the 90s") == [1990, 1999])
        #expect(y("the nineties") == [1990, 1999])
        #expect(y("les années 80") == [1980, 1989])
        #expect(y("80's") == [1980, 1989])
        #expect(y("between 1995 and 2005") == [1995, 2005])
        #expect(y("entre 2005 et 1995") == [1995, 2005])
        #expect(y("before 1960") == [nil, 1959])
        #expect(y("after 2010") == [2011, nil])
        #expect(y("since 2000") == [2000, nil])
        #expect(y("early 90s") == [1990, 1993])
        #expect(y("fin des années 90") == [1997, 1999])
        #expect(y("recent") == [2013, nil])
        #expect(y("a classic") == [nil, 1988])
        #expect(y("1990-1995") == [1990, 1995])
    }

    @Test("people from TMDB: full names anywhere, a surname after a cue; names holding 'de'")
    func people() {
        #expect(Fixture.parse("with Tom Hanks").people == ["Tom Hanks"])
        #expect(Fixture.parse("un film avec Robert De Niro").people == ["Robert De Niro"])
        #expect(Fixture.parse("directed by Mann").people == ["Michael Mann"])
        // a surname without a cue is a word, not a person, unless a word for films follows it
        #expect(Fixture.parse("mann").people.isEmpty)
        #expect(Fixture.parse("mann and heat").people.isEmpty)
        let films = Fixture.parse("Mann films from the 90s")
        #expect(films.people == ["Michael Mann"] && films.yearMin == 1990 && films.text == "", "\(films)")
        let possessive = Fixture.parse("Mann's movies")
        #expect(possessive.people == ["Michael Mann"] && possessive.text == "", "\(possessive)")
        // a surname that is a word of several titles stays a word
        let titles = ["White Heat", "White Christmas", "Snow White", "Jaws", "Duel"]
        let movies = titles.enumerated().map { n, t in
            Movie(movieLensId: Int32(n + 1), title: t, year: 1970, genres: ["Drama"], tmdbId: n + 1)
        }
        var tmdb = TMDBCatalog()
        for n in 1...5 {
            var t = TMDBMovie(tmdbId: n)
            t.directors = [n <= 3 ? "Michael Jai White" : "Steven Spielberg"]
            tmdb.insert(t)
        }
        let parser = OfflineIntentParser(
            lexicon: try! IntentLexicon.standard(),
            catalog: IntentCatalog(movies: movies, ratingCounts: [:], tmdb: tmdb, moods: []))
        #expect(parser.parse("an old black and white film noir").people.isEmpty)
        #expect(parser.parse("Spielberg films").people == ["Steven Spielberg"])
        #expect(parser.parse("with White").people == ["Michael Jai White"])
    }

    @Test("reference films: the most rated of a shared title, alternative titles, several films")
    func references() {
        #expect(Fixture.parse("like Heat").like == [6])
        #expect(Fixture.parse("comme Amélie").like == [4973])
        #expect(Fixture.parse("comme le fabuleux destin d'Amélie Poulain").like == [4973])
        #expect(Fixture.parse("like Godfather or Heat").like == [858, 6])
        // "like" before a genre is the verb
        let verb = Fixture.parse("I like horror")
        #expect(verb.like.isEmpty && verb.genres == ["Horror"])
    }

    @Test("negations exclude genres and reach over or / and")
    func negation() {
        let i = Fixture.parse("a comedy but not horror or war")
        #expect(i.genres == ["Comedy"] && i.excludeGenres == ["Horror", "War"])
        #expect(Fixture.parse("sans violence").excludeGenres.sorted() == ["Action", "Crime", "Horror", "War"])
        #expect(Fixture.parse("pas de dessin animé").excludeGenres == ["Animation"])
    }

    @Test("moods, and words not understood stay in text")
    func moodsAndText() {
        #expect(Fixture.parse("something uplifting for date night").moods == ["feel-good", "romantic"])
        let t = Fixture.parse("movies about time travel paradoxes")
        #expect(t.isEmpty && t.text == "time travel paradoxes")
        #expect(Fixture.parse("zzz qqq").text == "zzz qqq")
    }

    @Test("the JSON has every key of the schema, years as null when absent")
    func json() throws {
        let data = try JSONEncoder().encode(Fixture.parse("something scary"))
        let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(o.keys) == ["genres", "exclude_genres", "year_min", "year_max", "moods", "people", "like", "text"])
        #expect(o["year_min"] is NSNull)
    }

    @Test("a malformed lexicon line is named by file and line")
    func malformedLexicon() {
        var l = IntentLexicon()
        #expect(
            throws: IntentError.malformed(
                file: "x.txt", line: 2, "unknown kind 'genr' (genre, negation, like, person, relative, filler)")
        ) {
            try l.merge(text: "# ok\ngenr | Horror | scary\n", file: "x.txt")
        }
        #expect(throws: IntentError.malformed(file: "x.txt", line: 1, "expected kind | value | phrases")) {
            try l.merge(text: "genre | Horror\n", file: "x.txt")
        }
    }

    @Test("a labelled set is scored field by field, and a malformed line named")
    func scoring() throws {
        var s = IntentScore()
        var e = Intent()
        e.genres = ["Horror"]
        e.yearMin = 1990
        e.yearMax = 1999
        s.add(line: 1, query: "q", expected: e, got: Fixture.parse("something scary from the 90s"))
        s.add(line: 2, query: "q", expected: e, got: Fixture.parse("something scary"))
        #expect(s.queries == 2 && s.exact == 1 && s.genreRecall == 1 && s.yearAccuracy == 0.5)
        #expect(s.misses.map(\.field) == ["years"])
        let path = NSTemporaryDirectory() + "recsh-intent-\(UUID().uuidString).jsonl"
        try "{\"query\": \"a\", \"expect\": {}}\n{\"query\": 3}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            throws: IntentError.malformed(
                file: path, line: 2, "expected {\"query\": \"...\", \"expect\": {...}} (wrong type at query)")
        ) {
            try IntentScore.read(path)
        }
    }
}
