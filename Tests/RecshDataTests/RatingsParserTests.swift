import Foundation
import Testing

@testable import RecshData

@Suite("Ratings parser: formats and edge cases on hand-made files")
struct RatingsParserTests {
    @Test("u.data: tab-separated, four fields")
    func tabSeparated() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write(
            "1\t10\t5\t881250949\n2\t10\t3\t881250950\n1\t20\t4\t881250951\n", to: "u.data", in: dir)
        let load = try RatingsParser.load(path: p)
        #expect(load.format == .tabSeparated)
        #expect(load.table.count == 3)
        #expect(load.table.users == [1, 2, 1])
        #expect(load.table.items == [10, 10, 20])
        #expect(load.table.ratings == [5, 3, 4])
        #expect(load.table.timestamps == [881_250_949, 881_250_950, 881_250_951])
    }

    @Test("ratings.dat: '::' separated")
    func doubleColon() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write("1::1193::5::978300760\n1::661::3::978302109\n", to: "ratings.dat", in: dir)
        let load = try RatingsParser.load(path: p)
        #expect(load.format == .doubleColon)
        #expect(load.table.items == [1193, 661])
        #expect(load.format.ratingScale == 1...5)
    }

    @Test("ratings.csv with header, CRLF line ends, half stars and no final newline")
    func csvCRLF() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write(
            "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,0.5,964981247\r\n2,3,3.5,964981248",
            to: "ratings.csv", in: dir)
        let load = try RatingsParser.load(path: p)
        #expect(load.format == .csv)
        #expect(load.table.ratings == [4.0, 0.5, 3.5])
        #expect(load.table.timestamps.last == 964_981_248)
        #expect(load.format.ratingScale == 0.5...5)
    }

    @Test("An empty file is refused with its name")
    func emptyFile() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write("", to: "u.data", in: dir)
        #expect(throws: DataError.emptyFile(file: p)) { try RatingsParser.load(path: p) }
        let header = TestPaths.write("userId,movieId,rating,timestamp\n", to: "ratings.csv", in: dir)
        #expect(throws: DataError.emptyFile(file: header)) { try RatingsParser.load(path: header) }
    }

    @Test("Strict loading stops at a malformed line with file, line, text and what was expected")
    func strictMalformed() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write("1\t10\t5\t881250949\n2\tten\t3\t881250950\n", to: "u.data", in: dir)
        do {
            _ = try RatingsParser.load(path: p)
            Issue.record("a malformed line must stop a strict load")
        } catch let error as DataError {
            #expect(
                error
                    == .malformedLine(
                        file: p, line: 2, text: "2\tten\t3\t881250950",
                        expected: "4 tab-separated fields (user id, movie id, rating, timestamp)"))
            #expect(error.description.contains("u.data:2: expected 4 tab-separated fields"))
            #expect(error.description.contains("strict=no"))
        }
    }

    @Test("strict=no skips bad lines and counts them")
    func lenient() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write(
            "userId,movieId,rating,timestamp\n1,1,4.0,1\noops\n2,2,x,3\n3,3,5,4\n1,2,3,5,6\n", to: "ratings.csv",
            in: dir)
        let load = try RatingsParser.load(path: p, options: LoadOptions(strict: false))
        #expect(load.table.count == 2)
        #expect(load.skippedLines == 3)
        #expect(load.firstSkipped.first == "line 3: oops")
    }

    @Test("A wrong CSV header is refused instead of being read as ratings")
    func wrongHeader() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write("movieId,title,genres\n1,Toy Story (1995),Animation\n", to: "movies.csv", in: dir)
        #expect(throws: DataError.self) { try RatingsParser.load(path: p) }
    }

    @Test("Repeated (user, movie) pairs keep the latest rating")
    func duplicates() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write("1\t10\t5\t200\n1\t10\t2\t100\n2\t10\t4\t50\n1\t10\t3\t150\n", to: "u.data", in: dir)
        let load = try RatingsParser.load(path: p)
        #expect(load.duplicatesRemoved == 2)
        #expect(load.table.count == 2)
        let kept = zip(load.table.users, load.table.ratings).filter { $0.0 == 1 }.map(\.1)
        #expect(kept == [5])
    }

    @Test("Blank lines are ignored, a trailing one too")
    func blankLines() throws {
        let dir = TestPaths.scratch()
        let p = TestPaths.write("1\t10\t5\t1\n\n2\t11\t4\t2\n\n", to: "u.data", in: dir)
        #expect(try RatingsParser.load(path: p).table.count == 2)
    }

    @Test("Lines split across read chunks parse the same")
    func chunkBoundaries() throws {
        let dir = TestPaths.scratch()
        var text = "userId,movieId,rating,timestamp\n"
        for i in 0..<2000 { text += "\(i % 97 + 1),\(i + 1),\(Double(i % 10 + 1) / 2),\(1_000_000 + i)\n" }
        let p = TestPaths.write(text, to: "ratings.csv", in: dir)
        let load = try RatingsParser.load(path: p)
        #expect(load.table.count == 2000)
        #expect(load.table.ratings[7] == 4.0)
        #expect(load.table.timestamps[1999] == 1_001_999)
    }

    @Test("A missing file names the path")
    func missing() {
        #expect(throws: DataError.unreadable(file: "/nonexistent/u.data", reason: "no such file")) {
            try RatingsParser.load(path: "/nonexistent/u.data")
        }
    }
}

@Suite("Text helpers")
struct TextTests {
    @Test("Titles move their article and lose the year")
    func titles() {
        #expect(Movie.parseTitle("Godfather, The (1972)") == ("The Godfather", 1972))
        #expect(Movie.parseTitle("Misérables, Les (1995)") == ("Les Misérables", 1995))
        #expect(
            Movie.parseTitle("Cité des enfants perdus, La (City of Lost Children, The) (1995)").title
                == "La Cité des enfants perdus (City of Lost Children, The)")
        #expect(Movie.parseTitle("Babylon 5").year == nil)
    }

    @Test("Folding ignores case, accents and apostrophes")
    func fold() {
        #expect(TextDecoding.fold("Amélie") == "amelie")
        #expect(TextDecoding.fold("Schindler's List") == "schindlers list")
        #expect(TextDecoding.fold("  Rocky  II ") == "rocky ii")
    }

    @Test("Latin-1 bytes decode when the file is not UTF-8")
    func latin1() {
        #expect(TextDecoding.decode(Data([0x4D, 0x69, 0x73, 0xE9])) == "Misé")
        #expect(TextDecoding.decode(Data("Misé".utf8)) == "Misé")
    }

    @Test("Python-literal lists: either quote, escapes, apostrophes")
    func pythonLiteral() {
        #expect(
            PythonLiteral.names(
                in: "[{'id': 931, 'name': 'jealousy'}, {'id': 15101, 'name': \"based on children's book\"}]") == [
                    "jealousy", "based on children's book",
                ])
        #expect(PythonLiteral.names(in: "[]") == [])
        #expect(PythonLiteral.names(in: "not a list") == nil)
        #expect(PythonLiteral.names(in: "[{'id': 1, 'name': 'unterminated}]") == nil)
    }

    @Test("CSV: quoted fields with commas, doubled quotes and newlines; line numbers follow physical lines")
    func csv() throws {
        var r = CSVReader(data: Data("a,b\r\n1,\"x, \"\"y\"\"\nz\"\r\n2,w".utf8), file: "t.csv")
        #expect(try r.next() == ["a", "b"])
        #expect(try r.next() == ["1", "x, \"y\"\nz"])
        #expect(r.recordLine == 2)
        #expect(try r.next() == ["2", "w"])
        #expect(r.recordLine == 4)
        #expect(try r.next() == nil)
        var bad = CSVReader(data: Data("a\n\"open".utf8), file: "t.csv")
        _ = try bad.next()
        #expect(throws: DataError.self) { try bad.next() }
    }

    @Test("UTF-8 read as Latin-1 is repaired")
    func mojibake() {
        #expect(TMDBLoader.repairMojibake("GonzÃ¡lez IÃ±Ã¡rritu") == "González Iñárritu")
        #expect(TMDBLoader.repairMojibake("Plain") == "Plain")
    }
}
