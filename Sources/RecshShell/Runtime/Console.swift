import Foundation

/// Where command output goes: the terminal (or nowhere, when `check` replays) and every
/// capture open at the time (the transcript recorder, `check`).
public final class Console {
    /// One line of output: a result line, or an error line.
    public enum Line: Equatable, Sendable {
        case output(String)
        case error(String)
    }

    let writeOutput: (String) -> Void
    let writeError: (String) -> Void
    private var captures: [[Line]] = []

    public init(output: @escaping (String) -> Void, error: @escaping (String) -> Void) {
        self.writeOutput = output
        self.writeError = error
    }

    /// Standard output and standard error, flushed line by line.
    public static func standard() -> Console {
        Console(
            output: { s in FileHandle.standardOutput.write((s + "\n").data(using: .utf8)!) },
            error: { s in FileHandle.standardError.write((s + "\n").data(using: .utf8)!) })
    }

    /// A console that prints nothing; only captures see the lines.
    public static func silent() -> Console { Console(output: { _ in }, error: { _ in }) }

    public func print(_ text: String) {
        writeOutput(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Line.output(String($0)) }
        for i in captures.indices { captures[i].append(contentsOf: lines) }
    }

    public func error(_ text: String, location: String? = nil) {
        let text = Self.clipLines(text)
        writeError((location.map { $0 + ": " } ?? "") + "error: " + text)
        let lines = ("error: " + text).split(separator: "\n", omittingEmptySubsequences: false).map {
            Line.error(String($0))
        }
        for i in captures.indices { captures[i].append(contentsOf: lines) }
    }

    /// Longest line of an error message: a message that echoes input (a 100 KB line, a huge
    /// value) shows its start and says how much was left out.
    public static let errorLineLimit = 200

    static func clipLines(_ text: String) -> String {
        guard text.utf8.count > errorLineLimit else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > errorLineLimit else { return String(line) }
            return String(line.prefix(errorLineLimit)) + "… (\(line.count - errorLineLimit) more characters)"
        }.joined(separator: "\n")
    }

    /// Runs `body` and returns every line printed meanwhile (nested captures see them too).
    public func capturing(_ body: () throws -> Void) rethrows -> [Line] {
        captures.append([])
        do {
            try body()
        } catch {
            _ = captures.popLast()
            throw error
        }
        return captures.popLast() ?? []
    }
}
