import Foundation

/// Runs `.rec` scripts: each command line in turn, stopping at the first unexpected error.
public struct ScriptRunner {
    public let shell: Shell
    /// Go on after a failing command instead of stopping.
    public var keepGoing: Bool

    public init(shell: Shell, keepGoing: Bool = false) {
        self.shell = shell
        self.keepGoing = keepGoing
    }

    /// Runs a script file. Returns the number of commands that failed unexpectedly.
    /// A command whose recorded output in the file is an error (`#! ` lines) is expected to fail.
    @discardableResult
    public func run(file path: String) throws -> Int {
        let transcript = try Transcript(contentsOf: path)
        return run(transcript, name: path)
    }

    /// Runs script text; `name` is used in file:line messages.
    @discardableResult
    public func run(_ transcript: Transcript, name: String) -> Int {
        var failures = 0
        for entry in transcript.entries {
            let location = "\(name):\(entry.line)"
            let ok = shell.execute(entry.command, location: location)
            if shell.session.wantsToQuit { break }
            if !ok && !entry.expectsError {
                failures += 1
                if shell.session.cancellation.isRequested || !keepGoing { break }
            }
        }
        return failures
    }
}

/// Replays a transcript in a fresh session and compares each command's output with the recorded one.
public struct TranscriptChecker {
    /// One command whose replayed output differs from the transcript.
    public struct Mismatch {
        public var entry: Transcript.Entry
        public var actual: [Console.Line]
        /// A unified diff of recorded against replayed output.
        public var diff: String
    }

    public struct Result {
        public var path: String
        public var commands: Int
        public var mismatches: [Mismatch]
        /// The transcript with the replayed outputs, for `--update`.
        public var updated: Transcript
        public var passed: Bool { mismatches.isEmpty }
    }

    public var makeSession: () -> Session

    public init(makeSession: @escaping () -> Session = { Session() }) {
        self.makeSession = makeSession
    }

    /// Replays `path` and returns what differed.
    public func check(path: String) throws -> Result {
        let transcript = try Transcript(contentsOf: path)
        let session = makeSession()
        let shell = Shell(session: session, console: .silent())
        var updated = transcript
        var mismatches: [Mismatch] = []
        for (i, entry) in transcript.entries.enumerated() {
            let actual = shell.console.capturing { shell.execute(entry.command) }
            updated.entries[i].output = actual
            let expected = entry.output.map(Transcript.normalize)
            let got = actual.map(Transcript.normalize)
            if expected != got {
                let header = "--- \(path):\(entry.line) (recorded)\n+++ \(path):\(entry.line) (replayed)\n@@ \(entry.command) @@"
                let body = UnifiedDiff.lines(old: entry.output.map(Self.text), new: actual.map(Self.text))
                mismatches.append(Mismatch(entry: entry, actual: actual, diff: header + "\n" + body))
            }
            if session.wantsToQuit { break }
        }
        session.recorder?.close()
        return Result(path: path, commands: transcript.entries.count, mismatches: mismatches, updated: updated)
    }

    static func text(_ line: Console.Line) -> String {
        switch line {
        case .output(let s): return Transcript.outputPrefix + s
        case .error(let s): return Transcript.errorPrefix + s
        }
    }

    /// Rewrites a transcript with its replayed outputs, atomically (written beside, then renamed).
    public static func write(_ transcript: Transcript, to path: String) throws {
        do {
            try Data(transcript.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ShellError.failed("cannot rewrite \(path): \(error.localizedDescription)")
        }
    }
}

/// A line diff in unified format (`-` recorded, `+` replayed, ` ` shared), from the longest
/// common subsequence. Outputs are short, so the quadratic table is fine.
public enum UnifiedDiff {
    public static func lines(old: [String], new: [String]) -> String {
        let n = old.count, m = new.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        let norm = { (s: String) in s.replacingOccurrences(of: "~[^\\s,;)\\]]+", with: "~", options: .regularExpression)
            .replacingOccurrences(of: "[ \\t]+", with: " ", options: .regularExpression).replacingOccurrences(of: "[─]+", with: "─", options: .regularExpression) }
        let a = old.map(norm), b = new.map(norm)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] { out.append(" " + old[i]); i += 1; j += 1 }
            else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) { out.append("+" + new[j]); j += 1 }
            else { out.append("-" + old[i]); i += 1 }
        }
        return out.joined(separator: "\n")
    }
}
