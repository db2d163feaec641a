import Foundation
import Testing

@testable import RecshShell

/// `set format=json` is how scripts read recsh: one object per command, fixed keys, numbers as numbers.
@Suite("JSON a script can rely on", .serialized)
struct JSONShapeTests {
    static let shell: TestShell = {
        let t = TestShell.makeLoaded()
        t.run("set format=json")
        return t
    }()

    static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    @Test("The same command with and without a note has the same keys")
    func notesNeverChangeTheShape() throws {
        let t = TestShell.makeLoaded()
        t.run("set format=json")
        let first = try #require(Self.object(t.run("similar 1366 k=3")))  // trains tfidf first: a note
        let second = try #require(Self.object(t.run("similar 1366 k=3")))
        #expect(Set(first.keys) == ["notes", "similar"])
        #expect(Set(second.keys) == Set(first.keys))
        #expect((first["notes"] as? [String])?.count == 1)
        #expect((second["notes"] as? [String])?.isEmpty == true)
        #expect((first["similar"] as? [[String: Any]])?.count == 3)
    }

    @Test("Ids and years are numbers, a missing value is null")
    func numbersAreNumbers() throws {
        let search = try #require(Self.object(Self.shell.run("search \"rocky\" k=1")))
        let hit = try #require((search["results"] as? [[String: Any]])?.first)
        #expect(hit["tmdb_id"] as? Int == 1366)
        #expect(hit["year"] as? Int == 1976)
        let movie = try #require(Self.object(Self.shell.run("movie 1366 lists=no"))?["movie"] as? [String: Any])
        #expect(movie["movielens_id"] as? Int == 1954)
        #expect(movie["tmdb_id"] as? Int == 1366)
        #expect(movie["year"] as? Int == 1976)
    }

    @Test(
        "Every command prints one object with notes",
        arguments: [
            "info", "datasets", "models", "search \"heat\" k=2", "popular k=2", "popular by=bayes k=2",
            "movie 862 lists=no",
            "similar 862 k=2", "also-liked 862 k=2 by=knn", "recommend user=1 k=2 by=knn", "coverage top50", "split i2",
            "show settings", "help load", "set k=5", "timeit n=2 \"search \\\"heat\\\"\"",
        ])
    func everyCommandIsOneObject(_ command: String) throws {
        let out = Self.shell.run(command)
        let lines = out.split(separator: "\n")
        #expect(lines.count == 1, "\(command): \(out.prefix(300))")
        let o = try #require(Self.object(String(lines[0])), "\(command): \(out.prefix(300))")
        #expect(o["notes"] is [String], "\(command) has no notes list")
    }
}
