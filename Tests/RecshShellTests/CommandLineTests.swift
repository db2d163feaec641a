import Foundation
import Testing

/// The built `recsh` executable, run as a user runs it.
enum Binary {
    /// `recsh` sits beside the test bundle in the build folder.
    static var path: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = dir.appendingPathComponent("recsh").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return TestShell.packageRoot.appendingPathComponent(".build/debug/recsh").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs recsh in the package root with `arguments` and optional standard input.
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        directory: URL = TestShell.packageRoot, executable: String? = nil
    ) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? path)
        p.arguments = arguments
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["RECSH_DATA"] = TestShell.datasets
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // both pipes are drained at once: a full stderr must not block the child while we read stdout
        nonisolated(unsafe) var e = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            e = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }
}

@Suite("The recsh command line", .serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: Binary.path)))
struct CommandLineTests {
    @Test("-c runs commands; the exit status is 0 on success")
    func commands() throws {
        let r = try Binary.run(["-c", "load ml-100k; info"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Loaded ml-100k (u.data format): 100,000 ratings · 943 users · 1,682 films rated"))
        #expect(r.stdout.contains("users             943"))
        #expect(r.stderr.isEmpty)
    }

    @Test("A failing script stops with a non-zero status and file:line")
    func scriptFailure() throws {
        let dir = scratchFolder()
        let script = (dir as NSString).appendingPathComponent("fail.rec")
        try "set k=3\n# a comment\nmovei 1366\nset k=4\n".write(toFile: script, atomically: true, encoding: .utf8)
        let r = try Binary.run([script])
        #expect(r.status == 1)
        #expect(r.stderr.contains("fail.rec:3: error: unknown command 'movei'; did you mean movie?"))
        #expect(!r.stdout.contains("k = 4"))
        let goOn = try Binary.run(["--keep-going", script])
        #expect(goOn.status == 1)
        #expect(goOn.stdout.contains("k = 4"))
    }

    @Test("Standard input that is not a terminal is read as a script")
    func stdinScript() throws {
        let r = try Binary.run([], stdin: "set k=5\nshow settings\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains(#/\nk +5 /#))
        let bad = try Binary.run([], stdin: "set k=5\nset k=zero\n")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("<stdin>:2: error: k=zero is not valid: expected an integer from 1 to 1000"))
    }

    @Test("recsh check passes on a faithful transcript and fails with a diff on an altered one")
    func check() throws {
        let ok = try Binary.run(["check", "Sessions/errors.rec"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("ok    Sessions/errors.rec"))
        let dir = scratchFolder()
        let altered = (dir as NSString).appendingPathComponent("altered.rec")
        let text = try String(
            contentsOfFile: TestShell.packageRoot.appendingPathComponent("Sessions/errors.rec").path, encoding: .utf8)
        try text.replacingOccurrences(of: "#| ratings       192", with: "#| ratings       193").write(
            toFile: altered, atomically: true, encoding: .utf8)
        let bad = try Binary.run(["check", altered])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("-#| ratings       193\n+#| ratings       192"))
        #expect(bad.stdout.contains("FAIL  \(altered): 1 of"))
    }

    @Test("recsh serve explains a bad --cache-mb and an artifact folder that is not one, with exit status 1 or 64")
    func serveMistakes() throws {
        let cache = try Binary.run(["serve", "--artifacts", scratchFolder(), "--cache-mb=-1"])
        #expect(cache.status != 0)
        #expect(cache.stderr.contains("--cache-mb must be 0 or more, not -1"), "\(cache.stderr)")
        let folder = scratchFolder()
        let empty = try Binary.run(["serve", "--artifacts", folder, "--port", "0"])
        #expect(empty.status == 1)
        #expect(
            empty.stderr.contains(
                "recsh serve: \(folder)/manifest.json is missing: \(folder) is not an artifact folder written by export"
            ), "\(empty.stderr)")
    }

    @Test("A missing script file is reported")
    func missingScript() throws {
        let r = try Binary.run(["/no/such/file.rec"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no such script: /no/such/file.rec"))
    }
}

@Suite("recsh embed")
struct EmbedCommandTests {
    @Test("--out refuses a file that is not an earlier .npy, and leaves it as it was")
    func outGuard() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "a text\n".write(toFile: dir + "/texts.txt", atomically: true, encoding: .utf8)
        try "my notes\n".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let r = try Binary.run(["embed", dir + "/texts.txt", "--model", dir, "--out", dir + "/notes.txt"])
        #expect(
            r.status != 0 && r.stderr.contains("notes.txt exists and is not a .npy file; left as it is"), "\(r.stderr)")
        #expect(try String(contentsOfFile: dir + "/notes.txt", encoding: .utf8) == "my notes\n")
        let missing = try Binary.run(["embed", dir + "/texts.txt", "--model", dir])
        #expect(missing.status != 0 && missing.stderr.contains("model.safetensors"), "\(missing.stderr)")
    }
}
