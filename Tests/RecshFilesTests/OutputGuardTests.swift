import Foundation
import Testing

@testable import RecshFiles

/// A fresh folder under the system's temporary folder, removed by the caller.
func scratchFolder(_ name: String = #function) -> String {
    let path = NSTemporaryDirectory() + "recsh-files-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite("Replacing only recsh's own output")
struct OutputGuardTests {
    @Test func aFileWithoutTheMarkIsRefusedAndKept() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let thesis = dir + "/thesis.rec"
        try Data("my thesis\n".utf8).write(to: URL(fileURLWithPath: thesis))
        #expect(throws: FileError.self) { try OutputGuard.checkReplaceable(thesis, as: .transcript) }
        do { try OutputGuard.checkReplaceable(thesis, as: .transcript) } catch {
            #expect("\(error)".contains("refusing to replace \(thesis)"))
        }
        #expect(FileManager.default.contents(atPath: thesis) == Data("my thesis\n".utf8))
    }

    @Test func ownOutputEmptyFilesAndNewNamesAreAllowed() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("# recsh transcript a.rec\nload ml-100k\n".utf8).write(to: URL(fileURLWithPath: dir + "/a.rec"))
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.html"))
        try OutputGuard.checkReplaceable(dir + "/a.rec", as: .transcript)
        try OutputGuard.checkReplaceable(dir + "/empty.html", as: .htmlPage)
        try OutputGuard.checkReplaceable(dir + "/new.html", as: .htmlPage)
    }

    @Test func foldersAndDevicesAreNamed() {
        #expect(
            throws: FileError.wrongKind(
                path: "/dev/null", found: "a character device", expected: "a file name for a recsh page")
        ) {
            try OutputGuard.checkReplaceable("/dev/null", as: .htmlPage)
        }
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: FileError.wrongKind(path: dir, found: "a folder", expected: "a file name for a recsh page")) {
            try OutputGuard.checkReplaceable(dir, as: .htmlPage)
        }
        #expect(throws: FileError.self) { try PathKind.requireRegularFile("/dev/zero") }
        #expect(throws: FileError.self) { try PathKind.requireRegularFile(dir) }
    }

    @Test func foreignFoldersAreRefusedOwnAndEmptyOnesAllowed() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/docs", withIntermediateDirectories: true)
        try Data("thesis".utf8).write(to: URL(fileURLWithPath: dir + "/docs/thesis.txt"))
        #expect(throws: FileError.self) {
            try OutputGuard.checkReplaceableFolder(dir + "/docs", what: "artifacts", hint: "h") { _ in false }
        }
        try OutputGuard.checkReplaceableFolder(dir + "/docs", what: "artifacts", hint: "h") { _ in true }
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        try OutputGuard.checkReplaceableFolder(dir + "/empty", what: "artifacts", hint: "h") { _ in false }
        #expect(throws: FileError.self) {
            try OutputGuard.checkReplaceableFolder(dir + "/docs/thesis.txt", what: "artifacts", hint: "h") { _ in true }
        }
    }
}

@Suite("Atomic writes and folder swaps")
struct AtomicWriteTests {
    @Test func atomicWriteReplacesAndLeavesNoTemporaryFile() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Data("one".utf8), to: dir + "/f")
        try AtomicFile.write(Data("two".utf8), to: dir + "/f")
        #expect(FileManager.default.contents(atPath: dir + "/f") == Data("two".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f"])
    }

    @Test func aCancelledWriteLeavesTheOldFile() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Data("old".utf8), to: dir + "/f")
        #expect(throws: FileError.cancelled) {
            try AtomicFile.write(Data(count: 20 << 20), to: dir + "/f", isCancelled: { true })
        }
        #expect(FileManager.default.contents(atPath: dir + "/f") == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f"])
    }

    @Test func publishExchangesAndRemovesTheEarlierFolder() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/v1"
        for version in ["first", "second"] {
            let staging = FolderSwap.stagingPath(for: target)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            try Data(version.utf8).write(to: URL(fileURLWithPath: staging + "/manifest.json"))
            try FolderSwap.publish(staging: staging, at: target)
        }
        #expect(FileManager.default.contents(atPath: target + "/manifest.json") == Data("second".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["v1"])
    }

    @Test func staleStagingFoldersOfDeadProcessesAreRemoved() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/v1"
        // pid 2^22+7 is above Linux's default pid_max, so no process has it
        for name in [
            "v1.partial-4194311", "v1.old-4194311", "v1.partial-notapid", "v1.partial-1", "v2.partial-4194311",
            "v1.old-4194312",
        ] {
            try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: true)
        }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/v1.partial-4194311/knn.neighbors.npy"))
        // named like a leftover, but holding someone's file: not ours to remove
        try Data("thesis".utf8).write(to: URL(fileURLWithPath: dir + "/v1.old-4194312/thesis.txt"))
        FolderSwap.removeStale(partialsOf: target)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        // pid 1 is alive; other names and other targets are not ours to remove
        #expect(left == ["v1.old-4194312", "v1.partial-1", "v1.partial-notapid", "v2.partial-4194311"])
    }

    @Test func appendReportsAFullFileInsteadOfCrashing() throws {
        // /dev/full answers every write with ENOSPC, as a full disk does
        let file = AppendingFileProbe.openFull()
        #expect(throws: FileError.self) { try file?.append(Data("x".utf8)) }
    }
}

/// An AppendingFile on /dev/full, which the public initialiser (an atomic create) cannot make.
enum AppendingFileProbe {
    static func openFull() -> AppendingFile? { AppendingFile(openingExisting: "/dev/full") }
}

@Suite("Path arithmetic that never traps")
struct PathTextTests {
    @Test func foldersAndNames() {
        #expect(PathText.folder(of: "notes.html") == "")
        #expect(PathText.folder(of: "é") == "")
        #expect(PathText.folder(of: "a/b/c.rec") == "a/b")
        #expect(PathText.folder(of: "/c") == "/")
        #expect(PathText.folder(of: "a//b/") == "a")
        #expect(PathText.name(of: "a/b/") == "b")
        #expect(PathText.name(of: "日本") == "日本")
        #expect(PathText.join("", "x") == "x")
        #expect(PathText.join("/", "x") == "/x")
    }

    @Test func anAtomicWriteToABareNameWorks() throws {
        let dir = scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cwd = FileManager.default.currentDirectoryPath
        #expect(FileManager.default.changeCurrentDirectoryPath(dir))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        try AtomicFile.write(Data("x".utf8), to: "é")
        #expect(FileManager.default.contents(atPath: dir + "/é") == Data("x".utf8))
    }
}
