import COpenBLAS
import Foundation
import RecshFiles

/// Runs `.rec` scripts: each command line in turn, stopping at the first unexpected error.
public struct ScriptRunner {
    public let shell: Shell
    /// Go on after a failing command instead of stopping.
    public var keepGoing: Bool

    public init(shell: Shell, keepGoing: Bool = false) {
        self.shell = shell
        self.keepGoing = keepGoing
    }

    /// Runs a script file. A command whose recorded output in the file is an error (`#! ` lines)
    /// is expected to fail.
    @discardableResult
    public func run(file path: String) throws -> ScriptOutcome {
        let transcript = try Transcript(contentsOf: path)
        return run(transcript, name: path)
    }

    /// Runs script text; `name` is used in file:line messages.
    @discardableResult
    public func run(_ transcript: Transcript, name: String) -> ScriptOutcome {
        var outcome = ScriptOutcome()
        let outer = shell.session.sourceName
        shell.session.sourceName = PathText.name(of: name)
        defer { shell.session.sourceName = outer }
        for entry in transcript.entries {
            let location = "\(name):\(entry.line)"
            let ok = shell.execute(entry.command, location: location)
            if shell.session.wantsToQuit { break }
            if !ok && !entry.expectsError {
                outcome.failures += 1
                if outcome.firstFailure == nil { outcome.firstFailure = location }
                if shell.session.cancellation.isRequested || !keepGoing { break }
            }
        }
        return outcome
    }
}

/// How a script run went: unexpected failures and where the first one was.
public struct ScriptOutcome: Equatable {
    public var failures = 0
    /// `file:line` of the first unexpected failure.
    public var firstFailure: String?
    public var succeeded: Bool { failures == 0 }
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
        // OpenBLAS's level-3 routines give other last bits with another thread count, which moves
        // EASE's and SLIST's near-ties and the ranker's trees: a replay uses one thread, which
        // every machine has (its kernels are pinned by OPENBLAS_CORETYPE, see docs/shell.md)
        openblas_set_num_threads(1)
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
                let header =
                    "--- \(path):\(entry.line) \(entry.command) (recorded)\n+++ \(path):\(entry.line) \(entry.command) (replayed)"
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

/// A line diff in unified format (`-` recorded, `+` replayed), in hunks with three lines of
/// context, from the longest common subsequence. Lines are compared as `check` compares them.
public enum UnifiedDiff {
    public static func lines(old: [String], new: [String], context: Int = 3) -> String {
        let n = old.count
        let m = new.count
        let norm = { (s: String) -> String in
            switch Transcript.normalize(.output(s)) {
            case .output(let t), .error(let t): return t
            }
        }
        let a = old.map(norm)
        let b = new.map(norm)
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        // the edit script: (kind, old index, new index)
        var ops: [(Character, Int, Int)] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                ops.append((" ", i, j))
                i += 1
                j += 1
            } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.append(("-", i, j))
                i += 1
            } else {
                ops.append(("+", i, j))
                j += 1
            }
        }
        let changed = ops.indices.filter { ops[$0].0 != " " }
        guard !changed.isEmpty else { return "" }
        // group changes whose context windows touch into hunks
        var hunks: [ClosedRange<Int>] = []
        for k in changed {
            let lo = max(0, k - context)
            let hi = min(ops.count - 1, k + context)
            if let last = hunks.last, lo <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...hi
            } else {
                hunks.append(lo...hi)
            }
        }
        var out: [String] = []
        for h in hunks {
            let slice = ops[h]
            let oldStart = slice.first!.1
            let newStart = slice.first!.2
            let oldCount = slice.filter { $0.0 != "+" }.count
            let newCount = slice.filter { $0.0 != "-" }.count
            out.append("@@ -\(oldStart + 1),\(oldCount) +\(newStart + 1),\(newCount) @@")
            for (kind, oi, nj) in slice {
                switch kind {
                case "-": out.append("-" + old[oi])
                case "+": out.append("+" + new[nj])
                default: out.append(" " + old[oi])
                }
            }
        }
        return out.joined(separator: "\n")
    }
}
