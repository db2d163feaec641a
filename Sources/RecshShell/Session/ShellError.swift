/// Errors of the shell language and session, worded for the person at the prompt.
public enum ShellError: Error, CustomStringConvertible, Equatable {
    case unknownCommand(String, suggestions: [String])
    case unknownOption(command: String, option: String, suggestions: [String], valid: [String])
    case missingArgument(command: String, what: String, usage: String)
    case tooManyArguments(command: String, usage: String)
    /// An argument or option whose value is not of the expected kind.
    case badValue(name: String, value: String, expected: String)
    case noDataset
    case unknownDataset(String, loaded: [String])
    case movieNotFound(reference: String, hint: String)
    case ambiguousTitle(query: String, candidates: [String])
    case unknownSetting(String, suggestions: [String])
    case fileNotFound(String)
    case cancelled
    /// A failure reported by another part of recsh, already worded.
    case failed(String)

    public var description: String {
        switch self {
        case .unknownCommand(let name, let suggestions):
            return "unknown command '\(name)'" + didYouMean(suggestions) + " (type help for the list)"
        case .unknownOption(let command, let option, let suggestions, let valid):
            let list =
                valid.isEmpty
                ? "it takes no options" : "its options are " + valid.map { $0 + "=" }.joined(separator: " ")
            return "\(command) has no option '\(option)'" + didYouMean(suggestions.map { $0 + "=" }) + "; \(list)"
        case .missingArgument(let command, let what, let usage):
            return "\(command) needs \(what): \(usage)"
        case .tooManyArguments(let command, let usage):
            return "too many arguments for \(command): \(usage)"
        case .badValue(let name, let value, let expected):
            return "\(name)=\(value) is not valid: expected \(expected)"
        case .noDataset:
            return "no dataset is loaded; try: load ml-latest-small"
        case .unknownDataset(let name, let loaded):
            return "no dataset named '\(name)' is loaded"
                + (loaded.isEmpty ? "" : " (loaded: \(loaded.joined(separator: ", ")))")
        case .movieNotFound(let reference, let hint):
            return "no film matches \(reference)" + (hint.isEmpty ? "" : "; \(hint)")
        case .ambiguousTitle(let query, let candidates):
            return "\"\(query)\" matches several films; name one by id:\n"
                + candidates.map { "  " + $0 }.joined(separator: "\n")
        case .unknownSetting(let name, let suggestions):
            return "unknown setting '\(name)'" + didYouMean(suggestions) + " (show settings lists them)"
        case .fileNotFound(let path):
            return "no such file: \(path)"
        case .cancelled:
            return "cancelled"
        case .failed(let message):
            return message
        }
    }

    private func didYouMean(_ s: [String]) -> String {
        s.isEmpty ? "" : "; did you mean " + s.joined(separator: " or ") + "?"
    }
}

/// Closest matches by edit distance, for "did you mean" hints.
public enum Suggestions {
    public static func closest(to word: String, among candidates: [String], limit: Int = 3) -> [String] {
        let w = word.lowercased()
        let scored = candidates.map { c -> (String, Int) in
            let d = distance(w, c.lowercased())
            // a prefix typed so far ("tra" for "train") is a strong hint too
            return (c, c.lowercased().hasPrefix(w) && w.count >= 2 ? min(d, 1) : d)
        }
        let threshold = max(2, w.count / 3)
        return scored.filter { $0.1 <= threshold }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit)
            .map(\.0)
    }

    /// Damerau-Levenshtein distance (adjacent transpositions count as one edit).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
