import Foundation

/// The rules of the offline parser (`Resources/intent.txt`, and `$RECSH_INTENT`): phrases that
/// name genres, negations, reference-film and person cues, relative years and filler words.
public struct IntentLexicon: Sendable {
    public enum Rule: Sendable, Equatable {
        case genre(String)
        case negation
        case like
        case person
        case yearsFromLast(min: Int?, max: Int?)
        case filler
    }

    /// Folded phrase → rules; the longest phrase a sentence holds wins.
    public private(set) var phrases: [String: [Rule]] = [:]
    public private(set) var longest = 1

    public init() {}

    /// The shipped rules plus `$RECSH_INTENT`.
    public static func standard() throws -> IntentLexicon {
        var lexicon = IntentLexicon()
        if let url = Bundle.module.url(forResource: "intent", withExtension: "txt") {
            try lexicon.merge(text: try String(contentsOf: url, encoding: .utf8), file: "intent.txt")
        }
        if let extra = ProcessInfo.processInfo.environment["RECSH_INTENT"] {
            guard let text = try? String(contentsOfFile: extra, encoding: .utf8) else {
                throw IntentError.unreadable(extra)
            }
            try lexicon.merge(text: text, file: extra)
        }
        return lexicon
    }

    public mutating func merge(text: String, file: String) throws {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard f.count == 3 else {
                throw IntentError.malformed(file: file, line: n + 1, "expected kind | value | phrases")
            }
            let rule: Rule
            switch f[0] {
            case "genre": rule = .genre(f[1])
            case "negation": rule = .negation
            case "like": rule = .like
            case "person": rule = .person
            case "filler": rule = .filler
            case "relative":
                let parts = f[1].split(separator: " ")
                guard parts.count == 2, let v = Int(parts[1]), parts[0] == "min" || parts[0] == "max" else {
                    throw IntentError.malformed(file: file, line: n + 1, "relative takes min N or max N")
                }
                rule = parts[0] == "min" ? .yearsFromLast(min: v, max: nil) : .yearsFromLast(min: nil, max: v)
            default:
                throw IntentError.malformed(
                    file: file, line: n + 1, "unknown kind '\(f[0])' (genre, negation, like, person, relative, filler)")
            }
            for p in f[2].split(separator: ",") {
                let folded = IntentText.fold(String(p))
                guard !folded.isEmpty else { continue }
                if !phrases[folded, default: []].contains(rule) { phrases[folded, default: []].append(rule) }
                longest = max(longest, folded.split(separator: " ").count)
            }
        }
    }

    func rules(_ phrase: String) -> [Rule] { phrases[phrase] ?? [] }
}

/// What went wrong reading the lexicon, or asking an LLM.
public enum IntentError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    case malformed(file: String, line: Int, String)
    case llm(String)

    public var description: String {
        switch self {
        case .unreadable(let f): "cannot read the intent lexicon \(f)"
        case .malformed(let file, let line, let why): "\(file):\(line): \(why)"
        case .llm(let why): why
        }
    }
}
