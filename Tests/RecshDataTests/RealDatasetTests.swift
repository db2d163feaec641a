import Foundation
import Testing

@testable import RecshData

/// The counts of `shared/datasets/SOURCES.md`, asserted on the real files.
@Suite("Real datasets: exact counts from SOURCES.md")
struct RealDatasetTests {
    @Test("ml-100k: 100,000 ratings, 943 users, 1,682 items, Latin-1 titles")
    func ml100k() throws {
        let d = try MovieLensLoader.load(path: TestPaths.dataset("ml-100k"), name: "ml-100k")
        let st = d.ratings.statistics()
        #expect(d.format == .tabSeparated)
        #expect(st.ratings == 100_000)
        #expect(st.users == 943)
        #expect(st.items == 1_682)
        #expect(st.minRating == 1 && st.maxRating == 5)
        #expect(st.firstTimestamp == 874_724_710 && st.lastTimestamp == 893_286_638)
        #expect(d.movies.count == 1_682)
        #expect(d.movies.movie(movieLensId: 543)?.title == "Les Misérables")
        #expect(d.movies.movie(movieLensId: 1)?.genres == ["Animation", "Children's", "Comedy"])
        #expect(!d.globalMovieLensIds)
        #expect(d.notes.isEmpty)
    }

    @Test("ml-100k folds: u1.base + u1.test rebuild u.data")
    func ml100kFolds() throws {
        let base = try RatingsParser.load(path: TestPaths.dataset("ml-100k/u1.base"))
        let test = try RatingsParser.load(path: TestPaths.dataset("ml-100k/u1.test"))
        #expect(base.table.count == 80_000)
        #expect(test.table.count == 20_000)
    }

    @Test("ml-latest-small: 100,836 ratings, 610 users, 9,724 rated, 9,742 movies, 3,683 tags, 9,734 TMDB links")
    func mlLatestSmall() throws {
        let d = try MovieLensLoader.load(path: TestPaths.dataset("ml-latest-small"), name: "ml-latest-small")
        let st = d.ratings.statistics()
        #expect(d.format == .csv)
        #expect(st.ratings == 100_836)
        #expect(st.users == 610)
        #expect(st.items == 9_724)
        #expect(Set(st.histogram.map(\.rating)) == Set(stride(from: Float(0.5), through: 5, by: 0.5)))
        #expect(d.movies.count == 9_742)
        #expect(d.tagCount == 3_683)
        #expect(d.movies.linkedCount == 9_734)
        let rocky = try #require(d.movies.movie(tmdbId: 1366))
        #expect(rocky.movieLensId == 1954)
        #expect(rocky.title == "Rocky" && rocky.year == 1976)
        #expect(rocky.imdbId == "tt0075148")
    }

    @Test("ml-1m movies.dat: 3,883 films, Latin-1, max id 3952; its ratings.dat is absent")
    func ml1mMovies() throws {
        var skipped = MovieLensLoader.Skipped()
        let catalog = try MovieLensLoader.readMoviesDat(
            TestPaths.dataset("ml-1m/movies.dat"), options: LoadOptions(), skipped: &skipped)
        #expect(skipped.counts.isEmpty)
        #expect(catalog.count == 3_883)
        #expect(catalog.movies.map(\.movieLensId).max() == 3952)
        #expect(catalog.movie(movieLensId: 73)?.title == "Les Misérables")
        let path = DataSearchPath(folders: [TestPaths.datasets], downloadFolder: "/tmp")
        #expect(path.find(KnownDataset.named("ml-1m")!) == nil)
        #expect(path.find(KnownDataset.named("ml-100k")!) == TestPaths.dataset("ml-100k"))
    }

    @Test("TMDB: the four files merge; Rocky has overview, keywords, cast and director")
    func tmdb() throws {
        let c = try TMDBLoader.load(folder: TestPaths.dataset("tmdb"))
        let rows = Dictionary(uniqueKeysWithValues: c.sources.map { ($0.file, $0.rows) })
        #expect(rows["tmdb_5000_movies.csv"] == 4_803)
        #expect(rows["tmdb-movies.csv"] == 10_866)
        #expect(rows["keywords.csv"] == 46_419)
        #expect(rows["links.csv"] == 45_843)
        let rocky = try #require(c[1366])
        #expect(rocky.title == "Rocky")
        #expect(rocky.overview.hasPrefix("When world heavyweight boxing champion"))
        #expect(rocky.directors == ["John G. Avildsen"])
        #expect(rocky.cast.first == "Sylvester Stallone")
        #expect(rocky.keywords.contains("underdog"))
        #expect(rocky.genres == ["Drama"])
        // links.csv: 219 rows have no tmdbId
        #expect(c.links.values.filter { $0.tmdb == nil }.count == 219)
    }

    @Test("TMDB coverage of ml-latest-small matches SOURCES.md: 6,575 overviews, 6,192 with cast and director")
    func coverage() throws {
        let d = try MovieLensLoader.load(path: TestPaths.dataset("ml-latest-small"))
        let c = try TMDBLoader.load(folder: TestPaths.dataset("tmdb"))
        var overview = 0
        var credits = 0
        var keywords = 0
        for m in d.movies.movies {
            guard let t = m.tmdbId, let meta = c[t] else { continue }
            if !meta.overview.isEmpty { overview += 1 }
            if !meta.cast.isEmpty && !meta.directors.isEmpty { credits += 1 }
            if !meta.keywords.isEmpty { keywords += 1 }
        }
        #expect(overview == 6_575)
        #expect(credits == 6_192)
        #expect(keywords >= 8_682)
    }

    @Test("synth.py's ML-1M-shaped ratings.dat loads with its published counts", .enabled(if: SynthFile.available))
    func synth1m() throws {
        let path = try SynthFile.make1m()
        let d = try MovieLensLoader.load(path: path)
        let st = d.ratings.statistics()
        #expect(d.format == .doubleColon)
        #expect(st.ratings == 995_775)
        #expect(st.users == 6_040)
        #expect(st.items == 3_706)
    }
}

/// Writes the synthetic 1M file with `shared/peers/synth.py` once per test run.
enum SynthFile {
    static let script = (TestPaths.datasets as NSString).deletingLastPathComponent + "/peers/synth.py"
    static let out = (NSTemporaryDirectory() as NSString).appendingPathComponent("recsh-synth-1m/ratings.dat")

    static var available: Bool {
        guard FileManager.default.fileExists(atPath: script) else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import numpy"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    static func make1m() throws -> String {
        if FileManager.default.fileExists(atPath: out) { return out }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, "--size", "1m", "--out", out]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return out
    }
}
