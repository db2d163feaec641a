/// A value written in a command: a bare word, a number, a quoted string, a list or a range.
public indirect enum Value: Equatable, Sendable, CustomStringConvertible {
    case word(String)
    case number(Double, text: String)
    case string(String)
    case list([Value])
    case range(Value, Value)

    /// How the value was written, give or take quoting.
    public var description: String {
        switch self {
        case .word(let w): return w
        case .number(_, let text): return text
        case .string(let s):
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        case .list(let items): return items.map(\.description).joined(separator: ",")
        case .range(let a, let b): return "\(a)..\(b)"
        }
    }

    /// The text of a word, number or string (quotes removed); nil for lists and ranges.
    public var text: String? {
        switch self {
        case .word(let w): return w
        case .number(_, let t): return t
        case .string(let s): return s
        default: return nil
        }
    }

    /// The value as an integer, if it is a whole number.
    public var integer: Int? {
        if case .number(let d, _) = self, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        return nil
    }

    /// Classifies an unquoted piece of text: a number if it reads as one, else a word.
    static func bare(_ text: String) -> Value {
        if let d = Double(text), !text.hasPrefix("+"), text.first != ".", text.last != ".",
            !text.lowercased().contains("n")
        {
            return .number(d, text: text)
        }
        return .word(text)
    }
}
