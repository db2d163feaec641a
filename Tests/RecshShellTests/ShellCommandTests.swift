import Foundation
import RecshData
import Testing

@testable import RecshShell

@Suite("Shell commands on the real datasets", .serialized)
struct ShellCommandTests {
    @Test("load reports exact counts; info shows them with a histogram and genres")
    func loadAndInfo() {
        let t = TestShell.loaded
        let info = t.run("info")
        #expect(info.contains("users             610"))
        #expect(info.contains("ratings           100,836"))
        #expect(info.contains("films rated       9,724"))
        #expect(info.contains("time span         1996-03-29 to 2018-09-24"))
        #expect(info.contains("4    26,818  26.6%  ████████████████████████████████████████"))
        #expect(info.contains("Drama      4,361   41,928  41.6%"))
    }

    @Test("movie 1366 is Rocky: ids, ratings, overview, cast, director")
    func rocky() {
        let out = TestShell.loaded.run("movie 1366")
        #expect(out.contains("title            Rocky (1976)"))
        #expect(out.contains("MovieLens id     1954"))
        #expect(out.contains("ratings          64"))
        #expect(out.contains("mean rating      3.83"))
        #expect(out.contains("director         John G. Avildsen"))
        #expect(out.contains("cast             Sylvester Stallone, Talia Shire"))
        #expect(TestShell.loaded.run("movie ml:1954").contains("Rocky (1976)"))
        #expect(TestShell.loaded.run(#"movie "rocky""#).contains("TMDB id          1366"))
    }

    @Test("An ambiguous title lists candidates instead of guessing")
    func ambiguous() {
        let out = TestShell.loaded.run(#"movie "godfather""#)
        #expect(out.hasPrefix("error: \"godfather\" matches several films"))
        #expect(out.contains("238       The Godfather (1972)"))
        #expect(out.contains("240       The Godfather: Part II (1974)"))
    }

    @Test("A TMDB film outside MovieLens still has a page; an unknown id explains the id rules")
    func tmdbOnlyAndUnknown() {
        // Avatar (19995) is in TMDB 5000; look for a film of the TMDB files that ml-latest-small lacks
        let t = TestShell.loaded
        let catalog = t.session.tmdb!
        let d = t.session.current!
        let outside = catalog.movies.values.filter { $0.hasDetails && d.movies.movie(tmdbId: $0.tmdbId) == nil }.map(
            \.tmdbId
        ).min()!
        let page = t.run("movie \(outside)")
        #expect(page.contains("MovieLens id     — (not in ml-latest-small)"))
        let unknown = t.run("movie 999999999")
        #expect(unknown.contains("error: no film matches TMDB id 999999999"))
        #expect(unknown.contains("write ml:999999999 for a MovieLens id"))
    }

    @Test("search ranks titles case- and accent-insensitively")
    func search() {
        let t = TestShell.loaded
        let rocky = t.run(#"search "ROCKY" k=3"#)
        let rows = rocky.split(separator: "\n")
        #expect(rows.count == 5)
        #expect(rows[2] == "1  1366  Rocky     1976       64  Drama")
        let amelie = t.run(#"search "amelie" k=1"#)
        #expect(amelie.contains("Amélie"))
    }

    @Test("format=json and format=csv change every result")
    func formats() throws {
        let t = TestShell()
        t.run("load ml-latest-small")
        t.run("set format=json")
        let json = t.run(#"search "rocky ii" k=1"#)
        // one object per command: the result under its key, notes under notes, ids as numbers
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let parsed = object?["results"] as? [[String: Any]]
        #expect(parsed?.first?["title"] as? String == "Rocky II")
        #expect(parsed?.first?["tmdb_id"] as? Int == 1367)
        #expect(object?["notes"] as? [String] == [])
        let page = try JSONSerialization.jsonObject(with: Data(t.run("movie 1366 lists=no").utf8)) as? [String: Any]
        #expect((page?["movie"] as? [String: Any])?["ratings"] as? Int == 64)
        t.run("set format=csv")
        let csv = t.run(#"search "rocky ii" k=1"#)
        #expect(csv == "rank,tmdb_id,title,year,ratings,genres\n1,1367,Rocky II,1979,26,Action|Drama")
        t.run("set format=table")
        #expect(t.run("show settings").contains(#/\nformat +table /#))
    }

    @Test("Unknown commands and options answer with the closest valid ones; the session goes on")
    func unknowns() {
        let t = TestShell()
        #expect(t.run("lod ml-100k").contains("unknown command 'lod'; did you mean load?"))
        #expect(t.run("search \"x\" kk=3").contains("search has no option 'kk'; did you mean k=?"))
        #expect(t.run("set formt=json").contains("did you mean format=?"))
        #expect(t.run("set format=xml").contains("format=xml is not valid: expected table, json or csv"))
        #expect(t.run("info").contains("no dataset is loaded; try: load ml-latest-small"))
        #expect(t.run("load ml-100kk").contains("did you mean ml-100k?"))
        #expect(t.succeeds("load ml-100k"))
        #expect(t.run("info").contains("users             943"))
    }

    @Test("help lists groups; help CMD shows syntax, defaults and an example")
    func help() {
        let t = TestShell()
        let all = t.run("help")
        #expect(all.contains("Data:"))
        #expect(all.contains("  load        load a MovieLens dataset, TMDB metadata, or a ratings file"))
        #expect(all.contains("Models and questions:"))
        #expect(all.contains("  eval        fit models on the split and compare them"))
        let load = t.run("help load")
        #expect(load.contains("usage: load NAME|PATH [strict=yes|no] [as=NAME]"))
        #expect(load.contains("strict=yes|no"))
        #expect(load.contains("(default: the strict setting (yes))"))
        #expect(load.contains("example"))
        #expect(t.run("help lodd").contains("did you mean load?"))
    }

    @Test("load PATH detects the format; malformed lines stop it with file:line unless strict=no")
    func loadPath() {
        let dir = scratchFolder()
        let bad = (dir as NSString).appendingPathComponent("ratings.dat")
        _ = FileManager.default.createFile(
            atPath: bad, contents: Data("1::10::5::100\n1::x::3::101\n2::10::4::102\n".utf8))
        let t = TestShell()
        let err = t.run("load \(bad)")
        #expect(
            err.contains(
                "ratings.dat:2: expected 4 '::'-separated fields (user id, movie id, rating, timestamp), found \"1::x::3::101\""
            ))
        #expect(t.session.datasets.isEmpty)
        let ok = t.run("load \(bad) strict=no as=bad")
        #expect(ok.contains("Loaded bad (ratings.dat format): 2 ratings"))
        #expect(ok.contains("note: skipped 1 malformed line (first: line 2: 1::x::3::101)"))
        let empty = (dir as NSString).appendingPathComponent("u.data")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(t.run("load \(empty)").contains("is empty: it holds no data rows"))
        #expect(t.session.currentName == "bad")
    }

    @Test("datasets and use switch between loaded datasets; numbers follow the current one's id rules")
    func datasetsAndUse() {
        let t = TestShell()
        t.run("load ml-100k")
        t.run("load ml-latest-small")
        #expect(t.run("datasets").contains("*  ml-latest-small"))
        // ml-100k has no TMDB links, so a number is its own id there: 1 is Toy Story
        t.run("use ml-100k")
        #expect(t.run("movie 1").contains("Toy Story (1995)"))
        t.run("use ml-latest-small")
        #expect(t.run("movie 862").contains("Toy Story (1995)"))
        #expect(t.run("use nope").contains("no dataset named 'nope' is loaded (loaded: ml-100k, ml-latest-small)"))
    }
}
