import Foundation
import RecshData

/// One mood of the lexicon: what it asks of a film's genres and keywords.
public struct Mood: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var genres: [String]
    public var avoid: [String]
    public var keywords: [String]
}

/// The mood lexicon: a plain text file shipped with recsh (`Resources/moods.txt`), extended by the
/// file `$RECSH_MOODS` names. Standing in for the LLM step of the mood picker.
public struct MoodLexicon: Sendable {
    public private(set) var moods: [Mood] = []

    /// The shipped lexicon plus `$RECSH_MOODS`, whose moods replace same-named ones.
    public static func standard() throws -> MoodLexicon {
        var lexicon = MoodLexicon()
        if let url = Bundle.module.url(forResource: "moods", withExtension: "txt") {
            try lexicon.merge(contentsOf: url.path)
        }
        if let extra = ProcessInfo.processInfo.environment["RECSH_MOODS"] { try lexicon.merge(contentsOf: extra) }
        return lexicon
    }

    /// Reads `mood | aliases | genres | avoided genres | keywords` lines; `#` starts a comment.
    public mutating func merge(contentsOf path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ShellError.fileNotFound(path) }
        try merge(text: text, file: path)
    }

    public mutating func merge(text: String, file: String) throws {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count == 5, !fields[0].isEmpty else {
                throw ShellError.failed(
                    "\(file):\(n + 1): expected 5 fields separated by '|' (mood | other names | genres | avoided genres | keywords), found \"\(line)\""
                )
            }
            func list(_ s: String) -> [String] {
                s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let mood = Mood(
                name: fields[0].lowercased(), aliases: list(fields[1]).map { $0.lowercased() }, genres: list(fields[2]),
                avoid: list(fields[3]), keywords: list(fields[4]))
            moods.removeAll { $0.name == mood.name }
            moods.append(mood)
        }
    }

    /// The mood a word names (its name or any alias, case and accents ignored).
    public func mood(named word: String) -> Mood? {
        let w = TextDecoding.fold(word)
        return moods.first { TextDecoding.fold($0.name) == w || $0.aliases.contains { TextDecoding.fold($0) == w } }
    }

    /// The closest known mood names, for an unknown word.
    public func closest(to word: String) -> [String] {
        let names = moods.flatMap { [$0.name] + $0.aliases }
        let close = Suggestions.closest(
            to: TextDecoding.fold(word), among: names.map { TextDecoding.fold($0) }, limit: 5)
        var out: [String] = []
        for c in close {
            if let m = moods.first(where: {
                TextDecoding.fold($0.name) == c || $0.aliases.contains { TextDecoding.fold($0) == c }
            }), !out.contains(m.name) {
                out.append(m.name)
            }
        }
        return out
    }
}
