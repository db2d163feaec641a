import Foundation
import RecshFiles

/// A `.rec` file read as a list of commands, each with the output recorded under it.
///
/// Format: a command line, then its output as `#| ` lines and its errors as `#! ` lines. Other
/// lines starting with `#` are comments. A transcript is therefore itself a valid script.
public struct Transcript: Equatable {
    public struct Entry: Equatable {
        /// 1-based line number of the command in the file.
        public var line: Int
        public var command: String
        public var output: [Console.Line]
        /// Comment lines that stood before this command, kept by `check --update`.
        public var leadingComments: [String]

        /// True when the transcript shows this command failing: replay goes on after it.
        public var expectsError: Bool { output.contains { if case .error = $0 { return true } else { return false } } }
    }

    public var entries: [Entry]
    public var trailingComments: [String]

    public static let outputPrefix = "#| "
    public static let errorPrefix = "#! "

    /// Reads a transcript or script from text.
    public init(text: String) {
        entries = []
        trailingComments = []
        var comments: [String] = []
        var n = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            n += 1
            let line = String(raw)
            if line.hasPrefix("#|") || line.hasPrefix("#!") {
                guard !entries.isEmpty, comments.isEmpty else {
                    comments.append(line)
                    continue
                }
                var body = String(line.dropFirst(2))
                if body.hasPrefix(" ") { body.removeFirst() }
                entries[entries.count - 1].output.append(line.hasPrefix("#|") ? .output(body) : .error(body))
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                comments.append(line)
                continue
            }
            entries.append(Entry(line: n, command: line, output: [], leadingComments: comments))
            comments = []
        }
        // drop the empty string a final newline leaves
        if comments.last == "" { comments.removeLast() }
        trailingComments = comments
    }

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ShellError.fileNotFound(path) }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// The transcript as text, as `record` writes it.
    public var text: String {
        var out = ""
        for e in entries {
            for c in e.leadingComments { out += c + "\n" }
            out += Self.format(command: e.command, output: e.output)
        }
        for c in trailingComments { out += c + "\n" }
        return out
    }

    static func format(command: String, output: [Console.Line]) -> String {
        var out = command + "\n"
        for line in output {
            switch line {
            case .output(let s): out += (s.isEmpty ? "#|" : outputPrefix + s) + "\n"
            case .error(let s): out += (s.isEmpty ? "#!" : errorPrefix + s) + "\n"
            }
        }
        return out
    }

    /// What `check` compares: run-dependent `~values` blanked and runs of spaces collapsed, so
    /// timings and the column widths they cause never fail a check.
    public static func normalize(_ line: Console.Line) -> Console.Line {
        func clean(_ s: String) -> String {
            s.replacingOccurrences(of: "~[^\\s,;)\\]]+", with: "~", options: .regularExpression)
                .replacingOccurrences(of: "[ \\t]+", with: " ", options: .regularExpression)
                .replacingOccurrences(of: "[─]+", with: "─", options: .regularExpression)
                .trimmingCharacters(in: .whitespaces)
        }
        switch line {
        case .output(let s): return .output(clean(s))
        case .error(let s): return .error(clean(s))
        }
    }
}

/// Appends each command and its output to a `.rec` file as soon as the command completes.
public final class TranscriptRecorder {
    public let path: String
    private let file: AppendingFile

    /// Creates the transcript with its header comment. An existing file is replaced only when it
    /// is empty or an earlier transcript (its first line is recsh's header); anything else is refused.
    public init(path: String, header: String) throws {
        let dir = PathText.folder(of: path)
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        do {
            try OutputGuard.checkReplaceable(path, as: .transcript)
            file = try AppendingFile(creating: path, header: Data(header.utf8))
        } catch let e as FileError { throw ShellError.failed(e.description) }
        self.path = path
    }

    /// Writes one command and its output, then syncs, so a crash loses nothing already shown.
    /// Throws the system's reason (a full disk) when the bytes could not be written.
    public func append(command: String, output: [Console.Line]) throws {
        do { try file.append(Data(Transcript.format(command: command, output: output).utf8)) } catch let e as FileError
        {
            throw ShellError.failed(e.description)
        }
    }

    public func close() { file.close() }
}
