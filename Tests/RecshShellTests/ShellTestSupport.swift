import Foundation
import RecshData

@testable import RecshShell

/// A shell over the real shared datasets whose output is collected instead of printed.
// Unchecked: a suite that shares one TestShell among its tests is `.serialized`, so one test
// at a time drives it; the shell itself is single-threaded, as at the prompt.
final class TestShell: @unchecked Sendable {
    let shell: Shell
    var lines: [Console.Line] = []

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var datasets: String {
        ProcessInfo.processInfo.environment["RECSH_SHARED_DATASETS"]
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets").path
    }

    init() {
        let session = Session(
            searchPath: DataSearchPath(folders: [Self.datasets], downloadFolder: NSTemporaryDirectory()),
            cancellation: Cancellation())
        shell = Shell(session: session, console: .silent())
    }

    init(shell: Shell) { self.shell = shell }

    var session: Session { shell.session }

    /// Runs one line and returns its output lines as text (errors prefixed "error: ").
    @discardableResult
    func run(_ line: String) -> String {
        let captured = shell.console.capturing { shell.execute(line) }
        lines += captured
        return captured.map { l -> String in
            switch l {
            case .output(let s): return s
            case .error(let s): return s
            }
        }.joined(separator: "\n")
    }

    /// Runs a line and reports whether it succeeded.
    func succeeds(_ line: String) -> Bool {
        var ok = false
        _ = shell.console.capturing { ok = shell.execute(line) }
        return ok
    }

    /// One shell with ml-latest-small and TMDB loaded, for ShellCommandTests. Suites run in
    /// parallel, so each suite that shares a shell among its tests makes its own.
    static let loaded = makeLoaded()

    /// A new shell on ml-100k that has run `lines` (say, "train knn").
    static func ml100k(_ lines: String...) -> TestShell {
        let t = TestShell()
        t.run("load ml-100k")
        for l in lines { t.run(l) }
        return t
    }

    /// A new shell with ml-latest-small and TMDB loaded (and knn trained, with `knn`).
    static func makeLoaded(knn: Bool = false) -> TestShell {
        let t = TestShell()
        t.run("load ml-latest-small")
        t.run("load tmdb")
        if knn { t.run("train knn") }
        return t
    }
}

func scratchFolder(_ label: String = #function) -> String {
    let safe = label.filter { $0.isLetter || $0.isNumber }
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent(
        "recsh-shell-\(safe)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
