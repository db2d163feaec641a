import Foundation
import RecshData
import RecshLifecycle
import RecshServer
import Testing

@testable import RecshShell

@Suite("Transcripts: record, replay, check")
struct TranscriptTests {
    @Test("Every transcript in Sessions/ replays with the recorded output")
    func sessionsReplay() async throws {
        // serve.rec uses the server's commands, as the recsh executable installs them
        ServerCommands.install()
        // registry.rec uses the lifecycle commands and the run tracker
        LifecycleCommands.install()
        let folder = TestShell.packageRoot.appendingPathComponent("Sessions").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".rec") }.sorted()
        #expect(!files.isEmpty)
        // replayed on a thread of its own: serve.rec starts a server and waits for its answers,
        // which must not block the two threads of the cooperative pool the tests run on
        let results = try await withCheckedThrowingContinuation {
            (c: CheckedContinuation<[(String, TranscriptChecker.Result)], Error>) in
            let t = Thread {
                c.resume(
                    with: Result {
                        // transcripts name files relative to the package root, as the README runs them
                        let previous = FileManager.default.currentDirectoryPath
                        _ = FileManager.default.changeCurrentDirectoryPath(TestShell.packageRoot.path)
                        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
                        let checker = TranscriptChecker(makeSession: {
                            Session(
                                searchPath: DataSearchPath(
                                    folders: [TestShell.datasets], downloadFolder: NSTemporaryDirectory()),
                                cancellation: Cancellation())
                        })
                        return try files.map { ($0, try checker.check(path: "Sessions/" + $0)) }
                    })
            }
            t.stackSize = 8 << 20
            t.start()
        }
        for (file, result) in results {
            #expect(result.commands > 0)
            let diffs = result.mismatches.map(\.diff).joined(separator: "\n")
            #expect(result.passed, "\(file):\n\(diffs)")
        }
    }

    @Test("record writes each command with #| output and #! errors; the transcript is a script")
    func recordFormat() throws {
        let dir = scratchFolder()
        let t = TestShell()
        t.session.sessionsFolder = dir
        t.run("record demo")
        t.run("set k=3; show settingz")
        t.run(#"search "x"#)
        t.run("record off")
        let text = try String(contentsOfFile: (dir as NSString).appendingPathComponent("demo.rec"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("# recsh transcript demo.rec"))
        #expect(lines.contains("set k=3"))
        #expect(lines.contains("#| k = 3"))
        #expect(lines.contains("show settingz"))
        #expect(lines.contains { $0.hasPrefix("#! error: show=settingz is not valid") })
        #expect(lines.contains(#"search "x"#))
        #expect(lines.contains("#! error: syntax error: this quoted string has no closing \""))
        #expect(!lines.contains { $0.hasPrefix("record") })
        let transcript = Transcript(text: text)
        #expect(transcript.entries.map(\.command) == ["set k=3", "show settingz", #"search "x"#])
        #expect(transcript.entries[1].expectsError)
        #expect(Transcript(text: transcript.text) == transcript)
    }

    @Test("check finds a changed output, prints a unified diff, and --update re-records it")
    func checkMismatch() throws {
        let dir = scratchFolder()
        let path = (dir as NSString).appendingPathComponent("t.rec")
        let text = "# a comment\nset k=4\n#| k = 5\nshow settings\n#| anything\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try TranscriptChecker(makeSession: { Session(cancellation: Cancellation()) }).check(path: path)
        #expect(!result.passed)
        #expect(result.mismatches.count == 2)
        #expect(result.mismatches[0].diff.contains("-#| k = 5\n+#| k = 4"))
        #expect(result.mismatches[0].diff.hasPrefix("--- \(path):2 set k=4 (recorded)"))
        try TranscriptChecker.write(result.updated, to: path)
        let again = try TranscriptChecker(makeSession: { Session(cancellation: Cancellation()) }).check(path: path)
        #expect(again.passed)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("# a comment\nset k=4\n#| k = 4\n"))
    }

    @Test("Run-dependent ~values and column widths are ignored; other differences are not")
    func normalization() {
        #expect(
            Transcript.normalize(.output("Loaded x · ~142ms")) == Transcript.normalize(.output("Loaded x · ~1.02s")))
        #expect(Transcript.normalize(.output("a    b")) == Transcript.normalize(.output("a b")))
        #expect(Transcript.normalize(.output("610 users")) != Transcript.normalize(.output("611 users")))
        #expect(Format.duration(0.142) == "~142ms")
        #expect(Format.duration(2.5) == "~2.50s")
    }

    @Test("A script stops at the first unexpected error; recorded errors and keep-going let it continue")
    func scriptStops() {
        let t = TestShell()
        let script = Transcript(text: "set k=2\nbogus\nset k=3\n")
        #expect(
            ScriptRunner(shell: t.shell).run(script, name: "s.rec")
                == ScriptOutcome(failures: 1, firstFailure: "s.rec:2"))
        #expect(t.session.settings.k == 2)
        let expected = Transcript(text: "set k=2\nbogus\n#! error: unknown command 'bogus'\nset k=3\n")
        #expect(ScriptRunner(shell: t.shell).run(expected, name: "s.rec").succeeded)
        #expect(t.session.settings.k == 3)
        #expect(
            ScriptRunner(shell: t.shell, keepGoing: true).run(Transcript(text: "bogus\nset k=7\n"), name: "s.rec")
                .failures == 1)
        #expect(t.session.settings.k == 7)
    }

    @Test("run replays a script inside the session and reports where it failed")
    func runCommand() throws {
        let dir = scratchFolder()
        let path = (dir as NSString).appendingPathComponent("inner.rec")
        try "set k=9\nset nope=1\nset k=1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let t = TestShell()
        let out = t.run("run \(path)")
        #expect(out.contains("error: set has no option 'nope'"))
        #expect(out.contains("inner.rec:2: the script stopped here (1 command failed)"))
        #expect(t.session.settings.k == 9)
        #expect(t.run("run /no/such.rec").contains("no such file: /no/such.rec"))
    }

    @Test("Completion offers commands, options, values, datasets and titles in quotes")
    func completion() {
        let t = TestShell.makeLoaded()
        let c = Completer(shell: t.shell)
        #expect(
            c.complete(prefix: "", word: "se", inQuotes: false).candidates.filter { $0 != "serve" } == [
                "search", "set",
            ])
        #expect(
            c.complete(prefix: "set ", word: "fo", inQuotes: false)
                == .init(candidates: ["format="], useFileNames: false, appendSpace: false))
        #expect(c.complete(prefix: "set format=", word: "j", inQuotes: false).candidates == ["json"])
        #expect(c.complete(prefix: "load ", word: "ml-l", inQuotes: false).candidates == ["ml-latest-small"])
        #expect(c.complete(prefix: "load ", word: "", inQuotes: false).candidates.contains("strict="))
        #expect(c.complete(prefix: "movie ", word: "Rocky I", inQuotes: true).candidates.contains("Rocky II"))
        #expect(c.complete(prefix: "info; ", word: "he", inQuotes: false).candidates == ["help"])
        #expect(c.complete(prefix: "use ", word: "", inQuotes: false).candidates == ["ml-latest-small"])
        #expect(c.complete(prefix: "run ", word: "Scr", inQuotes: false).useFileNames)
    }
}

@Suite("Completion of train options")
struct TrainCompletionTests {
    @Test("train completes the options of the family named, and their values")
    func familyOptions() {
        let c = Completer(shell: TestShell().shell)
        #expect(c.complete(prefix: "train ", word: "a", inQuotes: false).candidates == ["als", "as="])
        #expect(c.complete(prefix: "train als ", word: "f", inQuotes: false).candidates == ["factors="])
        #expect(c.complete(prefix: "train popular by=", word: "b", inQuotes: false).candidates == ["bayes"])
    }
}
