import Foundation
import Testing

@testable import RecshShell

/// What only the real binary shows: a full disk under `record`, transcripts checked from a
/// checkout at another place, `$HOME`.
@Suite(
    "Transcripts anywhere, a full disk, HOME", .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: Binary.path)))
struct LocationAndDiskTests {
    @Test("record on a disk that fills stops recording; the session goes on")
    func recordOnAFullDisk() throws {
        let dir = scratchFolder()
        // SIGXFSZ ignored and a 2 KiB file-size limit: writes past it fail with EFBIG, as on a full disk
        let script =
            "trap '' XFSZ; ulimit -f 2; exec \"$0\" -c 'record \(dir)/t.rec; load ml-100k; info; info; info; info; search \"star\" k=3'"
        let r = try Binary.run(["-c", script, Binary.path], executable: "/bin/bash")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(
            r.stderr.contains(
                "error: recording stopped: cannot write \(dir)/t.rec: File too large; the session goes on"))
        #expect(r.stdout.contains("Star Wars"))
        let kept = try String(contentsOfFile: dir + "/t.rec", encoding: .utf8)
        #expect(kept.hasPrefix("# recsh transcript t.rec"))
    }

    @Test("Sessions/ copied to a folder at another depth checks there")
    func transcriptsCheckAnywhere() throws {
        let root = scratchFolder() + "/a/b/c"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/Sessions", withIntermediateDirectories: true)
        for name in ["tour.rec", "errors.rec", "serve.rec"] {
            try fm.copyItem(
                atPath: TestShell.packageRoot.path + "/Sessions/" + name, toPath: root + "/Sessions/" + name)
        }
        let r = try Binary.run(
            ["check", "Sessions/tour.rec", "Sessions/errors.rec", "Sessions/serve.rec"],
            directory: URL(fileURLWithPath: root))
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("ok    Sessions/tour.rec"))
        #expect(r.stdout.contains("ok    Sessions/errors.rec"))
        #expect(r.stdout.contains("ok    Sessions/serve.rec"))
    }

    @Test("~/.recshrc and the history follow $HOME, not the passwd entry")
    func homeIsHonoured() {
        let home = scratchFolder()
        #expect(InteractiveShell.home(in: ["HOME": home]) == home)
        #expect(InteractiveShell.home(in: [:]) == NSHomeDirectory())
    }

    @Test("Two sessions' history lines are both kept")
    func historyIsAppended() throws {
        let dir = scratchFolder()
        let file = dir + "/history"
        try "from the other session\n".write(toFile: file, atomically: true, encoding: .utf8)
        HistoryFile.append("info", to: file)
        HistoryFile.append("search \"heat\"", to: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == "from the other session\ninfo\nsearch \"heat\"\n")
    }
}

@Suite("Bare file names", .enabled(if: FileManager.default.isExecutableFile(atPath: Binary.path)))
struct BareFileNameTests {
    @Test("report and record take a name with no folder (Foundation traps on those)")
    func bareNames() throws {
        let dir = scratchFolder()
        let r = try Binary.run(
            ["-c", "report é.html; record t.rec; set k=3; record off"], directory: URL(fileURLWithPath: dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Wrote é.html: 0 commands"))
        #expect(FileManager.default.fileExists(atPath: dir + "/é.html"))
        #expect(FileManager.default.fileExists(atPath: dir + "/t.rec"))
    }
}
