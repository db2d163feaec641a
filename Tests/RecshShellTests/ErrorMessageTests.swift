import Foundation
import Testing

@testable import RecshShell

/// Every bad argument names what was wrong; the session goes on after each.
@Suite("Error messages of the model, evaluation and session commands", .serialized)
struct ErrorMessageTests {
    static let shell = TestShell.ml100k()

    @Test(
        "Each mistake gets its message",
        arguments: [
            ("split bogus", "split=bogus is not valid: expected e1, i1, i2 or n1"),
            ("train bpr negatives=some", "negatives=some is not valid: expected popular or uniform"),
            ("train knn alpha=2", "alpha=2.0 is not valid: expected a number from 0 to 1"),
            ("train slist decay=0", "decay=0.0 is not valid: expected a positive number"),
            ("eval k=7", "no split of ml-100k yet: run split i2"),
            ("timeit similar", "timeit=similar is not valid: expected the command in double quotes"),
            (#"timeit n=2 "timeit \"info\"""#, "timeit runs exactly one command (not timeit itself)"),
            (#"timeit for=0 "info""#, "for=0 is not valid: expected a number from 0.01 to 86400 seconds"),
            (#"timeit for=soon "info""#, "for=soon is not valid: expected a number from 0.01 to 86400 seconds"),
            ("popular by=x", "by=x is not valid: expected count or bayes"),
            ("popular genre=Nope", "genre=Nope is not valid: expected one of"),
            ("recommend user=1 likes=1", "give either user= or likes=, not both"),
            (#"compare mood "x""#, "the mood picker reads TMDB metadata: load tmdb first"),
            (#"compare films "x""#, #"compare=films "x" is not valid: expected mood "MOOD""#),
            ("load artifacts", "load needs the artifact folder: load artifacts DIR"),
            ("show bogus", "show=bogus is not valid: expected settings, data-path or memory"),
            ("use", "use needs an argument: use NAME"),
            ("record -x", "record=-x is not valid: expected a transcript name"),
        ])
    func message(command: String, expected: String) {
        let out = Self.shell.run(command)
        #expect(out.hasPrefix("error: "), "\(command) -> \(out)")
        #expect(out.contains(expected), "\(command) -> \(out)")
        #expect(Self.shell.session.currentName == "ml-100k")
    }

    @Test("timeit for=SECONDS runs until the time is up; n= caps the runs")
    func timeitFor() {
        let started = Date()
        let out = Self.shell.run(#"timeit for=0.3 "info""#)
        let elapsed = Date().timeIntervalSince(started)
        let runsLine = out.split(separator: "\n").first { $0.hasPrefix("runs") } ?? ""
        let runs = Int(runsLine.split(separator: " ").last?.replacingOccurrences(of: ",", with: "") ?? "") ?? 0
        #expect(elapsed >= 0.3 && runs > 1, "\(out)")
        #expect(Self.shell.run(#"timeit for=60 n=3 "info""#).contains("runs     3"))
        // a command slower than the time asked still gets one timed run (the untimed first run does not count)
        #expect(Self.shell.run(#"timeit for=0.01 "load ml-100k""#).contains("runs     1"))
    }

    @Test("eval checks its cut-offs and model names once a split exists")
    func evalArguments() {
        let t = TestShell()
        t.run("load ml-100k")
        t.run("split i2")
        #expect(t.run("eval k=7").contains("k=7 is not valid: expected cut-offs among 5, 10, 20"))
        #expect(
            t.run("eval nothere").contains(
                "'nothere' is neither a trained model nor a model family (popular, knn, svd, svdpp, als, bpr, ease, rp3beta, slist, sknn, gru4rec, tfidf, ranker)"
            ))
        #expect(t.run("eval run=train").contains("run=train is not valid: expected test or validation"))
        // nothing trained on this shell yet
        #expect(
            t.run("export /tmp/recsh-never").contains(
                "no trained model of ml-100k to export: train one first (train ease)"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/recsh-never"))
    }
}
