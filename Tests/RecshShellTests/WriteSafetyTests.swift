import Foundation
import Testing

@testable import RecshShell

/// Every command that writes replaces only its own earlier output (issue: never destroy).
@Suite("Writes replace only recsh's own output", .serialized)
struct WriteSafetyTests {
    static let shell = TestShell.ml100k("train knn")

    @Test func exportRefusesAFolderOfSomeoneElsesFiles() throws {
        let dir = scratchFolder()
        let docs = dir + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "thesis".write(toFile: docs + "/thesis.txt", atomically: true, encoding: .utf8)
        let out = Self.shell.run("export \(docs)")
        #expect(
            out.contains(
                "refusing to replace \(docs): it holds a folder of 1 entry (thesis.txt) that recsh did not write"))
        #expect(try String(contentsOfFile: docs + "/thesis.txt", encoding: .utf8) == "thesis")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["docs"])
    }

    @Test func exportRefusesAFileAndADevice() throws {
        let dir = scratchFolder()
        try "notes".write(toFile: dir + "/notes", atomically: true, encoding: .utf8)
        #expect(
            Self.shell.run("export \(dir)/notes").contains(
                "\(dir)/notes is a file, not a folder for an artifact folder"))
        #expect(try String(contentsOfFile: dir + "/notes", encoding: .utf8) == "notes")
        #expect(Self.shell.run("export /dev/null").contains("/dev/null is a character device, not a folder"))
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: "/dev/null", isDirectory: &isDir) && !isDir.boolValue)
    }

    @Test func exportReplacesItsOwnExportAndCleansLeftovers() throws {
        let dir = scratchFolder()
        let target = dir + "/v1"
        #expect(Self.shell.run("export \(target)").contains("Exported knn of ml-100k to \(target)"))
        // what a kill -9 in the middle of an export leaves: a staging folder of a dead process
        try FileManager.default.createDirectory(atPath: target + ".partial-4194311", withIntermediateDirectories: true)
        #expect(Self.shell.run("export \(target)").contains("Exported knn of ml-100k to \(target)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["v1"])
        let manifest =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: target + "/manifest.json")))
            as! [String: Any]
        #expect(manifest["format"] as? String == "recsh-artifacts")
        #expect(Self.shell.run("load artifacts \(target)").contains("Loaded 1 model"))
    }

    @Test func exportIntoTheCurrentFolderIsRefusedWithAReason() {
        let out = Self.shell.run("export .")
        #expect(out.contains("refusing to replace .: it holds a folder"))
        #expect(!out.contains("NSCocoaErrorDomain"))
    }

    @Test func recordAndReportRefuseFilesTheyDidNotWrite() throws {
        let dir = scratchFolder()
        try "my script\n".write(toFile: dir + "/mine.rec", atomically: true, encoding: .utf8)
        #expect(Self.shell.run("record \(dir)/mine.rec").contains("refusing to replace \(dir)/mine.rec"))
        #expect(try String(contentsOfFile: dir + "/mine.rec", encoding: .utf8) == "my script\n")
        try "<html>mine</html>".write(toFile: dir + "/page.html", atomically: true, encoding: .utf8)
        #expect(Self.shell.run("report \(dir)/page.html").contains("refusing to replace \(dir)/page.html"))
        #expect(Self.shell.run("report \(dir)").contains("\(dir) is a folder, not a file name for a recsh page"))
        // its own output is replaced: a second report and a second recording of the same name
        #expect(Self.shell.run("report \(dir)/new.html").contains("Wrote \(dir)/new.html"))
        #expect(Self.shell.run("report \(dir)/new.html").contains("Wrote \(dir)/new.html"))
        #expect(Self.shell.run("record \(dir)/again.rec").contains("Recording to"))
        Self.shell.run("record off")
        #expect(Self.shell.run("record \(dir)/again.rec").contains("Recording to"))
        Self.shell.run("record off")
    }

    @Test func judgeRefusesASweepOfAbsurdlyManyPoints() {
        let t = TestShell.makeLoaded()
        for step in ["1e-300", "1e-9"] {
            let out = t.run("judge Scripts/golden.csv sweep=0..1 step=\(step)")
            #expect(
                out.contains("is not valid: expected a step that gives at most 1000 weights"), "step=\(step): \(out)")
        }
        #expect(t.run("judge Scripts/golden.csv sweep=0..1 step=0").contains("expected a positive number"))
    }

    @Test func anErrorNeverEchoesAWholeHugeLine() {
        let huge = String(repeating: "x", count: 100_000)
        let out = Self.shell.run(huge)
        #expect(out.contains("unknown command"))
        #expect(out.count < 600)
        let quote = Self.shell.run("movie \"" + huge)
        #expect(quote.contains("syntax error"))
        #expect(quote.count < 600)
    }
}

@Suite("Numbers out of range are named, not trained on")
struct OptionRangeTests {
    @Test func optionsMustBeFiniteFloats() {
        let t = TestShell.ml100k()
        #expect(
            t.run("train svd lr=1e300").contains(
                "lr=1e300 is not valid: expected a number within the range of a 32-bit float"))
        #expect(t.run("train ease lambda=1e30").contains("Trained ease (ease: lambda=1e+30)"))
    }
}
