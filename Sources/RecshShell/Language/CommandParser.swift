/// A line that does not follow the command language, with the column of the offending token.
public struct SyntaxError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public var line: String
    public var column: Int
    public var length: Int

    /// The message, the line, and a caret under the offending token.
    public var description: String {
        // a window of the line around the token, so a huge line still shows where it went wrong
        let from = max(0, column - 60)
        let shown = String(line.dropFirst(from).prefix(150))
        let lead = from > 0 ? "…" : ""
        let caret =
            String(repeating: " ", count: column - from + lead.count)
            + String(repeating: "^", count: min(max(1, length), 150))
        return "syntax error: \(message)\n  \(lead)\(shown)\n  \(caret)"
    }
}

/// Parses lines of the command language:
///
///     command positional "quoted \"string\"" key=value k=5,10,20 years=1990..1999   # comment
///     first; second
public enum CommandParser {
    /// Splits a line into commands. Blank lines and comments give no commands.
    public static func parse(_ line: String) throws -> [Invocation] {
        let chars = Array(line)
        var i = 0
        var result: [Invocation] = []
        var tokens: [(start: Int, end: Int, key: String?, value: Value)] = []

        func error(_ message: String, _ start: Int, _ length: Int = 1) -> SyntaxError {
            SyntaxError(message: message, line: line, column: column(of: start, in: chars), length: length)
        }
        func finishCommand() throws {
            guard let first = tokens.first else { return }
            guard first.key == nil, case .word(let name) = first.value else {
                throw error(
                    first.key != nil
                        ? "a line starts with a command word, not an option"
                        : "a command word must start the line, not \(first.value)",
                    first.start, first.end - first.start)
            }
            var inv = Invocation(
                name: name.lowercased(), text: String(chars[first.start..<tokens.last!.end]),
                nameColumn: column(of: first.start, in: chars))
            for t in tokens.dropFirst() {
                if let key = t.key {
                    if inv.option(key) != nil { throw error("option '\(key)' is given twice", t.start, key.count) }
                    inv.options.append((key, t.value))
                    inv.optionColumns[key] = column(of: t.start, in: chars)
                } else {
                    inv.positionals.append(t.value)
                }
            }
            result.append(inv)
            tokens = []
        }

        /// A quoted string starting at chars[i] == "\"", returning its contents.
        func quoted() throws -> String {
            let open = i
            i += 1
            var s = ""
            while i < chars.count {
                let c = chars[i]
                if c == "\"" {
                    i += 1
                    return s
                }
                if c == "\\" {
                    guard i + 1 < chars.count else { break }
                    let e = chars[i + 1]
                    switch e {
                    case "n": s.append("\n")
                    case "t": s.append("\t")
                    case "\\", "\"": s.append(e)
                    default: throw error("unknown escape \\\(e) in a quoted string (use \\\\, \\\", \\n or \\t)", i, 2)
                    }
                    i += 2
                    continue
                }
                s.append(c)
                i += 1
            }
            throw error("this quoted string has no closing \"", open, chars.count - open)
        }

        func isBreak(_ c: Character) -> Bool { c == " " || c == "\t" || c == ";" || c == "#" }

        /// A value: quoted string or bare text, possibly a list (a,b) or range (a..b).
        func value(start: Int) throws -> Value {
            var items: [Value] = []
            while true {
                let itemStart = i
                var item: Value
                if i < chars.count && chars[i] == "\"" {
                    item = .string(try quoted())
                } else {
                    var text = ""
                    while i < chars.count && !isBreak(chars[i]) && chars[i] != "," && chars[i] != "\"" {
                        text.append(chars[i])
                        i += 1
                    }
                    if text.isEmpty {
                        throw error(
                            i >= chars.count || isBreak(chars[i])
                                ? "a value is missing here" : "unexpected '\(chars[i])'", i)
                    }
                    // paths ("../data/u.data") contain ".." too; a range never contains '/'
                    if let dots = text.range(of: ".."), !text.contains("/") {
                        let lo = String(text[..<dots.lowerBound])
                        let hi = String(text[dots.upperBound...])
                        guard !lo.isEmpty, !hi.isEmpty, !hi.contains("..") else {
                            throw error("a range needs both ends, as in 1990..1999", itemStart, text.count)
                        }
                        item = .range(.bare(lo), .bare(hi))
                    } else {
                        item = .bare(text)
                    }
                }
                items.append(item)
                if i < chars.count && chars[i] == "," {
                    i += 1
                    continue
                }
                if i < chars.count && chars[i] == "\"" { throw error("unexpected '\"' inside a value", i) }
                break
            }
            return items.count == 1 ? items[0] : .list(items)
        }

        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" {
                i += 1
                continue
            }
            if c == "#" { break }
            if c == ";" {
                try finishCommand()
                i += 1
                continue
            }
            let start = i
            if c == "\"" {
                let s = try quoted()
                if i < chars.count && !isBreak(chars[i]) { throw error("put a space after a closing quote", i) }
                tokens.append((start, i, nil, .string(s)))
                continue
            }
            // key=value, when a word of letters, digits, '-', '_' or '.' is followed by '='
            var j = i
            while j < chars.count
                && (chars[j].isLetter || chars[j].isNumber || chars[j] == "-" || chars[j] == "_" || chars[j] == ".")
            {
                j += 1
            }
            if j < chars.count && chars[j] == "=" {
                let key = String(chars[i..<j])
                if key.isEmpty { throw error("an option needs a name before '='", i) }
                if j > i, chars[i].isNumber { throw error("an option name starts with a letter", i, j - i) }
                i = j + 1
                if i >= chars.count || isBreak(chars[i]) {
                    throw error("option '\(key)' has no value after '='", start, j - start + 1)
                }
                if chars[i] == "=" { throw error("unexpected '=' after '\(key)='", i) }
                let v = try value(start: i)
                // a dotted key names another system's setting (spark.conf.spark.executor.extraJavaOptions), whose case matters
                tokens.append((start, i, key.contains(".") ? key : key.lowercased(), v))
                continue
            }
            if c == "=" { throw error("an option needs a name before '='", i) }
            let v = try value(start: i)
            if i < chars.count && chars[i] == "=" {
                throw error("an option name is a single word before '='", start, i - start)
            }
            tokens.append((start, i, nil, v))
        }
        try finishCommand()
        return result
    }

    /// Display column of a character index (tabs count as one column).
    static func column(of index: Int, in chars: [Character]) -> Int { index }
}
