import Foundation
import Testing

@testable import RecshData

/// Files a hostile or careless user hands to `load`: each gets a message, never a crash or a
/// silent wrong result.
@Suite("Hostile and broken input files")
struct HostileInputTests {
    static let ratings = "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,2,3.5,964982704\n2,1,5.0,964982705\n"

    func folder(
        movies: String = "movieId,title,genres\n1,Toy Story (1995),Animation\n2,Jumanji (1995),Adventure\n",
        links: String? = nil, ratings: String = Self.ratings, label: String = #function
    ) -> String {
        let dir = TestPaths.scratch(label)
        TestPaths.write(ratings, to: "ratings.csv", in: dir)
        TestPaths.write(movies, to: "movies.csv", in: dir)
        if let links { TestPaths.write(links, to: "links.csv", in: dir) }
        return dir
    }

    @Test(arguments: ["nan", "inf", "1e300", "-3", "12.5"])
    func aTMDBIdThatIsNoIdIsAnErrorNotACrash(_ id: String) throws {
        let dir = folder(links: "movieId,imdbId,tmdbId\n1,114709,862\n2,113497,\(id)\n", label: "links\(id)")
        #expect {
            try MovieLensLoader.load(path: dir)
        } throws: { error in
            "\(error)".contains("links.csv:3: expected movieId,imdbId,tmdbId with a whole positive tmdbId or none")
        }
        let lenient = try MovieLensLoader.load(path: dir, options: LoadOptions(strict: false))
        #expect(lenient.movies.movie(movieLensId: 1)?.tmdbId == 862)
        #expect(lenient.notes.contains("links.csv: skipped 1 malformed line"))
        // "1234.0", as The Movies Dataset writes ids, is still an id
        let float = folder(links: "movieId,imdbId,tmdbId\n1,114709,862.0\n", label: "float\(id)")
        #expect(try MovieLensLoader.load(path: float).movies.movie(movieLensId: 1)?.tmdbId == 862)
    }

    @Test func aRatingOutsideTheScaleIsRefusedWhenStrict() throws {
        let dir = folder(ratings: Self.ratings + "3,2,7.0,964982706\n")
        #expect {
            try MovieLensLoader.load(path: dir)
        } throws: { error in
            "\(error)".contains("ratings.csv:5: expected 4 comma-separated fields") && "\(error)".contains("3,2,7.0")
        }
        let lenient = try MovieLensLoader.load(path: dir, options: LoadOptions(strict: false))
        #expect(lenient.ratings.count == 3)
        #expect(lenient.ratings.ratings.allSatisfy { $0 <= 5 })
    }

    @Test func anUnclosedQuoteSwallowsNoOtherFilm() throws {
        let movies =
            "movieId,title,genres\n1,\"Toy Story (1995),Animation\n2,Jumanji (1995),Adventure\n3,\"Heat (1995)\",Action\n"
        let dir = folder(movies: movies)
        #expect {
            try MovieLensLoader.load(path: dir)
        } throws: { error in
            "\(error)".contains("movies.csv:2: expected a closing double quote")
        }
        let lenient = try MovieLensLoader.load(path: dir, options: LoadOptions(strict: false))
        #expect(lenient.movies.movie(movieLensId: 2)?.title == "Jumanji")
        #expect(lenient.movies.movie(movieLensId: 3)?.title == "Heat")
        #expect(lenient.movies.movie(movieLensId: 1) == nil)
        #expect(lenient.notes.contains("movies.csv: skipped 1 malformed line"))
    }

    @Test func skippedCatalogueLinesAreReported() throws {
        let dir = folder(
            movies: "movieId,title,genres\n1,Toy Story (1995),Animation\nnot a film\n2,Jumanji (1995),Adventure\n")
        let lenient = try MovieLensLoader.load(path: dir, options: LoadOptions(strict: false))
        #expect(lenient.notes.contains("movies.csv: skipped 1 malformed line"))
    }

    @Test(arguments: ["/dev/zero", "/dev/full", "/dev/null"])
    func devicesAreRefusedBeforeAnyRead(_ path: String) {
        #expect {
            try RatingsParser.load(path: path)
        } throws: { error in
            "\(error)" == "cannot read \(path): it is a character device, not a regular file"
        }
    }

    @Test func aFolderGivenAsAFileIsNamedAsAFolder() {
        let dir = TestPaths.scratch()
        #expect {
            try TextDecoding.read(path: dir)
        } throws: { error in
            "\(error)" == "cannot read \(dir): it is a folder, not a regular file"
        }
    }

    @Test func aLineOfMegabytesIsRefusedWithItsNumber() throws {
        let dir = TestPaths.scratch()
        var data = Data("1\t1\t5\t881250949\n".utf8)
        data.append(Data(repeating: 0x41, count: 3 << 20))
        let file = TestPaths.write(data, to: "u.data", in: dir)
        #expect {
            try RatingsParser.load(path: file)
        } throws: { error in
            "\(error)" == "\(file):2: the line is longer than 1 MiB, so this is not a MovieLens or TMDB text file"
        }
    }
}
