import Foundation
import RecshData
import Testing

@testable import RecshShell

@Suite("Model commands on ml-latest-small", .serialized)
struct ModelCommandTests {
    static let shell = TestShell.makeLoaded(knn: true)

    @Test("similar 1366 lists Rocky's sequels by content and never Rocky itself")
    func similar() {
        let out = Self.shell.run("similar 1366 k=5")
        #expect(out.contains("Similar to Rocky (1976) by tfidf"))
        let rows = out.split(separator: "\n").filter { $0.first == "1" || $0.first == "2" || $0.first == "3" }
        #expect(rows.count >= 3)
        #expect(out.contains("Rocky Balboa") && out.contains("Rocky III"))
        #expect(!out.contains("  1366  Rocky "))
        #expect(out.contains("shares word rocky"))
    }

    @Test("also-liked uses the community model; a film without ratings gets an explained empty list")
    func alsoLiked() {
        let t = Self.shell
        let out = t.run("also-liked 1366 by=knn k=3")
        #expect(out.contains("Viewers who liked Rocky (1976) also liked (knn)"))
        #expect(out.contains("liked by the same viewers"))
        let d = t.session.current!
        let catalog = t.session.tmdb!
        let outside = catalog.movies.values.filter { $0.hasDetails && d.movies.movie(tmdbId: $0.tmdbId) == nil }.map(
            \.tmdbId
        ).min()!
        #expect(t.run("also-liked \(outside)").contains("has no ratings in ml-latest-small: no community list"))
    }

    @Test("blend takes a weight from 0 to 1 and shows the S1 hybrid")
    func blend() {
        let t = Self.shell
        #expect(
            t.run("blend 1.5").contains(
                "blend=1.5 is not valid: expected a weight from 0 (community only) to 1 (content only)"))
        let out = t.run("blend 0.7 1366 community=knn")
        #expect(out.contains("blend weight 0.7 (content) / 0.3 (community): min-max scores over each model's top 100"))
        #expect(out.contains("Best of both for Rocky (1976) (tfidf × knn)"))
        #expect(t.session.blend == BlendRule.standard)
        // over the top 100 of each, Rocky II is in both pools and no blockbuster gets in
        #expect(out.contains("Rocky II") && out.contains("in both top 100"))
        #expect(!out.contains("The Terminator"))
        // S1 as written, min-max over two top-5 lists, interleaves: the community list's first film comes in
        let s1 = t.run("blend 0.5 1366 community=knn method=minmax pool=k")
        #expect(t.session.blend == .s1(weight: 0.5))
        #expect(s1.contains("blend weight 0.5 (content) / 0.5 (community): min-max scores over the two shown lists"))
        #expect(s1.contains("The Terminator"))
        // rank fusion: first in the content list with no community place scores w / (60 + 1) * 61 = w
        let rank = t.run("blend 1 1366 community=knn method=rank pool=100").split(separator: "\n")
        #expect(rank.first { $0.hasPrefix("1 ") }?.contains("Rocky Balboa  2006  1.000") == true)
        // all-content blend equals the content list's order
        let content = t.run("blend 1 1366 community=knn method=minmax").split(separator: "\n").filter {
            $0.hasPrefix("1 ")
        }
        #expect(content.first?.contains("Rocky Balboa") == true)
        // bad method or pool: named, and the rule stays as it was
        let before = t.session.blend
        #expect(t.run("blend 0.4 method=fast").contains("method=fast is not valid: expected minmax or rank"))
        #expect(t.run("blend 0.4 pool=0").contains("pool=0 is not valid: expected an integer from 1 to 1000"))
        #expect(t.session.blend == before)
        t.run("blend 0.7 method=minmax pool=100")
    }

    @Test(
        "judge: the default blend beats or ties the better list on every golden film; knn alpha=0.1 shrink=5 lifts the community list"
    )
    func judgeGoals() {
        let t = TestShell.makeLoaded(knn: true)
        let out = t.run("judge Scripts/golden.csv")
        #expect(out.contains("hybrid ≥ better single  10 of 10 films (target 8), mean 2.76 vs 2.68: PASS"), "\(out)")
        t.run("train knn alpha=0.1 shrink=5 as=knn-lists")
        let lists = t.run("judge Scripts/golden.csv")
        #expect(lists.contains("community               2.18 (target 2.2): FAIL"), "\(lists)")
    }

    @Test("recommend: known users exclude what they rated; new users by likes; filters; unknown users explained")
    func recommend() {
        let t = Self.shell
        let out = t.run("recommend user=1 k=5 by=knn")
        #expect(out.contains("For user 1 (knn)"))
        #expect(out.contains("because you liked"))
        let rated = Set(
            zip(t.session.current!.ratings.users, t.session.current!.ratings.items).filter { $0.0 == 1 }.map(\.1))
        let rec = t.session.model(named: "knn")!
        for line in out.split(separator: "\n").dropFirst(3) {
            let tmdb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])!
            let ml = t.session.current!.movies.movie(tmdbId: tmdb)!.movieLensId
            #expect(!rated.contains(ml))
            #expect(rec.index(ofMovie: ml) != nil)
        }
        #expect(
            t.run("recommend user=99999").contains(
                "user 99999 is not in ml-latest-small's ratings; for a new user name a few films"))
        let likes = t.run(#"recommend likes=1366,"Heat" k=3 genre=drama by=knn"#)
        #expect(likes.contains("For someone who likes Rocky (1976), Heat (1995) (knn)"))
        #expect(t.run("recommend likes=1366 genre=Dramma").contains("genre=Dramma is not valid: expected one of"))
        #expect(t.run("recommend k=3").contains("recommend needs user=ID or likes=REF,..."))
    }

    @Test("popular by count and by Bayesian average, with genre and year filters")
    func popular() {
        let t = Self.shell
        let count = t.run("popular k=1")
        #expect(count.contains("Forrest Gump") && count.contains("329"))
        let bayes = t.run("popular by=bayes years=1990..1999 k=1")
        #expect(bayes.contains("The Shawshank Redemption") && bayes.contains("4.401"))
    }

    @Test("train and eval refuse bad names and options with suggestions")
    func errors() {
        let t = Self.shell
        #expect(t.run("train alss").contains("(did you mean als?)"))
        #expect(t.run("train als factor=10").contains("train als has no option 'factor'; did you mean factors=?"))
        #expect(t.run("train als factors=0").contains("factors=0 is not valid: expected an integer from 1 to 1024"))
        #expect(t.run("drop nothere").contains("no model named 'nothere'"))
        let fresh = TestShell()
        fresh.run("load ml-100k")
        #expect(fresh.run("eval").contains("no split of ml-100k yet: run split i2"))
        fresh.run("split i2")
        #expect(
            fresh.run("eval svd").contains(
                "ranking protocols evaluate popular, knn, rp3beta, als, bpr and ease (svd and svdpp"))
        #expect(fresh.run("similar 1").contains("content similarity needs TMDB metadata"))
    }

    @Test("split i2 prints the peers' counts; eval prints the table and the chart")
    func splitAndEval() {
        let t = TestShell()
        t.run("load ml-100k")
        let split = t.run("split i2")
        #expect(split.contains("positives                           53,164"))
        #expect(split.contains("evaluated users, validation / test  938 / 938"))
        let eval = t.run("eval popular ease k=10")
        #expect(eval.contains("I2 test run on ml-100k: 938 users, 824 rankable films"))
        #expect(eval.contains("ease     0.1038  0.1306   0.1438  0.5554"))
        #expect(eval.contains("NDCG@10"))
        t.run("split e1")
        #expect(t.run("eval svd").contains("E1 test run on 19,795 ratings (32 with an unknown user or item"))
    }

    @Test("split n1 prints the peers' counts; train seq is SLIST named seq; eval on N1 shows hit rates, not precision")
    func nextItem() {
        // ml-100k: a dense items x items model over ml-latest-small's 9,742 films takes a minute
        let t = TestShell()
        t.run("load ml-100k")
        let split = t.run("split n1")
        #expect(split.contains("validation run: fit                             51,288"))
        #expect(split.contains("test run: fit                                   52,226"))
        #expect(split.contains("users' last two in one second                   310"))
        #expect(t.run("train seq").contains("Trained seq (slist: alpha=0.2 lambda=500 decay=2 window=50)"))
        let eval = t.run("eval ease seq")
        #expect(eval.contains("N1 test run on ml-100k: 938 users, 824 rankable films"))
        #expect(eval.contains("NDCG@10   HR@10") && !eval.contains("P@10"))
        #expect(eval.contains("seq    0.0700  0.1045   0.0895  0.1663"), "\(eval)")
        #expect(
            t.run("train seq model=gru5").contains(
                "model=gru5 is not valid: expected slist, sknn, gru4rec"))
        #expect(t.run("split n2").contains("expected e1, i1, i2 or n1"))
    }

    @Test("Ctrl-C during train keeps the previous model of that name")
    func cancelTraining() throws {
        let t = TestShell()
        t.run("load ml-latest-small")
        t.run("train als factors=8 iterations=2")
        let cancellation = t.session.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancellation.request() }
        let out = t.run("train als factors=256 iterations=1000")
        #expect(out.contains("cancelled; the session is as it was before this command"))
        #expect(t.session.model(named: "als")?.parameterText.hasPrefix("factors=8") == true)
    }
}

@Suite("WatchNext analysis on ml-latest-small and TMDB", .serialized)
struct WatchNextTests {
    static let shell = TestShell.makeLoaded(knn: true)

    @Test("coverage top500: linked, rated, 10+ and 50+ counts, a year histogram, the missing films and the 60% verdict")
    func coverage() throws {
        let t = Self.shell
        let out = t.run("coverage top500")
        #expect(out.contains("TMDB films                top 500 by popularity"))
        #expect(out.contains("target                    60% rated: PASS"))
        #expect(out.contains("Rated share by release year (5-year bins)"))
        #expect(out.contains("Most popular films without ratings in ml-latest-small"))
        // the figures agree with a direct count
        let tmdb = t.session.tmdb!
        let d = t.session.current!
        let top = tmdb.movies.values.filter(\.hasDetails).sorted {
            ($0.popularity ?? 0, -$0.tmdbId) > ($1.popularity ?? 0, -$1.tmdbId)
        }.prefix(500)
        let counts = d.ratings.ratingCountsByMovie()
        var byTMDB: [Int: Int32] = [:]
        for (ml, l) in tmdb.links { if let x = l.tmdb { byTMDB[x] = ml } }
        for m in d.movies.movies { if let x = m.tmdbId { byTMDB[x] = m.movieLensId } }
        let rated = top.filter { byTMDB[$0.tmdbId].map { Int($0) < counts.count && counts[Int($0)] > 0 } ?? false }
            .count
        #expect(out.contains("rated in ml-latest-small  \(rated) ("))
    }

    @Test("An empty coverage window and bad arguments are explained")
    func coverageEdges() {
        let t = Self.shell
        #expect(
            t.run("coverage top100 years=2030..2040").contains(
                "No TMDB film with details falls in this window (2030..2040): nothing to cover."))
        #expect(t.run("coverage 500").contains("coverage=500 is not valid: expected topN, as in top500"))
        #expect(t.run("coverage top10 by=likes").contains("by=likes is not valid: expected popularity or votes"))
        let bare = TestShell()
        bare.run("load ml-100k")
        #expect(bare.run("coverage top500").contains("load tmdb first"))
    }
}

@Suite("The movie page's three lists", .serialized)
struct MoviePageTests {
    static let shell = TestShell.makeLoaded(knn: true)

    @Test("movie 1366: details, then Similar Movies, Viewers Also Liked and Best of Both")
    func rockyPage() {
        let out = Self.shell.run("movie 1366")
        #expect(out.contains("Similar Movies (tfidf)"))
        #expect(out.contains("Viewers Also Liked (knn)"))
        #expect(out.contains("Best of Both (blend"))
        #expect(out.contains("Rocky Balboa"))
    }

    @Test(
        "A TMDB film absent from MovieLens: its content list, an explained empty community list, and a hybrid equal to the content list"
    )
    func filmOutsideMovieLens() throws {
        let t = Self.shell
        let d = t.session.current!
        let catalog = t.session.tmdb!
        let outside = catalog.movies.values.filter {
            $0.hasDetails && !$0.overview.isEmpty && d.movies.movie(tmdbId: $0.tmdbId) == nil
        }
        .sorted { ($0.popularity ?? 0) > ($1.popularity ?? 0) }.first!
        t.run("set format=json")
        defer { t.run("set format=table") }
        let json = try JSONSerialization.jsonObject(with: Data(t.run("movie \(outside.tmdbId)").utf8)) as! [String: Any]
        let similar = json["similar"] as! [[String: Any]]
        let hybrid = json["hybrid"] as! [[String: Any]]
        #expect(!similar.isEmpty)
        #expect(similar.map { $0["tmdb_id"] as! Int } == hybrid.map { $0["tmdb_id"] as! Int })
        #expect((json["also_liked"] as! String).contains("has no ratings in ml-latest-small"))
    }
}

@Suite("compare mood", .serialized)
struct CompareMoodTests {
    static let shell = TestShell.makeLoaded(knn: true)

    @Test("feel-good: five mood films, the ML lists under each, and the value-added figure")
    func feelGood() {
        let out = Self.shell.run(#"compare mood "feel-good""#)
        #expect(out.contains(#"Mood "feel-good": top 5"#))
        #expect(out.contains("What the ML lists add under each mood film"))
        #expect(out.contains("value-added target          80%: PASS"))
        #expect(out.contains("content/community overlap"))
    }

    @Test("French moods map to the lexicon; unknown moods get the closest known ones")
    func wordsAndMistakes() {
        let t = Self.shell
        #expect(t.run(#"compare mood "drôle" k=2"#).contains(#"Mood "funny": top 2"#))
        #expect(t.run(#"compare mood "triste" k=2"#).contains(#"Mood "melancholic""#))
        #expect(t.run(#"compare mood "feelgod""#).contains(#"unknown mood "feelgod"; closest: feel-good"#))
    }

    @Test("The lexicon covers at least 25 moods in English and French, and reports malformed lines with file:line")
    func lexicon() throws {
        let lexicon = try MoodLexicon.standard()
        #expect(lexicon.moods.count >= 25)
        for word in [
            "feel-good", "dark", "romantic", "mind-bending", "cozy", "epic", "scary", "tearjerker", "drôle", "triste",
            "effrayant", "épique",
        ] {
            #expect(lexicon.mood(named: word) != nil, "\(word)")
        }
        var extra = MoodLexicon()
        #expect(
            throws: ShellError.failed(
                "my.txt:2: expected 5 fields separated by '|' (mood | other names | genres | avoided genres | keywords), found \"broken | line\""
            )
        ) {
            try extra.merge(text: "# comment\nbroken | line\n", file: "my.txt")
        }
        try extra.merge(text: "cosmic | spacey | Science Fiction | Horror | space, stars\n", file: "my.txt")
        #expect(extra.mood(named: "spacey")?.name == "cosmic")
    }
}

@Suite("judge against the golden file", .serialized)
struct JudgeTests {
    static let shell = TestShell.makeLoaded(knn: true)

    static let golden = TestShell.packageRoot.appendingPathComponent("Scripts/golden.csv").path

    @Test("The shipped golden file: ten reference films, grades per approach, targets and a sweep")
    func shipped() {
        let t = Self.shell
        t.run("train knn")
        let out = t.run("judge \(Self.golden) sweep=0..1 step=0.5")
        #expect(out.contains("Mean grade of the top 5"))
        #expect(out.contains("mean of 10"))
        #expect(out.contains("content                 2.68 (target 2.8): FAIL"))
        #expect(out.contains("Hybrid mean grade by blend weight"))
        #expect(out.contains("1.00"))
        #expect(out.contains("Best weight:"))
    }

    @Test(
        "Unknown films are skipped and named with file:line; unjudged candidates are listed; malformed lines stop with file:line"
    )
    func edges() throws {
        let dir = scratchFolder()
        let path = (dir as NSString).appendingPathComponent("g.csv")
        try
            "# test\nseed_tmdb,seed_title,candidate_tmdb,candidate_title,grade\n1366,Rocky,1367,Rocky II,3\n99999999,Nope,1367,Rocky II,3\n1366,Rocky,88888888,Missing,2\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let t = Self.shell
        let out = t.run("judge \(path)")
        #expect(out.contains("Skipped films not in ml-latest-small:"))
        #expect(out.contains("g.csv:4: Nope (99999999)"))
        #expect(out.contains("g.csv:5: Missing (88888888)"))
        #expect(out.contains("Unjudged candidates (counted as 1)"))
        #expect(out.contains("1366,Rocky,1246,Rocky Balboa,?"))
        let bad = (dir as NSString).appendingPathComponent("bad.csv")
        try "seed_tmdb,seed_title,candidate_tmdb,candidate_title,grade\n1366,Rocky,1367,Rocky II,5\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        #expect(
            t.run("judge \(bad)").contains(
                "bad.csv:2: expected seed_tmdb,seed_title,candidate_tmdb,candidate_title,grade with a grade of 1, 2 or 3"
            ))
        #expect(t.run("judge /no/file.csv").contains("no such file: /no/file.csv"))
    }
}

@Suite("report", .serialized)
struct ReportTests {
    @Test("report writes a self-contained page: every command, its output, charts as inline SVG")
    func page() throws {
        let t = TestShell()
        t.run("load ml-latest-small")
        t.run("load tmdb")
        t.run("coverage top100")
        t.run("lod typo")
        let path = (scratchFolder() as NSString).appendingPathComponent("r.html")
        let out = t.run("report \(path) title=\"Test <report>\"")
        #expect(out.contains("Wrote"))
        #expect(out.contains(": 4 commands, 1 charts"))
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Test &lt;report&gt;</title>"))
        #expect(html.contains("<code>coverage top100</code>"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.contains("error: unknown command &#39;lod&#39;") || html.contains("error: unknown command 'lod'"))
        #expect(!html.contains("src=\"http"))
        #expect(t.run("report /no/such/dir/r.html").contains("cannot write /no/such/dir/r.html"))
    }
}

@Suite("export", .serialized)
struct ExportTests {
    @Test("export writes .npy arrays numpy loads as they are, id mappings, and a manifest with every file's sha256")
    func artifacts() throws {
        let t = TestShell()
        t.run("load ml-100k")
        t.run("train als factors=8 iterations=2")
        t.run("train knn k=10")
        let dir = (scratchFolder() as NSString).appendingPathComponent("v1")
        let out = t.run("export \(dir)")
        #expect(out.contains("Exported als, knn of ml-100k to"))
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json")))
            as! [String: Any]
        #expect(manifest["format_version"] as? Int == 1)
        let files = manifest["files"] as! [String: String]
        #expect(files["als.item_factors.npy"] != nil && files["knn.neighbors.npy"] != nil && files["movies.csv"] != nil)
        // numpy reads every array with the expected dtype and shape, and the hashes hold
        let script = """
            import numpy as np, json, hashlib, os, sys
            d = sys.argv[1]; m = json.load(open(os.path.join(d, 'manifest.json')))
            for f, h in m['files'].items():
                assert hashlib.sha256(open(os.path.join(d, f), 'rb').read()).hexdigest() == h, f
            a = np.load(os.path.join(d, 'als.item_factors.npy')); assert a.dtype == np.float32 and a.shape == (1682, 8), a.shape
            n = np.load(os.path.join(d, 'knn.neighbors.npy')); assert n.dtype == np.int32 and n.shape == (1682, 10), n.shape
            ids = np.load(os.path.join(d, 'als.item_ids.npy')); assert ids[0] == 1 and ids[-1] == 1682
            print('numpy ok')
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        p.waitUntilExit()
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("numpy ok") || said.contains("No module named 'numpy'"), "\(said)")
    }

    @Test("A failed export leaves the previous folder as it was")
    func atomic() throws {
        let t = TestShell()
        t.run("load ml-100k")
        t.run("train knn k=5")
        let dir = (scratchFolder() as NSString).appendingPathComponent("v1")
        t.run("export \(dir)")
        let before = try String(contentsOfFile: dir + "/manifest.json", encoding: .utf8)
        #expect(t.run("export \(dir) models=nothere").contains("no model named 'nothere' trained on ml-100k"))
        #expect(try String(contentsOfFile: dir + "/manifest.json", encoding: .utf8) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (dir as NSString).deletingLastPathComponent)
            .filter { $0.contains(".partial-") || $0.contains(".old-") }
        #expect(leftovers.isEmpty)
        #expect(TestShell().run("export \(dir)").contains("no dataset is loaded"))
    }
}

@Suite("load artifacts", .serialized)
struct LoadArtifactsTests {
    static func exported() -> String {
        let t = TestShell()
        t.run("load ml-100k")
        t.run("train ease")
        t.run("train als factors=16 iterations=3")
        t.run("train knn k=20")
        t.run("train svd factors=16 epochs=3")
        let dir = (scratchFolder() as NSString).appendingPathComponent("v1")
        t.run("export \(dir)")
        return dir
    }

    @Test("Exported models come back and answer exactly as before")
    func roundTrip() throws {
        let t = TestShell()
        t.run("load ml-100k")
        t.run("train ease")
        t.run("train als factors=16 iterations=3")
        t.run("train knn k=20")
        t.run("train svd factors=16 epochs=3")
        t.run("train svdpp factors=8 epochs=3")
        t.run("train rp3beta k=30")
        t.run("train bpr factors=8 iterations=3")
        t.run("train slist")
        t.run("train sknn")
        let questions = [
            "recommend user=12 k=5 by=ease", "recommend user=12 k=5 by=als", "also-liked 1 by=knn",
            "recommend user=7 k=5 by=svd", "recommend likes=1,50 by=als k=5", "recommend user=7 k=5 by=svdpp",
            "recommend likes=1,50 by=svdpp k=5", "also-liked 1 by=svdpp", "recommend user=12 k=5 by=rp3beta",
            "recommend user=12 k=5 by=bpr", "recommend user=12 k=5 by=slist", "recommend likes=1,50 by=slist k=5",
            "also-liked 1 by=slist", "recommend user=12 k=5 by=sknn", "also-liked 1 by=sknn",
        ]
        let before = questions.map { t.run($0) }
        let dir = (scratchFolder() as NSString).appendingPathComponent("v1")
        t.run("export \(dir)")
        let fresh = TestShell()
        fresh.run("load ml-100k")
        let out = fresh.run("load artifacts \(dir)")
        #expect(out.contains("Loaded 9 models from"))
        #expect(questions.map { fresh.run($0) } == before)
    }

    @Test("The content model comes back too: similar answers as before export")
    func contentRoundTrip() throws {
        let t = TestShell.makeLoaded()
        t.run("train tfidf keywords=2 as=tfidf2")
        let before = t.run("similar 1366 by=tfidf2")
        let dir = (scratchFolder() as NSString).appendingPathComponent("content")
        #expect(t.run("export \(dir) models=tfidf2").contains("Exported tfidf2"))
        let fresh = TestShell()
        fresh.run("load ml-latest-small")
        #expect(fresh.run("load artifacts \(dir)").contains("tfidf2 (tfidf)"))
        #expect(fresh.run("similar 1366 by=tfidf2") == before)
    }

    @Test("A missing, altered or truncated file refuses the folder, naming the file; nothing is half-loaded")
    func integrity() throws {
        let dir = Self.exported()
        let t = TestShell()
        let altered = dir + "/ease.weights.npy"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: altered))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: altered))
        #expect(
            t.run("load artifacts \(dir)").contains(
                "ease.weights.npy does not match its sha256 in the manifest (altered or truncated); nothing was loaded")
        )
        #expect(t.session.models.isEmpty)
        let other = Self.exported()
        try FileManager.default.removeItem(atPath: other + "/knn.neighbors.npy")
        #expect(t.run("load artifacts \(other)").contains("knn.neighbors.npy is missing; nothing was loaded"))
        #expect(
            t.run("load artifacts /tmp").contains(
                "/tmp/manifest.json is missing: /tmp is not an artifact folder written by export"))
        #expect(t.session.models.isEmpty)
    }
}
